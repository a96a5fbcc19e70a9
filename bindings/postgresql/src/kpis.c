/*
 * cxkpi for PostgreSQL: the SQL functions of each KPI — type I/O entry points, transition
 * and inverse-transition functions of the aggregates, and readers on a state.
 *
 * Conventions: a NULL input value is skipped; a NULL configuration (scale, target, alpha)
 * is an ERROR; a figure asked of an empty state is NULL, as SQL's own aggregates answer
 * for no rows. An inverse transition function answers NULL when it cannot retract
 * exactly, which makes PostgreSQL recompute the window frame.
 */
#include "cxkpi_pg.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "cxkpi.h"

/* ---- type I/O and combine entry points of every kind ---------------------------- */

#define CX_ENTRY(k, op) \
	PG_FUNCTION_INFO_V1(cxkpi_##k##_##op); \
	Datum cxkpi_##k##_##op(PG_FUNCTION_ARGS) { return cx_##op(fcinfo, &cx_kind_##k); }

#define CX_TYPE_ENTRIES(k) \
	CX_ENTRY(k, in) CX_ENTRY(k, out) CX_ENTRY(k, recv) CX_ENTRY(k, send) \
	CX_ENTRY(k, from_bytea) CX_ENTRY(k, to_bytea) CX_ENTRY(k, combine)

CX_TYPE_ENTRIES(csat)
CX_TYPE_ENTRIES(nps)
CX_TYPE_ENTRIES(fcr)
CX_TYPE_ENTRIES(sla)
CX_TYPE_ENTRIES(duration)
CX_TYPE_ENTRIES(aht)
CX_TYPE_ENTRIES(churn)
CX_TYPE_ENTRIES(survival)

/* ---- helpers for readers ------------------------------------------------------- */

static Datum
double_result(FunctionCallInfo fcinfo, cx_ref *r, cxkpi_status st, double v, const char *what)
{
	cx_ref_release(r);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st != CXKPI_OK)
		cx_raise(st, what);
	PG_RETURN_FLOAT8(v);
}

static int64
count_value(uint64_t v, const char *what)
{
	if (v > (uint64_t) PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: count %llu does not fit in bigint", what, (unsigned long long) v)));
	return (int64) v;
}

static Datum
count_result(cx_ref *r, cxkpi_status st, uint64_t v, const char *what)
{
	cx_ref_release(r);
	if (st != CXKPI_OK)
		cx_raise(st, what);
	return Int64GetDatum(count_value(v, what));
}

/* A row of the function's composite result type from n datums (none NULL unless nulls). */
static Datum
row_result(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a row called in a context that cannot accept one");
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* (lo, hi) of a Wilson interval, NULL when empty. */
static Datum
interval_result(FunctionCallInfo fcinfo, cx_ref *r, cxkpi_status st, double lo, double hi,
				const char *what)
{
	Datum		values[2];
	bool		nulls[2] = {false, false};

	cx_ref_release(r);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, what, "The confidence level must lie strictly between 0 and 1");
	if (st != CXKPI_OK)
		cx_raise(st, what);
	values[0] = Float8GetDatum(lo);
	values[1] = Float8GetDatum(hi);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

static void
config_not_null(FunctionCallInfo fcinfo, int first, int last, const char *what)
{
	for (int i = first; i <= last; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: the configuration arguments must not be NULL", what)));
}

#define READER(name, k) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS)
/* declares r (the borrowed accumulator of argument 0) and st_ (a status) */
#define BORROW(k) \
	cx_ref r; \
	cxkpi_status st_ pg_attribute_unused(); \
	cx_arg_acc(fcinfo, 0, &cx_kind_##k, &r)

/* A reader of one count, and of one figure (NULL when the state is empty). */
#define COUNT_READER(fn, k, getter, what) \
	READER(fn, k) \
	{ \
		uint64_t	v = 0; \
		BORROW(k); \
		st_ = getter(r.acc, &v); \
		return count_result(&r, st_, v, what); \
	}
#define DOUBLE_READER(fn, k, getter, what) \
	READER(fn, k) \
	{ \
		double		v = 0; \
		BORROW(k); \
		st_ = getter(r.acc, &v); \
		return double_result(fcinfo, &r, st_, v, what); \
	}

/* ================================ CSAT ============================================ */

static void
csat_add_or_raise(cxkpi_csat *acc, int32 score)
{
	cxkpi_status st = cxkpi_csat_add(acc, score);

	if (st == CXKPI_ERANGE)
	{
		int32		lo, hi, sat;

		cxkpi_csat_config(acc, &lo, &hi, &sat);
		cx_raise_detail(st, "csat", "Score %d is outside the scale %d..%d", score, lo, hi);
	}
	if (st != CXKPI_OK)
		cx_raise(st, "csat");
}

/* csat transition: (state, score [, scale_min, scale_max, satisfied_min]) */
PG_FUNCTION_INFO_V1(cxkpi_csat_trans);
Datum
cxkpi_csat_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_csat, &aggctx);
	int32		lo, hi, sat;

	if (PG_NARGS() >= 5)
	{
		config_not_null(fcinfo, 2, 4, "csat");
		lo = PG_GETARG_INT32(2);
		hi = PG_GETARG_INT32(3);
		sat = PG_GETARG_INT32(4);
	}
	else
	{
		/* the one-argument form: the common 1-5 scale, satisfied from 4 (top-two-box) */
		lo = 1;
		hi = 5;
		sat = 4;
	}
	if (s == NULL)
	{
		cxkpi_csat *acc = NULL;
		cxkpi_status st;

		s = cx_state_new(fcinfo, &cx_kind_csat, aggctx);
		st = cxkpi_csat_new(&acc, lo, hi, sat);
		if (st != CXKPI_OK)
			cx_raise_detail(st, "csat",
							"Scale %d..%d with satisfied from %d: the scale must satisfy "
							"0 <= min < max <= 100 and min < satisfied_min <= max",
							lo, hi, sat);
		s->acc = acc;
	}
	if (!s->config_set)
	{
		cxkpi_csat_config(s->acc, &s->config_int[0], &s->config_int[1], &s->config_int[2]);
		s->config_set = true;
	}
	if (s->config_int[0] != lo || s->config_int[1] != hi || s->config_int[2] != sat)
		cx_raise_detail(CXKPI_EMISMATCH, "csat",
						"Scale %d..%d (satisfied from %d) changed to %d..%d (from %d) "
						"within one aggregate", s->config_int[0], s->config_int[1],
						s->config_int[2], lo, hi, sat);
	if (!PG_ARGISNULL(1))
		csat_add_or_raise(s->acc, PG_GETARG_INT32(1));
	CX_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(cxkpi_csat_inv);
Datum
cxkpi_csat_inv(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_csat, &aggctx);

	if (s == NULL)
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1) && cxkpi_csat_remove(s->acc, PG_GETARG_INT32(1)) != CXKPI_OK)
		PG_RETURN_NULL();
	CX_RETURN_STATE(s);
}

COUNT_READER(cxkpi_csat_count_r, csat, cxkpi_csat_count, "csat_count")

COUNT_READER(cxkpi_csat_satisfied_r, csat, cxkpi_csat_satisfied, "csat_satisfied")

DOUBLE_READER(cxkpi_csat_percent_r, csat, cxkpi_csat_percent, "csat_percent")

DOUBLE_READER(cxkpi_csat_mean_r, csat, cxkpi_csat_mean, "csat_mean")

READER(cxkpi_csat_score_count_r, csat)
{
	uint64_t	v = 0;
	BORROW(csat);
	st_ = cxkpi_csat_score_count(r.acc, PG_GETARG_INT32(1), &v);
	return count_result(&r, st_, v,
						"csat_score_count");
}

READER(cxkpi_csat_interval_r, csat)
{
	double		lo = 0, hi = 0;
	BORROW(csat);
	st_ = cxkpi_csat_percent_interval(r.acc, PG_GETARG_FLOAT8(1), &lo, &hi);
	return interval_result(fcinfo, &r, st_, lo, hi, "csat_percent_interval");
}

READER(cxkpi_csat_config_r, csat)
{
	int32		c[3] = {0, 0, 0};
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	cxkpi_status st;
	BORROW(csat);

	st = cxkpi_csat_config(r.acc, &c[0], &c[1], &c[2]);
	cx_ref_release(&r);
	if (st != CXKPI_OK)
		cx_raise(st, "csat_config");
	for (int i = 0; i < 3; i++)
		values[i] = Int32GetDatum(c[i]);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

/* The count of every score of the scale, lowest first. */
READER(cxkpi_csat_distribution_r, csat)
{
	int32		lo = 0, hi = 0, sat = 0;
	Datum	   *counts;
	BORROW(csat);

	cxkpi_csat_config(r.acc, &lo, &hi, &sat);
	counts = palloc(sizeof(Datum) * (hi - lo + 1));
	for (int32 score = lo; score <= hi; score++)
	{
		uint64_t	v = 0;

		cxkpi_csat_score_count(r.acc, score, &v);
		counts[score - lo] = Int64GetDatum(count_value(v, "csat_distribution"));
	}
	cx_ref_release(&r);
	PG_RETURN_ARRAYTYPE_P(construct_array(counts, hi - lo + 1, INT8OID, 8, FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

/* ================================ NPS ============================================= */

PG_FUNCTION_INFO_V1(cxkpi_nps_trans);
Datum
cxkpi_nps_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_nps, &aggctx);

	if (s == NULL)
	{
		cxkpi_nps  *acc = NULL;
		cxkpi_status st;

		s = cx_state_new(fcinfo, &cx_kind_nps, aggctx);
		st = cxkpi_nps_new(&acc);
		if (st != CXKPI_OK)
			cx_raise(st, "nps");
		s->acc = acc;
	}
	if (!PG_ARGISNULL(1))
	{
		int32		score = PG_GETARG_INT32(1);
		cxkpi_status st = cxkpi_nps_add(s->acc, score);

		if (st == CXKPI_ERANGE)
			cx_raise_detail(st, "nps", "Score %d is outside the NPS scale 0..10", score);
		if (st != CXKPI_OK)
			cx_raise(st, "nps");
	}
	CX_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(cxkpi_nps_inv);
Datum
cxkpi_nps_inv(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_nps, &aggctx);

	if (s == NULL)
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1) && cxkpi_nps_remove(s->acc, PG_GETARG_INT32(1)) != CXKPI_OK)
		PG_RETURN_NULL();
	CX_RETURN_STATE(s);
}

COUNT_READER(cxkpi_nps_count_r, nps, cxkpi_nps_count, "nps_count")

DOUBLE_READER(cxkpi_nps_score_r, nps, cxkpi_nps_score, "nps_score")

DOUBLE_READER(cxkpi_nps_stderr_r, nps, cxkpi_nps_stderr, "nps_stderr")

READER(cxkpi_nps_margin_r, nps)
{
	double		v = 0;
	cxkpi_status st;
	BORROW(nps);

	st = cxkpi_nps_margin(r.acc, PG_GETARG_FLOAT8(1), &v);
	if (st == CXKPI_ERANGE)
	{
		cx_ref_release(&r);
		cx_raise_detail(st, "nps_margin", "The confidence level must lie strictly between 0 and 1");
	}
	return double_result(fcinfo, &r, st, v, "nps_margin");
}

READER(cxkpi_nps_score_count_r, nps)
{
	uint64_t	v = 0;
	BORROW(nps);
	st_ = cxkpi_nps_score_count(r.acc, PG_GETARG_INT32(1), &v);
	return count_result(&r, st_, v,
						"nps_score_count");
}

READER(cxkpi_nps_groups_r, nps)
{
	uint64_t	g[3] = {0, 0, 0};
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	cxkpi_status st;
	BORROW(nps);

	st = cxkpi_nps_groups(r.acc, &g[0], &g[1], &g[2]);
	cx_ref_release(&r);
	if (st != CXKPI_OK)
		cx_raise(st, "nps_groups");
	for (int i = 0; i < 3; i++)
		values[i] = Int64GetDatum(count_value(g[i], "nps_groups"));
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

READER(cxkpi_nps_group_percents_r, nps)
{
	double		g[3] = {0, 0, 0};
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	cxkpi_status st;
	BORROW(nps);

	st = cxkpi_nps_group_percents(r.acc, &g[0], &g[1], &g[2]);
	cx_ref_release(&r);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st != CXKPI_OK)
		cx_raise(st, "nps_group_percents");
	for (int i = 0; i < 3; i++)
		values[i] = Float8GetDatum(g[i]);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

/* ================================ FCR ============================================= */

/* Outcome flags from the boolean arguments 1..nflags (resolved, escalated, reopened,
 * excluded); false when a row is to be skipped (a NULL flag). */
static bool
fcr_flags(FunctionCallInfo fcinfo, int nflags, uint32_t *flags)
{
	static const uint32_t bits[4] = {CXKPI_FCR_RESOLVED_FIRST_CONTACT, CXKPI_FCR_ESCALATED,
	CXKPI_FCR_REOPENED, CXKPI_FCR_EXCLUDED};

	*flags = 0;
	for (int i = 0; i < nflags; i++)
	{
		if (PG_ARGISNULL(1 + i))
			return false;
		if (PG_GETARG_BOOL(1 + i))
			*flags |= bits[i];
	}
	return true;
}

static Datum
fcr_step(FunctionCallInfo fcinfo, int nflags, bool inverse)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_fcr, &aggctx);
	uint32_t	flags;

	if (s == NULL)
	{
		cxkpi_fcr  *acc = NULL;
		cxkpi_status st;

		if (inverse)
			PG_RETURN_NULL();
		s = cx_state_new(fcinfo, &cx_kind_fcr, aggctx);
		st = cxkpi_fcr_new(&acc);
		if (st != CXKPI_OK)
			cx_raise(st, "fcr");
		s->acc = acc;
	}
	if (fcr_flags(fcinfo, nflags, &flags))
	{
		cxkpi_status st = inverse ? cxkpi_fcr_remove(s->acc, flags) : cxkpi_fcr_add(s->acc, flags);

		if (inverse && st != CXKPI_OK)
			PG_RETURN_NULL();
		if (st == CXKPI_ERANGE)
			cx_raise_detail(st, "fcr",
							"Contradictory outcome: an issue resolved on first contact cannot "
							"also be escalated, reopened or excluded");
		if (st != CXKPI_OK)
			cx_raise(st, "fcr");
	}
	CX_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(cxkpi_fcr_trans1);
Datum
cxkpi_fcr_trans1(PG_FUNCTION_ARGS)
{
	return fcr_step(fcinfo, 1, false);
}

PG_FUNCTION_INFO_V1(cxkpi_fcr_inv1);
Datum
cxkpi_fcr_inv1(PG_FUNCTION_ARGS)
{
	return fcr_step(fcinfo, 1, true);
}

PG_FUNCTION_INFO_V1(cxkpi_fcr_trans4);
Datum
cxkpi_fcr_trans4(PG_FUNCTION_ARGS)
{
	return fcr_step(fcinfo, 4, false);
}

PG_FUNCTION_INFO_V1(cxkpi_fcr_inv4);
Datum
cxkpi_fcr_inv4(PG_FUNCTION_ARGS)
{
	return fcr_step(fcinfo, 4, true);
}

READER(cxkpi_fcr_counts_r, fcr)
{
	uint64_t	c[5] = {0, 0, 0, 0, 0};
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	cxkpi_status st;
	BORROW(fcr);

	st = cxkpi_fcr_counts(r.acc, &c[0], &c[1], &c[2], &c[3], &c[4]);
	cx_ref_release(&r);
	if (st != CXKPI_OK)
		cx_raise(st, "fcr_counts");
	for (int i = 0; i < 5; i++)
		values[i] = Int64GetDatum(count_value(c[i], "fcr_counts"));
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

READER(cxkpi_fcr_count_r, fcr)
{
	uint64_t	c[5] = {0, 0, 0, 0, 0};
	BORROW(fcr);
	st_ = cxkpi_fcr_counts(r.acc, &c[0], &c[1], &c[2], &c[3], &c[4]);
	return count_result(&r, st_, c[0],
						"fcr_count");
}

/* The four percentages, selected by an index, and their intervals. */
static cxkpi_status
fcr_percent_of(const void *acc, int which, double *v)
{
	switch (which)
	{
		case 0:
			return cxkpi_fcr_percent(acc, v);
		case 1:
			return cxkpi_fcr_net_percent(acc, v);
		case 2:
			return cxkpi_fcr_escalation_percent(acc, v);
		default:
			return cxkpi_fcr_reopen_percent(acc, v);
	}
}

static cxkpi_status
fcr_interval_of(const void *acc, int which, double c, double *lo, double *hi)
{
	switch (which)
	{
		case 0:
			return cxkpi_fcr_percent_interval(acc, c, lo, hi);
		case 1:
			return cxkpi_fcr_net_percent_interval(acc, c, lo, hi);
		case 2:
			return cxkpi_fcr_escalation_percent_interval(acc, c, lo, hi);
		default:
			return cxkpi_fcr_reopen_percent_interval(acc, c, lo, hi);
	}
}

static Datum
fcr_percent_reader(FunctionCallInfo fcinfo, int which)
{
	double		v = 0;
	BORROW(fcr);
	st_ = fcr_percent_of(r.acc, which, &v);
	return double_result(fcinfo, &r, st_, v, "fcr");
}

static Datum
fcr_interval_reader(FunctionCallInfo fcinfo, int which)
{
	double		lo = 0, hi = 0;
	BORROW(fcr);
	st_ = fcr_interval_of(r.acc, which, PG_GETARG_FLOAT8(1), &lo, &hi);
	return interval_result(fcinfo, &r, st_, lo, hi, "fcr");
}

#define FCR_READERS(suffix, which) \
	PG_FUNCTION_INFO_V1(cxkpi_fcr_##suffix##_r); \
	Datum cxkpi_fcr_##suffix##_r(PG_FUNCTION_ARGS) { return fcr_percent_reader(fcinfo, which); } \
	PG_FUNCTION_INFO_V1(cxkpi_fcr_##suffix##_interval_r); \
	Datum cxkpi_fcr_##suffix##_interval_r(PG_FUNCTION_ARGS) \
	{ return fcr_interval_reader(fcinfo, which); }

FCR_READERS(percent, 0)
FCR_READERS(net_percent, 1)
FCR_READERS(escalation_percent, 2)
FCR_READERS(reopen_percent, 3)

/* ================================ SLA ============================================= */

/*
 * SLA transition: (state, elapsed, target [, is_open]) with elapsed and target either
 * double precision seconds or intervals.
 */
static Datum
sla_step(FunctionCallInfo fcinfo, bool intervals, bool has_open, bool inverse)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_sla, &aggctx);
	double		target, elapsed;
	bool		is_open = false;
	cxkpi_status st;

	config_not_null(fcinfo, 2, 2, "sla");
	target = intervals ? cx_interval_seconds(PG_GETARG_DATUM(2)) : PG_GETARG_FLOAT8(2);
	if (s == NULL)
	{
		cxkpi_sla  *acc = NULL;

		if (inverse)
			PG_RETURN_NULL();
		s = cx_state_new(fcinfo, &cx_kind_sla, aggctx);
		st = cxkpi_sla_new(&acc, target);
		if (st != CXKPI_OK)
			cx_raise_detail(st, "sla", "Target of %g s: it must be positive and finite", target);
		s->acc = acc;
	}
	if (!s->config_set)
	{
		cxkpi_sla_target(s->acc, &s->config_double);
		s->config_set = true;
	}
	if (s->config_double != target)
		cx_raise_detail(CXKPI_EMISMATCH, "sla",
						"Target %g s changed to %g s within one aggregate", s->config_double,
						target);
	if (PG_ARGISNULL(1) || (has_open && PG_ARGISNULL(3)))
		CX_RETURN_STATE(s);
	elapsed = intervals ? cx_interval_seconds(PG_GETARG_DATUM(1)) : PG_GETARG_FLOAT8(1);
	if (has_open)
		is_open = PG_GETARG_BOOL(3);
	if (inverse)
		st = is_open ? cxkpi_sla_remove_open(s->acc, elapsed) : cxkpi_sla_remove(s->acc, elapsed);
	else
		st = is_open ? cxkpi_sla_add_open(s->acc, elapsed) : cxkpi_sla_add(s->acc, elapsed);
	if (inverse && st != CXKPI_OK)
		PG_RETURN_NULL();
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "sla", "Elapsed time %g s: it must be finite and not negative",
						elapsed);
	if (st != CXKPI_OK)
		cx_raise(st, "sla");
	CX_RETURN_STATE(s);
}

#define SLA_ENTRY(name, intervals, has_open, inverse) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { return sla_step(fcinfo, intervals, has_open, inverse); }

SLA_ENTRY(cxkpi_sla_trans, false, false, false)
SLA_ENTRY(cxkpi_sla_inv, false, false, true)
SLA_ENTRY(cxkpi_sla_trans_open, false, true, false)
SLA_ENTRY(cxkpi_sla_inv_open, false, true, true)
SLA_ENTRY(cxkpi_sla_trans_iv, true, false, false)
SLA_ENTRY(cxkpi_sla_inv_iv, true, false, true)
SLA_ENTRY(cxkpi_sla_trans_iv_open, true, true, false)
SLA_ENTRY(cxkpi_sla_inv_iv_open, true, true, true)

DOUBLE_READER(cxkpi_sla_target_r, sla, cxkpi_sla_target, "sla_target")

#define SLA_COUNT_READER(what) \
	COUNT_READER(cxkpi_sla_##what##_r, sla, cxkpi_sla_##what, "sla_" #what)

SLA_COUNT_READER(met)
SLA_COUNT_READER(breached)
SLA_COUNT_READER(breached_open)
SLA_COUNT_READER(in_progress)

READER(cxkpi_sla_compliance_r, sla)
{
	double		v = 0;
	BORROW(sla);
	st_ = cxkpi_sla_compliance_percent(r.acc, &v);
	return double_result(fcinfo, &r, st_, v,
						 "sla_compliance_percent");
}

READER(cxkpi_sla_interval_r, sla)
{
	double		lo = 0, hi = 0;
	BORROW(sla);
	st_ = cxkpi_sla_compliance_percent_interval(r.acc, PG_GETARG_FLOAT8(1), &lo, &hi);
	return interval_result(fcinfo, &r, st_, lo, hi, "sla_compliance_percent_interval");
}

/* Totals across policies: counts and lateness added whatever the targets. */
static cxkpi_status
sla_merge_counts_v(void *dst, const void *src)
{
	return cxkpi_sla_merge_counts(dst, src);
}

PG_FUNCTION_INFO_V1(cxkpi_sla_combine_counts);
Datum
cxkpi_sla_combine_counts(PG_FUNCTION_ARGS)
{
	return cx_combine_with(fcinfo, &cx_kind_sla, sla_merge_counts_v);
}

static Datum
sla_lateness_reader(FunctionCallInfo fcinfo, bool finished_only)
{
	uint64_t	n = 0;
	double		total = 0, mean = 0, max = 0;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	cxkpi_status st;
	BORROW(sla);

	st = finished_only ? cxkpi_sla_lateness_finished(r.acc, &n, &total, &mean, &max)
		: cxkpi_sla_lateness(r.acc, &n, &total, &mean, &max);
	cx_ref_release(&r);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st != CXKPI_OK)
		cx_raise(st, "sla_lateness");
	values[0] = Int64GetDatum(count_value(n, "sla_lateness"));
	values[1] = Float8GetDatum(total);
	values[2] = Float8GetDatum(mean);
	values[3] = Float8GetDatum(max);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(cxkpi_sla_lateness_r);
Datum
cxkpi_sla_lateness_r(PG_FUNCTION_ARGS)
{
	return sla_lateness_reader(fcinfo, false);
}

PG_FUNCTION_INFO_V1(cxkpi_sla_lateness_finished_r);
Datum
cxkpi_sla_lateness_finished_r(PG_FUNCTION_ARGS)
{
	return sla_lateness_reader(fcinfo, true);
}

/* ================================ durations ======================================= */

static void
duration_add_or_raise(void *acc, double seconds)
{
	cxkpi_status st = cxkpi_duration_add(acc, seconds);

	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "duration", "Duration %g s: it must be finite and not negative",
						seconds);
	if (st != CXKPI_OK)
		cx_raise(st, "duration");
}

/* The state of a transition function configured by alpha alone (durations, survival):
 * created with new_fn at the first row, alpha (argument alpha_arg, or the default when
 * alpha_arg is 0) checked against the state's on every row. */
static cx_state *
alpha_state(FunctionCallInfo fcinfo, const cx_kind *kind, int alpha_arg, const char *what,
			cxkpi_status (*new_fn) (void **acc, double alpha),
			cxkpi_status (*alpha_fn) (const void *acc, double *alpha))
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, kind, &aggctx);
	double		alpha = CXKPI_DURATION_DEFAULT_ALPHA;

	if (alpha_arg > 0)
	{
		config_not_null(fcinfo, alpha_arg, alpha_arg, what);
		alpha = PG_GETARG_FLOAT8(alpha_arg);
	}
	if (s == NULL)
	{
		void	   *acc = NULL;
		cxkpi_status st;

		s = cx_state_new(fcinfo, kind, aggctx);
		st = new_fn(&acc, alpha);
		if (st != CXKPI_OK)
			cx_raise_detail(st, what, "Alpha %g: it must lie in [%g, %g]", alpha,
							CXKPI_DURATION_ALPHA_MIN, CXKPI_DURATION_ALPHA_MAX);
		s->acc = acc;
	}
	if (!s->config_set)
	{
		alpha_fn(s->acc, &s->config_double);
		s->config_set = true;
	}
	if (alpha_arg > 0 && s->config_double != alpha)
		cx_raise_detail(CXKPI_EMISMATCH, what,
						"Alpha %g changed to %g within one aggregate", s->config_double, alpha);
	return s;
}

static cxkpi_status
duration_new_v(void **out, double alpha)
{
	cxkpi_duration *acc = NULL;
	cxkpi_status st = cxkpi_duration_new(&acc, alpha, CXKPI_DURATION_DEFAULT_BUCKETS);

	if (st == CXKPI_OK)
		*out = acc;
	return st;
}

static cxkpi_status
duration_alpha_v(const void *acc, double *alpha)
{
	uint32_t	buckets = 0;

	return cxkpi_duration_config(acc, alpha, &buckets);
}

/* duration transition: (state, seconds or interval [, alpha]) */
static Datum
duration_step(FunctionCallInfo fcinfo, bool intervals, bool has_alpha)
{
	cx_state   *s = alpha_state(fcinfo, &cx_kind_duration, has_alpha ? 2 : 0, "duration",
								duration_new_v, duration_alpha_v);

	if (!PG_ARGISNULL(1))
		duration_add_or_raise(s->acc, intervals ? cx_interval_seconds(PG_GETARG_DATUM(1))
							  : PG_GETARG_FLOAT8(1));
	CX_RETURN_STATE(s);
}

#define DURATION_ENTRY(name, intervals, has_alpha) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { return duration_step(fcinfo, intervals, has_alpha); }

DURATION_ENTRY(cxkpi_duration_trans, false, false)
DURATION_ENTRY(cxkpi_duration_trans_alpha, false, true)
DURATION_ENTRY(cxkpi_duration_trans_iv, true, false)
DURATION_ENTRY(cxkpi_duration_trans_iv_alpha, true, true)

COUNT_READER(cxkpi_duration_count_r, duration, cxkpi_duration_count, "duration_count")

COUNT_READER(cxkpi_duration_zero_count_r, duration, cxkpi_duration_zero_count, "duration_zero_count")

COUNT_READER(cxkpi_duration_collapsed_count_r, duration, cxkpi_duration_collapsed_count, "duration_collapsed_count")

#define DURATION_DOUBLE_READER(what) \
	DOUBLE_READER(cxkpi_duration_##what##_r, duration, cxkpi_duration_##what, "duration_" #what)

DURATION_DOUBLE_READER(sum)
DURATION_DOUBLE_READER(mean)
DURATION_DOUBLE_READER(min)
DURATION_DOUBLE_READER(max)
DURATION_DOUBLE_READER(stddev)

READER(cxkpi_duration_alpha_r, duration)
{
	double		a = 0;
	uint32_t	b = 0;
	BORROW(duration);
	st_ = cxkpi_duration_config(r.acc, &a, &b);
	return double_result(fcinfo, &r, st_, a, "duration_alpha");
}

static Datum
quantile_result(FunctionCallInfo fcinfo, cx_ref *r, cxkpi_status st, double v, double q)
{
	if (st == CXKPI_ERANGE)
	{
		cx_ref_release(r);
		cx_raise_detail(st, "duration_quantile", "The quantile q = %g must lie in [0, 1]", q);
	}
	return double_result(fcinfo, r, st, v, "duration_quantile");
}

READER(cxkpi_duration_quantile_r, duration)
{
	double		q = PG_GETARG_FLOAT8(1);
	double		v = 0;
	BORROW(duration);
	st_ = cxkpi_duration_quantile(r.acc, q, &v);
	return quantile_result(fcinfo, &r, st_, v, q);
}

/* Fixed quantiles, used as final functions of the median/p90/p95/p99 aggregates. */
#define DURATION_FIXED_QUANTILE(name, q) \
	READER(cxkpi_duration_##name##_r, duration) \
	{ \
		double		v = 0; \
		BORROW(duration); \
		st_ = cxkpi_duration_quantile(r.acc, q, &v); \
		return quantile_result(fcinfo, &r, st_, v, q); \
	}

DURATION_FIXED_QUANTILE(p50, 0.5)
DURATION_FIXED_QUANTILE(p90, 0.9)
DURATION_FIXED_QUANTILE(p95, 0.95)
DURATION_FIXED_QUANTILE(p99, 0.99)

/* Several quantiles at once: an array of the same shape as the array of q. */
READER(cxkpi_duration_quantiles_r, duration)
{
	ArrayType  *qa = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *qd;
	bool	   *qnull;
	int			n;
	double	   *qs, *vs;
	cxkpi_status st;
	ArrayType  *out;
	BORROW(duration);

	deconstruct_array(qa, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &qd, &qnull, &n);
	qs = palloc(sizeof(double) * (n > 0 ? n : 1));
	vs = palloc(sizeof(double) * (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
	{
		if (qnull[i])
		{
			cx_ref_release(&r);
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("duration_quantiles: the array of q must not hold NULL")));
		}
		qs[i] = DatumGetFloat8(qd[i]);
	}
	st = cxkpi_duration_quantiles(r.acc, qs, (size_t) n, vs);
	cx_ref_release(&r);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "duration_quantiles", "Every q must lie in [0, 1]");
	if (st != CXKPI_OK)
		cx_raise(st, "duration_quantiles");
	for (int i = 0; i < n; i++)
		qd[i] = Float8GetDatum(vs[i]);
	out = construct_md_array(qd, NULL, ARR_NDIM(qa), ARR_DIMS(qa), ARR_LBOUND(qa), FLOAT8OID,
							 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	PG_RETURN_ARRAYTYPE_P(out);
}

/* ================================ AHT ============================================= */

static Datum
aht_step(FunctionCallInfo fcinfo, bool has_alpha)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_aht, &aggctx);
	double		alpha = CXKPI_DURATION_DEFAULT_ALPHA;

	if (has_alpha)
	{
		config_not_null(fcinfo, 4, 4, "aht");
		alpha = PG_GETARG_FLOAT8(4);
	}
	if (s == NULL)
	{
		cxkpi_aht  *acc = NULL;
		cxkpi_status st;

		s = cx_state_new(fcinfo, &cx_kind_aht, aggctx);
		st = cxkpi_aht_new(&acc, alpha, CXKPI_DURATION_DEFAULT_BUCKETS);
		if (st != CXKPI_OK)
			cx_raise_detail(st, "aht", "Alpha %g: it must lie in [%g, %g]", alpha,
							CXKPI_DURATION_ALPHA_MIN, CXKPI_DURATION_ALPHA_MAX);
		s->acc = acc;
	}
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2) && !PG_ARGISNULL(3))
	{
		double		t = PG_GETARG_FLOAT8(1), h = PG_GETARG_FLOAT8(2), a = PG_GETARG_FLOAT8(3);
		cxkpi_status st = cxkpi_aht_add(s->acc, t, h, a);

		if (st == CXKPI_ERANGE)
			cx_raise_detail(st, "aht", "Talk %g s, hold %g s, after-call work %g s: each must "
							"be finite and not negative", t, h, a);
		if (st != CXKPI_OK)
			cx_raise(st, "aht");
	}
	CX_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(cxkpi_aht_trans);
Datum
cxkpi_aht_trans(PG_FUNCTION_ARGS)
{
	return aht_step(fcinfo, false);
}

PG_FUNCTION_INFO_V1(cxkpi_aht_trans_alpha);
Datum
cxkpi_aht_trans_alpha(PG_FUNCTION_ARGS)
{
	return aht_step(fcinfo, true);
}

static cxkpi_aht_part
aht_part(text *name)
{
	char	   *s = text_to_cstring(name);

	if (strcmp(s, "talk") == 0)
		return CXKPI_AHT_TALK;
	if (strcmp(s, "hold") == 0)
		return CXKPI_AHT_HOLD;
	if (strcmp(s, "acw") == 0)
		return CXKPI_AHT_ACW;
	if (strcmp(s, "total") == 0)
		return CXKPI_AHT_TOTAL;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("aht: unknown component \"%s\"", s),
			 errhint("The components are talk, hold, acw and total.")));
	pg_unreachable();
}

COUNT_READER(cxkpi_aht_count_r, aht, cxkpi_aht_count, "aht_count")

READER(cxkpi_aht_mean_r, aht)
{
	cxkpi_aht_part part = aht_part(PG_GETARG_TEXT_PP(1));
	double		v = 0;
	BORROW(aht);
	st_ = cxkpi_aht_mean(r.acc, part, &v);
	return double_result(fcinfo, &r, st_, v, "aht_mean");
}

/* One component as a duration state, for every duration reader. */
READER(cxkpi_aht_component_r, aht)
{
	cxkpi_aht_part part = aht_part(PG_GETARG_TEXT_PP(1));
	const cxkpi_duration *d = NULL;
	size_t		size = 0, written = 0;
	bytea	   *out = NULL;
	BORROW(aht);

	st_ = cxkpi_aht_component(r.acc, part, &d);
	if (st_ == CXKPI_OK)
		st_ = cxkpi_duration_serialized_size(d, &size);
	if (st_ == CXKPI_OK && size > MaxAllocSize - VARHDRSZ)
		st_ = CXKPI_ENOMEM;
	if (st_ == CXKPI_OK)
	{
		out = palloc(VARHDRSZ + size);
		st_ = cxkpi_duration_serialize(d, VARDATA(out), size, &written);
		SET_VARSIZE(out, VARHDRSZ + written);
	}
	cx_ref_release(&r);
	if (st_ != CXKPI_OK)
		cx_raise(st_, "aht_component");
	PG_RETURN_BYTEA_P(out);
}

READER(cxkpi_aht_total_mean_r, aht)
{
	double		v = 0;
	BORROW(aht);
	st_ = cxkpi_aht_mean(r.acc, CXKPI_AHT_TOTAL, &v);
	return double_result(fcinfo, &r, st_, v, "aht");
}

READER(cxkpi_aht_quantile_r, aht)
{
	cxkpi_aht_part part = aht_part(PG_GETARG_TEXT_PP(1));
	double		q = PG_GETARG_FLOAT8(2);
	double		v = 0;
	BORROW(aht);
	st_ = cxkpi_aht_quantile(r.acc, part, q, &v);
	return quantile_result(fcinfo, &r, st_, v, q);
}

/* ================================ churn =========================================== */

PG_FUNCTION_INFO_V1(cxkpi_churn_trans);
Datum
cxkpi_churn_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	cx_state   *s = cx_trans_state(fcinfo, &cx_kind_churn, &aggctx);
	int64		v[3];
	cxkpi_status st = CXKPI_OK;

	if (s == NULL)
	{
		cxkpi_churn *acc = NULL;

		s = cx_state_new(fcinfo, &cx_kind_churn, aggctx);
		st = cxkpi_churn_new(&acc);
		if (st != CXKPI_OK)
			cx_raise(st, "churn");
		s->acc = acc;
	}
	for (int i = 0; i < 3; i++)
	{
		v[i] = PG_ARGISNULL(1 + i) ? 0 : PG_GETARG_INT64(1 + i);
		if (v[i] < 0)
			cx_raise_detail(CXKPI_ERANGE, "churn", "Customer counts must not be negative");
	}
	/* the starting count first, so that the losses of the same row can be checked */
	st = cxkpi_churn_add_start(s->acc, (uint64_t) v[0]);
	if (st == CXKPI_OK)
		st = cxkpi_churn_add_gained(s->acc, (uint64_t) v[1]);
	if (st == CXKPI_OK)
		st = cxkpi_churn_add_lost(s->acc, (uint64_t) v[2]);
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "churn", "More customers lost than there were at the start");
	if (st != CXKPI_OK)
		cx_raise(st, "churn");
	CX_RETURN_STATE(s);
}

READER(cxkpi_churn_counts_r, churn)
{
	uint64_t	c[4] = {0, 0, 0, 0};
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	cxkpi_status st;
	BORROW(churn);

	st = cxkpi_churn_counts(r.acc, &c[0], &c[1], &c[2]);
	if (st == CXKPI_OK)
		st = cxkpi_churn_at_end(r.acc, &c[3]);
	cx_ref_release(&r);
	if (st != CXKPI_OK)
		cx_raise(st, "churn_counts");
	for (int i = 0; i < 4; i++)
		values[i] = Int64GetDatum(count_value(c[i], "churn_counts"));
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

DOUBLE_READER(cxkpi_churn_percent_r, churn, cxkpi_churn_percent, "churn_percent")

DOUBLE_READER(cxkpi_churn_net_growth_r, churn, cxkpi_churn_net_growth, "churn_net_growth")

READER(cxkpi_churn_interval_r, churn)
{
	double		lo = 0, hi = 0;
	BORROW(churn);
	st_ = cxkpi_churn_percent_interval(r.acc, PG_GETARG_FLOAT8(1), &lo, &hi);
	return interval_result(fcinfo, &r, st_, lo, hi, "churn_percent_interval");
}

/* ================================ survival ======================================== */

/* survival transition: (state, seconds or interval, resolved [, alpha]). A row with a NULL
 * time or a NULL resolved flag is skipped; resolved = false counts an open ticket of that
 * age (a censored time). */
static cxkpi_status
survival_new_v(void **out, double alpha)
{
	cxkpi_survival *acc = NULL;
	cxkpi_status st = cxkpi_survival_new(&acc, alpha, CXKPI_DURATION_DEFAULT_BUCKETS);

	if (st == CXKPI_OK)
		*out = acc;
	return st;
}

static cxkpi_status
survival_alpha_v(const void *acc, double *alpha)
{
	uint32_t	buckets = 0;

	return cxkpi_survival_config(acc, alpha, &buckets);
}

static Datum
survival_step(FunctionCallInfo fcinfo, bool intervals, bool has_alpha)
{
	cx_state   *s = alpha_state(fcinfo, &cx_kind_survival, has_alpha ? 3 : 0, "survival",
								survival_new_v, survival_alpha_v);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		double		seconds = intervals ? cx_interval_seconds(PG_GETARG_DATUM(1))
			: PG_GETARG_FLOAT8(1);
		cxkpi_status st = PG_GETARG_BOOL(2) ? cxkpi_survival_add(s->acc, seconds)
			: cxkpi_survival_add_open(s->acc, seconds);

		if (st == CXKPI_ERANGE)
			cx_raise_detail(st, "survival", "Duration %g s: it must be finite and not negative",
							seconds);
		if (st != CXKPI_OK)
			cx_raise(st, "survival");
	}
	CX_RETURN_STATE(s);
}

#define SURVIVAL_ENTRY(name, intervals, has_alpha) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { return survival_step(fcinfo, intervals, has_alpha); }

SURVIVAL_ENTRY(cxkpi_survival_trans, false, false)
SURVIVAL_ENTRY(cxkpi_survival_trans_alpha, false, true)
SURVIVAL_ENTRY(cxkpi_survival_trans_iv, true, false)
SURVIVAL_ENTRY(cxkpi_survival_trans_iv_alpha, true, true)

static cxkpi_status
survival_resolved_count(const void *acc, uint64_t *v)
{
	uint64_t	open = 0;

	return cxkpi_survival_counts(acc, v, &open);
}

static cxkpi_status
survival_open_count(const void *acc, uint64_t *v)
{
	uint64_t	resolved = 0;

	return cxkpi_survival_counts(acc, &resolved, v);
}

COUNT_READER(cxkpi_survival_resolved_r, survival, survival_resolved_count, "survival_resolved")

COUNT_READER(cxkpi_survival_open_r, survival, survival_open_count, "survival_open")

READER(cxkpi_survival_alpha_r, survival)
{
	double		a = 0;
	uint32_t	b = 0;
	BORROW(survival);
	st_ = cxkpi_survival_config(r.acc, &a, &b);
	return double_result(fcinfo, &r, st_, a, "survival_alpha");
}

/* The time argument of a reader: any number but NaN. */
static void
survival_time_ok(cx_ref *r, cxkpi_status st, double seconds, const char *what)
{
	if (st == CXKPI_ERANGE && isnan(seconds))
	{
		cx_ref_release(r);
		cx_raise_detail(st, what, "The time must be a number, not NaN");
	}
}

READER(cxkpi_survival_percent_r, survival)
{
	double		t = PG_GETARG_FLOAT8(1);
	double		v = 0, lo = 0, hi = 0;
	BORROW(survival);
	st_ = cxkpi_survival_at(r.acc, t, 0.95, &v, &lo, &hi);
	survival_time_ok(&r, st_, t, "survival_percent");
	return double_result(fcinfo, &r, st_, v, "survival_percent");
}

READER(cxkpi_survival_percent_interval_r, survival)
{
	double		t = PG_GETARG_FLOAT8(1);
	double		v = 0, lo = 0, hi = 0;
	BORROW(survival);
	st_ = cxkpi_survival_at(r.acc, t, PG_GETARG_FLOAT8(2), &v, &lo, &hi);
	survival_time_ok(&r, st_, t, "survival_percent_interval");
	return interval_result(fcinfo, &r, st_, lo, hi, "survival_percent_interval");
}

READER(cxkpi_survival_resolved_within_r, survival)
{
	double		t = PG_GETARG_FLOAT8(1);
	double		v = 0;
	BORROW(survival);
	st_ = cxkpi_survival_percent_resolved_within(r.acc, t, &v);
	survival_time_ok(&r, st_, t, "survival_percent_resolved_within");
	return double_result(fcinfo, &r, st_, v, "survival_percent_resolved_within");
}

READER(cxkpi_survival_exact_bounds_r, survival)
{
	double		t = PG_GETARG_FLOAT8(1);
	double		lo = 0, hi = 0;
	BORROW(survival);
	st_ = cxkpi_survival_exact_bounds(r.acc, t, &lo, &hi);
	survival_time_ok(&r, st_, t, "survival_exact_bounds");
	return interval_result(fcinfo, &r, st_, lo, hi, "survival_exact_bounds");
}

/* A quantile and its band; NULL when empty or when S(t) never falls to 1 - q (the
 * quantile is not known yet). interval selects the band (lo, hi) over the value. */
static Datum
survival_quantile_reader(FunctionCallInfo fcinfo, double q, double confidence, bool interval)
{
	const char *what = interval ? "survival_quantile_interval" : "survival_quantile";
	double		v = 0, lo = 0, hi = 0;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	cxkpi_status st;
	BORROW(survival);

	st = cxkpi_survival_quantile(r.acc, q, confidence, &v, &lo, &hi);
	cx_ref_release(&r);
	if (st == CXKPI_EEMPTY || st == CXKPI_ENOTFOUND)
		PG_RETURN_NULL();
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, what, "The share q = %g and the confidence level %g must each lie "
						"strictly between 0 and 1", q, confidence);
	if (st != CXKPI_OK)
		cx_raise(st, what);
	if (!interval)
		PG_RETURN_FLOAT8(v);
	values[0] = Float8GetDatum(lo);
	values[1] = Float8GetDatum(hi);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(cxkpi_survival_quantile_r);
Datum
cxkpi_survival_quantile_r(PG_FUNCTION_ARGS)
{
	return survival_quantile_reader(fcinfo, PG_GETARG_FLOAT8(1), 0.95, false);
}

PG_FUNCTION_INFO_V1(cxkpi_survival_quantile_interval_r);
Datum
cxkpi_survival_quantile_interval_r(PG_FUNCTION_ARGS)
{
	return survival_quantile_reader(fcinfo, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), true);
}

PG_FUNCTION_INFO_V1(cxkpi_survival_median_r);
Datum
cxkpi_survival_median_r(PG_FUNCTION_ARGS)
{
	return survival_quantile_reader(fcinfo, 0.5, 0.95, false);
}

/* ================================ comparisons ===================================== */

/* (difference, lower, upper, p_value) of a minus b; NULL when either state is empty. */
static Datum
difference_result(FunctionCallInfo fcinfo, cx_ref *a, cx_ref *b, cxkpi_status st,
				  const double v[4], const char *what)
{
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	cx_ref_release(a);
	cx_ref_release(b);
	if (st == CXKPI_EEMPTY)
		PG_RETURN_NULL();
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, what, "The confidence level must lie strictly between 0 and 1");
	if (st == CXKPI_EMISMATCH)
		cx_raise_detail(st, what, "The two states measure different things (scale, "
						"satisfied threshold or SLA target differ)");
	if (st != CXKPI_OK)
		cx_raise(st, what);
	for (int i = 0; i < 4; i++)
		values[i] = Float8GetDatum(v[i]);
	PG_RETURN_DATUM(row_result(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(cxkpi_nps_difference_r);
Datum
cxkpi_nps_difference_r(PG_FUNCTION_ARGS)
{
	cx_ref		a, b;
	double		v[4] = {0, 0, 0, 0}, se = 0;
	cxkpi_status st;

	cx_arg_acc(fcinfo, 0, &cx_kind_nps, &a);
	cx_arg_acc(fcinfo, 1, &cx_kind_nps, &b);
	st = cxkpi_nps_difference(a.acc, b.acc, PG_GETARG_FLOAT8(2), &v[0], &se, &v[1], &v[2],
							  &v[3]);
	return difference_result(fcinfo, &a, &b, st, v, "nps_difference");
}

#define PROPORTION_DIFFERENCE(name, k, fn, what) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) \
	{ \
		cx_ref		a, b; \
		double		v[4] = {0, 0, 0, 0}; \
		cxkpi_status st; \
		cx_arg_acc(fcinfo, 0, &cx_kind_##k, &a); \
		cx_arg_acc(fcinfo, 1, &cx_kind_##k, &b); \
		st = fn(a.acc, b.acc, PG_GETARG_FLOAT8(2), &v[0], &v[1], &v[2], &v[3]); \
		return difference_result(fcinfo, &a, &b, st, v, what); \
	}

PROPORTION_DIFFERENCE(cxkpi_csat_percent_difference_r, csat, cxkpi_csat_percent_difference,
					  "csat_percent_difference")
PROPORTION_DIFFERENCE(cxkpi_fcr_percent_difference_r, fcr, cxkpi_fcr_percent_difference,
					  "fcr_percent_difference")
PROPORTION_DIFFERENCE(cxkpi_sla_compliance_percent_difference_r, sla,
					  cxkpi_sla_compliance_percent_difference,
					  "sla_compliance_percent_difference")
