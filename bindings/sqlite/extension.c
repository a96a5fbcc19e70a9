/* The extension's entry points, the business-hours functions and cxkpi_version().
 *
 * Loading: the file is named cxkpi.so (cxkpi.dll, cxkpi.dylib), so SQLite derives the entry
 * point sqlite3_cxkpi_init from the name and `.load cxkpi` / load_extension('cxkpi') need no
 * second argument. A second entry point, sqlite3_cxkpi_recompute_init, registers the same
 * functions with no xInverse at all: SQLite then recomputes every window frame. It is the
 * baseline the tests and the benchmark compare the sliding windows with.
 *
 * The one variable at file scope is SQLite's table of API routines (SQLITE_EXTENSION_INIT1),
 * which the loader sets when the extension is loaded; the extension itself keeps no other
 * state outside its aggregate contexts and auxiliary data. */
#include <stdio.h>
#include <string.h>

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "sqlkpi.h"

#if defined(_WIN32)
#  define SQLKPI_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#  define SQLKPI_EXPORT __attribute__((visibility("default")))
#else
#  define SQLKPI_EXPORT
#endif

/* ---- instants ------------------------------------------------------------------------ */

/* Days from 1970-01-01 to a proleptic Gregorian date: count whole 400-year eras (146097
 * days each) from 0000-03-01, then the days of the era, with March as the first month so
 * that the leap day ends the year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD HH:MM:SS' in UTC, 'T' allowed for the
 * space, then optionally a fraction of a second (dropped) and 'Z': what SQLite's datetime()
 * writes. */
static int parse_instant(const char *s, int n, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, at = 10;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return -1;
    if (n >= 16 && (s[10] == ' ' || s[10] == 'T')) {
        if (digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi))
            return -1;
        at = 16;
        if (n >= 19 && s[16] == ':') {
            if (digits(s + 17, 2, &sec))
                return -1;
            at = 19;
            if (at < n && s[at] == '.')
                for (at++; at < n && s[at] >= '0' && s[at] <= '9'; at++)
                    ;
        }
    }
    if (at < n && s[at] == 'Z')
        at++;
    if (at != n || y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
        mi > 59 || sec > 59)
        return -1;
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return -1;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return 0;
}

/* An instant argument: Unix seconds (INTEGER; a REAL is rounded down) or UTC text. */
static int arg_instant(sqlite3_context *ctx, const char *fn, sqlite3_value *v, int64_t *out)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        *out = sqlite3_value_int64(v);
        return 0;
    case SQLITE_FLOAT: {
        double d = sqlite3_value_double(v);
        if (d >= -9.2e18 && d <= 9.2e18) {
            int64_t i = (int64_t)d;
            *out = (double)i > d ? i - 1 : i;
            return 0;
        }
        break;
    }
    case SQLITE_TEXT:
        if (parse_instant((const char *)sqlite3_value_text(v), sqlite3_value_bytes(v), out) == 0)
            return 0;
        break;
    default:
        break;
    }
    sqlkpi_error(ctx, fn, "an instant must be Unix seconds or UTC text 'YYYY-MM-DD HH:MM:SS'",
                 CXKPI_OK);
    return -1;
}

/* ---- business hours ------------------------------------------------------------------ */

static void calendar_free(void *cal)
{
    cxkpi_calendar_free(cal);
}

/* The calendar of argument 2: the one SQLite keeps for this call site while the argument
 * stays the same (a literal or a bound parameter), else parsed now into *fresh. */
static const cxkpi_calendar *calendar_arg(sqlite3_context *ctx, const char *fn,
                                          sqlite3_value *text, cxkpi_calendar **fresh)
{
    const cxkpi_calendar *cal = sqlite3_get_auxdata(ctx, 2);
    if (cal != NULL)
        return cal;
    if (sqlite3_value_type(text) != SQLITE_TEXT) {
        sqlkpi_error(ctx, fn, "the calendar must be text", CXKPI_OK);
        return NULL;
    }
    size_t line = 0;
    cxkpi_status s = cxkpi_calendar_parse(fresh, (const char *)sqlite3_value_text(text),
                                          (size_t)sqlite3_value_bytes(text), &line);
    if (s != CXKPI_OK) {
        char what[64];
        snprintf(what, sizeof what, "calendar line %zu", line);
        sqlkpi_error(ctx, fn, line ? what : "calendar", s);
        return NULL;
    }
    return *fresh;
}

/* Hands a freshly parsed calendar to SQLite to keep (or free) once the result is set:
 * SQLite may free it at once, so it is not used after this. */
static void calendar_keep(sqlite3_context *ctx, cxkpi_calendar *fresh)
{
    if (fresh != NULL)
        sqlite3_set_auxdata(ctx, 2, fresh, calendar_free);
}

/* cxkpi_business_seconds(start, end, calendar): working seconds in [start, end). */
static void business_seconds(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    static const char fn[] = "business_seconds";
    int64_t start, end, seconds;
    cxkpi_calendar *fresh = NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL)
        return;
    if (arg_instant(ctx, fn, argv[0], &start) || arg_instant(ctx, fn, argv[1], &end))
        return;
    const cxkpi_calendar *cal = calendar_arg(ctx, fn, argv[2], &fresh);
    if (cal == NULL)
        return;
    cxkpi_status s = cxkpi_calendar_elapsed(cal, start, end, &seconds);
    if (s == CXKPI_OK)
        sqlite3_result_int64(ctx, seconds);
    else
        sqlkpi_error(ctx, fn, start > end ? "the end is before the start" : "instants", s);
    calendar_keep(ctx, fresh);
}

/* cxkpi_business_due(start, working_seconds, calendar): the instant (Unix seconds) when that
 * much working time has elapsed since start. */
static void business_due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    static const char fn[] = "business_due";
    int64_t start, due;
    cxkpi_calendar *fresh = NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL)
        return;
    if (arg_instant(ctx, fn, argv[0], &start))
        return;
    if (sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
        sqlkpi_error(ctx, fn, "the working seconds must be an integer", CXKPI_OK);
        return;
    }
    const cxkpi_calendar *cal = calendar_arg(ctx, fn, argv[2], &fresh);
    if (cal == NULL)
        return;
    cxkpi_status s = cxkpi_calendar_add(cal, start, sqlite3_value_int64(argv[1]), &due);
    if (s == CXKPI_OK)
        sqlite3_result_int64(ctx, due);
    else
        sqlkpi_error(ctx, fn, "no due instant", s);
    calendar_keep(ctx, fresh);
}

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    sqlite3_result_text(ctx, cxkpi_version_string(), -1, SQLITE_STATIC);
}

int sqlkpi_register_calendar(sqlite3 *db)
{
    /* Deterministic, but not innocuous: a calendar's "tz" line reads a zoneinfo file. */
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = sqlite3_create_function(db, "business_seconds", 3, flags, NULL,
                                     business_seconds, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "business_due", 3, flags, NULL, business_due,
                                     NULL, NULL);
    return rc;
}

static int init(sqlite3 *db, char **err, int inverse)
{
    int rc = sqlite3_create_function(db, "cxkpi_version", 0,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     version_func, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlkpi_register_readers(db);
    if (rc == SQLITE_OK)
        rc = sqlkpi_register_aggregates(db, inverse);
    if (rc == SQLITE_OK)
        rc = sqlkpi_register_calendar(db);
    if (rc == SQLITE_OK)
        rc = sqlkpi_register_compare(db);
    if (rc != SQLITE_OK && err != NULL)
        *err = sqlite3_mprintf("cxkpi: registering the functions failed: %s",
                               sqlite3_errstr(rc));
    return rc;
}

/* Entry point SQLite finds from the file name cxkpi. */
SQLKPI_EXPORT int sqlite3_cxkpi_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    (void)api; /* unused when compiled into a program with SQLITE_CORE */
    SQLITE_EXTENSION_INIT2(api);
    return init(db, err, 1);
}

/* The same functions without any xInverse: every window frame is recomputed. */
SQLKPI_EXPORT int sqlite3_cxkpi_recompute_init(sqlite3 *db, char **err,
                                               const sqlite3_api_routines *api)
{
    (void)api;
    SQLITE_EXTENSION_INIT2(api);
    return init(db, err, 0);
}
