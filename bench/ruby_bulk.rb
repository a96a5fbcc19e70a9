# frozen_string_literal: true

# The Ruby gem's bulk path against its per-element path and against plain Ruby: CSAT of
# N scores (1-5, satisfied from 4) counted four ways, each timed REPS times, medians and
# spread printed in nanoseconds per score:
#   add        Cxkpi::Csat#add per score (one FFI call each)
#   add_many   Cxkpi::Csat#add_many(array): Array#pack into one buffer, one FFI call
#   add_many+nil  the same with every tenth score nil ("no answer"), the double path
#   pack only  the Array#pack part of add_many alone
#   ruby loop  a plain Ruby tally (counts[s] += 1), then the percentage
#   ruby count scores.count { |s| s >= 4 }, the one-liner a Rails developer writes
# and, per agent (100 agents, the agent of score i is i mod 100), CSAT for every agent:
#   grouped    Cxkpi::Csat.grouped(agents, scores): one C call for all agents
#   group_by + add_many   Ruby's group_by, then one add_many per agent
#   ruby tally per agent  a Hash of per-agent counters, then the percentages
#
#   CXKPI_LIBRARY=build/lib/libcxkpi.so.0 ruby -Ibindings/ruby/lib bench/ruby_bulk.rb [N] [REPS]
require 'cxkpi'

n = Integer(ARGV[0] || 1_000_000)
reps = Integer(ARGV[1] || 5)
scores = Array.new(n) { |i| (((i * 2_654_435_761) >> 7) % 5) + 1 }
with_nils = scores.each_with_index.map { |s, i| (i % 10).zero? ? nil : s }
expected = 100.0 * scores.count { |s| s >= 4 } / n
agents = Array.new(n) { |i| "agent-#{i % 100}" }
pairs = agents.zip(scores)

def clock
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
  yield
  Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - t
end

cases = {
  'add (per score)' => lambda {
    c = Cxkpi::Csat.new
    scores.each { |s| c.add(s) }
    c.percent
  },
  'add_many (int array)' => lambda {
    c = Cxkpi::Csat.new
    c.add_many(scores)
    c.percent
  },
  'add_many (10% nil)' => lambda {
    c = Cxkpi::Csat.new
    c.add_many(with_nils)
    c.percent
  },
  'pack only' => lambda {
    scores.pack('d*')
    expected
  },
  'ruby loop (tally)' => lambda {
    counts = Array.new(6, 0)
    scores.each { |s| counts[s] += 1 }
    100.0 * (counts[4] + counts[5]) / scores.size
  },
  'ruby count { s >= 4 }' => lambda {
    100.0 * scores.count { |s| s >= 4 } / scores.size
  },
  'per agent: grouped' => lambda {
    by = Cxkpi::Csat.grouped(agents, scores)
    by.sum { |_, c| c.satisfied } * 100.0 / n
  },
  'per agent: group_by+add_many' => lambda {
    by = pairs.group_by(&:first).transform_values { |rows| Cxkpi::Csat.new.add_many(rows.map(&:last)) }
    by.sum { |_, c| c.satisfied } * 100.0 / n
  },
  'per agent: ruby tally' => lambda {
    counts = Hash.new { |h, k| h[k] = [0, 0] }
    agents.each_with_index do |a, i|
      c = counts[a]
      c[0] += 1
      c[1] += 1 if scores[i] >= 4
    end
    percents = counts.transform_values { |total, sat| 100.0 * sat / total }
    percents.size && counts.sum { |_, (_, sat)| sat } * 100.0 / n
  }
}

puts "ruby #{RUBY_VERSION}, ffi #{FFI::VERSION}, libcxkpi #{Cxkpi::LIBRARY_VERSION} (#{Cxkpi::LIBRARY_PATH})"
puts "uptime: #{`uptime`.strip}"
puts format('N = %d scores, %d repetitions; ns per score: median (min - max)', n, reps)
cases.each do |name, fn|
  result = nil
  times = Array.new(reps) do
    GC.start
    clock { result = fn.call } / n.to_f
  end
  ok = name.include?('nil') || (result - expected).abs < 1e-9 ? '' : "  RESULT #{result} != #{expected}"
  sorted = times.sort
  puts format('  %-24s %9.2f  (%.2f - %.2f)%s', name, sorted[reps / 2], sorted.first, sorted.last, ok)
end
