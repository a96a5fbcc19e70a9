-- Bad input raises a clear ERROR (the library's message, a SQLSTATE naming the kind of
-- problem) and the session keeps working: the next statement after each error runs.
\set SHOW_CONTEXT never
-- out-of-range values
SELECT csat_percent(s, 1, 5, 4) FROM (VALUES (5), (6)) AS v(s);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT nps_score(s) FROM (VALUES (10), (11)) AS v(s);
SELECT nps_score(s) FROM (VALUES (-1)) AS v(s);
SELECT duration_median(x) FROM (VALUES (1.0), (-0.5)) AS v(x);
SELECT duration_median(x) FROM (VALUES ('NaN'::float8)) AS v(x);
SELECT duration_median(x) FROM (VALUES ('Infinity'::float8)) AS v(x);
SELECT sla_compliance_percent(e, 3600) FROM (VALUES (-1.0)) AS v(e);
SELECT aht_seconds(t, 0, 0) FROM (VALUES (-3.0)) AS v(t);
SELECT churn_percent(a, g, l) FROM (VALUES (10, 0, 11)) AS v(a, g, l);
SELECT churn_percent(a, g, l) FROM (VALUES (-10, 0, 1)) AS v(a, g, l);
-- contradictory outcome: resolved on first contact and escalated
SELECT fcr_state(true, true, false, false);
-- invalid configurations
SELECT csat_state(3, 5, 1, 4);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT csat_state(3, 1, 5, NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT sla_state(10.0, 0.0);
SELECT duration_state(1.0, 0.5);
-- the configuration may not change inside one aggregate
SELECT csat_state(s, 1, hi, 4) FROM (VALUES (3, 5), (3, 7)) AS v(s, hi);
SELECT sla_state(10.0, t) FROM (VALUES (60.0), (120.0)) AS v(t);
-- merging states of different configurations
SELECT csat_merge(s) FROM (SELECT csat_state(3, 1, 5, 4) UNION ALL SELECT csat_state(3, 1, 10, 8)) AS v(s);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT sla_merge(s) FROM (SELECT sla_state(10.0, 60.0) UNION ALL SELECT sla_state(10.0, 120.0)) AS v(s);
SELECT duration_merge(s) FROM (SELECT duration_state(1.0) UNION ALL SELECT duration_state(1.0, 0.02)) AS v(s);
-- readers: bad arguments
SELECT csat_percent_interval(csat_state(4, 1, 5, 4), 1.5);
SELECT duration_quantile(duration_state(1.0), 1.5);
SELECT duration_quantiles(duration_state(1.0), '{0.5,NULL}');
SELECT aht_mean(aht_state(1, 2, 3), 'lunch');
SELECT csat_score_count(csat_state(4, 1, 5, 4), 9);
-- transition functions are for aggregates only
SELECT cxkpi_nps_trans(NULL, 5);
-- corrupted bytes reaching an aggregate or a reader
SELECT csat_merge(overlay(s::bytea PLACING '\x07'::bytea FROM 30 FOR 1)::cxkpi_csat)
FROM (SELECT csat_state(4, 1, 5, 4) AS s) AS one;
SELECT nps_score(('\x' || repeat('00', 40))::bytea::cxkpi_nps);
-- the server kept serving
SELECT nps_score(s) AS still_serving FROM (VALUES (10), (9), (0)) AS v(s);
