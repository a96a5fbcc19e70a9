# frozen_string_literal: true

require_relative 'test_helper'

class TestCsat < Minitest::Test
  include CxkpiTestHelpers

  def test_worked_example
    c = Cxkpi::Csat.new(scale_min: 1, scale_max: 5, satisfied_min: 4)
    c.add_many([5, 4, 2, 5, 3])
    assert_equal 5, c.count
    assert_equal 3, c.satisfied                 # 5, 4, 5
    assert_equal 60.0, c.percent                # 100 * 3 / 5
    assert_close 3.8, c.mean                    # (5 + 4 + 2 + 5 + 3) / 5
    assert_equal({ 1 => 0, 2 => 1, 3 => 1, 4 => 1, 5 => 2 }, c.distribution)
    assert_pair_close wilson(3, 5), c.interval(0.95)
    assert_equal [1, 5, 4], c.config
  end

  def test_thirty_of_fifty_is_sixty_percent
    c = Cxkpi::Csat.new
    c.add_many([5] * 30 + [1] * 20)
    assert_equal 60.0, c.percent
    assert_pair_close wilson(30, 50), c.interval
  end

  def test_one_event_and_shovel
    c = Cxkpi::Csat.new(scale_min: 0, scale_max: 1, satisfied_min: 1)
    assert_same c, (c << 1)
    assert_equal 100.0, c.percent
    assert_equal 1.0, c.mean
    c << 0 << 0
    assert_close 100.0 / 3, c.percent
  end

  def test_empty
    c = Cxkpi::Csat.new
    assert_equal 0, c.count
    assert c.empty?
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { c.percent }
    assert_raises(ZeroDivisionError) { c.mean }
    assert_raises(ZeroDivisionError) { c.interval }
    c.add_many([])
    assert_equal 0, c.count
  end

  def test_extremes_of_the_scale
    c = Cxkpi::Csat.new(scale_min: 0, scale_max: 100, satisfied_min: 100)
    c.add_many([0, 100, 100])
    assert_close 200.0 / 3, c.percent
    assert_close 200.0 / 3, c.mean
    assert_equal 2, c.score_count(100)
  end

  def test_nil_means_no_answer_and_integral_floats_count
    c = Cxkpi::Csat.new
    c.add_many([5, nil, 4.0, Float::NAN, 1])
    assert_equal 3, c.count
    assert_equal 2, c.satisfied
  end

  def test_single_add_follows_the_rule_of_add_many
    c = Cxkpi::Csat.new
    c.add(4.0).add(Float::NAN) << 2 # 4.0 is 4, NaN is no answer: two responses, one satisfied
    assert_equal 2, c.count
    assert_equal 1, c.satisfied
    before = c.to_s
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add(4.5) } # not counted as a 4
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add(Float::INFINITY) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add(6.0) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Nps.new.add(9.9) } # not a promoter
    assert_equal before, c.to_s
  end

  def test_out_of_scale_counts_nothing
    c = Cxkpi::Csat.new
    c.add_many([5, 4])
    before = c.to_s
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add(6) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add_many([5, 5, 0]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add_many([5, 2**40]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add_many([5, -2**70]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add(2**64) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { c.add_many([5, 4.5]) }
    assert_raises(TypeError) { c.add('5') }
    assert_raises(TypeError) { c.add_many([5, '4']) }
    assert_equal before, c.to_s
    assert_equal 2, c.count
  end

  def test_invalid_configurations
    [[5, 1, 4], [1, 5, 1], [1, 5, 6], [-1, 5, 4], [1, 101, 4], [1, 2**40, 4]].each do |lo, hi, sat|
      assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) do
        Cxkpi::Csat.new(scale_min: lo, scale_max: hi, satisfied_min: sat)
      end
    end
    assert_raises(ArgumentError) { Cxkpi::Csat.new(scale_min: 5, scale_max: 1) }
    assert_raises(TypeError) { Cxkpi::Csat.new(scale_min: 1.0) }
  end

  def test_remove
    c = Cxkpi::Csat.new
    c.add_many([5, 2])
    c.remove(2)
    assert_equal 100.0, c.percent
    err = assert_cxkpi_error(Cxkpi::NotFoundError, 10) { c.remove(2) }
    assert_kind_of KeyError, err
    assert_equal 1, c.count
  end

  def test_merge_and_plus
    a = Cxkpi::Csat.new
    b = Cxkpi::Csat.new
    a.add_many([5, 5, 1])
    b.add_many([4, 1])
    sum = a + b
    assert_equal 3, a.count
    assert_equal 2, b.count
    assert_equal 5, sum.count
    assert_equal 60.0, sum.percent              # 3 satisfied of 5
    assert_same a, a.merge!(b)
    assert_equal sum, a
    assert_equal 4, [Cxkpi::Csat.new, b, b].reduce(:+).count
  end

  def test_merge_of_different_configurations_changes_nothing
    a = Cxkpi::Csat.new
    a << 5
    other = Cxkpi::Csat.new(scale_min: 1, scale_max: 10, satisfied_min: 8)
    other << 9
    assert_cxkpi_error(Cxkpi::MismatchError, 6) { a.merge!(other) }
    assert_equal 1, a.count
    assert_equal 100.0, a.percent
    assert_raises(TypeError) { a.merge!(Cxkpi::Nps.new) }
  end

  def test_dup_is_independent
    a = Cxkpi::Csat.new
    a << 5
    b = a.dup
    b << 1
    assert_equal 1, a.count
    assert_equal 2, b.count
    a.close
    assert_equal 2, b.count
  end

  def test_inspect
    c = Cxkpi::Csat.new
    assert_equal '#<Cxkpi::Csat 1-5 satisfied>=4 n=0 (empty)>', c.inspect
    c.add_many([5, 1])
    assert_equal '#<Cxkpi::Csat 1-5 satisfied>=4 n=2 csat=50.0%>', c.inspect
    c.close
    assert_equal '#<Cxkpi::Csat (closed)>', c.inspect
  end

  def test_large_batch_one_call
    c = Cxkpi::Csat.new(scale_min: 1, scale_max: 10, satisfied_min: 8)
    scores = Array.new(100_000) { |i| (i % 10) + 1 }
    c.add_many(scores)
    assert_equal 100_000, c.count
    assert_equal 30_000, c.satisfied            # 8, 9, 10 of every ten
    assert_close 5.5, c.mean
  end
end
