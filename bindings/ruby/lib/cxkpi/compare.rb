# frozen_string_literal: true

require_relative 'csat'
require_relative 'nps'
require_relative 'fcr'
require_relative 'sla'

module Cxkpi
  # `a - b` with its interval at `confidence`, the two-sided p-value of "no difference",
  # and (NPS only) the standard error of the difference.
  Comparison = Struct.new(:difference, :lo, :hi, :p_value, :confidence, :stderr) do
    # Whether the p-value is below `1 - confidence` (default: the interval's level).
    def significant?(confidence = nil)
      p_value < 1.0 - (confidence || self.confidence)
    end
  end

  Lib.fn :cxkpi_proportion_difference, %i[uint64 uint64 uint64 uint64 double pointer pointer pointer pointer]
  Lib.fn :cxkpi_nps_difference_counts,
         %i[uint64 uint64 uint64 uint64 uint64 uint64 double pointer pointer pointer pointer pointer]
  Lib.fn :cxkpi_nps_difference, %i[pointer pointer double pointer pointer pointer pointer pointer]
  Lib.fn :cxkpi_csat_percent_difference, %i[pointer pointer double pointer pointer pointer pointer]
  Lib.fn :cxkpi_fcr_percent_difference, %i[pointer pointer double pointer pointer pointer pointer]
  Lib.fn :cxkpi_sla_compliance_percent_difference, %i[pointer pointer double pointer pointer pointer pointer]

  PERCENT_DIFFERENCE = { Csat => :cxkpi_csat_percent_difference, Fcr => :cxkpi_fcr_percent_difference,
                         Sla => :cxkpi_sla_compliance_percent_difference }.freeze

  # `100 * (successes_a / trials_a - successes_b / trials_b)` percentage points, with
  # Newcombe's hybrid score interval and the pooled two-proportion z-test p-value.
  # Cxkpi::EmptyError for 0 trials, Cxkpi::InvalidArgumentError when successes exceed trials.
  def self.proportion_difference(successes_a, trials_a, successes_b, trials_b, confidence = 0.95)
    counts = [successes_a, trials_a, successes_b, trials_b]
    check_counts(counts, :cxkpi_proportion_difference)
    comparison(:cxkpi_proportion_difference, counts, confidence, false)
  end

  # NPS of `a` minus NPS of `b`, each `[promoters, passives, detractors]`: the Wald standard
  # error, the interval `difference -+ z * se` (not clipped) and the p-value.
  def self.nps_difference_counts(a, b, confidence = 0.95)
    raise ArgumentError, 'give [promoters, passives, detractors] twice' unless a.size == 3 && b.size == 3

    counts = a.to_a + b.to_a
    check_counts(counts, :cxkpi_nps_difference_counts)
    comparison(:cxkpi_nps_difference_counts, counts, confidence, true)
  end

  # nps_difference_counts of two Cxkpi::Nps accumulators.
  def self.nps_difference(a, b, confidence = 0.95)
    raise TypeError, 'nps_difference: expected two Cxkpi::Nps' unless a.is_a?(Nps) && b.is_a?(Nps)

    comparison(:cxkpi_nps_difference, [a.send(:h), b.send(:h)], confidence, true)
  end

  # The difference of two CSAT percentages, gross FCR percentages or SLA compliance
  # percentages (both of one class), as proportion_difference. Cxkpi::MismatchError for
  # CSAT scales or SLA targets that differ.
  def self.percent_difference(a, b, confidence = 0.95)
    function = PERCENT_DIFFERENCE[a.class]
    raise TypeError, 'percent_difference: expected two Csat, two Fcr or two Sla' unless function && b.instance_of?(a.class)

    comparison(function, [a.send(:h), b.send(:h)], confidence, false)
  end

  def self.check_counts(counts, function)
    counts.each do |c|
      raise TypeError, "a count is an Integer, not #{c.class}" unless c.is_a?(Integer)
      raise Cxkpi::RangeError.new("#{c} is not a count in [0, 2**64)", function: function) unless Handle::UINT64.cover?(c)
    end
  end

  def self.comparison(function, args, confidence, with_se)
    n = with_se ? 5 : 4
    buf = FFI::MemoryPointer.new(:double, n)
    Lib.call!(function, *args, Float(confidence), *Array.new(n) { |i| buf + (8 * i) })
    v = buf.get_array_of_double(0, n)
    with_se ? Comparison.new(v[0], v[2], v[3], v[4], Float(confidence), v[1]) : Comparison.new(*v, Float(confidence), nil)
  end
  private_class_method :check_counts, :comparison
end
