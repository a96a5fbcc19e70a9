-- cxkpi 0.1: customer-service KPI states and aggregates for PostgreSQL.
-- Complain if the script is sourced in psql rather than run by CREATE EXTENSION.
\echo Use "CREATE EXTENSION cxkpi" to load this file. \quit

------------------------------------------------------------------------------------------
-- One stored type per accumulator. Each value is exactly one serialized cxkpi frame (the
-- library's portable format); its text form is the base64 encoding of those bytes, its
-- binary form the bytes themselves, and it casts to and from bytea. Every way in is
-- checked by the library's deserializer. The loop below creates, for each kind K:
--   type cxkpi_K with input/output/receive/send functions,
--   casts cxkpi_K <-> bytea (functions cxkpi_K(bytea) and bytea(cxkpi_K)),
--   cxkpi_K_combine(cxkpi_K, cxkpi_K): the combine function of every K aggregate, and
--   the aggregate K_merge(cxkpi_K): states -> one merged state.
------------------------------------------------------------------------------------------
DO $cxkpi$
DECLARE
  k text;
BEGIN
  FOREACH k IN ARRAY ARRAY['csat', 'nps', 'fcr', 'sla', 'duration', 'aht', 'churn', 'survival'] LOOP
    EXECUTE format('CREATE TYPE cxkpi_%s', k);
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s_in(cstring) RETURNS cxkpi_%1$s AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_in');
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s_out(cxkpi_%1$s) RETURNS cstring AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_out');
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s_recv(internal) RETURNS cxkpi_%1$s AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_recv');
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s_send(cxkpi_%1$s) RETURNS bytea AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_send');
    EXECUTE format('CREATE TYPE cxkpi_%1$s (INPUT = cxkpi_%1$s_in, OUTPUT = cxkpi_%1$s_out, '
                   'RECEIVE = cxkpi_%1$s_recv, SEND = cxkpi_%1$s_send, '
                   'INTERNALLENGTH = VARIABLE, ALIGNMENT = int4, STORAGE = extended)', k);
    EXECUTE format('COMMENT ON TYPE cxkpi_%1$s IS %2$L', k,
                   'cxkpi ' || k || ' state: one serialized cxkpi frame (text form: base64)');
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s(bytea) RETURNS cxkpi_%1$s AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_from_bytea');
    EXECUTE format('CREATE FUNCTION bytea(cxkpi_%1$s) RETURNS bytea AS %2$L, %3$L '
                   'LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE', k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_to_bytea');
    EXECUTE format('CREATE CAST (bytea AS cxkpi_%1$s) WITH FUNCTION cxkpi_%1$s(bytea)', k);
    EXECUTE format('CREATE CAST (cxkpi_%1$s AS bytea) WITH FUNCTION bytea(cxkpi_%1$s)', k);
    EXECUTE format('CREATE FUNCTION cxkpi_%1$s_combine(cxkpi_%1$s, cxkpi_%1$s) RETURNS cxkpi_%1$s '
                   'AS %2$L, %3$L LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE',
                   k, 'MODULE_PATHNAME', 'cxkpi_' || k || '_combine');
    EXECUTE format('CREATE AGGREGATE %1$s_merge(cxkpi_%1$s) (SFUNC = cxkpi_%1$s_combine, '
                   'STYPE = cxkpi_%1$s, COMBINEFUNC = cxkpi_%1$s_combine, PARALLEL = SAFE)', k);
  END LOOP;
END
$cxkpi$;

-- A confidence interval, in percent.
CREATE TYPE cxkpi_ci AS (lo double precision, hi double precision);


------------------------------------------------------------------------------------------
-- CSAT: percent of responses at or above a threshold on a scale [scale_min, scale_max].
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_csat_config AS (scale_min integer, scale_max integer, satisfied_min integer);

CREATE FUNCTION cxkpi_csat_trans(cxkpi_csat, integer, integer, integer, integer) RETURNS cxkpi_csat
  AS 'MODULE_PATHNAME', 'cxkpi_csat_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_csat_inv(cxkpi_csat, integer, integer, integer, integer) RETURNS cxkpi_csat
  AS 'MODULE_PATHNAME', 'cxkpi_csat_inv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_csat_trans(cxkpi_csat, integer) RETURNS cxkpi_csat
  AS 'MODULE_PATHNAME', 'cxkpi_csat_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_csat_inv(cxkpi_csat, integer) RETURNS cxkpi_csat
  AS 'MODULE_PATHNAME', 'cxkpi_csat_inv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION csat_count(cxkpi_csat) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_csat_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_satisfied(cxkpi_csat) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_csat_satisfied_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_percent(cxkpi_csat) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_csat_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_mean(cxkpi_csat) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_csat_mean_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_score_count(cxkpi_csat, score integer) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_csat_score_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_distribution(cxkpi_csat) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'cxkpi_csat_distribution_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_config(cxkpi_csat) RETURNS cxkpi_csat_config
  AS 'MODULE_PATHNAME', 'cxkpi_csat_config_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_percent_interval(cxkpi_csat, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_csat_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE csat_state(score integer, scale_min integer, scale_max integer, satisfied_min integer) (
  SFUNC = cxkpi_csat_trans,
  STYPE = cxkpi_csat,
  COMBINEFUNC = cxkpi_csat_combine,
  MSFUNC = cxkpi_csat_trans,
  MINVFUNC = cxkpi_csat_inv,
  MSTYPE = cxkpi_csat,
  PARALLEL = SAFE);
CREATE AGGREGATE csat_percent(score integer, scale_min integer, scale_max integer, satisfied_min integer) (
  SFUNC = cxkpi_csat_trans,
  STYPE = cxkpi_csat,
  FINALFUNC = csat_percent,
  COMBINEFUNC = cxkpi_csat_combine,
  MSFUNC = cxkpi_csat_trans,
  MINVFUNC = cxkpi_csat_inv,
  MSTYPE = cxkpi_csat,
  MFINALFUNC = csat_percent,
  PARALLEL = SAFE);
-- one-argument forms on the common 1-5 scale, satisfied from 4 (single-argument aggregates
-- are the ones a distributed planner such as Citus can push down to its workers)
CREATE AGGREGATE csat_state(score integer) (
  SFUNC = cxkpi_csat_trans,
  STYPE = cxkpi_csat,
  COMBINEFUNC = cxkpi_csat_combine,
  MSFUNC = cxkpi_csat_trans,
  MINVFUNC = cxkpi_csat_inv,
  MSTYPE = cxkpi_csat,
  PARALLEL = SAFE);
CREATE AGGREGATE csat_percent(score integer) (
  SFUNC = cxkpi_csat_trans,
  STYPE = cxkpi_csat,
  FINALFUNC = csat_percent,
  COMBINEFUNC = cxkpi_csat_combine,
  MSFUNC = cxkpi_csat_trans,
  MINVFUNC = cxkpi_csat_inv,
  MSTYPE = cxkpi_csat,
  MFINALFUNC = csat_percent,
  PARALLEL = SAFE);
CREATE FUNCTION csat_summary(state cxkpi_csat, confidence double precision DEFAULT 0.95,
    OUT responses bigint, OUT satisfied bigint, OUT percent double precision,
    OUT mean double precision, OUT lo double precision, OUT hi double precision)
  AS $$ SELECT @extschema@.csat_count($1), @extschema@.csat_satisfied($1), @extschema@.csat_percent($1), @extschema@.csat_mean($1),
               (@extschema@.csat_percent_interval($1, $2)).lo, (@extschema@.csat_percent_interval($1, $2)).hi $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- NPS: scores 0-10; promoters 9-10, passives 7-8, detractors 0-6.
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_nps_groups AS (promoters bigint, passives bigint, detractors bigint);
CREATE TYPE cxkpi_nps_group_percents AS
  (promoters double precision, passives double precision, detractors double precision);

CREATE FUNCTION cxkpi_nps_trans(cxkpi_nps, integer) RETURNS cxkpi_nps
  AS 'MODULE_PATHNAME', 'cxkpi_nps_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_nps_inv(cxkpi_nps, integer) RETURNS cxkpi_nps
  AS 'MODULE_PATHNAME', 'cxkpi_nps_inv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_count(cxkpi_nps) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_nps_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_score(cxkpi_nps) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_nps_score_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_stderr(cxkpi_nps) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_nps_stderr_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_margin(cxkpi_nps, confidence double precision DEFAULT 0.95) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_nps_margin_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_score_count(cxkpi_nps, score integer) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_nps_score_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_groups(cxkpi_nps) RETURNS cxkpi_nps_groups
  AS 'MODULE_PATHNAME', 'cxkpi_nps_groups_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_group_percents(cxkpi_nps) RETURNS cxkpi_nps_group_percents
  AS 'MODULE_PATHNAME', 'cxkpi_nps_group_percents_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE nps_state(score integer) (
  SFUNC = cxkpi_nps_trans,
  STYPE = cxkpi_nps,
  COMBINEFUNC = cxkpi_nps_combine,
  MSFUNC = cxkpi_nps_trans,
  MINVFUNC = cxkpi_nps_inv,
  MSTYPE = cxkpi_nps,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_score(score integer) (
  SFUNC = cxkpi_nps_trans,
  STYPE = cxkpi_nps,
  FINALFUNC = nps_score,
  COMBINEFUNC = cxkpi_nps_combine,
  MSFUNC = cxkpi_nps_trans,
  MINVFUNC = cxkpi_nps_inv,
  MSTYPE = cxkpi_nps,
  MFINALFUNC = nps_score,
  PARALLEL = SAFE);
CREATE FUNCTION nps_summary(state cxkpi_nps, confidence double precision DEFAULT 0.95,
    OUT responses bigint, OUT promoters bigint, OUT passives bigint, OUT detractors bigint,
    OUT score double precision, OUT stderr double precision, OUT margin double precision)
  AS $$ SELECT @extschema@.nps_count($1), (@extschema@.nps_groups($1)).promoters, (@extschema@.nps_groups($1)).passives,
               (@extschema@.nps_groups($1)).detractors, @extschema@.nps_score($1), @extschema@.nps_stderr($1), @extschema@.nps_margin($1, $2) $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- FCR: first contact resolution, escalation and reopen rates from issue outcomes.
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_fcr_counts AS (issues bigint, resolved_first_contact bigint,
  escalated bigint, reopened bigint, excluded bigint);

CREATE FUNCTION cxkpi_fcr_trans(cxkpi_fcr, boolean) RETURNS cxkpi_fcr
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_trans1' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_fcr_inv(cxkpi_fcr, boolean) RETURNS cxkpi_fcr
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_inv1' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_fcr_trans(cxkpi_fcr, boolean, boolean, boolean, boolean) RETURNS cxkpi_fcr
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_trans4' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_fcr_inv(cxkpi_fcr, boolean, boolean, boolean, boolean) RETURNS cxkpi_fcr
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_inv4' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION fcr_count(cxkpi_fcr) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_counts(cxkpi_fcr) RETURNS cxkpi_fcr_counts
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_counts_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_percent(cxkpi_fcr) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_percent_interval(cxkpi_fcr, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_percent_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_net_percent(cxkpi_fcr) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_net_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_net_percent_interval(cxkpi_fcr, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_net_percent_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_escalation_percent(cxkpi_fcr) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_escalation_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_escalation_percent_interval(cxkpi_fcr, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_escalation_percent_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_reopen_percent(cxkpi_fcr) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_reopen_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_reopen_percent_interval(cxkpi_fcr, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_reopen_percent_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE fcr_state(resolved_first_contact boolean) (
  SFUNC = cxkpi_fcr_trans,
  STYPE = cxkpi_fcr,
  COMBINEFUNC = cxkpi_fcr_combine,
  MSFUNC = cxkpi_fcr_trans,
  MINVFUNC = cxkpi_fcr_inv,
  MSTYPE = cxkpi_fcr,
  PARALLEL = SAFE);
CREATE AGGREGATE fcr_state(resolved_first_contact boolean, escalated boolean, reopened boolean, excluded boolean) (
  SFUNC = cxkpi_fcr_trans,
  STYPE = cxkpi_fcr,
  COMBINEFUNC = cxkpi_fcr_combine,
  MSFUNC = cxkpi_fcr_trans,
  MINVFUNC = cxkpi_fcr_inv,
  MSTYPE = cxkpi_fcr,
  PARALLEL = SAFE);
CREATE AGGREGATE fcr_percent(resolved_first_contact boolean) (
  SFUNC = cxkpi_fcr_trans,
  STYPE = cxkpi_fcr,
  FINALFUNC = fcr_percent,
  COMBINEFUNC = cxkpi_fcr_combine,
  MSFUNC = cxkpi_fcr_trans,
  MINVFUNC = cxkpi_fcr_inv,
  MSTYPE = cxkpi_fcr,
  MFINALFUNC = fcr_percent,
  PARALLEL = SAFE);
CREATE FUNCTION fcr_summary(state cxkpi_fcr,
    OUT issues bigint, OUT resolved_first_contact bigint, OUT escalated bigint,
    OUT reopened bigint, OUT excluded bigint, OUT percent double precision,
    OUT net_percent double precision, OUT escalation_percent double precision,
    OUT reopen_percent double precision)
  AS $$ SELECT (c).issues, (c).resolved_first_contact, (c).escalated, (c).reopened,
               (c).excluded, @extschema@.fcr_percent($1), @extschema@.fcr_net_percent($1),
               @extschema@.fcr_escalation_percent($1), @extschema@.fcr_reopen_percent($1)
        FROM (SELECT @extschema@.fcr_counts($1) AS c) AS counts $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- SLA compliance against one target; elapsed time and target in seconds or as intervals.
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_sla_lateness AS (breaches bigint, total_seconds double precision,
  mean_seconds double precision, max_seconds double precision);

CREATE FUNCTION cxkpi_sla_trans(cxkpi_sla, double precision, double precision) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_inv(cxkpi_sla, double precision, double precision) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_inv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_trans(cxkpi_sla, double precision, double precision, boolean) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_trans_open' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_inv(cxkpi_sla, double precision, double precision, boolean) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_inv_open' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_trans(cxkpi_sla, interval, interval) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_trans_iv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_inv(cxkpi_sla, interval, interval) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_inv_iv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_trans(cxkpi_sla, interval, interval, boolean) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_trans_iv_open' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_sla_inv(cxkpi_sla, interval, interval, boolean) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_inv_iv_open' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION sla_target(cxkpi_sla) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_sla_target_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_met(cxkpi_sla) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_sla_met_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_breached(cxkpi_sla) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_sla_breached_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_breached_open(cxkpi_sla) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_sla_breached_open_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_in_progress(cxkpi_sla) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_sla_in_progress_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_compliance_percent(cxkpi_sla) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_sla_compliance_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_compliance_percent_interval(cxkpi_sla, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_sla_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_lateness(cxkpi_sla) RETURNS cxkpi_sla_lateness
  AS 'MODULE_PATHNAME', 'cxkpi_sla_lateness_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_lateness_finished(cxkpi_sla) RETURNS cxkpi_sla_lateness
  AS 'MODULE_PATHNAME', 'cxkpi_sla_lateness_finished_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE sla_state(elapsed_seconds double precision, target_seconds double precision) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  COMBINEFUNC = cxkpi_sla_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_state(elapsed_seconds double precision, target_seconds double precision, is_open boolean) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  COMBINEFUNC = cxkpi_sla_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_state(elapsed interval, target interval) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  COMBINEFUNC = cxkpi_sla_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_state(elapsed interval, target interval, is_open boolean) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  COMBINEFUNC = cxkpi_sla_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_compliance_percent(elapsed_seconds double precision, target_seconds double precision) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  FINALFUNC = sla_compliance_percent,
  COMBINEFUNC = cxkpi_sla_combine,
  MSFUNC = cxkpi_sla_trans,
  MINVFUNC = cxkpi_sla_inv,
  MSTYPE = cxkpi_sla,
  MFINALFUNC = sla_compliance_percent,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_compliance_percent(elapsed_seconds double precision, target_seconds double precision, is_open boolean) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  FINALFUNC = sla_compliance_percent,
  COMBINEFUNC = cxkpi_sla_combine,
  MSFUNC = cxkpi_sla_trans,
  MINVFUNC = cxkpi_sla_inv,
  MSTYPE = cxkpi_sla,
  MFINALFUNC = sla_compliance_percent,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_compliance_percent(elapsed interval, target interval) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  FINALFUNC = sla_compliance_percent,
  COMBINEFUNC = cxkpi_sla_combine,
  MSFUNC = cxkpi_sla_trans,
  MINVFUNC = cxkpi_sla_inv,
  MSTYPE = cxkpi_sla,
  MFINALFUNC = sla_compliance_percent,
  PARALLEL = SAFE);
CREATE AGGREGATE sla_compliance_percent(elapsed interval, target interval, is_open boolean) (
  SFUNC = cxkpi_sla_trans,
  STYPE = cxkpi_sla,
  FINALFUNC = sla_compliance_percent,
  COMBINEFUNC = cxkpi_sla_combine,
  MSFUNC = cxkpi_sla_trans,
  MINVFUNC = cxkpi_sla_inv,
  MSTYPE = cxkpi_sla,
  MFINALFUNC = sla_compliance_percent,
  PARALLEL = SAFE);
-- Totals across policies (priorities): counts and lateness are added whatever the targets,
-- each ticket having been judged against its own. The total keeps the target of one of its
-- inputs, which means nothing: read its counts, compliance and lateness.
CREATE FUNCTION cxkpi_sla_combine_counts(cxkpi_sla, cxkpi_sla) RETURNS cxkpi_sla
  AS 'MODULE_PATHNAME', 'cxkpi_sla_combine_counts' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE AGGREGATE sla_merge_counts(cxkpi_sla) (
  SFUNC = cxkpi_sla_combine_counts,
  STYPE = cxkpi_sla,
  COMBINEFUNC = cxkpi_sla_combine_counts,
  PARALLEL = SAFE);
CREATE FUNCTION sla_summary(state cxkpi_sla, confidence double precision DEFAULT 0.95,
    OUT target_seconds double precision, OUT met bigint, OUT breached bigint,
    OUT breached_open bigint, OUT in_progress bigint, OUT compliance_percent double precision,
    OUT lo double precision, OUT hi double precision, OUT mean_lateness_seconds double precision,
    OUT max_lateness_seconds double precision)
  AS $$ SELECT @extschema@.sla_target($1), @extschema@.sla_met($1), @extschema@.sla_breached($1), @extschema@.sla_breached_open($1),
               @extschema@.sla_in_progress($1), @extschema@.sla_compliance_percent($1),
               (@extschema@.sla_compliance_percent_interval($1, $2)).lo,
               (@extschema@.sla_compliance_percent_interval($1, $2)).hi,
               (@extschema@.sla_lateness($1)).mean_seconds, (@extschema@.sla_lateness($1)).max_seconds $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Durations in seconds: count, mean, stddev, min, max and quantiles within alpha.
------------------------------------------------------------------------------------------
CREATE FUNCTION cxkpi_duration_trans(cxkpi_duration, double precision) RETURNS cxkpi_duration
  AS 'MODULE_PATHNAME', 'cxkpi_duration_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_trans(cxkpi_duration, double precision, double precision) RETURNS cxkpi_duration
  AS 'MODULE_PATHNAME', 'cxkpi_duration_trans_alpha' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_trans(cxkpi_duration, interval) RETURNS cxkpi_duration
  AS 'MODULE_PATHNAME', 'cxkpi_duration_trans_iv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_trans(cxkpi_duration, interval, double precision) RETURNS cxkpi_duration
  AS 'MODULE_PATHNAME', 'cxkpi_duration_trans_iv_alpha' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION duration_count(cxkpi_duration) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_duration_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_zero_count(cxkpi_duration) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_duration_zero_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_collapsed_count(cxkpi_duration) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_duration_collapsed_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sum(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_sum_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_mean(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_mean_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_min(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_min_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_max(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_max_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_stddev(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_stddev_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_alpha(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_alpha_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_quantile(cxkpi_duration, q double precision) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_quantile_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_quantiles(cxkpi_duration, qs double precision[]) RETURNS double precision[]
  AS 'MODULE_PATHNAME', 'cxkpi_duration_quantiles_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_p50(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_p50_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_p90(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_p90_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_p95(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_p95_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxkpi_duration_p99(cxkpi_duration) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_duration_p99_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE duration_state(seconds double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_state(seconds double precision, alpha double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_state(duration interval) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_state(duration interval, alpha double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_median(seconds double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p50,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_median(duration interval) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p50,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p90(seconds double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p90,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p90(duration interval) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p90,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p95(seconds double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p95,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p95(duration interval) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p95,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p99(seconds double precision) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p99,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE duration_p99(duration interval) (
  SFUNC = cxkpi_duration_trans,
  STYPE = cxkpi_duration,
  FINALFUNC = cxkpi_duration_p99,
  COMBINEFUNC = cxkpi_duration_combine,
  PARALLEL = SAFE);
CREATE FUNCTION duration_summary(state cxkpi_duration,
    OUT count bigint, OUT mean double precision, OUT stddev double precision,
    OUT min double precision, OUT p50 double precision, OUT p90 double precision,
    OUT p99 double precision, OUT max double precision)
  AS $$ SELECT @extschema@.duration_count($1), @extschema@.duration_mean($1), @extschema@.duration_stddev($1), @extschema@.duration_min($1),
               q[1], q[2], q[3], @extschema@.duration_max($1)
        FROM (SELECT @extschema@.duration_quantiles($1, '{0.5,0.9,0.99}') AS q) AS quantiles $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- AHT: handling time = talk + hold + after-call work (acw), in seconds.
------------------------------------------------------------------------------------------
CREATE FUNCTION cxkpi_aht_trans(cxkpi_aht, double precision, double precision, double precision) RETURNS cxkpi_aht
  AS 'MODULE_PATHNAME', 'cxkpi_aht_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_aht_trans(cxkpi_aht, double precision, double precision, double precision, double precision) RETURNS cxkpi_aht
  AS 'MODULE_PATHNAME', 'cxkpi_aht_trans_alpha' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION aht_count(cxkpi_aht) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_aht_count_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aht_mean(cxkpi_aht, part text DEFAULT 'total') RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_aht_mean_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aht_quantile(cxkpi_aht, part text, q double precision) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_aht_quantile_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aht_component(cxkpi_aht, part text) RETURNS cxkpi_duration
  AS 'MODULE_PATHNAME', 'cxkpi_aht_component_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxkpi_aht_total_mean(cxkpi_aht) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_aht_total_mean_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE aht_state(talk_seconds double precision, hold_seconds double precision, acw_seconds double precision) (
  SFUNC = cxkpi_aht_trans,
  STYPE = cxkpi_aht,
  COMBINEFUNC = cxkpi_aht_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE aht_state(talk_seconds double precision, hold_seconds double precision, acw_seconds double precision, alpha double precision) (
  SFUNC = cxkpi_aht_trans,
  STYPE = cxkpi_aht,
  COMBINEFUNC = cxkpi_aht_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE aht_seconds(talk_seconds double precision, hold_seconds double precision, acw_seconds double precision) (
  SFUNC = cxkpi_aht_trans,
  STYPE = cxkpi_aht,
  FINALFUNC = cxkpi_aht_total_mean,
  COMBINEFUNC = cxkpi_aht_combine,
  PARALLEL = SAFE);

------------------------------------------------------------------------------------------
-- Churn over one period: customers at the start, gained, and lost (of those at the start).
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_churn_counts AS (at_start bigint, gained bigint, lost bigint, at_end bigint);

CREATE FUNCTION cxkpi_churn_trans(cxkpi_churn, bigint, bigint, bigint) RETURNS cxkpi_churn
  AS 'MODULE_PATHNAME', 'cxkpi_churn_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION churn_counts(cxkpi_churn) RETURNS cxkpi_churn_counts
  AS 'MODULE_PATHNAME', 'cxkpi_churn_counts_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_percent(cxkpi_churn) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_churn_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_percent_interval(cxkpi_churn, confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_churn_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_net_growth(cxkpi_churn) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_churn_net_growth_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE churn_state(at_start bigint, gained bigint, lost bigint) (
  SFUNC = cxkpi_churn_trans,
  STYPE = cxkpi_churn,
  COMBINEFUNC = cxkpi_churn_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE churn_percent(at_start bigint, gained bigint, lost bigint) (
  SFUNC = cxkpi_churn_trans,
  STYPE = cxkpi_churn,
  FINALFUNC = churn_percent,
  COMBINEFUNC = cxkpi_churn_combine,
  PARALLEL = SAFE);

------------------------------------------------------------------------------------------
-- Business hours under a calendar in the library's text form (see docs/postgresql.md).
-- STABLE, not IMMUTABLE: a calendar with a "tz" line reads the system's zoneinfo files.
------------------------------------------------------------------------------------------
CREATE FUNCTION business_seconds(start timestamptz, finish timestamptz, calendar text) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_business_seconds' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_due(start timestamptz, working_seconds bigint, calendar text) RETURNS timestamptz
  AS 'MODULE_PATHNAME', 'cxkpi_business_due' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_due(start timestamptz, working interval, calendar text)
  RETURNS timestamptz
  AS $$ SELECT @extschema@.business_due($1, ceil(extract(epoch FROM $2))::bigint, $3) $$
  LANGUAGE sql STABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Time to resolve with open tickets included (Kaplan-Meier): resolved tickets are events,
-- open tickets censored at their age. Times in seconds (or intervals), bucketed as the
-- duration states are (alpha, 1% by default).
------------------------------------------------------------------------------------------
CREATE FUNCTION cxkpi_survival_trans(cxkpi_survival, double precision, boolean) RETURNS cxkpi_survival
  AS 'MODULE_PATHNAME', 'cxkpi_survival_trans' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_survival_trans(cxkpi_survival, double precision, boolean, double precision) RETURNS cxkpi_survival
  AS 'MODULE_PATHNAME', 'cxkpi_survival_trans_alpha' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_survival_trans(cxkpi_survival, interval, boolean) RETURNS cxkpi_survival
  AS 'MODULE_PATHNAME', 'cxkpi_survival_trans_iv' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION cxkpi_survival_trans(cxkpi_survival, interval, boolean, double precision) RETURNS cxkpi_survival
  AS 'MODULE_PATHNAME', 'cxkpi_survival_trans_iv_alpha' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION survival_resolved(cxkpi_survival) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_survival_resolved_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_open(cxkpi_survival) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cxkpi_survival_open_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_alpha(cxkpi_survival) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_survival_alpha_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_percent(cxkpi_survival, seconds double precision) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_survival_percent_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_percent_interval(cxkpi_survival, seconds double precision,
                                          confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_survival_percent_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_percent_resolved_within(cxkpi_survival, seconds double precision) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_survival_resolved_within_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_percent_resolved_within(cxkpi_survival, within interval) RETURNS double precision
  AS $$ SELECT @extschema@.survival_percent_resolved_within($1, extract(epoch FROM $2)::double precision) $$
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_exact_bounds(cxkpi_survival, seconds double precision) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_survival_exact_bounds_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_quantile(cxkpi_survival, q double precision) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_survival_quantile_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_quantile_interval(cxkpi_survival, q double precision,
                                           confidence double precision DEFAULT 0.95) RETURNS cxkpi_ci
  AS 'MODULE_PATHNAME', 'cxkpi_survival_quantile_interval_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survival_median(cxkpi_survival) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cxkpi_survival_median_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE survival_state(seconds double precision, resolved boolean) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE survival_state(seconds double precision, resolved boolean, alpha double precision) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE survival_state(duration interval, resolved boolean) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE survival_state(duration interval, resolved boolean, alpha double precision) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE survival_median(seconds double precision, resolved boolean) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  FINALFUNC = survival_median,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);
CREATE AGGREGATE survival_median(duration interval, resolved boolean) (
  SFUNC = cxkpi_survival_trans,
  STYPE = cxkpi_survival,
  FINALFUNC = survival_median,
  COMBINEFUNC = cxkpi_survival_combine,
  PARALLEL = SAFE);

------------------------------------------------------------------------------------------
-- Comparisons of two states, a minus b: the difference (NPS points or percentage points),
-- its interval at a confidence level and the two-sided p-value of "no difference".
-- NPS: Wald interval and test; proportions: Newcombe's hybrid score interval and the
-- pooled two-proportion z-test. NULL when either state is empty.
------------------------------------------------------------------------------------------
CREATE TYPE cxkpi_difference AS (difference double precision, lower double precision,
                                 upper double precision, p_value double precision);

CREATE FUNCTION nps_difference(a cxkpi_nps, b cxkpi_nps, confidence double precision DEFAULT 0.95)
  RETURNS cxkpi_difference
  AS 'MODULE_PATHNAME', 'cxkpi_nps_difference_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_percent_difference(a cxkpi_csat, b cxkpi_csat, confidence double precision DEFAULT 0.95)
  RETURNS cxkpi_difference
  AS 'MODULE_PATHNAME', 'cxkpi_csat_percent_difference_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_percent_difference(a cxkpi_fcr, b cxkpi_fcr, confidence double precision DEFAULT 0.95)
  RETURNS cxkpi_difference
  AS 'MODULE_PATHNAME', 'cxkpi_fcr_percent_difference_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_compliance_percent_difference(a cxkpi_sla, b cxkpi_sla, confidence double precision DEFAULT 0.95)
  RETURNS cxkpi_difference
  AS 'MODULE_PATHNAME', 'cxkpi_sla_compliance_percent_difference_r' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
