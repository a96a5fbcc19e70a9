# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # FCR -- first contact resolution from ticket outcomes: one call per finished issue.
  #
  #   fcr = Cxkpi::Fcr.new
  #   fcr.add(resolved: true)
  #   fcr.add(escalated: true)
  #   fcr.add(Cxkpi::Fcr::EXCLUDED | Cxkpi::Fcr::REOPENED)
  #   fcr.percent       # => 33.33... (100 * 1 / 3)
  #   fcr.net_percent   # => 50.0     (100 * 1 / (3 - 1))
  #
  # Contradictory outcomes (resolved on first contact and escalated, reopened or excluded)
  # raise Cxkpi::RangeError and count nothing.
  class Fcr < Accumulator
    RESOLVED_FIRST_CONTACT = 1
    ESCALATED = 2
    REOPENED = 4
    EXCLUDED = 8

    c_object 'fcr'
    Lib.fn :cxkpi_fcr_new, %i[pointer]
    Lib.fn :cxkpi_fcr_add, %i[pointer uint32]
    Lib.fn :cxkpi_fcr_add_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_fcr_add_grouped, %i[pointer size_t buffer_in buffer_in size_t]
    Lib.fn :cxkpi_fcr_remove, %i[pointer uint32]
    Lib.fn :cxkpi_fcr_counts, %i[pointer pointer pointer pointer pointer pointer]
    Lib.fn :cxkpi_fcr_combination_count, %i[pointer uint32 pointer]
    Lib.fn :cxkpi_fcr_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_net_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_escalation_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_reopen_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_net_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_escalation_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_reopen_percent_interval, %i[pointer double pointer pointer]

    def initialize
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_fcr_new, out)
      adopt(out.read_pointer)
    end

    # The flag bits of an outcome, from an Integer and/or keywords.
    def self.flags(flags = 0, resolved: false, escalated: false, reopened: false, excluded: false)
      raise TypeError, "flags must be an Integer, not #{flags.class}" unless flags.is_a?(Integer)

      value = flags | (resolved ? RESOLVED_FIRST_CONTACT : 0) | (escalated ? ESCALATED : 0) |
              (reopened ? REOPENED : 0) | (excluded ? EXCLUDED : 0)
      raise Cxkpi::RangeError.new("flags #{value} are out of range", function: :cxkpi_fcr_add) unless UINT32.cover?(value)

      value
    end

    # Flag Integers packed as uint32 for one C call (Array#pack would wrap larger ones).
    def self.pack_flags(flags, function)
      raise TypeError, 'flags must be Integers' unless flags.all?(Integer)

      lo, hi = flags.minmax
      raise Cxkpi::RangeError.new("flags #{UINT32.cover?(lo) ? hi : lo} are out of range", function: function) unless UINT32.cover?(lo) && UINT32.cover?(hi)

      flags.pack('L*')
    end

    def self.pack_grouped(flags) = pack_flags(flags, :cxkpi_fcr_add_grouped)
    private_class_method :pack_flags, :pack_grouped

    # Counts one finished issue. Returns self.
    def add(flags = 0, **outcome) = chain(:cxkpi_fcr_add, Fcr.flags(flags, **outcome))

    def <<(flags)
      add(flags)
    end

    # Counts many issues (an Array of flag Integers) in one C call, atomically. Returns self.
    def add_many(flags)
      flags = flags.to_a unless flags.is_a?(Array)
      ptr = h
      return self if flags.empty?

      Lib.call!(:cxkpi_fcr_add_many, ptr, Fcr.send(:pack_flags, flags, :cxkpi_fcr_add_many), flags.size)
      self
    end

    # Retracts one issue counted with exactly these flags (Cxkpi::NotFoundError if none).
    def remove(flags = 0, **outcome) = chain(:cxkpi_fcr_remove, Fcr.flags(flags, **outcome))

    # `{issues:, resolved_first_contact:, escalated:, reopened:, excluded:}`.
    def counts
      %i[issues resolved_first_contact escalated reopened excluded].zip(outs(:uint64, 5, :cxkpi_fcr_counts)).to_h
    end

    def count = counts[:issues]

    # Issues counted with exactly this flag combination.
    def combination_count(flags)
      out(:uint64, :cxkpi_fcr_combination_count, Fcr.flags(flags))
    end

    # Gross FCR, 100 * resolved_first_contact / issues.
    def percent = out(:double, :cxkpi_fcr_percent)
    # Net FCR, 100 * resolved_first_contact / (issues - excluded).
    def net_percent = out(:double, :cxkpi_fcr_net_percent)
    # 100 * escalated / issues.
    def escalation_percent = out(:double, :cxkpi_fcr_escalation_percent)
    # 100 * reopened / issues.
    def reopen_percent = out(:double, :cxkpi_fcr_reopen_percent)

    # Wilson intervals, `[lo, hi]` in percent.
    def interval(confidence = 0.95) = pair(:cxkpi_fcr_percent_interval, Float(confidence))
    def net_interval(confidence = 0.95) = pair(:cxkpi_fcr_net_percent_interval, Float(confidence))
    def escalation_interval(confidence = 0.95) = pair(:cxkpi_fcr_escalation_percent_interval, Float(confidence))
    def reopen_interval(confidence = 0.95) = pair(:cxkpi_fcr_reopen_percent_interval, Float(confidence))

    def figures
      { **counts, percent: unless_empty { percent }, net_percent: unless_empty { net_percent },
        escalation_percent: unless_empty { escalation_percent }, reopen_percent: unless_empty { reopen_percent } }
    end

    private

    def describe
      n = count
      n.zero? ? 'n=0 (empty)' : format('n=%d fcr=%.1f%%', n, percent)
    end
  end
end
