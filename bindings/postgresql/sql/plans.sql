-- Parallel plans and the two-phase path (partial states -> text -> combine -> final).
CREATE TABLE big AS
SELECT g AS id, g % 8 AS agent,
       CASE WHEN g % 101 = 0 THEN NULL ELSE 1 + (g * 7) % 5 END AS csat,
       (g * 13) % 11 AS nps, (g % 3 = 0) AS resolved,
       ((g * 37) % 7200)::float8 AS elapsed,
       0.5 + ((g * 7919) % 100000) / 7.0 AS secs,
       ((g * 31) % 600)::float8 AS talk
FROM generate_series(1, 200000) AS g;
ANALYZE big;

-- serial results
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT agent, csat_state(csat, 1, 5, 4) AS c, nps_state(nps) AS n, fcr_state(resolved) AS f,
       sla_state(elapsed, 3600) AS s, duration_state(secs) AS d,
       aht_state(talk, 10, 20) AS a, churn_state(1000, 3, agent) AS ch,
       survival_state(secs, resolved) AS sv
FROM big GROUP BY agent;
CREATE TEMP TABLE serial_total AS
SELECT csat_percent(csat, 1, 5, 4) AS c, nps_score(nps) AS n, fcr_percent(resolved) AS f,
       sla_compliance_percent(elapsed, 3600) AS s, duration_p90(secs) AS d,
       aht_seconds(talk, 10, 20) AS a
FROM big;

-- a forced parallel plan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT csat_percent(csat, 1, 5, 4), nps_score(nps), fcr_percent(resolved),
       sla_compliance_percent(elapsed, 3600), duration_p90(secs), aht_seconds(talk, 10, 20)
FROM big;
-- the workers really run: the partial states cross process boundaries as flat bytes
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT nps_score(nps), duration_p90(secs) FROM big;
SELECT csat_percent(csat, 1, 5, 4) = c AS csat, nps_score(nps) = n AS nps,
       fcr_percent(resolved) = f AS fcr, sla_compliance_percent(elapsed, 3600) = s AS sla,
       duration_p90(secs) = d AS duration_p90,
       abs(aht_seconds(talk, 10, 20) - a) <= 1e-9 * a AS aht
FROM big, serial_total GROUP BY c, n, f, s, d, a;

EXPLAIN (COSTS OFF)
SELECT agent, csat_state(csat, 1, 5, 4), nps_state(nps), duration_state(secs)
FROM big GROUP BY agent;
-- per agent: counts-only states are byte-identical; durations have the same counts,
-- extremes and quantiles (sums may differ in the last bit with the order of merging)
WITH par AS (
  SELECT agent, csat_state(csat, 1, 5, 4) AS c, nps_state(nps) AS n, fcr_state(resolved) AS f,
         sla_state(elapsed, 3600) AS s, duration_state(secs) AS d,
         aht_state(talk, 10, 20) AS a, churn_state(1000, 3, agent) AS ch,
         survival_state(secs, resolved) AS sv
  FROM big GROUP BY agent)
SELECT bool_and(par.c::bytea = serial.c::bytea) AS csat,
       bool_and(par.n::bytea = serial.n::bytea) AS nps,
       bool_and(par.f::bytea = serial.f::bytea) AS fcr,
       bool_and(sla_met(par.s) = sla_met(serial.s) AND sla_breached(par.s) = sla_breached(serial.s)) AS sla,
       bool_and(duration_count(par.d) = duration_count(serial.d)
                AND duration_min(par.d) = duration_min(serial.d)
                AND duration_max(par.d) = duration_max(serial.d)
                AND duration_quantiles(par.d, '{0.1,0.5,0.9,0.99}')
                    = duration_quantiles(serial.d, '{0.1,0.5,0.9,0.99}')) AS duration,
       bool_and(aht_quantile(par.a, 'total', 0.5) = aht_quantile(serial.a, 'total', 0.5)) AS aht,
       bool_and(par.ch::bytea = serial.ch::bytea) AS churn,
       bool_and(par.sv::bytea = serial.sv::bytea) AS survival
FROM par JOIN serial USING (agent);

-- Two phases, as a distributed planner runs them: partial states per shard, shipped as
-- text, read back, combined by the merge aggregates (whose transition function is the
-- combine function) and finished by the readers. Equal to one pass.
RESET max_parallel_workers_per_gather;
CREATE TEMP TABLE shipped AS
SELECT id % 4 AS shard, csat_state(csat, 1, 5, 4)::text AS c, nps_state(nps)::text AS n,
       fcr_state(resolved)::text AS f, sla_state(elapsed, 3600)::text AS s,
       duration_state(secs)::text AS d, aht_state(talk, 10, 20)::text AS a
FROM big GROUP BY id % 4;
SELECT pg_typeof(c) AS shipped_as, count(*) AS shards FROM shipped GROUP BY 1;
SELECT csat_percent(csat_merge(c::cxkpi_csat)) = (SELECT c FROM serial_total) AS csat,
       nps_score(nps_merge(n::cxkpi_nps)) = (SELECT n FROM serial_total) AS nps,
       fcr_percent(fcr_merge(f::cxkpi_fcr)) = (SELECT f FROM serial_total) AS fcr,
       sla_compliance_percent(sla_merge(s::cxkpi_sla)) = (SELECT s FROM serial_total) AS sla,
       duration_quantile(duration_merge(d::cxkpi_duration), 0.9) = (SELECT d FROM serial_total) AS duration,
       abs(aht_mean(aht_merge(a::cxkpi_aht)) - (SELECT a FROM serial_total)) <= 1e-9 * 400 AS aht
FROM shipped;
-- the merge aggregates in a parallel plan too
SET max_parallel_workers_per_gather = 2;
CREATE TABLE shipped_big AS SELECT s.* FROM shipped s, generate_series(1, 2000);
ANALYZE shipped_big;
EXPLAIN (COSTS OFF) SELECT csat_merge(c::cxkpi_csat) FROM shipped_big;
SELECT csat_count(csat_merge(c::cxkpi_csat)) AS merged_responses,
       2000 * (SELECT count(csat) FROM big) AS expected
FROM shipped_big;
