# frozen_string_literal: true

require_relative 'test_helper'

class TestFcr < Minitest::Test
  include CxkpiTestHelpers

  F = Cxkpi::Fcr

  def test_rates
    f = F.new
    f.add(resolved: true)
    f.add(escalated: true)
    f.add(F::EXCLUDED | F::REOPENED)
    f.add_many([F::RESOLVED_FIRST_CONTACT, 0])
    assert_equal({ issues: 5, resolved_first_contact: 2, escalated: 1, reopened: 1, excluded: 1 }, f.counts)
    assert_close 40.0, f.percent                # 100 * 2 / 5
    assert_close 50.0, f.net_percent            # 100 * 2 / (5 - 1)
    assert_close 20.0, f.escalation_percent     # 100 * 1 / 5
    assert_close 20.0, f.reopen_percent
    assert_pair_close wilson(2, 5), f.interval
    assert_pair_close wilson(2, 4), f.net_interval
    assert_pair_close wilson(1, 5), f.escalation_interval
    assert_pair_close wilson(1, 5, 1.6448536269514722), f.reopen_interval(0.90)
    assert_equal 1, f.combination_count(F::EXCLUDED | F::REOPENED)
  end

  def test_contradictions_and_bad_flags_count_nothing
    f = F.new
    f << F::RESOLVED_FIRST_CONTACT
    assert_cxkpi_error(Cxkpi::RangeError, 2) { f.add(resolved: true, escalated: true) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { f.add(16) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { f.add_many([1, 0, 3]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { f.add_many([1, 2**32]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { f.add_many([-1]) }
    assert_equal 1, f.count
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { F.new.percent }
    assert_cxkpi_error(Cxkpi::NotFoundError, 10) { f.remove(escalated: true) }
    f.remove(resolved: true)
    assert_equal 0, f.count
  end

  def test_tracker
    t = Cxkpi::FcrTracker.new(window: 7 * 86_400)
    t.add('alice@example.com', 0)
    t.add('alice@example.com', 3600)            # a repeat within the window
    t.add('bob@example.com', Time.at(7200))
    assert_equal [2, 2], t.open_episodes
    assert_equal 7200, t.watermark
    t.finish
    assert_equal 50.0, t.results.percent        # bob's issue only: 100 * 1 / 2
    assert_equal [7 * 86_400, 0], t.config
  end

  def test_tracker_bulk_restore_and_order
    t = Cxkpi::FcrTracker.new(window: 100, lateness: 10)
    t.add_many([1, 2, 1, 'x'], [0, 5, 50, 60])
    copy = Cxkpi::FcrTracker.from_bytes(t.to_s)
    [t, copy].each do |tr|
      tr.add(2, 200)                            # 2's first episode is due, 1's too
      assert_cxkpi_error(Cxkpi::OrderError, 11) { tr.add(3, 100) }  # older than 200 - 10
      tr.finish
      c = tr.results
      assert_equal 4, c.count                   # 1: one episode repeated; 2: two; x: one
      assert_equal 3, c.counts[:resolved_first_contact]
    end
    assert_equal Cxkpi::FcrTracker.key('x'), Cxkpi::FcrTracker.key(:x)
    # 64-bit FNV-1a of "a": offset basis 0xcbf29ce484222325, prime 0x100000001b3
    assert_equal ((0xcbf29ce484222325 ^ 0x61) * 0x100000001b3) % 2**64, Cxkpi::FcrTracker.key('a')
  end

  def test_tracker_bad_configuration
    assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) { Cxkpi::FcrTracker.new(window: 0) }
    assert_cxkpi_error(Cxkpi::InvalidArgumentError, 1) { Cxkpi::FcrTracker.new(window: 10, lateness: 10) }
    assert_raises(Cxkpi::InvalidArgumentError) { Cxkpi::FcrTracker.new(window: 2**70) }
    assert_cxkpi_error(Cxkpi::EmptyError, 3) { Cxkpi::FcrTracker.new.watermark }
    assert_raises(::RangeError) { Cxkpi::FcrTracker.new.add(-1, 0) }
    assert_raises(TypeError) { Cxkpi::FcrTracker.new.add(1.5, 0) }
  end
end
