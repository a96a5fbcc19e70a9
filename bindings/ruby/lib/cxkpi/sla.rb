# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # SLA compliance for one policy (a target duration): met, breached, in progress.
  #
  # A finished ticket with `elapsed <= target` is met, otherwise breached; an open ticket
  # past the target is already breached, one within it is in progress (reported, not part
  # of compliance).
  #
  #   sla = Cxkpi::Sla.new(3600)
  #   sla.add_many([1800, 3600, 5400, 7200])
  #   sla.add_open(600).add_open(4000)
  #   [sla.met, sla.breached, sla.in_progress, sla.percent]   # => [2, 3, 1, 40.0]
  class Sla < Accumulator
    c_object 'sla'
    Lib.fn :cxkpi_sla_new, %i[pointer double]
    Lib.fn :cxkpi_sla_add, %i[pointer double]
    Lib.fn :cxkpi_sla_add_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_sla_remove, %i[pointer double]
    Lib.fn :cxkpi_sla_add_open, %i[pointer double]
    Lib.fn :cxkpi_sla_add_open_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_sla_remove_open, %i[pointer double]
    Lib.fn :cxkpi_sla_clear_open, %i[pointer]
    Lib.fn :cxkpi_sla_merge_counts, %i[pointer pointer]
    Lib.fn :cxkpi_sla_target, %i[pointer pointer]
    Lib.fn :cxkpi_sla_met, %i[pointer pointer]
    Lib.fn :cxkpi_sla_breached, %i[pointer pointer]
    Lib.fn :cxkpi_sla_breached_open, %i[pointer pointer]
    Lib.fn :cxkpi_sla_in_progress, %i[pointer pointer]
    Lib.fn :cxkpi_sla_compliance_percent, %i[pointer pointer]
    Lib.fn :cxkpi_sla_compliance_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_sla_lateness, %i[pointer pointer pointer pointer pointer]
    Lib.fn :cxkpi_sla_lateness_finished, %i[pointer pointer pointer pointer pointer]

    # How late breached tickets were: count, total, mean and maximum lateness in seconds.
    Lateness = Struct.new(:count, :total, :mean, :max)

    # An accumulator for a target in (0, 2**53] seconds (Cxkpi::RangeError otherwise).
    def initialize(target)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_sla_new, out, Cxkpi.seconds(target))
      adopt(out.read_pointer)
    end

    # The policy's target, in seconds.
    def target = out(:double, :cxkpi_sla_target)

    # Counts one finished ticket. Cxkpi::RangeError for a negative, NaN, infinite or too
    # large time (nothing counted). Returns self.
    def add(elapsed) = chain(:cxkpi_sla_add, Cxkpi.seconds(elapsed))

    def <<(elapsed)
      add(elapsed)
    end

    # Counts finished tickets (seconds) in one C call, atomically. Returns self.
    def add_many(elapsed) = chain_seconds(:cxkpi_sla_add_many, elapsed)

    # Retracts a finished ticket.
    def remove(elapsed) = chain(:cxkpi_sla_remove, Cxkpi.seconds(elapsed))

    # Counts a snapshot of one open ticket (breached if already past the target).
    def add_open(elapsed) = chain(:cxkpi_sla_add_open, Cxkpi.seconds(elapsed))

    # Counts open-ticket snapshots in one C call, atomically.
    def add_open_many(elapsed) = chain_seconds(:cxkpi_sla_add_open_many, elapsed)

    # Retracts an open-ticket snapshot.
    def remove_open(elapsed) = chain(:cxkpi_sla_remove_open, Cxkpi.seconds(elapsed))

    # Forgets every open-ticket snapshot, keeping finished tickets.
    def clear_open = chain(:cxkpi_sla_clear_open)

    # Adds `other`'s counts whatever its target (totals across policies).
    def merge_counts!(other)
      raise TypeError, "cannot merge #{other.class} into Sla" unless other.is_a?(Sla)

      Lib.call!(:cxkpi_sla_merge_counts, h, other.send(:h))
      self
    end

    def met = out(:uint64, :cxkpi_sla_met)
    def breached = out(:uint64, :cxkpi_sla_breached)
    def breached_open = out(:uint64, :cxkpi_sla_breached_open)
    def in_progress = out(:uint64, :cxkpi_sla_in_progress)

    # Tickets held: met + breached + in progress.
    def count = met + breached + in_progress

    # Compliance in percent, 100 * met / (met + breached).
    def percent = out(:double, :cxkpi_sla_compliance_percent)
    alias compliance_percent percent

    # Wilson interval of #percent.
    def interval(confidence = 0.95) = pair(:cxkpi_sla_compliance_percent_interval, Float(confidence))

    # Lateness over every breach (open ones so far). Cxkpi::EmptyError when nothing breached.
    def lateness = lateness_of(:cxkpi_sla_lateness)
    # Lateness over finished breaches only.
    def lateness_finished = lateness_of(:cxkpi_sla_lateness_finished)

    def figures
      { target: target, met: met, breached: breached, in_progress: in_progress,
        percent: unless_empty { percent }, interval: unless_empty { interval } }
    end

    private

    def lateness_of(function)
      buf = FFI::MemoryPointer.new(:uint64, 4)
      Lib.call!(function, h, buf, buf + 8, buf + 16, buf + 24)
      Lateness.new(buf.get(:uint64, 0), *buf.get_array_of_double(8, 3))
    end

    def describe
      head = format('target=%gs met=%d breached=%d in_progress=%d', target, met, breached, in_progress)
      (met + breached).zero? ? "#{head} (empty)" : format('%s compliance=%.1f%%', head, percent)
    end
  end
end
