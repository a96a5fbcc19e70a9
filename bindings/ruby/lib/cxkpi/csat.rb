# frozen_string_literal: true

require_relative 'score_accumulator'

module Cxkpi
  # CSAT -- customer satisfaction score: the share of satisfied responses on a rating scale.
  #
  # A response is satisfied when `score >= satisfied_min`. Common set-ups: 1-5 with 4
  # (top-two-box, the default), 1-10 with 8, 1-7 with 6, 0-1 with 1.
  #
  #   csat = Cxkpi::Csat.new                   # 1-5, 4 and 5 satisfied
  #   csat.add_many([5, 4, 2, 5, 3])
  #   csat.percent                             # => 60.0 (100 * 3 / 5)
  #
  # Figures of an empty accumulator (#percent, #mean, #interval) raise Cxkpi::EmptyError;
  # #count is 0.
  class Csat < ScoreAccumulator
    c_object 'csat'
    Lib.fn :cxkpi_csat_new, %i[pointer int32 int32 int32]
    Lib.fn :cxkpi_csat_satisfied, %i[pointer pointer]
    Lib.fn :cxkpi_csat_percent, %i[pointer pointer]
    Lib.fn :cxkpi_csat_mean, %i[pointer pointer]
    Lib.fn :cxkpi_csat_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_csat_config, %i[pointer pointer pointer pointer]

    # An empty accumulator. Raises Cxkpi::InvalidArgumentError unless
    # `0 <= scale_min < satisfied_min <= scale_max <= 100`.
    def initialize(scale_min: 1, scale_max: 5, satisfied_min: 4)
      args = [scale_min, scale_max, satisfied_min]
      args.each { |v| raise TypeError, "Csat: #{v.inspect} is not an Integer" unless v.is_a?(Integer) }
      unless args.all? { |v| INT32.cover?(v) }
        raise InvalidArgumentError.new('invalid configuration', function: :cxkpi_csat_new)
      end

      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_csat_new, out, *args)
      adopt(out.read_pointer)
    end

    # `[scale_min, scale_max, satisfied_min]`.
    def config
      outs(:int32, 3, :cxkpi_csat_config)
    end

    def scale_min = config[0]
    def scale_max = config[1]
    def satisfied_min = config[2]

    # Number of satisfied responses.
    def satisfied
      out(:uint64, :cxkpi_csat_satisfied)
    end

    # CSAT in percent, 100 * satisfied / count.
    def percent
      out(:double, :cxkpi_csat_percent)
    end

    # Mean score, sum(scores) / count.
    def mean
      out(:double, :cxkpi_csat_mean)
    end

    # Wilson score interval of #percent, `[lo, hi]` in percent. Raises Cxkpi::RangeError
    # unless 0 < confidence < 1.
    def interval(confidence = 0.95)
      pair(:cxkpi_csat_percent_interval, Float(confidence))
    end

    # Count of every score of the scale, `{score => count}`, lowest first.
    def distribution
      lo, hi, = config
      (lo..hi).to_h { |s| [s, score_count(s)] }
    end

    def figures
      lo, hi, sat = config
      { scale_min: lo, scale_max: hi, satisfied_min: sat, count: count, satisfied: satisfied,
        percent: unless_empty { percent }, mean: unless_empty { mean }, interval: unless_empty { interval } }
    end

    private

    def describe
      lo, hi, sat = config
      n = count
      head = "#{lo}-#{hi} satisfied>=#{sat} n=#{n}"
      n.zero? ? "#{head} (empty)" : format('%s csat=%.1f%%', head, percent)
    end
  end
end
