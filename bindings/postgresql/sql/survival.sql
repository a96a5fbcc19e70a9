-- Time to resolve with open tickets (Kaplan-Meier) and the comparisons of two states,
-- against figures worked out by hand in the comments (and in plain SQL where it can).
CREATE EXTENSION IF NOT EXISTS cxkpi;
\set SHOW_CONTEXT never

-- Six tickets: resolved after 10, 20, 30 and 40 s; still open at ages 25 and 50 s. At
-- alpha 1% each time has a bucket of its own, so the estimate is the exact product-limit:
--   after 10: 5/6; after 20: 5/6 * 4/5 = 2/3; 25 censored (3 at risk at 30);
--   after 30: 2/3 * 2/3 = 4/9; after 40: 4/9 * 1/2 = 2/9; 50 censored.
-- Greenwood at 35 s: 1/(6*5) + 1/(5*4) + 1/(3*2) = 1/4, sqrt 1/2; 95% band
-- 4/9 * exp(-+1.959964 * 0.5) = [16.6805, 118.42 -> clipped to 100] percent.
CREATE TABLE km_tickets (seconds double precision, resolved boolean);
INSERT INTO km_tickets VALUES (10, true), (20, true), (25, false), (30, true), (40, true),
  (50, false), (NULL, true), (7, NULL);
CREATE TABLE km AS SELECT survival_state(seconds, resolved) AS s FROM km_tickets;
SELECT survival_resolved(s) AS resolved, survival_open(s) AS open, survival_alpha(s) AS alpha
FROM km;
SELECT abs(survival_percent(s, 35) - 400.0 / 9) < 1e-9 AS at_35,
       abs(survival_percent_resolved_within(s, 35) - 500.0 / 9) < 1e-9 AS within_35,
       abs(survival_percent(s, 10) - 500.0 / 6) < 1e-9 AS at_10,
       abs(survival_percent(s, 45) - 200.0 / 9) < 1e-9 AS at_45,
       survival_percent(s, 5) AS before_first, survival_percent(s, -1) AS negative_time,
       abs(survival_percent_resolved_within(s, interval '35 seconds') - 500.0 / 9) < 1e-9
         AS within_interval
FROM km;
SELECT abs((survival_percent_interval(s, 35)).lo
           - 400.0 / 9 * exp(-1.959963984540054 * sqrt(1.0 / 30 + 1.0 / 20 + 1.0 / 6))) < 1e-9
         AS band_lo,
       (survival_percent_interval(s, 35)).hi AS band_hi_clipped,
       round((survival_percent_interval(s, 35, 0.5)).lo::numeric, 4) AS lo_50,
       abs((survival_exact_bounds(s, 35)).lo - 400.0 / 9) < 1e-9
         AND abs((survival_exact_bounds(s, 35)).hi - 400.0 / 9) < 1e-9 AS exact_bracket
FROM km;
-- 50% band at 35 s: z = 0.6744898, 4/9 * exp(-0.6744898 * 0.5) = 31.7215 (above).
-- Median: the first time with S <= 1/2 is 30 s (S = 4/9), within alpha of its bucket.
-- Its band: the lower curve 2/3 * exp(-1.96 * sqrt(1/30 + 1/20)) = 0.3786 first reaches
-- 1/2 at 20 s; the upper curve stays above 1/2 (clipped to 1): +Infinity.
-- p90: S never falls to 0.1 (2/9 at the end): not known yet, NULL.
SELECT abs(survival_median(s) - 30) <= 0.3 AS median_30,
       abs(survival_quantile(s, 0.5) - 30) <= 0.3 AS q50_30,
       abs((survival_quantile_interval(s, 0.5)).lo - 20) <= 0.2 AS band_from_20,
       (survival_quantile_interval(s, 0.5)).hi AS band_to,
       abs(survival_quantile(s, 1.0 / 3) - 20) <= 0.2 AS q33_20,
       survival_quantile(s, 0.9) IS NULL AS p90_unknown,
       survival_quantile_interval(s, 0.9) IS NULL AS p90_band_unknown
FROM km;
-- the aggregate form of the median, intervals as input, and a chosen alpha
SELECT abs(survival_median(seconds, resolved) - 30) <= 0.3 AS median_aggregate,
       abs(survival_median(make_interval(secs => seconds), resolved) - 30) <= 0.3 AS from_intervals,
       survival_alpha(survival_state(seconds, resolved, 0.02)) AS alpha_2,
       survival_alpha(survival_state(make_interval(secs => seconds), resolved, 0.02)) AS alpha_iv
FROM km_tickets;

-- empty, one event, only open tickets
SELECT survival_state(x, true) IS NULL AS no_rows FROM (SELECT 1.0 WHERE false) AS v(x);
SELECT survival_percent(s, 1) AS one_at_1, survival_percent(s, 0.5) AS one_before,
       survival_median(s) = 0 AS zero_time, survival_resolved(s) AS resolved
FROM (SELECT survival_state(0.0, true) AS s) AS one;
SELECT survival_percent(s, 1e9) AS all_open, survival_median(s) AS median_unknown,
       survival_percent_resolved_within(s, 1e9) AS none_resolved
FROM (SELECT survival_state(x, false) AS s FROM (VALUES (5.0), (3600.0)) AS v(x)) AS o;
-- one year and a bit: the largest times the library takes
SELECT abs(survival_median(x, true) / (86400 * 366) - 1) <= 0.01 AS year
FROM (VALUES (86400.0 * 366)) AS v(x);

-- the stored type: text and bytea round trips, merge equal to one pass
SELECT s::text::cxkpi_survival::bytea = s::bytea AS text_round_trip,
       s::bytea::cxkpi_survival::bytea = s::bytea AS bytea_round_trip,
       get_byte(s::bytea, 4) AS frame_kind
FROM km;
CREATE TABLE many AS
  SELECT i, (i * 37) % 5000 + 0.5 AS seconds, i % 7 <> 0 AS resolved
  FROM generate_series(1, 3000) AS i;
SELECT (SELECT survival_merge(s) FROM (SELECT survival_state(seconds, resolved) AS s
                                      FROM many GROUP BY i % 10) AS parts)::bytea
       = (SELECT survival_state(seconds, resolved) FROM many)::bytea AS merge_equals_one_pass;
-- against plain SQL: with no ticket open, 1 - S(t) is the share resolved by t, up to the
-- tickets of t's bucket (a bucket spans 2% of time at alpha 1%)
SELECT survival_percent_resolved_within(survival_state(seconds, true), 2500)
         BETWEEN 100.0 * count(*) FILTER (WHERE seconds <= 2500 / 1.03) / count(*)
             AND 100.0 * count(*) FILTER (WHERE seconds <= 2500 * 1.03) / count(*) AS plain_share,
       100.0 * count(*) FILTER (WHERE seconds <= 2500) / count(*) AS plain_percent
FROM many;

-- bad input
SELECT survival_state(x, true) FROM (VALUES (-1.0)) AS v(x);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT survival_state(x, true) FROM (VALUES ('Infinity'::float8)) AS v(x);
SELECT survival_state(1.0, true, 0.5);
SELECT survival_state(1.0, true, NULL);
SELECT survival_percent(s, 'NaN') FROM km;
SELECT survival_quantile(s, 1) FROM km;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT survival_quantile_interval(s, 0.5, 1.5) FROM km;
SELECT survival_percent_interval(s, 10, 0) FROM km;
SELECT 'not base64!'::cxkpi_survival;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT nps_state(9)::bytea::cxkpi_survival;
SELECT cxkpi_survival_trans(NULL, 1.0, true);

-- NPS difference (Wald): a = 20 detractors, 30 passives, 50 promoters (NPS 30,
-- v = 0.70 - 0.09 = 0.61); b = 30, 30, 40 (NPS 10, v = 0.69). Difference 20,
-- se = 100 * sqrt(0.61/100 + 0.69/100) = 11.401754, 95% [-2.347028, 42.347028],
-- p = 2 (1 - Phi(20 / 11.401754)) = 0.0794106.
CREATE TABLE groups AS
  SELECT (SELECT nps_state(x) FROM (SELECT CASE WHEN i <= 20 THEN 3 WHEN i <= 50 THEN 8 ELSE 10 END
                                    FROM generate_series(1, 100) AS i) AS v(x)) AS a,
         (SELECT nps_state(x) FROM (SELECT CASE WHEN i <= 30 THEN 0 WHEN i <= 60 THEN 7 ELSE 9 END
                                    FROM generate_series(1, 100) AS i) AS v(x)) AS b;
SELECT round(d.difference::numeric, 6) AS difference, round(d.lower::numeric, 6) AS lower,
       round(d.upper::numeric, 6) AS upper, round(d.p_value::numeric, 7) AS p_value,
       abs(d.upper - d.difference - 1.959963984540054 * 100 * sqrt(0.61 / 100 + 0.69 / 100))
         < 1e-9 AS half_width
FROM groups, nps_difference(a, b) AS d;
SELECT (nps_difference(b, a)).difference AS reversed, (nps_difference(a, a)).p_value AS same
FROM groups;
-- Proportions (Newcombe 1998, Table II, example (a)): 56/70 against 48/80: difference
-- 20 points, 95% [5.24, 33.39]; pooled P = 104/150, z = 2.6502, p = 0.00805.
CREATE TABLE props AS
  SELECT csat_state(CASE WHEN i <= 56 THEN 5 ELSE 1 END) FILTER (WHERE i <= 70) AS ca,
         csat_state(CASE WHEN i <= 48 THEN 5 ELSE 1 END) FILTER (WHERE i <= 80) AS cb,
         fcr_state(i <= 56) FILTER (WHERE i <= 70) AS fa,
         fcr_state(i <= 48) FILTER (WHERE i <= 80) AS fb,
         sla_state(CASE WHEN i <= 56 THEN 60.0 ELSE 7200.0 END, 3600) FILTER (WHERE i <= 70) AS sa,
         sla_state(CASE WHEN i <= 48 THEN 60.0 ELSE 7200.0 END, 3600) FILTER (WHERE i <= 80) AS sb
  FROM generate_series(1, 80) AS i;
SELECT k, round(d.difference::numeric, 6) AS difference, round(d.lower::numeric, 2) AS lower,
       round(d.upper::numeric, 2) AS upper, round(d.p_value::numeric, 5) AS p_value
FROM props, LATERAL (VALUES ('csat', csat_percent_difference(ca, cb)),
                            ('fcr', fcr_percent_difference(fa, fb)),
                            ('sla', sla_compliance_percent_difference(sa, sb))) AS v(k, d0),
     LATERAL (SELECT (d0).*) AS d;
-- the pooled z of the test, in plain SQL
SELECT round(((56.0 / 70 - 48.0 / 80)
              / sqrt(104.0 / 150 * (1 - 104.0 / 150) * (1.0 / 70 + 1.0 / 80)))::numeric, 4) AS z;
-- a 99% interval is wider; every interval lies within [-100, 100]
SELECT (csat_percent_difference(ca, cb, 0.99)).lower < 5.24 AS wider,
       (fcr_percent_difference(fa, fa)).p_value AS same_p
FROM props;
-- empty state: NULL; bad confidence, different scales or targets: errors
SELECT nps_difference(a, (SELECT nps_state(x) FROM (VALUES (NULL::int)) AS v(x))) IS NULL
         AS empty_null
FROM groups;
SELECT nps_difference(a, b, 1) FROM groups;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT csat_percent_difference(ca, (SELECT csat_state(5, 1, 10, 7))) FROM props;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT sla_compliance_percent_difference(sa, (SELECT sla_state(1.0, 60))) FROM props;
SELECT nps_difference(a, ca::bytea::cxkpi_nps) FROM groups, props;
