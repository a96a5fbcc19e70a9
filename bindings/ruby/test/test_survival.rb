# frozen_string_literal: true

require_relative 'test_helper'

class TestSurvival < Minitest::Test
  include CxkpiTestHelpers

  H = 3600

  def km
    Cxkpi::Survival.new.add_many([1 * H, 2 * H, 4 * H, 8 * H]).add_open_many([3 * H, 6 * H])
  end

  def test_kaplan_meier_worked_example
    s = km
    assert_equal({ resolved: 4, open: 2 }, s.counts)
    # at risk 6, 5, (3 h censored), 3, (6 h censored), 1: S = 5/6 * 4/5 * 2/3 after 4 h
    assert_close 100 * (1 - (5.0 / 6 * 4 / 5 * 2 / 3)), s.percent_resolved_within(5 * H), 1e-9
    assert_close 100 * 5.0 / 6 * 4 / 5 * 2 / 3, s.survival(5 * H).value, 1e-9
    assert_in_delta 4 * H, s.median, 0.01 * 4 * H     # S first <= 0.5 at 4 h
    lo, hi = s.exact_bounds(5 * H)
    assert_operator lo, :<=, s.survival(5 * H).value + 1e-9
    assert_operator hi, :>=, lo
    assert_in_delta 8 * H, s.p90, 0.01 * 8 * H        # the last ticket at risk resolves: S = 0
    # One resolved after 1 h, two still open: S stays at 2/3, no median yet.
    open = Cxkpi::Survival.new.add(H).add_open_many([2 * H, 3 * H])
    assert_cxkpi_error(Cxkpi::NotFoundError, 10) { open.median }
  end

  def test_merge_bytes_and_bad_input
    a = Cxkpi::Survival.new.add_many([H, 2 * H])
    b = Cxkpi::Survival.new.add_open(3 * H)
    assert_equal({ resolved: 2, open: 1 }, (a + b).counts)
    assert_equal a + b, Cxkpi::Survival.from_bytes((a + b).to_s)
    assert_cxkpi_error(Cxkpi::RangeError, 2) { a.add(-1) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { a.add_open_many([1, Float::NAN]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { a.quantile(1.0) }
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi::Survival.new.median }
    assert_cxkpi_error(Cxkpi::MismatchError, 6) { a.merge!(Cxkpi::Survival.new(alpha: 0.02)) }
    assert_cxkpi_error(Cxkpi::FormatError, 8) { Cxkpi::Survival.from_bytes(Cxkpi::Duration.new.to_s) }
    assert_equal({ resolved: 2, open: 0 }, a.counts)
  end
end
