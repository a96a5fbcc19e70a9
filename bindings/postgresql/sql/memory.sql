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
-- The library's own memory (malloc, outside PostgreSQL's contexts) is freed with each
-- aggregate, also when an ERROR interrupts it: the backend's resident memory does not grow
-- over 50 aggregates of 1000 duration states each (about 2 MB of states each time), whether
-- they finish or fail on their last row.
CREATE FUNCTION rss_kb() RETURNS bigint
  AS $$ SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmRSS:\s+(\d+)'))[1]::bigint $$
  LANGUAGE sql;
CREATE FUNCTION repeated_aggregates(n int, fail boolean) RETURNS int AS $$
DECLARE
  failures int := 0;
BEGIN
  FOR i IN 1 .. n LOOP
    BEGIN
      PERFORM g % 1000, duration_state(CASE WHEN fail AND g = 20000 THEN -1 ELSE g END::float8)
      FROM generate_series(1, 20000) g GROUP BY 1;
    EXCEPTION WHEN numeric_value_out_of_range THEN
      failures := failures + 1;
    END;
  END LOOP;
  RETURN failures;
END
$$ LANGUAGE plpgsql;
SELECT repeated_aggregates(3, true) + repeated_aggregates(3, false) AS warm_up_failures;
SELECT rss_kb() AS rss_before \gset
SELECT repeated_aggregates(50, false) AS failures, repeated_aggregates(50, true) AS failures_with_error;
SELECT rss_kb() - :rss_before < 20480 AS resident_memory_grew_less_than_20_mb;
