-- Every aggregate against the same figure written in plain SQL on the same rows.
-- Figures agree to 1e-9 (they are computed from the same exact counts); quantiles are
-- within alpha of the exact value of rank floor(q * (n - 1)).
CREATE TABLE tickets AS
SELECT g AS id,
       g % 10 AS agent,
       date '2026-01-05' + (g % 56) AS day,
       CASE WHEN g % 97 = 0 THEN NULL ELSE 1 + (g * 7) % 5 END AS csat,
       CASE WHEN g % 89 = 0 THEN NULL ELSE (g * 13) % 11 END AS nps,
       (g % 3 = 0) AS resolved,
       (g % 3 <> 0 AND g % 7 = 0) AS escalated,
       (g % 3 <> 0 AND g % 11 = 0) AS reopened,
       (g % 3 <> 0 AND g % 13 = 0) AS excluded,
       ((g * 37) % 7200)::float8 AS elapsed,
       (g % 17 = 0) AS is_open,
       CASE WHEN g % 83 = 0 THEN NULL ELSE 0.5 + ((g * 7919) % 100000) / 7.0 END AS secs,
       ((g * 31) % 600)::float8 AS talk, ((g * 17) % 120)::float8 AS hold,
       ((g * 11) % 90)::float8 AS acw
FROM generate_series(1, 20000) AS g;

CREATE FUNCTION close_to(a float8, b float8, tol float8 DEFAULT 1e-9) RETURNS boolean
  AS $$ SELECT abs(a - b) <= tol * greatest(1, abs(b)) $$ LANGUAGE sql IMMUTABLE;

-- CSAT (1-5, satisfied from 4): percent, mean, counts, distribution
SELECT close_to(csat_percent(csat, 1, 5, 4),
                100.0 * count(*) FILTER (WHERE csat >= 4) / count(csat)) AS percent,
       close_to(csat_mean(csat_state(csat, 1, 5, 4)), avg(csat)) AS mean,
       csat_count(csat_state(csat, 1, 5, 4)) = count(csat) AS responses,
       csat_satisfied(csat_state(csat, 1, 5, 4)) = count(*) FILTER (WHERE csat >= 4) AS satisfied,
       csat_distribution(csat_state(csat, 1, 5, 4)) = ARRAY[
         count(*) FILTER (WHERE csat = 1), count(*) FILTER (WHERE csat = 2),
         count(*) FILTER (WHERE csat = 3), count(*) FILTER (WHERE csat = 4),
         count(*) FILTER (WHERE csat = 5)] AS distribution
FROM tickets;
-- Wilson interval, written out: p = s/n, z = 1.959963984540054 (95 %),
-- centre (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
WITH c AS (SELECT count(*) FILTER (WHERE csat >= 4)::float8 AS s, count(csat)::float8 AS n,
                  1.959963984540054::float8 AS z, csat_state(csat, 1, 5, 4) AS st FROM tickets),
     w AS (SELECT st, s / n AS p, n, z FROM c)
SELECT close_to((csat_percent_interval(st)).lo,
                100 * ((p + z*z/(2*n)) - z * sqrt(p*(1-p)/n + z*z/(4*n*n))) / (1 + z*z/n)) AS lo,
       close_to((csat_percent_interval(st)).hi,
                100 * ((p + z*z/(2*n)) + z * sqrt(p*(1-p)/n + z*z/(4*n*n))) / (1 + z*z/n)) AS hi
FROM w;
-- per agent, grouped
SELECT bool_and(ok) AS per_agent FROM (
  SELECT close_to(csat_percent(csat, 1, 5, 4),
                  100.0 * count(*) FILTER (WHERE csat >= 4) / count(csat)) AS ok
  FROM tickets GROUP BY agent) AS x;
-- the one-argument forms are the 1-5 scale satisfied from 4
SELECT csat_percent(csat) = csat_percent(csat, 1, 5, 4) AS one_argument,
       csat_state(csat)::bytea = csat_state(csat, 1, 5, 4)::bytea AS same_state
FROM tickets;
-- other scales: 0-10 from 9, 0/1 from 1
SELECT close_to(csat_percent(nps, 0, 10, 9), 100.0 * count(*) FILTER (WHERE nps >= 9) / count(nps)),
       close_to(csat_percent(id % 2, 0, 1, 1), 50)
FROM tickets;

-- NPS: score, groups, standard error 100 sqrt((p + d - (p - d)^2) / n), margin z * se
SELECT close_to(nps_score(nps), 100.0 * (count(*) FILTER (WHERE nps >= 9)
                 - count(*) FILTER (WHERE nps <= 6)) / count(nps)) AS score,
       nps_groups(nps_state(nps)) = ROW(count(*) FILTER (WHERE nps >= 9),
                                         count(*) FILTER (WHERE nps BETWEEN 7 AND 8),
                                         count(*) FILTER (WHERE nps <= 6))::cxkpi_nps_groups AS groups,
       nps_count(nps_state(nps)) = count(nps) AS responses
FROM tickets;
WITH c AS (SELECT count(*) FILTER (WHERE nps >= 9)::float8 / count(nps) AS p,
                  count(*) FILTER (WHERE nps <= 6)::float8 / count(nps) AS d,
                  count(nps)::float8 AS n, nps_state(nps) AS st FROM tickets)
SELECT close_to(nps_stderr(st), 100 * sqrt((p + d - (p - d)^2) / n)) AS stderr,
       close_to(nps_margin(st, 0.95), 1.959963984540054 * 100 * sqrt((p + d - (p - d)^2) / n)) AS margin,
       close_to((nps_group_percents(st)).promoters, 100 * p) AS promoters_percent
FROM c;
-- the worked example: 50 promoters, 30 passives, 20 detractors: NPS 30, se 7.8102497
SELECT nps_score(s), round(nps_stderr(nps_state(s))::numeric, 7) AS se
FROM (SELECT 10 FROM generate_series(1, 50) UNION ALL SELECT 7 FROM generate_series(1, 30)
      UNION ALL SELECT 0 FROM generate_series(1, 20)) AS r(s);

-- FCR: gross and net percent, escalation and reopen rates
SELECT close_to(fcr_percent(resolved), 100.0 * count(*) FILTER (WHERE resolved) / count(*)) AS gross,
       close_to(fcr_net_percent(fcr_state(resolved, escalated, reopened, excluded)),
                100.0 * count(*) FILTER (WHERE resolved) / count(*) FILTER (WHERE NOT excluded)) AS net,
       close_to(fcr_escalation_percent(fcr_state(resolved, escalated, reopened, excluded)),
                100.0 * count(*) FILTER (WHERE escalated) / count(*)) AS escalation,
       close_to(fcr_reopen_percent(fcr_state(resolved, escalated, reopened, excluded)),
                100.0 * count(*) FILTER (WHERE reopened) / count(*)) AS reopen,
       fcr_counts(fcr_state(resolved, escalated, reopened, excluded))
         = ROW(count(*), count(*) FILTER (WHERE resolved), count(*) FILTER (WHERE escalated),
               count(*) FILTER (WHERE reopened), count(*) FILTER (WHERE excluded))::cxkpi_fcr_counts AS counts
FROM tickets;
-- 72 resolved of 100, 10 excluded: gross 72 %, net 80 %
SELECT fcr_percent(s), fcr_net_percent(s)
FROM (SELECT fcr_state(g <= 72, false, false, g > 90) AS s FROM generate_series(1, 100) g) AS x;

-- SLA (target 1 hour): met = finished within target; breached = over target (open or not);
-- open within target is in progress, outside compliance
SELECT close_to(sla_compliance_percent(elapsed, 3600, is_open),
                100.0 * count(*) FILTER (WHERE NOT is_open AND elapsed <= 3600)
                  / count(*) FILTER (WHERE elapsed > 3600 OR NOT is_open)) AS compliance,
       sla_met(sla_state(elapsed, 3600, is_open)) = count(*) FILTER (WHERE NOT is_open AND elapsed <= 3600) AS met,
       sla_breached(sla_state(elapsed, 3600, is_open)) = count(*) FILTER (WHERE elapsed > 3600) AS breached,
       sla_breached_open(sla_state(elapsed, 3600, is_open)) = count(*) FILTER (WHERE is_open AND elapsed > 3600) AS breached_open,
       sla_in_progress(sla_state(elapsed, 3600, is_open)) = count(*) FILTER (WHERE is_open AND elapsed <= 3600) AS in_progress,
       close_to((sla_lateness(sla_state(elapsed, 3600, is_open))).mean_seconds,
                avg(elapsed - 3600) FILTER (WHERE elapsed > 3600)) AS mean_lateness,
       (sla_lateness(sla_state(elapsed, 3600, is_open))).max_seconds
         = max(elapsed - 3600) FILTER (WHERE elapsed > 3600) AS max_lateness
FROM tickets;
-- intervals give the same figures as seconds
SELECT sla_compliance_percent(elapsed * interval '1 second', interval '1 hour', is_open)
         = sla_compliance_percent(elapsed, 3600, is_open) AS interval_form,
       sla_compliance_percent(elapsed * interval '1 second', interval '1 hour')
         = sla_compliance_percent(elapsed, 3600) AS all_finished
FROM tickets;
-- the worked example (target 3600 s): finished 1800, 3600, 5400, 7200, open 600, 4000:
-- met 2, breached 3, in progress 1, compliance 40 %, lateness 5800 s, mean 5800/3, max 3600
SELECT sla_summary(sla_state(e, 3600, o))
FROM (VALUES (1800, false), (3600, false), (5400, false), (7200, false), (600, true), (4000, true)) AS v(e, o);

-- totals across priorities: P1 (target 1 h) and P3 (target 8 h) states summed with
-- sla_merge_counts, each ticket judged against its own target
WITH p(priority, target) AS (VALUES (1, 3600), (3, 28800)),
     per AS (SELECT priority, sla_state(elapsed * priority * 4, target) AS s
             FROM tickets JOIN p ON p.priority = 1 + 2 * (tickets.id % 2) GROUP BY priority)
SELECT sla_met(sla_merge_counts(s)) = (SELECT count(*) FROM tickets JOIN p ON p.priority = 1 + 2 * (id % 2)
                                        WHERE elapsed * priority * 4 <= target) AS met,
       sla_breached(sla_merge_counts(s)) = (SELECT count(*) FROM tickets JOIN p ON p.priority = 1 + 2 * (id % 2)
                                             WHERE elapsed * priority * 4 > target) AS breached
FROM per;
-- Durations: count, mean, min, max, stddev exactly as SQL's; quantiles within alpha (1 %)
-- of the exact value at rank floor(q (n - 1)) (0-based) of the sorted values
SELECT duration_count(d) = n AS count, close_to(duration_mean(d), mean) AS mean,
       duration_min(d) = lo AS min, duration_max(d) = hi AS max,
       close_to(duration_stddev(d), sd) AS stddev, close_to(duration_sum(d), total) AS sum
FROM (SELECT duration_state(secs) AS d, count(secs) AS n, avg(secs) AS mean, min(secs) AS lo,
             max(secs) AS hi, stddev_pop(secs) AS sd, sum(secs) AS total FROM tickets) AS s;
WITH sorted AS (SELECT array_agg(secs ORDER BY secs) AS v, count(secs) AS n FROM tickets),
     qs AS (SELECT unnest(ARRAY[0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]::float8[]) AS q),
     st AS (SELECT duration_state(secs) AS d FROM tickets)
SELECT q, abs(duration_quantile(d, q) - v[floor(q * (n - 1))::int + 1])
            <= 0.01 * v[floor(q * (n - 1))::int + 1] AS within_alpha
FROM sorted, qs, st ORDER BY q;
-- the fixed-quantile aggregates and the array reader agree with the reader
SELECT duration_median(secs) = duration_quantile(duration_state(secs), 0.5) AS median,
       duration_p90(secs) = duration_quantile(duration_state(secs), 0.9) AS p90,
       duration_p95(secs) = duration_quantile(duration_state(secs), 0.95) AS p95,
       duration_p99(secs) = duration_quantile(duration_state(secs), 0.99) AS p99,
       duration_quantiles(duration_state(secs), '{0.5,0.9,0.99}')
         = ARRAY[duration_median(secs), duration_p90(secs), duration_p99(secs)] AS array_form,
       duration_median(secs * interval '1 second') = duration_median(secs) AS interval_form
FROM tickets;
-- another alpha: 0.001
WITH sorted AS (SELECT array_agg(secs ORDER BY secs) AS v, count(secs) AS n FROM tickets)
SELECT duration_alpha(d), abs(duration_quantile(d, 0.5) - v[floor(0.5 * (n - 1))::int + 1])
         <= 0.001 * v[floor(0.5 * (n - 1))::int + 1] AS within_alpha
FROM sorted, (SELECT duration_state(secs, 0.001) AS d FROM tickets) AS s;
-- one value: every quantile is that value; zero is counted
SELECT duration_summary(duration_state(x)) FROM (VALUES (42.0::float8)) AS v(x);
SELECT duration_count(duration_state(x)), duration_quantile(duration_state(x), 0.5),
       duration_zero_count(duration_state(x)), duration_collapsed_count(duration_state(x))
FROM (VALUES (0::float8), (0), (5)) AS v(x);

-- AHT: mean handling time = avg(talk + hold + acw); components
SELECT close_to(aht_seconds(talk, hold, acw), avg(talk + hold + acw)) AS aht,
       close_to(aht_mean(aht_state(talk, hold, acw), 'talk'), avg(talk)) AS talk,
       close_to(aht_mean(aht_state(talk, hold, acw), 'hold'), avg(hold)) AS hold,
       close_to(aht_mean(aht_state(talk, hold, acw), 'acw'), avg(acw)) AS acw,
       aht_count(aht_state(talk, hold, acw)) = count(*) AS count
FROM tickets;
-- a component as a duration state: every duration reader applies
SELECT duration_count(c) = n AS count, duration_max(c) = hi AS max_hold,
       close_to(duration_stddev(c), sd) AS stddev_hold
FROM (SELECT aht_component(aht_state(talk, hold, acw), 'hold') AS c, count(*) AS n,
             max(hold) AS hi, stddev_pop(hold) AS sd FROM tickets) AS a;
WITH sorted AS (SELECT array_agg(talk + hold + acw ORDER BY talk + hold + acw) AS v, count(*) AS n FROM tickets)
SELECT abs(aht_quantile(a, 'total', 0.9) - v[floor(0.9 * (n - 1))::int + 1])
         <= 0.01 * v[floor(0.9 * (n - 1))::int + 1] AS p90_within_alpha
FROM sorted, (SELECT aht_state(talk, hold, acw) AS a FROM tickets) AS s;

-- Churn: segments of one period sum; 200 at start, 10 lost, 25 gained: 5 %, net growth 7.5 %
SELECT churn_percent(s), churn_net_growth(s), churn_counts(s)
FROM (SELECT churn_state(a, g, l) AS s FROM (VALUES (120, 15, 4), (80, 10, 6)) AS v(a, g, l)) AS x;
SELECT close_to(churn_percent(a, g, l), 100.0 * sum(l) / sum(a)) AS churn
FROM (SELECT 1000 + i AS a, i % 50 AS g, i % 40 AS l FROM generate_series(1, 300) i) AS v;

-- Empty input: no rows give NULL, like SQL's avg; NULL-only rows give an empty state
-- whose counts are 0 and whose figures are NULL.
SELECT csat_percent(csat, 1, 5, 4) AS no_rows, nps_score(nps), fcr_percent(resolved),
       sla_compliance_percent(elapsed, 3600), duration_median(secs), csat_state(csat, 1, 5, 4)
FROM tickets WHERE false;
SELECT csat_count(s), csat_percent(s), csat_mean(s), csat_percent_interval(s)
FROM (SELECT csat_state(NULL::int, 1, 5, 4) AS s FROM generate_series(1, 3)) AS x;
SELECT nps_count(s), nps_score(s), nps_stderr(s), nps_groups(s)
FROM (SELECT nps_state(NULL::int) AS s FROM generate_series(1, 3)) AS x;
SELECT duration_count(s), duration_mean(s), duration_quantile(s, 0.5)
FROM (SELECT duration_state(NULL::float8) AS s FROM generate_series(1, 3)) AS x;
-- extremes: the ends of the scales
SELECT csat_percent(s, 0, 100, 100), nps_score(s % 11)
FROM (VALUES (100), (0), (100), (100)) AS v(s);
SELECT nps_score(10), nps_score(0) FROM generate_series(1, 3);
