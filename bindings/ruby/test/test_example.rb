# frozen_string_literal: true

require_relative 'test_helper'
require 'open3'
require 'rbconfig'

# The example program runs and prints the figures worked out by hand from its rows.
class TestExample < Minitest::Test
  EXAMPLE = File.expand_path('../../../examples/ruby/per_agent.rb', __dir__)

  def test_per_agent_example
    out, err, st = Open3.capture3(RbConfig.ruby, '-I', File.expand_path('../lib', __dir__), EXAMPLE)
    assert st.success?, err
    lines = out.lines.map(&:split)
    # ana: CSAT 5 4 2 -> 2/3; NPS 10 9 6 -> (2 - 1) / 3
    assert_equal %w[ana 3 66.7% 3 +33.3], lines[1]
    # bruno: CSAT 5 3 (one nil) -> 1/2; NPS 9 7 (one nil) -> 1/2
    assert_equal %w[bruno 2 50.0% 2 +50.0], lines[2]
    assert_equal %w[chen 2 50.0% 2 +0.0], lines[3]
    # team: CSAT 4 of 7; NPS 4 promoters, 2 detractors of 7
    assert_equal %w[team 7 57.1% 7 +28.6], lines[4]
  end
end
