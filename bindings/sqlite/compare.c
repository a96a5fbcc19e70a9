/* Readers with two parameters (the bands of the survival estimate) and the comparisons
 * of two states (difference, interval and p-value as one JSON object). */
#include <math.h>
#include <stdio.h>

#include "sqlkpi.h"

/* A number argument into *out; 1 when it is NULL (the result is NULL), -1 with an SQL
 * error when it is not a number, 0 otherwise. */
static int number_arg(sqlite3_context *ctx, const char *fn, sqlite3_value *v, double *out)
{
    int t = sqlite3_value_type(v);
    if (t == SQLITE_NULL)
        return 1;
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
        sqlkpi_error(ctx, fn, "the parameters must be numbers", CXKPI_OK);
        return -1;
    }
    *out = sqlite3_value_double(v);
    return 0;
}

/* ---- bands of the survival estimate --------------------------------------------------- */

typedef struct band_def {
    const char *name;
    int quantile; /* 0: survival_percent band at a time; 1: quantile band at a share */
    int upper;    /* 0: lower bound; 1: upper bound */
} band_def;

static const band_def band_defs[] = {
    {"survival_percent_lower", 0, 0},
    {"survival_percent_upper", 0, 1},
    {"survival_quantile_lower", 1, 0},
    {"survival_quantile_upper", 1, 1},
};

/* (state, t or q [, confidence = 0.95]) -> one bound; NULL for an empty state or a
 * quantile not reached yet. The upper bound of a quantile band may be +Inf. */
static void band_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const band_def *d = sqlite3_user_data(ctx);
    double x = 0, confidence = 0.95, v = 0, lo = 0, hi = 0;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int r = number_arg(ctx, d->name, argv[1], &x);
    if (r == 0 && argc == 3)
        r = number_arg(ctx, d->name, argv[2], &confidence);
    if (r != 0)
        return;
    void *acc;
    int kind;
    if (sqlkpi_load(ctx, d->name, argv[0], SQLKPI_SURVIVAL, &acc, &kind) != 0)
        return;
    cxkpi_status s = d->quantile ? cxkpi_survival_quantile(acc, x, confidence, &v, &lo, &hi)
                                 : cxkpi_survival_at(acc, x, confidence, &v, &lo, &hi);
    sqlkpi_kinds[kind].free(acc);
    if (s == CXKPI_EEMPTY || s == CXKPI_ENOTFOUND)
        sqlite3_result_null(ctx);
    else if (s != CXKPI_OK)
        sqlkpi_error(ctx, d->name, "cannot compute", s);
    else
        sqlite3_result_double(ctx, d->upper ? hi : lo);
}

/* ---- comparisons ---------------------------------------------------------------------- */

typedef struct compare_def {
    const char *name;
    int kind;
} compare_def;

static const compare_def compare_defs[] = {
    {"nps_difference", SQLKPI_NPS},
    {"csat_percent_difference", SQLKPI_CSAT},
    {"fcr_percent_difference", SQLKPI_FCR},
    {"sla_compliance_percent_difference", SQLKPI_SLA},
};

static cxkpi_status compare(int kind, const void *a, const void *b, double confidence,
                            double v[4])
{
    double se = 0;
    switch (kind) {
    case SQLKPI_NPS:
        return cxkpi_nps_difference(a, b, confidence, &v[0], &se, &v[1], &v[2], &v[3]);
    case SQLKPI_CSAT:
        return cxkpi_csat_percent_difference(a, b, confidence, &v[0], &v[1], &v[2], &v[3]);
    case SQLKPI_FCR:
        return cxkpi_fcr_percent_difference(a, b, confidence, &v[0], &v[1], &v[2], &v[3]);
    default:
        return cxkpi_sla_compliance_percent_difference(a, b, confidence, &v[0], &v[1], &v[2],
                                                       &v[3]);
    }
}

/* (a, b [, confidence = 0.95]) -> '{"difference":…,"lower":…,"upper":…,"p_value":…}' for
 * a minus b; NULL when an argument is NULL or a state is empty. */
static void compare_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const compare_def *d = sqlite3_user_data(ctx);
    double confidence = 0.95, v[4] = {0, 0, 0, 0};
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    if (argc == 3 && number_arg(ctx, d->name, argv[2], &confidence) != 0)
        return;
    void *a, *b;
    int kind;
    if (sqlkpi_load(ctx, d->name, argv[0], d->kind, &a, &kind) != 0)
        return;
    if (sqlkpi_load(ctx, d->name, argv[1], d->kind, &b, &kind) != 0) {
        sqlkpi_kinds[kind].free(a);
        return;
    }
    cxkpi_status s = compare(kind, a, b, confidence, v);
    sqlkpi_kinds[kind].free(a);
    sqlkpi_kinds[kind].free(b);
    if (s == CXKPI_EEMPTY) {
        sqlite3_result_null(ctx);
        return;
    }
    if (s != CXKPI_OK) {
        sqlkpi_error(ctx, d->name,
                     s == CXKPI_EMISMATCH ? "the states measure different things (scale, "
                                            "threshold or target)"
                                          : "cannot compare",
                     s);
        return;
    }
    char *json = sqlite3_mprintf("{\"difference\":%!.17g,\"lower\":%!.17g,\"upper\":%!.17g,"
                                 "\"p_value\":%!.17g}", v[0], v[1], v[2], v[3]);
    if (json == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

int sqlkpi_register_compare(sqlite3 *db)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof band_defs / sizeof band_defs[0]; i++)
        for (int nargs = 2; rc == SQLITE_OK && nargs <= 3; nargs++)
            rc = sqlite3_create_function(db, band_defs[i].name, nargs, flags,
                                         (void *)&band_defs[i], band_func, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof compare_defs / sizeof compare_defs[0]; i++)
        for (int nargs = 2; rc == SQLITE_OK && nargs <= 3; nargs++)
            rc = sqlite3_create_function(db, compare_defs[i].name, nargs, flags,
                                         (void *)&compare_defs[i], compare_func, NULL, NULL);
    return rc;
}
