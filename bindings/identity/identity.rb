# frozen_string_literal: true

# The Ruby side of the cross-language identity test (see run.py): same commands and outputs
# as identity.c, through the gem, feeding with add_many (one C call per kind).
require 'cxkpi'

def f64(x) = [x].pack('E').unpack1('H*')

def write_outputs(out, accs)
  accs.each { |kind, acc| File.binwrite(File.join(out, "#{kind}.bin"), acc.to_s) }
  c, n, fcr, sla, d, aht, ch, t = accs.values_at('csat', 'nps', 'fcr', 'sla', 'duration', 'aht', 'churn', 'fcr_tracker')
  lo, hi = c.interval(0.95)
  slo, shi = sla.interval(0.95)
  episodes, keys = t.open_episodes
  results = t.results.counts
  lines = [
    ['csat.count', c.count], ['csat.percent', f64(c.percent)], ['csat.mean', f64(c.mean)],
    ['csat.lo', f64(lo)], ['csat.hi', f64(hi)],
    ['nps.count', n.count], ['nps.score', f64(n.score)], ['nps.stderr', f64(n.stderr)],
    ['nps.margin', f64(n.margin(0.95))],
    ['fcr.percent', f64(fcr.percent)], ['fcr.net_percent', f64(fcr.net_percent)],
    ['fcr.escalation_percent', f64(fcr.escalation_percent)], ['fcr.reopen_percent', f64(fcr.reopen_percent)],
    ['sla.met', sla.met], ['sla.breached', sla.breached], ['sla.percent', f64(sla.percent)],
    ['sla.lo', f64(slo)], ['sla.hi', f64(shi)],
    ['duration.count', d.count], ['duration.mean', f64(d.mean)], ['duration.stddev', f64(d.stddev)],
    ['duration.p50', f64(d.quantile(0.5))], ['duration.p90', f64(d.quantile(0.9))],
    ['duration.p99', f64(d.quantile(0.99))],
    ['aht.aht', f64(aht.aht)], ['aht.talk_p90', f64(aht.quantile(0.9, :talk))],
    ['churn.percent', f64(ch.percent)],
    ['survival.within_1h', f64(accs['survival'].percent_resolved_within(3600.0))],
    ['survival.median', f64(accs['survival'].quantile(0.5).value)],
    ['fcr_tracker.open_episodes', episodes], ['fcr_tracker.open_keys', keys],
    ['fcr_tracker.issues', results[:issues]], ['fcr_tracker.resolved', results[:resolved_first_contact]]
  ]
  File.write(File.join(out, 'figures.txt'), lines.map { |name, value| "#{name} #{value}\n" }.join)
end

def feed(events, out)
  cols = Hash.new { |h, k| h[k] = [] }
  File.foreach(events) do |line|
    word, *args = line.split
    cols[word] << args
  end
  ints = ->(w) { cols[w].map { |a| Integer(a[0]) } }
  floats = ->(w) { cols[w].map { |a| Float(a[0]) } }
  accs = {
    'csat' => Cxkpi::Csat.new(scale_min: 1, scale_max: 5, satisfied_min: 4), 'nps' => Cxkpi::Nps.new,
    'fcr' => Cxkpi::Fcr.new, 'sla' => Cxkpi::Sla.new(3600.0), 'duration' => Cxkpi::Duration.new(alpha: 0.01),
    'aht' => Cxkpi::Aht.new(alpha: 0.01), 'churn' => Cxkpi::Churn.new,
    'fcr_tracker' => Cxkpi::FcrTracker.new(window: 3600, lateness: 600),
    'survival' => Cxkpi::Survival.new(alpha: 0.01)
  }
  accs['csat'].add_many(ints['csat'])
  accs['nps'].add_many(ints['nps'])
  accs['fcr'].add_many(ints['fcr'])
  accs['sla'].add_many(floats['sla']).add_open_many(floats['sla_open'])
  accs['duration'].add_many(floats['duration'])
  triples = cols['aht'].map { |a| a.map { |x| Float(x) } }
  accs['aht'].add_many(triples.map { |x| x[0] }, triples.map { |x| x[1] }, triples.map { |x| x[2] })
  ints['churn_start'].each { |n| accs['churn'].add_start(n) }
  ints['churn_gained'].each { |n| accs['churn'].add_gained(n) }
  ints['churn_lost'].each { |n| accs['churn'].add_lost(n) }
  accs['survival'].add_many(floats['survival']).add_open_many(floats['survival_open'])
  accs['fcr_tracker'].add_many(cols['contact'].map(&:first), cols['contact'].map { |a| Integer(a[1]) })
  write_outputs(out, accs)
end

KINDS = { 'csat' => Cxkpi::Csat, 'nps' => Cxkpi::Nps, 'fcr' => Cxkpi::Fcr, 'sla' => Cxkpi::Sla,
          'duration' => Cxkpi::Duration, 'aht' => Cxkpi::Aht, 'churn' => Cxkpi::Churn,
          'survival' => Cxkpi::Survival }.freeze

def merge(out, dirs)
  read = ->(dir, kind) { File.binread(File.join(dir, "#{kind}.bin")) }
  accs = KINDS.to_h do |kind, klass|
    [kind, dirs.drop(1).reduce(klass.from_bytes(read[dirs[0], kind])) { |acc, dir| acc.merge!(klass.from_bytes(read[dir, kind])) }]
  end
  accs['fcr_tracker'] = Cxkpi::FcrTracker.from_bytes(read[dirs[0], 'fcr_tracker'])
  write_outputs(out, accs)
end

case ARGV
in ['feed', events, out] then feed(events, out)
in ['merge', out, *dirs] if dirs.any? then merge(out, dirs)
else abort 'usage: identity.rb feed EVENTS OUTDIR | merge OUTDIR DIR...'
end
