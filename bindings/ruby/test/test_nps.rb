# frozen_string_literal: true

require_relative 'test_helper'

class TestNps < Minitest::Test
  include CxkpiTestHelpers

  def test_groups_and_score
    n = Cxkpi::Nps.new
    n.add_many([10, 9, 8, 3])
    assert_equal({ promoters: 2, passives: 1, detractors: 1 }, n.groups)
    assert_equal 25.0, n.score                  # 100 * (2 - 1) / 4
    assert_equal({ promoters: 50.0, passives: 25.0, detractors: 25.0 }, n.group_percents)
  end

  def test_standard_error_and_margin
    n = Cxkpi::Nps.new
    n.add_many([10] * 50 + [7] * 30 + [0] * 20)
    assert_equal 30.0, n.score
    # p = 0.5, d = 0.2: variance = 0.7 - 0.09 = 0.61, se = 100 * sqrt(0.61 / 100)
    se = 100 * Math.sqrt(0.61 / 100)
    assert_close se, n.stderr
    assert_close Z95 * se, n.margin(0.95), 1e-9
    lo, hi = n.interval
    assert_close 30 - (Z95 * se), lo, 1e-9
    assert_close 30 + (Z95 * se), hi, 1e-9
  end

  def test_one_event_and_extremes
    n = Cxkpi::Nps.new
    n << 0
    assert_equal(-100.0, n.score)
    assert_equal 0.0, n.stderr
    n2 = Cxkpi::Nps.new
    n2 << 10
    assert_equal 100.0, n2.score
    assert_equal [100.0, 100.0], n2.interval
  end

  def test_empty_and_bad_scores
    n = Cxkpi::Nps.new
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { n.score }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { n.add(11) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { n.add(-1) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { n.add_many([10, 11]) }
    assert_equal 0, n.count
    n << 9
    assert_cxkpi_error(Cxkpi::RangeError, 2) { n.margin(1.0) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { n.margin(0) }
  end

  def test_merge_and_marshal
    a = Cxkpi::Nps.new.add_many([10, 10, 0])
    b = Cxkpi::Nps.new.add_many([8])
    c = Marshal.load(Marshal.dump(a + b))
    assert_instance_of Cxkpi::Nps, c
    assert_equal 25.0, c.score                  # 100 * (2 - 1) / 4
  end
end
