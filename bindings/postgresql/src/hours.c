/*
 * cxkpi for PostgreSQL: business hours. Working seconds between two instants and the
 * instant N working seconds after a start, under a calendar given in the library's text
 * form. The parsed calendar is cached per call site (in fn_extra) and parsed again only
 * when the text changes, so a query over many rows with one calendar parses it once.
 */
#include "cxkpi_pg.h"

#include <string.h>

#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "cxkpi.h"

/* The cache of one call site, in the function's memory context (flinfo->fn_mcxt). */
typedef struct calendar_cache
{
	MemoryContextCallback cb;	/* frees the calendar with the context */
	cxkpi_calendar *cal;
	char	   *text;			/* the text it was parsed from */
	int			len;
} calendar_cache;

static void
calendar_cache_reset(void *arg)
{
	calendar_cache *c = arg;

	cxkpi_calendar_free(c->cal);
	c->cal = NULL;
}

static const cxkpi_calendar *
cached_calendar(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *s = VARDATA_ANY(t);
	int			len = (int) VARSIZE_ANY_EXHDR(t);
	calendar_cache *c = fcinfo->flinfo->fn_extra;
	cxkpi_calendar *cal = NULL;
	size_t		line = 0;
	cxkpi_status st;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *c);
		c->cb.func = calendar_cache_reset;
		c->cb.arg = c;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, &c->cb);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->cal != NULL && c->len == len && memcmp(c->text, s, len) == 0)
		return c->cal;

	st = cxkpi_calendar_parse(&cal, s, (size_t) len, &line);
	if (st != CXKPI_OK)
	{
		int			code = (st == CXKPI_EFORMAT || st == CXKPI_ENOTFOUND)
		? ERRCODE_INVALID_TEXT_REPRESENTATION : ERRCODE_INVALID_PARAMETER_VALUE;

		if (line > 0)
			ereport(ERROR,
					(errcode(code),
					 errmsg("invalid calendar: %s", cxkpi_status_str(st)),
					 errdetail("Line %zu of the calendar text", line)));
		ereport(ERROR,
				(errcode(code), errmsg("invalid calendar: %s", cxkpi_status_str(st))));
	}
	/* replace the cached calendar; nothing below can fail before cal is owned */
	cxkpi_calendar_free(c->cal);
	c->cal = cal;
	if (c->text != NULL)
		pfree(c->text);
	c->text = NULL;
	c->len = 0;
	c->text = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len > 0 ? len : 1);
	memcpy(c->text, s, len);
	c->len = len;
	return c->cal;
}

/* Seconds since 1970-01-01 of a timestamptz (rounded down to the second). */
static int64
unix_seconds(TimestampTz ts, const char *what)
{
	int64		secs;

	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s: timestamp must be finite", what)));
	secs = ts / USECS_PER_SEC;
	if (ts % USECS_PER_SEC < 0)
		secs--;
	return secs + (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
}

/* business_seconds(start timestamptz, finish timestamptz, calendar text) -> bigint */
PG_FUNCTION_INFO_V1(cxkpi_business_seconds);
Datum
cxkpi_business_seconds(PG_FUNCTION_ARGS)
{
	const cxkpi_calendar *cal = cached_calendar(fcinfo, 2);
	int64		start = unix_seconds(PG_GETARG_TIMESTAMPTZ(0), "business_seconds");
	int64		finish = unix_seconds(PG_GETARG_TIMESTAMPTZ(1), "business_seconds");
	int64_t		secs = 0;
	cxkpi_status st = cxkpi_calendar_elapsed(cal, start, finish, &secs);

	if (st == CXKPI_EORDER)
		cx_raise_detail(st, "business_seconds", "The finish is before the start");
	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "business_seconds", "Instants must lie in years 1 to 9999");
	if (st != CXKPI_OK)
		cx_raise(st, "business_seconds");
	PG_RETURN_INT64(secs);
}

/* business_due(start timestamptz, working_seconds bigint, calendar text) -> timestamptz */
PG_FUNCTION_INFO_V1(cxkpi_business_due);
Datum
cxkpi_business_due(PG_FUNCTION_ARGS)
{
	const cxkpi_calendar *cal = cached_calendar(fcinfo, 2);
	int64		start = unix_seconds(PG_GETARG_TIMESTAMPTZ(0), "business_due");
	int64		working = PG_GETARG_INT64(1);
	int64_t		due = 0;
	cxkpi_status st = cxkpi_calendar_add(cal, start, working, &due);

	if (st == CXKPI_ERANGE)
		cx_raise_detail(st, "business_due",
						"Negative working time, a calendar without working hours, or a due "
						"instant after the year 9999");
	if (st != CXKPI_OK)
		cx_raise(st, "business_due");
	PG_RETURN_TIMESTAMPTZ((due - (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)
						  * USECS_PER_SEC);
}
