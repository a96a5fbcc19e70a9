# frozen_string_literal: true

require_relative 'duration'

module Cxkpi
  # Time to resolve with open tickets included: the Kaplan-Meier estimate over resolution
  # times of solved tickets and ages of open ones (censored: each takes at least its age).
  #
  #   km = Cxkpi::Survival.new
  #   km.add_many([3600, 7200, 14_400, 28_800])  # resolved after 1, 2, 4, 8 h
  #   km.add_open_many([10_800, 21_600])         # still open at 3 h and 6 h
  #   km.median / 3600                           # => ~4.0 (the solved-only median is 2 h)
  #   km.percent_resolved_within(5 * 3600)       # => 55.56 (100 * (1 - 5/6 * 4/5 * 2/3))
  #
  # Times are counted in the duration sketch's logarithmic buckets (alpha wide), so it
  # merges and serializes exactly; #exact_bounds brackets the exact estimate of the raw
  # times. A quantile the estimate never reaches raises Cxkpi::NotFoundError.
  class Survival < Accumulator
    # A figure with its confidence band.
    Estimate = Struct.new(:value, :lo, :hi)

    c_object 'survival'
    Lib.fn :cxkpi_survival_new, %i[pointer double uint32]
    Lib.fn :cxkpi_survival_add, %i[pointer double]
    Lib.fn :cxkpi_survival_add_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_survival_add_open, %i[pointer double]
    Lib.fn :cxkpi_survival_add_open_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_survival_counts, %i[pointer pointer pointer]
    Lib.fn :cxkpi_survival_config, %i[pointer pointer pointer]
    Lib.fn :cxkpi_survival_at, %i[pointer double double pointer pointer pointer]
    Lib.fn :cxkpi_survival_percent_resolved_within, %i[pointer double pointer]
    Lib.fn :cxkpi_survival_exact_bounds, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_survival_quantile, %i[pointer double double pointer pointer pointer]

    # Same configuration as Cxkpi::Duration.
    def initialize(alpha: Duration::DEFAULT_ALPHA, max_buckets: 0)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_survival_new, out, Float(alpha), Duration.buckets(max_buckets))
      adopt(out.read_pointer)
    end

    # Counts a resolved ticket and its resolution time (seconds).
    def add(resolved_after) = chain(:cxkpi_survival_add, Cxkpi.seconds(resolved_after))

    def <<(resolved_after)
      add(resolved_after)
    end

    # Counts resolved tickets in one C call, atomically.
    def add_many(resolved_after) = chain_seconds(:cxkpi_survival_add_many, resolved_after)
    # Counts a ticket still open at `age` seconds.
    def add_open(age) = chain(:cxkpi_survival_add_open, Cxkpi.seconds(age))
    # Counts open tickets' ages in one C call, atomically.
    def add_open_many(ages) = chain_seconds(:cxkpi_survival_add_open_many, ages)

    # `{resolved:, open:}`.
    def counts = %i[resolved open].zip(outs(:uint64, 2, :cxkpi_survival_counts)).to_h

    def count = counts.values.sum

    # Percent of tickets still unresolved after `t` seconds, with its Greenwood band.
    def survival(t, confidence = 0.95)
      Estimate.new(*outs(:double, 3, :cxkpi_survival_at, Cxkpi.seconds(t), Float(confidence)))
    end

    # Percent of tickets resolved within `t` seconds, open tickets included.
    def percent_resolved_within(t) = out(:double, :cxkpi_survival_percent_resolved_within, Cxkpi.seconds(t))

    # `[lo, hi]` percent unresolved: where the exact Kaplan-Meier estimate lies at `t`.
    def exact_bounds(t) = outs(:double, 2, :cxkpi_survival_exact_bounds, Cxkpi.seconds(t))

    # Seconds by which a share `q` (in (0, 1)) of tickets is resolved, with its band (hi may
    # be Float::INFINITY).
    def quantile(q, confidence = 0.95)
      Estimate.new(*outs(:double, 3, :cxkpi_survival_quantile, Float(q), Float(confidence)))
    end

    def median = quantile(0.5).value
    def p90 = quantile(0.9).value

    def figures
      median = begin
        unless_empty { self.median }
      rescue NotFoundError
        nil
      end
      { **counts, median: median }
    end

    private

    def describe
      c = counts
      "resolved=#{c[:resolved]} open=#{c[:open]}"
    end
  end
end
