# frozen_string_literal: true

require_relative 'test_helper'

class TestCompare < Minitest::Test
  include CxkpiTestHelpers

  def test_nps_difference_worked_example
    # a: 50 promoters, 30 passives, 20 detractors (NPS 30, v = 0.7 - 0.09 = 0.61);
    # b: 40, 30, 30 (NPS 10, v = 0.7 - 0.01 = 0.69)
    se = 100 * Math.sqrt((0.61 / 100) + (0.69 / 100))
    c = Cxkpi.nps_difference_counts([50, 30, 20], [40, 30, 30])
    assert_close 20.0, c.difference, 1e-12
    assert_close se, c.stderr
    assert_close 20 - (Z95 * se), c.lo, 1e-9
    assert_close 20 + (Z95 * se), c.hi, 1e-9
    assert_close Math.erfc(20 / se / Math.sqrt(2)), c.p_value, 1e-9
    refute c.significant?
    a = Cxkpi::Nps.new.add_many([10] * 50 + [8] * 30 + [0] * 20)
    b = Cxkpi::Nps.new.add_many([9] * 40 + [7] * 30 + [6] * 30)
    assert_equal c, Cxkpi.nps_difference(a, b)
  end

  def test_proportions_newcombe_example
    # 56/70 against 48/80 (Newcombe 1998, example (a)): 20 points, [5.24, 33.39], p 0.00805
    pa = 56 / 70.0
    pb = 48 / 80.0
    la, ua = wilson(56, 70).map { |x| x / 100 }
    lb, ub = wilson(48, 80).map { |x| x / 100 }
    lo = 100 * ((pa - pb) - Math.sqrt(((pa - la)**2) + ((ub - pb)**2)))
    hi = 100 * ((pa - pb) + Math.sqrt(((ua - pa)**2) + ((pb - lb)**2)))
    pooled = 104 / 150.0
    z = (pa - pb) / Math.sqrt(pooled * (1 - pooled) * ((1 / 70.0) + (1 / 80.0)))
    c = Cxkpi.proportion_difference(56, 70, 48, 80)
    assert_close 20.0, c.difference, 1e-12
    assert_close lo, c.lo, 1e-9
    assert_close hi, c.hi, 1e-9
    assert_in_delta 5.24, c.lo, 0.005
    assert_in_delta 33.39, c.hi, 0.005
    assert_close Math.erfc(z.abs / Math.sqrt(2)), c.p_value, 1e-9
    assert c.significant?(0.95)
    assert_nil c.stderr
  end

  def test_percent_differences_of_accumulators
    a = Cxkpi::Csat.new.add_many([5] * 56 + [1] * 14)
    b = Cxkpi::Csat.new.add_many([4] * 48 + [2] * 32)
    assert_equal Cxkpi.proportion_difference(56, 70, 48, 80), Cxkpi.percent_difference(a, b)
    f = Cxkpi::Fcr.new.add_many([1] * 3 + [0])
    g = Cxkpi::Fcr.new.add_many([1, 0])
    assert_equal Cxkpi.proportion_difference(3, 4, 1, 2), Cxkpi.percent_difference(f, g)
    s = Cxkpi::Sla.new(60).add_many([10, 20, 90])
    t = Cxkpi::Sla.new(60).add_many([10, 90])
    assert_equal Cxkpi.proportion_difference(2, 3, 1, 2), Cxkpi.percent_difference(s, t)
  end

  def test_bad_input
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi.proportion_difference(0, 0, 1, 2) }
    assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) { Cxkpi.proportion_difference(3, 2, 1, 2) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi.proportion_difference(1, 2, 1, 2, 1.5) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi.proportion_difference(-1, 2, 1, 2) }
    assert_cxkpi_error(Cxkpi::MismatchError, 6) do
      Cxkpi.percent_difference(Cxkpi::Csat.new.add(5), Cxkpi::Csat.new(scale_min: 1, scale_max: 10, satisfied_min: 8).add(9))
    end
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi.nps_difference(Cxkpi::Nps.new, Cxkpi::Nps.new.add(9)) }
    assert_raises(TypeError) { Cxkpi.percent_difference(Cxkpi::Csat.new, Cxkpi::Fcr.new) }
    assert_raises(TypeError) { Cxkpi.percent_difference(Cxkpi::Nps.new, Cxkpi::Nps.new) }
    assert_raises(ArgumentError) { Cxkpi.nps_difference_counts([1, 2], [1, 2, 3]) }
  end
end
