-- The stored types: text, binary and bytea forms, and what the catalog says of every
-- aggregate (a combine function, a stored state type, parallel safe).
CREATE EXTENSION cxkpi;

-- Every aggregate of the extension: combine function, state type a stored cxkpi base type
-- (not internal, not a pseudo-type), PARALLEL SAFE. Violations listed, then the count.
WITH aggs AS (
  SELECT p.oid, p.proname, a.aggcombinefn, a.aggtranstype, p.proparallel, a.aggminvtransfn
  FROM pg_depend d
  JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
  JOIN pg_aggregate a ON a.aggfnoid = p.oid
  WHERE d.refclassid = 'pg_extension'::regclass
    AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxkpi'))
SELECT proname, format_type(aggtranstype, NULL) AS state_type
FROM aggs JOIN pg_type t ON t.oid = aggs.aggtranstype
WHERE aggcombinefn = 0 OR proparallel <> 's' OR t.typtype <> 'b' OR t.typlen <> -1
   OR t.typname NOT LIKE 'cxkpi\_%';
SELECT count(*) AS aggregates,
       count(*) FILTER (WHERE a.aggminvtransfn <> 0) AS with_moving_mode
FROM pg_depend d
JOIN pg_aggregate a ON d.classid = 'pg_proc'::regclass AND d.objid = a.aggfnoid
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxkpi');
-- no aggregate is named like a built-in one
SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE p.pronamespace = 'pg_catalog'::regnamespace
  AND p.proname IN (SELECT q.proname FROM pg_proc q JOIN pg_aggregate b ON b.aggfnoid = q.oid
                    WHERE q.pronamespace <> 'pg_catalog'::regnamespace);

-- The worked example of the format documentation: CSAT 1-5 satisfied from 4 with 20
-- fives, 10 fours and 20 ones is 72 bytes: the header "CXKP", kind 1, version 1, payload
-- length 52, then scale_min 1, scale_max 5, satisfied_min 4, then the counts 20,0,0,10,20.
CREATE TABLE example AS
  SELECT csat_state(score, 1, 5, 4) AS s
  FROM (SELECT 5 FROM generate_series(1, 20) UNION ALL SELECT 4 FROM generate_series(1, 10)
        UNION ALL SELECT 1 FROM generate_series(1, 20)) AS r(score);
SELECT octet_length(s::bytea) AS bytes,
       substr(s::bytea, 1, 28) = '\x43584b500100010034000000000000000100000005000000040000'::bytea
         || '\x00'::bytea AS header_and_config,
       substr(s::bytea, 29, 40) = '\x1400000000000000000000000000000000000000000000000a000000000000001400000000000000'::bytea
         AS counts
FROM example;
SELECT csat_count(s), csat_satisfied(s), csat_percent(s), csat_mean(s) FROM example;
-- 30 satisfied of 50 = 60 %; mean (20*5 + 10*4 + 20*1) / 50 = 3.2
SELECT csat_distribution(s), csat_config(s) FROM example;

-- Round trips are the identity: text, bytea and binary COPY.
SELECT s::text::cxkpi_csat::text = s::text AS text_round_trip,
       s::bytea::cxkpi_csat::bytea = s::bytea AS bytea_round_trip,
       decode(s::text, 'base64') = s::bytea AS text_is_base64_of_bytes
FROM example;
CREATE TABLE states_copy (c cxkpi_csat, n cxkpi_nps, d cxkpi_duration);
INSERT INTO states_copy
  SELECT (SELECT s FROM example), nps_state(g % 11), duration_state(g * 1.5)
  FROM generate_series(1, 100) g;
\copy states_copy TO 'results-dir/cxkpi_states.bin' WITH (FORMAT binary)
CREATE TABLE states_back (LIKE states_copy);
\copy states_back FROM 'results-dir/cxkpi_states.bin' WITH (FORMAT binary)
SELECT a.c::text = b.c::text AND a.n::text = b.n::text AND a.d::text = b.d::text AS binary_round_trip
FROM states_copy a, states_back b;

-- The functions written in SQL find the extension's functions whatever the search_path.
SET search_path = pg_catalog;
SELECT (public.csat_summary(s)).responses, (public.csat_summary(s)).percent FROM public.example;
RESET search_path;

-- Every type has the same three ways in, each checked by the library.
SELECT nps_count(nps_state(g % 11)::text::cxkpi_nps) FROM generate_series(1, 7) g;
SELECT fcr_count(fcr_state(g % 2 = 0)::bytea::cxkpi_fcr) FROM generate_series(1, 7) g;
SELECT sla_met(sla_state(g * 10.0, 35.0)::text::cxkpi_sla) FROM generate_series(1, 7) g;
SELECT duration_count(duration_state(g::float8)::text::cxkpi_duration) FROM generate_series(1, 7) g;
SELECT aht_count(aht_state(g, 1, 2)::text::cxkpi_aht) FROM generate_series(1, 7) g;
SELECT churn_counts(churn_state(100, 5, g)::text::cxkpi_churn) FROM generate_series(1, 7) g;

-- Bad input: each raises a clear error, and the server keeps serving.
SELECT 'not base64 at all!'::cxkpi_csat;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT 'AAAA'::cxkpi_csat;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT (SELECT nps_state(5))::text::cxkpi_csat;
SELECT substr(s::bytea, 1, 71)::cxkpi_csat FROM example;
SELECT (s::bytea || '\x00'::bytea)::cxkpi_csat FROM example;
SELECT overlay(s::bytea PLACING '\xff'::bytea FROM 40 FOR 1)::cxkpi_csat FROM example;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT overlay(s::bytea PLACING '\x00'::bytea FROM 1 FOR 1)::cxkpi_csat FROM example;
SELECT ''::cxkpi_nps;
SELECT 'ok, still serving' AS after_errors;
