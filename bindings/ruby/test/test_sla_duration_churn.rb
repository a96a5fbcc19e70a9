# frozen_string_literal: true

require_relative 'test_helper'

class TestSla < Minitest::Test
  include CxkpiTestHelpers

  def test_met_breached_in_progress
    s = Cxkpi::Sla.new(3600)
    s.add_many([1800, 3600, 5400, 7200])
    s.add_open(600).add_open(4000)
    assert_equal [2, 3, 1, 1], [s.met, s.breached, s.in_progress, s.breached_open]
    assert_equal 40.0, s.percent                # 100 * 2 / (2 + 3)
    assert_pair_close wilson(2, 5), s.interval
    # lateness: 1800, 3600 (finished), 400 (open)
    assert_equal Cxkpi::Sla::Lateness.new(3, 5800.0, 5800.0 / 3, 3600.0), s.lateness
    assert_equal Cxkpi::Sla::Lateness.new(2, 5400.0, 2700.0, 3600.0), s.lateness_finished
    s.clear_open
    assert_equal 50.0, s.percent
  end

  def test_bad_input
    s = Cxkpi::Sla.new(60)
    s << 30
    [-1, Float::NAN, Float::INFINITY].each do |bad|
      assert_cxkpi_error(Cxkpi::RangeError, 2) { s.add(bad) }
      assert_cxkpi_error(Cxkpi::RangeError, 2) { s.add_many([1, bad]) }
    end
    assert_raises(TypeError) { s.add('30') }
    assert_raises(TypeError) { s.add(Time.now) }
    assert_raises(TypeError) { s.add_many([30, nil]) }
    assert_equal 1, s.met
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Sla.new(0) }
    assert_cxkpi_error(Cxkpi::MismatchError, 6) { s.merge!(Cxkpi::Sla.new(120)) }
    total = Cxkpi::Sla.new(120).add(200)
    total.merge_counts!(s)
    assert_equal [1, 1], [total.met, total.breached]
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi::Sla.new(1).percent }
  end
end

class TestDuration < Minitest::Test
  include CxkpiTestHelpers

  def test_moments_and_quantiles
    d = Cxkpi::Duration.new
    d.add_many([30, 60, 90, 120])
    d << 0.5
    values = [30, 60, 90, 120, 0.5]
    mean = values.sum / 5.0
    assert_equal 5, d.count
    assert_close values.sum, d.sum
    assert_close mean, d.mean
    assert_equal 0.5, d.min
    assert_equal 120.0, d.max
    assert_close Math.sqrt(values.sum { |v| (v - mean)**2 } / 5), d.stddev, 1e-9
    # sorted 0.5 30 60 90 120: rank floor(q * 4)
    { 0.0 => 0.5, 0.5 => 60, 0.9 => 90, 1.0 => 120 }.each do |q, exact|
      assert_in_delta exact, d.quantile(q), 0.01 * exact, "q=#{q}"
    end
    assert_equal [d.median, d.p90], d.quantiles([0.5, 0.9])
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.quantile(1.5) }
  end

  def test_bad_input_and_empty
    d = Cxkpi::Duration.new
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { d.mean }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.add(-1) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.add_many([1, Float::NAN]) }
    assert_equal 0, d.count
    assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) { Cxkpi::Duration.new(alpha: 0.5) }
    assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) { Cxkpi::Duration.new(max_buckets: 2**40) }
    assert_cxkpi_error(Cxkpi::MismatchError, 6) { d.merge!(Cxkpi::Duration.new(alpha: 0.02)) }
    assert_operator d.memory_usage, :>, 0
  end

  def test_aht
    a = Cxkpi::Aht.new
    a.add(talk: 240, hold: 30, acw: 60)
    a.add(talk: 180, hold: 0, acw: 90)
    a.add_many([100], [0], [20])
    assert_equal 3, a.count
    assert_close (330 + 270 + 120) / 3.0, a.aht
    assert_close 10.0, a.mean(:hold)
    assert_equal 3, a.component(:talk).count
    assert_equal 240.0, a.component(:talk).max
    assert_raises(ArgumentError) { a.mean(:lunch) }
    assert_raises(ArgumentError) { a.add_many([1, 2], [1], [1]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { a.add(talk: -5) }
    assert_equal 3, a.count
  end
end

class TestChurn < Minitest::Test
  include CxkpiTestHelpers

  def test_rates
    c = Cxkpi::Churn.new(at_start: 200, gained: 25, lost: 10)
    assert_equal 5.0, c.percent                 # 100 * 10 / 200
    assert_equal 7.5, c.net_growth              # 100 * (25 - 10) / 200
    assert_equal 215, c.at_end
    assert_pair_close wilson(10, 200), c.interval
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add_lost(191) }
    assert_cxkpi_error(Cxkpi::NotFoundError, 10) { c.remove_lost(11) }
    assert_raises(::RangeError) { c.add_start(-1) }
    assert_equal({ at_start: 200, gained: 25, lost: 10 }, c.counts)
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi::Churn.new.percent }
  end

  def test_stats
    assert_close Z95, Cxkpi.normal_z(0.95)
    assert_pair_close wilson(30, 50), Cxkpi.wilson_interval(30, 50)
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi.normal_z(1) }
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi.wilson_interval(0, 0) }
  end
end

class TestDurationWeighted < Minitest::Test
  include CxkpiTestHelpers

  def test_add_weighted_and_percent_at_most
    d = Cxkpi::Duration.new
    d.add_weighted(30, 3).add_weighted(120, 1).add_weighted(500, 0)
    assert_equal 4, d.count
    assert_close (3 * 30 + 120) / 4.0, d.mean
    assert_equal 75.0, d.percent_at_most(60)      # the three 30 s of four; 120 > 60 * 1.0202
    assert_equal 0.0, d.percent_at_most(10)       # below the minimum: exactly 0
    assert_equal 100.0, d.percent_at_most(120)    # from the maximum on: exactly 100
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.add_weighted(-1, 2) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.add_weighted(1, -2) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { d.percent_at_most(Float::NAN) }
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi::Duration.new.percent_at_most(1) }
    assert_equal 4, d.count
  end
end
