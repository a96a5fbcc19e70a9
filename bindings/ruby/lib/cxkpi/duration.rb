# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # Durations (response, handling, resolution times): count, sum, mean, min, max, standard
  # deviation, and quantiles within a relative error `alpha` (1% by default) from a
  # mergeable logarithmic sketch.
  #
  #   d = Cxkpi::Duration.new
  #   d.add_many([30, 60, 90, 120])
  #   d.mean          # => 75.0
  #   d.median        # => within 1% of 60 (the value of rank floor(0.5 * 3) = 1)
  class Duration < Accumulator
    DEFAULT_ALPHA = 0.01

    c_object 'duration'
    Lib.fn :cxkpi_duration_new, %i[pointer double uint32]
    Lib.fn :cxkpi_duration_add, %i[pointer double]
    Lib.fn :cxkpi_duration_add_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_duration_add_grouped, %i[pointer size_t buffer_in buffer_in size_t]
    Lib.fn :cxkpi_duration_add_weighted, %i[pointer double uint64]
    Lib.fn :cxkpi_duration_percent_at_most, %i[pointer double pointer]
    Lib.fn :cxkpi_duration_reserve, %i[pointer double double]
    Lib.fn :cxkpi_duration_count, %i[pointer pointer]
    Lib.fn :cxkpi_duration_sum, %i[pointer pointer]
    Lib.fn :cxkpi_duration_mean, %i[pointer pointer]
    Lib.fn :cxkpi_duration_min, %i[pointer pointer]
    Lib.fn :cxkpi_duration_max, %i[pointer pointer]
    Lib.fn :cxkpi_duration_stddev, %i[pointer pointer]
    Lib.fn :cxkpi_duration_quantile, %i[pointer double pointer]
    Lib.fn :cxkpi_duration_quantiles, %i[pointer buffer_in size_t pointer]
    Lib.fn :cxkpi_duration_zero_count, %i[pointer pointer]
    Lib.fn :cxkpi_duration_collapsed_count, %i[pointer pointer]
    Lib.fn :cxkpi_duration_config, %i[pointer pointer pointer]
    Lib.fn :cxkpi_duration_memory_usage, %i[pointer pointer]

    # `alpha` in [1e-4, 0.1]; `max_buckets` 0 (the default) or in [16, 2**20]
    # (Cxkpi::InvalidArgumentError otherwise).
    def initialize(alpha: DEFAULT_ALPHA, max_buckets: 0)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_duration_new, out, Float(alpha), Duration.buckets(max_buckets))
      adopt(out.read_pointer)
    end

    def self.pack_grouped(seconds) = Cxkpi.pack_seconds(seconds)
    private_class_method :pack_grouped

    # max_buckets as a uint32; out of range becomes 1, which the library refuses (EINVAL).
    def self.buckets(max_buckets)
      raise TypeError, 'max_buckets must be an Integer' unless max_buckets.is_a?(Integer)

      UINT32.cover?(max_buckets) ? max_buckets : 1
    end

    # Counts one duration in seconds (Cxkpi::RangeError for negative, NaN, infinite).
    def add(seconds) = chain(:cxkpi_duration_add, Cxkpi.seconds(seconds))

    def <<(seconds)
      add(seconds)
    end

    # Counts durations in one C call, atomically.
    def add_many(seconds) = chain_seconds(:cxkpi_duration_add_many, seconds)

    # Counts one duration `weight` times in one step, for pre-aggregated data ("37 tickets
    # took 5 minutes"): the same counts and quantiles as `weight` adds.
    def add_weighted(seconds, weight)
      raise TypeError, "weight must be an Integer, not #{weight.class}" unless weight.is_a?(Integer)
      raise Cxkpi::RangeError.new("weight #{weight} is not a count", function: :cxkpi_duration_add_weighted) unless UINT64.cover?(weight)

      chain(:cxkpi_duration_add_weighted, Cxkpi.seconds(seconds), weight)
    end

    # The share of durations at most `seconds`, in percent ("answered within 1 hour"); it
    # may count durations up to about 2 * alpha longer than the threshold, never miss one.
    def percent_at_most(seconds) = out(:double, :cxkpi_duration_percent_at_most, Cxkpi.seconds(seconds))

    # Preallocates the buckets for durations in [min, max].
    def reserve(min_seconds, max_seconds) = chain(:cxkpi_duration_reserve, Cxkpi.seconds(min_seconds), Cxkpi.seconds(max_seconds))

    def count = out(:uint64, :cxkpi_duration_count)
    def sum = out(:double, :cxkpi_duration_sum)
    def mean = out(:double, :cxkpi_duration_mean)
    def min = out(:double, :cxkpi_duration_min)
    def max = out(:double, :cxkpi_duration_max)
    # Population standard deviation.
    def stddev = out(:double, :cxkpi_duration_stddev)

    # The q-quantile (q in [0, 1]) within alpha.
    def quantile(q) = out(:double, :cxkpi_duration_quantile, Float(q))

    # Several quantiles in one C call.
    def quantiles(qs)
      qs = qs.to_a
      buf = FFI::MemoryPointer.new(:double, [qs.size, 1].max)
      Lib.call!(:cxkpi_duration_quantiles, h, qs.pack('d*'), qs.size, buf)
      buf.get_array_of_double(0, qs.size)
    end

    def median = quantile(0.5)
    def p90 = quantile(0.9)
    def p95 = quantile(0.95)
    def p99 = quantile(0.99)

    def zero_count = out(:uint64, :cxkpi_duration_zero_count)
    def collapsed_count = out(:uint64, :cxkpi_duration_collapsed_count)

    # `[alpha, max_buckets]`, the default resolved.
    def config
      buf = FFI::MemoryPointer.new(:uint64, 2)
      Lib.call!(:cxkpi_duration_config, h, buf, buf + 8)
      [buf.get(:double, 0), buf.get(:uint32, 8)]
    end

    # Bytes of memory held.
    def memory_usage = out(:size_t, :cxkpi_duration_memory_usage)

    def figures
      { count: count, mean: unless_empty { mean }, min: unless_empty { min }, max: unless_empty { max },
        median: unless_empty { median }, p90: unless_empty { p90 } }
    end

    private

    def describe
      n = count
      n.zero? ? 'n=0 (empty)' : format('n=%d mean=%.6gs median=%.6gs p90=%.6gs', n, mean, median, p90)
    end
  end
end
