-- Rollup: one state per agent per day, stored in a table, merged into weeks, teams and the
-- whole period. Equal to the aggregate of the raw rows.
CREATE TABLE daily AS
SELECT agent, day,
       csat_state(csat, 1, 5, 4) AS csat, nps_state(nps) AS nps,
       fcr_state(resolved, escalated, reopened, excluded) AS fcr,
       sla_state(elapsed, 3600, is_open) AS sla, duration_state(secs) AS secs,
       aht_state(talk, hold, acw) AS aht
FROM tickets GROUP BY agent, day;
SELECT count(*) AS daily_states, pg_typeof(csat) AS stored_as FROM daily GROUP BY 2;

-- weeks per agent
WITH rolled AS (
  SELECT agent, date_trunc('week', day) AS week,
         csat_percent(csat_merge(csat)) AS c, nps_score(nps_merge(nps)) AS n,
         fcr_net_percent(fcr_merge(fcr)) AS f, sla_compliance_percent(sla_merge(sla)) AS s,
         duration_quantiles(duration_merge(secs), '{0.5,0.9,0.99}') AS d,
         aht_mean(aht_merge(aht)) AS a
  FROM daily GROUP BY 1, 2),
raw AS (
  SELECT agent, date_trunc('week', day) AS week,
         csat_percent(csat, 1, 5, 4) AS c, nps_score(nps) AS n,
         fcr_net_percent(fcr_state(resolved, escalated, reopened, excluded)) AS f,
         sla_compliance_percent(elapsed, 3600, is_open) AS s,
         duration_quantiles(duration_state(secs), '{0.5,0.9,0.99}') AS d,
         aht_seconds(talk, hold, acw) AS a
  FROM tickets GROUP BY 1, 2)
SELECT count(*) AS agent_weeks,
       bool_and(rolled.c = raw.c) AS csat, bool_and(rolled.n = raw.n) AS nps,
       bool_and(rolled.f = raw.f) AS fcr, bool_and(rolled.s = raw.s) AS sla,
       bool_and(rolled.d = raw.d) AS duration_quantiles,
       bool_and(abs(rolled.a - raw.a) <= 1e-9 * raw.a) AS aht
FROM rolled JOIN raw USING (agent, week);

-- the whole team over the whole period, from the daily states
SELECT csat_percent(csat_merge(csat)) = (SELECT csat_percent(csat, 1, 5, 4) FROM tickets) AS csat,
       nps_score(nps_merge(nps)) = (SELECT nps_score(nps) FROM tickets) AS nps,
       sla_met(sla_merge(sla)) = (SELECT count(*) FROM tickets WHERE NOT is_open AND elapsed <= 3600) AS sla_met,
       duration_count(duration_merge(secs)) = (SELECT count(secs) FROM tickets) AS duration_count
FROM daily;

-- a state read back from a text column (a table filled by COPY from another server)
CREATE TABLE daily_text AS SELECT agent, day, csat::text AS csat FROM daily;
SELECT csat_percent(csat_merge(csat::cxkpi_csat)) = (SELECT csat_percent(csat, 1, 5, 4) FROM tickets) AS from_text
FROM daily_text;
