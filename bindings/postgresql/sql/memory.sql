-- 10^6 rows aggregate in bounded memory: the state is updated in place, nothing is
-- allocated per row in the aggregate's memory. A hash aggregate reports the memory of its
-- groups (the aggregate states included): with 10 groups it stays small however many rows.
CREATE FUNCTION hash_agg_peak_kb(query text) RETURNS bigint AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) ' || query INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Peak Memory Usage')::bigint;
END
$$ LANGUAGE plpgsql;
SET enable_sort = off;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE TEMP TABLE sizes AS
SELECT n, hash_agg_peak_kb(format(
  'SELECT g %% 10, csat_state(1 + g %% 5, 1, 5, 4), nps_state(g %% 11), fcr_state(g %% 3 = 0), '
  'sla_state((g %% 7200)::float8, 3600), duration_state(g::float8), churn_state(10, 1, 1) '
  'FROM generate_series(1, %s) g GROUP BY 1', n)) AS kb
FROM (VALUES (1000), (1000000)) AS v(n);
-- the same memory for 10^3 and 10^6 rows (within 25 %), and under 1 MB for 10 groups
SELECT (SELECT kb FROM sizes WHERE n = 1000000) <= 1.25 * (SELECT kb FROM sizes WHERE n = 1000) AS bounded,
       (SELECT kb FROM sizes WHERE n = 1000000) < 1024 AS under_1mb;
-- and the answers over the 10^6 rows are right: CSAT scores 1..5 evenly: 40 %;
-- durations 1..10^6: p50 within 1 % of 500000
SELECT csat_percent(1 + g % 5, 1, 5, 4), abs(duration_median(g::float8) - 500000) <= 5000 AS p50
FROM generate_series(1, 1000000) g;
-- many groups: a state costs a few hundred bytes of the aggregate's memory (the states of
-- one aggregate share one memory context), under 600 bytes per group for 20000 groups
SELECT hash_agg_peak_kb('SELECT g % 20000, nps_state(g % 11) FROM generate_series(1, 100000) g GROUP BY 1')
         < 20000 * 600 / 1024 AS under_600_bytes_per_group;
