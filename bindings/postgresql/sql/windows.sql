-- Sliding windows: the moving-aggregate mode retracts the row leaving the frame (exact for
-- counts); results equal a recomputation of every frame.
CREATE TABLE days AS
SELECT day, csat, nps, resolved, elapsed, is_open, row_number() OVER (ORDER BY day, id) AS rn
FROM tickets WHERE id <= 3000;
CREATE INDEX ON days (rn);
CREATE INDEX ON days (day);
ANALYZE days;

-- 7-row and 50-row frames over single rows, against a recomputation of each frame
WITH w AS (
  SELECT rn,
         nps_score(nps) OVER (ORDER BY rn ROWS 6 PRECEDING) AS n7,
         csat_percent(csat, 1, 5, 4) OVER (ORDER BY rn ROWS 49 PRECEDING) AS c50,
         fcr_percent(resolved) OVER (ORDER BY rn ROWS BETWEEN 20 PRECEDING AND 5 FOLLOWING) AS f,
         sla_compliance_percent(elapsed, 3600, is_open) OVER (ORDER BY rn ROWS 30 PRECEDING) AS s,
         csat_state(csat, 1, 5, 4) OVER (ORDER BY rn ROWS 9 PRECEDING) AS cs
  FROM days)
SELECT count(*) AS frames,
       bool_and(w.n7 IS NOT DISTINCT FROM (SELECT nps_score(d.nps) FROM days d WHERE d.rn BETWEEN w.rn - 6 AND w.rn)) AS nps,
       bool_and(w.c50 IS NOT DISTINCT FROM (SELECT csat_percent(d.csat, 1, 5, 4) FROM days d WHERE d.rn BETWEEN w.rn - 49 AND w.rn)) AS csat,
       bool_and(w.f IS NOT DISTINCT FROM (SELECT fcr_percent(d.resolved) FROM days d WHERE d.rn BETWEEN w.rn - 20 AND w.rn + 5)) AS fcr,
       bool_and(w.s IS NOT DISTINCT FROM (SELECT sla_compliance_percent(d.elapsed, 3600, d.is_open) FROM days d WHERE d.rn BETWEEN w.rn - 30 AND w.rn)) AS sla,
       bool_and(w.cs::bytea = (SELECT csat_state(d.csat, 1, 5, 4) FROM days d WHERE d.rn BETWEEN w.rn - 9 AND w.rn)::bytea) AS csat_state
FROM w;

-- 7-day sliding window over days (RANGE), per day
WITH per_day AS (
  SELECT DISTINCT day,
         nps_score(nps) OVER (ORDER BY day RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW) AS n
  FROM days)
SELECT count(*) AS days,
       bool_and(n IS NOT DISTINCT FROM (SELECT nps_score(d.nps) FROM days d WHERE d.day BETWEEN p.day - 6 AND p.day)) AS nps_7_days
FROM per_day p;

-- frames that start with NULL values and frames that become empty
WITH v(rn, score) AS (VALUES (1, NULL), (2, NULL), (3, 9), (4, NULL), (5, 0), (6, NULL), (7, NULL), (8, NULL))
SELECT rn, nps_score(score) OVER (ORDER BY rn ROWS 1 PRECEDING) AS nps_2_rows,
       nps_count(nps_state(score) OVER (ORDER BY rn ROWS 1 PRECEDING)) AS responses
FROM v ORDER BY rn;
