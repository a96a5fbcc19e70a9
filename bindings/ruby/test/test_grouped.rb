# frozen_string_literal: true

require_relative 'test_helper'

# One accumulator per group from two columns, in one C call.
class TestGrouped < Minitest::Test
  include CxkpiTestHelpers

  def test_csat_per_agent_from_two_columns
    agents = %w[ana ana bruno ana chen bruno]
    scores = [5, 2, nil, 4, 1, 5]
    by = Cxkpi::Csat.grouped(agents, scores)
    assert_equal %w[ana bruno chen], by.keys                # order of first appearance
    assert_equal [3, 1, 1], by.values.map(&:count)          # bruno's nil is "no answer"
    assert_close 200.0 / 3, by['ana'].percent               # 5, 4 of 5, 2, 4
    assert_equal 100.0, by['bruno'].percent
    assert_equal 0.0, by['chen'].percent
    assert_equal Cxkpi::Csat.new.add_many([5, 2, 4]), by['ana']   # as adds one by one
  end

  def test_other_kinds_and_config
    nps = Cxkpi::Nps.grouped([1, 2, 1], [10, 0, 9])
    assert_equal [100.0, -100.0], [nps[1].score, nps[2].score]
    csat = Cxkpi::Csat.grouped(%i[a b], [10, 7], scale_min: 1, scale_max: 10, satisfied_min: 8)
    assert_equal [1, 10, 8], csat[:a].config
    assert_equal 0.0, csat[:b].percent
    fcr = Cxkpi::Fcr.grouped(%i[a b a], [1, 2, 0])
    assert_equal 50.0, fcr[:a].percent
    assert_equal 100.0, fcr[:b].escalation_percent
    d = Cxkpi::Duration.grouped(%i[a b a], [1.0, 2, 3])
    assert_equal [2.0, 2.0], [d[:a].mean, d[:b].mean]
  end

  def test_atomic_over_all_groups
    accs = [Cxkpi::Csat.new, Cxkpi::Csat.new]
    Cxkpi::Csat.add_grouped(accs, [0, 1], [5, 4])
    before = accs.map(&:to_s)
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Csat.add_grouped(accs, [0, 1, 0], [5, 5, 9]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Csat.add_grouped(accs, [0, 2], [5, 5]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Csat.add_grouped(accs, [0, 2**32], [5, 5]) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { Cxkpi::Fcr.add_grouped([Cxkpi::Fcr.new], [0], [3]) }
    assert_raises(ArgumentError) { Cxkpi::Csat.add_grouped(accs, [0], [5, 5]) }
    assert_raises(TypeError) { Cxkpi::Csat.add_grouped([Cxkpi::Nps.new], [0], [5]) }
    assert_raises(NotImplementedError) { Cxkpi::Sla.grouped([1], [1]) }
    assert_equal before, accs.map(&:to_s)
  end
end
