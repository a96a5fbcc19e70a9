# frozen_string_literal: true

require_relative 'test_helper'
require 'json'

# to_h / as_json: the figures for a JSON API (nil where the accumulator is empty).
class TestJson < Minitest::Test
  include CxkpiTestHelpers

  def test_figures_as_a_hash
    h = Cxkpi::Csat.new.add_many([5, 4, 2, 5, 3]).to_h
    assert_equal [1, 5, 4, 5, 3, 60.0], h.values_at(:scale_min, :scale_max, :satisfied_min, :count, :satisfied, :percent)
    assert_close 3.8, h[:mean]
    assert_pair_close wilson(3, 5), h[:interval]
    empty = Cxkpi::Csat.new.to_h
    assert_equal [0, nil, nil, nil], empty.values_at(:count, :percent, :mean, :interval)
    assert_equal({ count: 1, promoters: 0, passives: 0, detractors: 1, score: -100.0, margin: 0.0 },
                 Cxkpi::Nps.new.add(3).to_h)
    assert_equal 2, Cxkpi::Churn.new(at_start: 3, lost: 1).to_h[:at_end]
    assert_nil Cxkpi::Survival.new.add_open(3).to_h[:median]
    assert_equal :idle, Cxkpi::TicketClock.new.to_h[:state]
  end

  def test_as_json_never_shows_the_pointer
    json = JSON.generate(Cxkpi::Sla.new(60).add(30).as_json)
    parsed = JSON.parse(json)
    assert_equal [60.0, 1, 0, 100.0], parsed.values_at('target', 'met', 'breached', 'percent')
    refute_includes json, 'ptr'
    c = Cxkpi::Csat.new
    c.close
    assert_raises(Cxkpi::ClosedError) { c.to_h }
  end
end
