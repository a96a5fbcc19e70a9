# frozen_string_literal: true

require_relative 'duration'

module Cxkpi
  # Average handling time: each contact is (talk, hold, after-call work) in seconds.
  #
  #   a = Cxkpi::Aht.new
  #   a.add(talk: 240, hold: 30, acw: 60)
  #   a.add(talk: 180, hold: 0, acw: 90)
  #   a.aht            # => 300.0  ((330 + 270) / 2)
  #   a.mean(:hold)    # => 15.0
  class Aht < Accumulator
    PARTS = { talk: 0, hold: 1, acw: 2, total: 3 }.freeze

    c_object 'aht'
    Lib.fn :cxkpi_aht_new, %i[pointer double uint32]
    Lib.fn :cxkpi_aht_add, %i[pointer double double double]
    Lib.fn :cxkpi_aht_add_many, %i[pointer buffer_in buffer_in buffer_in size_t]
    Lib.fn :cxkpi_aht_count, %i[pointer pointer]
    Lib.fn :cxkpi_aht_component, %i[pointer int pointer]
    Lib.fn :cxkpi_aht_mean, %i[pointer int pointer]
    Lib.fn :cxkpi_aht_quantile, %i[pointer int double pointer]

    # Same configuration as Cxkpi::Duration, shared by the four components.
    def initialize(alpha: Duration::DEFAULT_ALPHA, max_buckets: 0)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_aht_new, out, Float(alpha), Duration.buckets(max_buckets))
      adopt(out.read_pointer)
    end

    # Counts one handled contact. Returns self.
    def add(talk: 0.0, hold: 0.0, acw: 0.0) = chain(:cxkpi_aht_add, Cxkpi.seconds(talk), Cxkpi.seconds(hold), Cxkpi.seconds(acw))

    # Counts contacts `(talk[i], hold[i], acw[i])` in one C call, atomically.
    def add_many(talk, hold, acw)
      cols = [talk, hold, acw].map { |c| Cxkpi.pack_seconds(c) }
      sizes = cols.map(&:bytesize).uniq
      raise ArgumentError, "the arrays have different lengths #{cols.map { |c| c.bytesize / 8 }}" if sizes.size > 1

      Lib.call!(:cxkpi_aht_add_many, h, *cols, sizes[0] / 8)
      self
    end

    def count = out(:uint64, :cxkpi_aht_count)

    # Mean of a component (:talk, :hold, :acw, :total) in seconds; :total is the AHT.
    def mean(part = :total) = out(:double, :cxkpi_aht_mean, Aht.part(part))

    # Average handling time, sum(talk + hold + acw) / contacts.
    def aht = mean(:total)

    # The q-quantile of a component.
    def quantile(q, part = :total) = out(:double, :cxkpi_aht_quantile, Aht.part(part), Float(q))

    # A copy of one component's Cxkpi::Duration (a snapshot).
    def component(part)
      borrowed = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_aht_component, h, Aht.part(part), borrowed)
      Handle.cloned(Duration, :cxkpi_duration_clone, borrowed.read_pointer)
    end

    def self.part(part)
      PARTS.fetch(part) { raise ArgumentError, "unknown part #{part.inspect} (one of #{PARTS.keys.join(', ')})" }
    end

    def figures
      { count: count, aht: unless_empty { aht }, talk: unless_empty { mean(:talk) },
        hold: unless_empty { mean(:hold) }, acw: unless_empty { mean(:acw) } }
    end

    private

    def describe
      n = count
      n.zero? ? 'n=0 (empty)' : format('n=%d aht=%.6gs', n, aht)
    end
  end
end
