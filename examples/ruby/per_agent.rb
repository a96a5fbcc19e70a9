# frozen_string_literal: true

# Per-agent CSAT and NPS from survey rows shaped as Rails returns them
# (`SurveyResponse.pluck(:agent, :csat, :nps)` mapped to hashes), the way a Zammad or
# Chatwoot plugin would compute them: one accumulator per agent and KPI, all agents' in one
# C call per KPI (a grouped batch), the states stored as bytes (a binary column) and merged
# back for the team.
#
#   CXKPI_LIBRARY=build/lib/libcxkpi.so.0 ruby -Ibindings/ruby/lib examples/ruby/per_agent.rb
require 'cxkpi'

rows = [
  { agent: 'ana',   csat: 5,   nps: 10 },
  { agent: 'ana',   csat: 4,   nps: 9 },
  { agent: 'ana',   csat: 2,   nps: 6 },
  { agent: 'bruno', csat: 5,   nps: 9 },
  { agent: 'bruno', csat: nil, nps: 7 },   # answered NPS only: nil is "no answer"
  { agent: 'bruno', csat: 3,   nps: nil },
  { agent: 'chen',  csat: 1,   nps: 2 },
  { agent: 'chen',  csat: 5,   nps: 10 }
]

agents = rows.map { |r| r[:agent] }
csat_by_agent = Cxkpi::Csat.grouped(agents, rows.map { |r| r[:csat] }, scale_min: 1, scale_max: 5, satisfied_min: 4)
nps_by_agent = Cxkpi::Nps.grouped(agents, rows.map { |r| r[:nps] })

# The "database": agent => [csat bytes, nps bytes].
stored = csat_by_agent.to_h { |agent, csat| [agent, [csat.to_s, nps_by_agent[agent].to_s]] }

def figure(acc)
  yield acc
rescue Cxkpi::EmptyError
  '   -'
end

puts format('%-8s %5s %7s %5s %7s', 'agent', 'n', 'CSAT', 'n', 'NPS')
team_csat = Cxkpi::Csat.new
team_nps = Cxkpi::Nps.new
stored.each do |agent, (csat_bytes, nps_bytes)|
  csat = Cxkpi::Csat.from_bytes(csat_bytes)
  nps = Cxkpi::Nps.from_bytes(nps_bytes)
  team_csat.merge!(csat)
  team_nps.merge!(nps)
  puts format('%-8s %5d %7s %5d %7s', agent, csat.count, figure(csat) { |c| format('%.1f%%', c.percent) },
              nps.count, figure(nps) { |n| format('%+.1f', n.score) })
end
lo, hi = team_csat.interval(0.95)
puts format('%-8s %5d %6.1f%% %5d %+7.1f', 'team', team_csat.count, team_csat.percent,
            team_nps.count, team_nps.score)
puts format('team CSAT 95%% interval: %.1f%% .. %.1f%%', lo, hi)
