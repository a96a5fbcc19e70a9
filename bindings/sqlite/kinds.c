/* The accumulator kinds behind one interface, state BLOB handling, and the scalar readers
 * (state BLOB -> figure). */
#include <string.h>

#include "sqlkpi.h"

/* Adapters from each kind's typed functions to the void-pointer interface. */
#define SQLKPI_ADAPT(k)                                                                       \
    static cxkpi_status k##_deserialize(void **acc, const void *buf, size_t size)             \
    {                                                                                         \
        cxkpi_##k *a;                                                                         \
        cxkpi_status s = cxkpi_##k##_deserialize(&a, buf, size);                              \
        if (s == CXKPI_OK)                                                                    \
            *acc = a;                                                                         \
        return s;                                                                             \
    }                                                                                         \
    static cxkpi_status k##_size(const void *acc, size_t *size)                               \
    {                                                                                         \
        return cxkpi_##k##_serialized_size(acc, size);                                        \
    }                                                                                         \
    static cxkpi_status k##_serialize(const void *acc, void *buf, size_t cap, size_t *n)      \
    {                                                                                         \
        return cxkpi_##k##_serialize(acc, buf, cap, n);                                       \
    }                                                                                         \
    static cxkpi_status k##_merge(void *dst, const void *src)                                 \
    {                                                                                         \
        return cxkpi_##k##_merge(dst, src);                                                   \
    }                                                                                         \
    static void k##_free(void *acc)                                                           \
    {                                                                                         \
        cxkpi_##k##_free(acc);                                                                \
    }

SQLKPI_ADAPT(csat)
SQLKPI_ADAPT(nps)
SQLKPI_ADAPT(fcr)
SQLKPI_ADAPT(sla)
SQLKPI_ADAPT(duration)
SQLKPI_ADAPT(survival)

static cxkpi_status out_count(sqlkpi_out *out, cxkpi_status s)
{
    out->is_count = 1;
    return s;
}

/* One bound of an interval: `upper` picks which. */
static double pick(int upper, double lo, double hi)
{
    return upper ? hi : lo;
}

static cxkpi_status csat_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    double lo = 0, hi = 0;
    cxkpi_status s;
    switch (what) {
    case CSAT_COUNT: return out_count(out, cxkpi_csat_count(acc, &out->count));
    case CSAT_SATISFIED: return out_count(out, cxkpi_csat_satisfied(acc, &out->count));
    case CSAT_PERCENT: return cxkpi_csat_percent(acc, &out->value);
    case CSAT_MEAN: return cxkpi_csat_mean(acc, &out->value);
    case CSAT_SCORE_COUNT:
        if (!(param >= -2147483648.0 && param <= 2147483647.0))
            return CXKPI_ERANGE;
        return out_count(out, cxkpi_csat_score_count(acc, (int32_t)param, &out->count));
    default:
        s = cxkpi_csat_percent_interval(acc, param, &lo, &hi);
        out->value = pick(what == CSAT_PERCENT_UPPER, lo, hi);
        return s;
    }
}

static cxkpi_status nps_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    uint64_t g[3] = {0, 0, 0};
    cxkpi_status s;
    switch (what) {
    case NPS_COUNT: return out_count(out, cxkpi_nps_count(acc, &out->count));
    case NPS_SCORE: return cxkpi_nps_score(acc, &out->value);
    case NPS_STDERR: return cxkpi_nps_stderr(acc, &out->value);
    case NPS_MARGIN: return cxkpi_nps_margin(acc, param, &out->value);
    case NPS_SCORE_COUNT:
        if (!(param >= -2147483648.0 && param <= 2147483647.0))
            return CXKPI_ERANGE;
        return out_count(out, cxkpi_nps_score_count(acc, (int32_t)param, &out->count));
    default:
        s = cxkpi_nps_groups(acc, &g[0], &g[1], &g[2]);
        out->count = g[what - NPS_PROMOTERS];
        return out_count(out, s);
    }
}

static cxkpi_status fcr_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    uint64_t c[5] = {0, 0, 0, 0, 0};
    double lo = 0, hi = 0;
    cxkpi_status s;
    int upper = (what - FCR_PERCENT_LOWER) % 2;
    switch (what) {
    case FCR_PERCENT: return cxkpi_fcr_percent(acc, &out->value);
    case FCR_NET_PERCENT: return cxkpi_fcr_net_percent(acc, &out->value);
    case FCR_ESCALATION_PERCENT: return cxkpi_fcr_escalation_percent(acc, &out->value);
    case FCR_REOPEN_PERCENT: return cxkpi_fcr_reopen_percent(acc, &out->value);
    case FCR_PERCENT_LOWER:
    case FCR_PERCENT_UPPER: s = cxkpi_fcr_percent_interval(acc, param, &lo, &hi); break;
    case FCR_NET_PERCENT_LOWER:
    case FCR_NET_PERCENT_UPPER: s = cxkpi_fcr_net_percent_interval(acc, param, &lo, &hi); break;
    case FCR_ESCALATION_PERCENT_LOWER:
    case FCR_ESCALATION_PERCENT_UPPER:
        s = cxkpi_fcr_escalation_percent_interval(acc, param, &lo, &hi);
        break;
    case FCR_REOPEN_PERCENT_LOWER:
    case FCR_REOPEN_PERCENT_UPPER: s = cxkpi_fcr_reopen_percent_interval(acc, param, &lo, &hi); break;
    default: /* the five counts, in the order of cxkpi_fcr_counts() */
        s = cxkpi_fcr_counts(acc, &c[0], &c[1], &c[2], &c[3], &c[4]);
        out->count = c[what - FCR_ISSUES];
        return out_count(out, s);
    }
    out->value = pick(upper, lo, hi);
    return s;
}

static cxkpi_status sla_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    uint64_t n = 0;
    double lo = 0, hi = 0, l[3] = {0, 0, 0};
    cxkpi_status s;
    switch (what) {
    case SLA_TARGET: return cxkpi_sla_target(acc, &out->value);
    case SLA_MET: return out_count(out, cxkpi_sla_met(acc, &out->count));
    case SLA_BREACHED: return out_count(out, cxkpi_sla_breached(acc, &out->count));
    case SLA_BREACHED_OPEN: return out_count(out, cxkpi_sla_breached_open(acc, &out->count));
    case SLA_IN_PROGRESS: return out_count(out, cxkpi_sla_in_progress(acc, &out->count));
    case SLA_COMPLIANCE_PERCENT: return cxkpi_sla_compliance_percent(acc, &out->value);
    case SLA_COMPLIANCE_PERCENT_LOWER:
    case SLA_COMPLIANCE_PERCENT_UPPER:
        s = cxkpi_sla_compliance_percent_interval(acc, param, &lo, &hi);
        out->value = pick(what == SLA_COMPLIANCE_PERCENT_UPPER, lo, hi);
        return s;
    default: /* total, mean, max lateness */
        s = cxkpi_sla_lateness(acc, &n, &l[0], &l[1], &l[2]);
        out->value = l[what - SLA_LATENESS_TOTAL];
        return s;
    }
}

static cxkpi_status duration_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    uint32_t buckets = 0;
    switch (what) {
    case DURATION_COUNT: return out_count(out, cxkpi_duration_count(acc, &out->count));
    case DURATION_SUM: return cxkpi_duration_sum(acc, &out->value);
    case DURATION_MEAN: return cxkpi_duration_mean(acc, &out->value);
    case DURATION_MIN: return cxkpi_duration_min(acc, &out->value);
    case DURATION_MAX: return cxkpi_duration_max(acc, &out->value);
    case DURATION_STDDEV: return cxkpi_duration_stddev(acc, &out->value);
    case DURATION_QUANTILE: return cxkpi_duration_quantile(acc, param, &out->value);
    default: return cxkpi_duration_config(acc, &out->value, &buckets);
    }
}

static cxkpi_status survival_read(const void *acc, int what, double param, sqlkpi_out *out)
{
    uint64_t n[2] = {0, 0};
    uint32_t buckets = 0;
    double lo = 0, hi = 0;
    cxkpi_status s;
    switch (what) {
    case SURVIVAL_RESOLVED:
    case SURVIVAL_OPEN:
        s = cxkpi_survival_counts(acc, &n[0], &n[1]);
        out->count = n[what - SURVIVAL_RESOLVED];
        return out_count(out, s);
    case SURVIVAL_ALPHA: return cxkpi_survival_config(acc, &out->value, &buckets);
    case SURVIVAL_PERCENT: return cxkpi_survival_at(acc, param, 0.95, &out->value, &lo, &hi);
    case SURVIVAL_PERCENT_RESOLVED_WITHIN:
        return cxkpi_survival_percent_resolved_within(acc, param, &out->value);
    default: /* a quantile, or the median */
        s = cxkpi_survival_quantile(acc, what == SURVIVAL_MEDIAN ? 0.5 : param, 0.95,
                                    &out->value, &lo, &hi);
        return s == CXKPI_ENOTFOUND ? CXKPI_EEMPTY : s;
    }
}

const sqlkpi_kind sqlkpi_kinds[SQLKPI_KINDS] = {
    [SQLKPI_CSAT] = {"csat", 1, csat_deserialize, csat_size, csat_serialize, csat_merge,
                     csat_free, csat_read},
    [SQLKPI_NPS] = {"nps", 2, nps_deserialize, nps_size, nps_serialize, nps_merge, nps_free,
                    nps_read},
    [SQLKPI_FCR] = {"fcr", 3, fcr_deserialize, fcr_size, fcr_serialize, fcr_merge, fcr_free,
                    fcr_read},
    [SQLKPI_SLA] = {"sla", 5, sla_deserialize, sla_size, sla_serialize, sla_merge, sla_free,
                    sla_read},
    [SQLKPI_DURATION] = {"duration", 6, duration_deserialize, duration_size,
                         duration_serialize, duration_merge, duration_free, duration_read},
    [SQLKPI_SURVIVAL] = {"survival", 9, survival_deserialize, survival_size,
                         survival_serialize, survival_merge, survival_free, survival_read},
};

void sqlkpi_error(sqlite3_context *ctx, const char *fn, const char *what, cxkpi_status status)
{
    char *msg = status == CXKPI_OK ? sqlite3_mprintf("%s: %s", fn, what)
                                   : sqlite3_mprintf("%s: %s: %s", fn, what,
                                                     cxkpi_status_str(status));
    if (msg == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

int sqlkpi_claimed_kind(const void *buf, int size)
{
    const unsigned char *b = buf;
    if (size < 20 || memcmp(b, "CXKP", 4) != 0)
        return -1;
    unsigned id = (unsigned)b[4] | (unsigned)b[5] << 8;
    for (int k = 0; k < SQLKPI_KINDS; k++)
        if (sqlkpi_kinds[k].id == id)
            return k;
    return -1;
}

int sqlkpi_load(sqlite3_context *ctx, const char *fn, sqlite3_value *arg, int want,
                void **acc, int *kind)
{
    if (sqlite3_value_type(arg) != SQLITE_BLOB) {
        sqlkpi_error(ctx, fn, "the state must be a BLOB of serialized cxkpi bytes", CXKPI_OK);
        return -1;
    }
    const void *buf = sqlite3_value_blob(arg);
    int size = sqlite3_value_bytes(arg);
    int k = sqlkpi_claimed_kind(buf, size);
    if (k < 0) {
        sqlkpi_error(ctx, fn, "not a cxkpi state of a known kind", CXKPI_EFORMAT);
        return -1;
    }
    if (want >= 0 && k != want) {
        char *what = sqlite3_mprintf("a %s state where %s was expected", sqlkpi_kinds[k].name,
                                     sqlkpi_kinds[want].name);
        sqlkpi_error(ctx, fn, what ? what : "another kind of state", CXKPI_EFORMAT);
        sqlite3_free(what);
        return -1;
    }
    cxkpi_status s = sqlkpi_kinds[k].deserialize(acc, buf, (size_t)size);
    if (s != CXKPI_OK) {
        sqlkpi_error(ctx, fn, "bad state", s);
        return -1;
    }
    *kind = k;
    return 0;
}

void sqlkpi_result_state(sqlite3_context *ctx, const char *fn, int kind, const void *acc)
{
    const sqlkpi_kind *k = &sqlkpi_kinds[kind];
    size_t size = 0, written = 0;
    cxkpi_status s = k->serialized_size(acc, &size);
    if (s != CXKPI_OK) {
        sqlkpi_error(ctx, fn, "serialize", s);
        return;
    }
    void *buf = sqlite3_malloc64(size);
    if (buf == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    s = k->serialize(acc, buf, size, &written);
    if (s != CXKPI_OK) {
        sqlite3_free(buf);
        sqlkpi_error(ctx, fn, "serialize", s);
        return;
    }
    sqlite3_result_blob64(ctx, buf, written, sqlite3_free);
}

void sqlkpi_result_read(sqlite3_context *ctx, const char *fn, int kind, const void *acc,
                        int what, double param)
{
    sqlkpi_out out = {0, 0, 0.0};
    cxkpi_status s = sqlkpi_kinds[kind].read(acc, what, param, &out);
    if (s == CXKPI_EEMPTY)
        sqlite3_result_null(ctx);
    else if (s != CXKPI_OK)
        sqlkpi_error(ctx, fn, "cannot compute", s);
    else if (!out.is_count)
        sqlite3_result_double(ctx, out.value);
    else if (out.count <= (uint64_t)INT64_MAX)
        sqlite3_result_int64(ctx, (sqlite3_int64)out.count);
    else
        sqlite3_result_double(ctx, (double)out.count); /* past SQLite's INTEGER range */
}

/* ---- scalar readers ------------------------------------------------------------------ */

typedef struct reader_def {
    const char *name;
    int kind;
    int what;
    int nargs; /* 1: (state); 2: (state, parameter) */
} reader_def;

static const reader_def readers[] = {
    {"csat_count", SQLKPI_CSAT, CSAT_COUNT, 1},
    {"csat_satisfied", SQLKPI_CSAT, CSAT_SATISFIED, 1},
    {"csat_percent", SQLKPI_CSAT, CSAT_PERCENT, 1},
    {"csat_mean", SQLKPI_CSAT, CSAT_MEAN, 1},
    {"csat_score_count", SQLKPI_CSAT, CSAT_SCORE_COUNT, 2},
    {"csat_percent_lower", SQLKPI_CSAT, CSAT_PERCENT_LOWER, 2},
    {"csat_percent_upper", SQLKPI_CSAT, CSAT_PERCENT_UPPER, 2},
    {"nps_count", SQLKPI_NPS, NPS_COUNT, 1},
    {"nps_score", SQLKPI_NPS, NPS_SCORE, 1},
    {"nps_promoters", SQLKPI_NPS, NPS_PROMOTERS, 1},
    {"nps_passives", SQLKPI_NPS, NPS_PASSIVES, 1},
    {"nps_detractors", SQLKPI_NPS, NPS_DETRACTORS, 1},
    {"nps_stderr", SQLKPI_NPS, NPS_STDERR, 1},
    {"nps_margin", SQLKPI_NPS, NPS_MARGIN, 2},
    {"nps_score_count", SQLKPI_NPS, NPS_SCORE_COUNT, 2},
    {"fcr_count", SQLKPI_FCR, FCR_ISSUES, 1},
    {"fcr_resolved", SQLKPI_FCR, FCR_RESOLVED, 1},
    {"fcr_escalated", SQLKPI_FCR, FCR_ESCALATED, 1},
    {"fcr_reopened", SQLKPI_FCR, FCR_REOPENED, 1},
    {"fcr_excluded", SQLKPI_FCR, FCR_EXCLUDED, 1},
    {"fcr_percent", SQLKPI_FCR, FCR_PERCENT, 1},
    {"fcr_net_percent", SQLKPI_FCR, FCR_NET_PERCENT, 1},
    {"fcr_escalation_percent", SQLKPI_FCR, FCR_ESCALATION_PERCENT, 1},
    {"fcr_reopen_percent", SQLKPI_FCR, FCR_REOPEN_PERCENT, 1},
    {"fcr_percent_lower", SQLKPI_FCR, FCR_PERCENT_LOWER, 2},
    {"fcr_percent_upper", SQLKPI_FCR, FCR_PERCENT_UPPER, 2},
    {"fcr_net_percent_lower", SQLKPI_FCR, FCR_NET_PERCENT_LOWER, 2},
    {"fcr_net_percent_upper", SQLKPI_FCR, FCR_NET_PERCENT_UPPER, 2},
    {"fcr_escalation_percent_lower", SQLKPI_FCR, FCR_ESCALATION_PERCENT_LOWER, 2},
    {"fcr_escalation_percent_upper", SQLKPI_FCR, FCR_ESCALATION_PERCENT_UPPER, 2},
    {"fcr_reopen_percent_lower", SQLKPI_FCR, FCR_REOPEN_PERCENT_LOWER, 2},
    {"fcr_reopen_percent_upper", SQLKPI_FCR, FCR_REOPEN_PERCENT_UPPER, 2},
    {"sla_target", SQLKPI_SLA, SLA_TARGET, 1},
    {"sla_met", SQLKPI_SLA, SLA_MET, 1},
    {"sla_breached", SQLKPI_SLA, SLA_BREACHED, 1},
    {"sla_breached_open", SQLKPI_SLA, SLA_BREACHED_OPEN, 1},
    {"sla_in_progress", SQLKPI_SLA, SLA_IN_PROGRESS, 1},
    {"sla_compliance_percent", SQLKPI_SLA, SLA_COMPLIANCE_PERCENT, 1},
    {"sla_compliance_percent_lower", SQLKPI_SLA, SLA_COMPLIANCE_PERCENT_LOWER, 2},
    {"sla_compliance_percent_upper", SQLKPI_SLA, SLA_COMPLIANCE_PERCENT_UPPER, 2},
    {"sla_lateness_total", SQLKPI_SLA, SLA_LATENESS_TOTAL, 1},
    {"sla_lateness_mean", SQLKPI_SLA, SLA_LATENESS_MEAN, 1},
    {"sla_lateness_max", SQLKPI_SLA, SLA_LATENESS_MAX, 1},
    {"duration_count", SQLKPI_DURATION, DURATION_COUNT, 1},
    {"duration_sum", SQLKPI_DURATION, DURATION_SUM, 1},
    {"duration_mean", SQLKPI_DURATION, DURATION_MEAN, 1},
    {"duration_min", SQLKPI_DURATION, DURATION_MIN, 1},
    {"duration_max", SQLKPI_DURATION, DURATION_MAX, 1},
    {"duration_stddev", SQLKPI_DURATION, DURATION_STDDEV, 1},
    {"duration_quantile", SQLKPI_DURATION, DURATION_QUANTILE, 2},
    {"duration_alpha", SQLKPI_DURATION, DURATION_ALPHA, 1},
    {"survival_resolved", SQLKPI_SURVIVAL, SURVIVAL_RESOLVED, 1},
    {"survival_open", SQLKPI_SURVIVAL, SURVIVAL_OPEN, 1},
    {"survival_alpha", SQLKPI_SURVIVAL, SURVIVAL_ALPHA, 1},
    {"survival_percent", SQLKPI_SURVIVAL, SURVIVAL_PERCENT, 2},
    {"survival_percent_resolved_within", SQLKPI_SURVIVAL, SURVIVAL_PERCENT_RESOLVED_WITHIN, 2},
    {"survival_quantile", SQLKPI_SURVIVAL, SURVIVAL_QUANTILE, 2},
    {"survival_median", SQLKPI_SURVIVAL, SURVIVAL_MEDIAN, 1},
};

static void reader_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const reader_def *r = sqlite3_user_data(ctx);
    double param = 0.0;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return; /* NULL state: NULL figure */
    if (argc == 2) {
        int t = sqlite3_value_type(argv[1]);
        if (t == SQLITE_NULL)
            return;
        if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
            sqlkpi_error(ctx, r->name, "the second argument must be a number", CXKPI_OK);
            return;
        }
        param = sqlite3_value_double(argv[1]);
    }
    void *acc;
    int kind;
    if (sqlkpi_load(ctx, r->name, argv[0], r->kind, &acc, &kind) != 0)
        return;
    sqlkpi_result_read(ctx, r->name, kind, acc, r->what, param);
    sqlkpi_kinds[kind].free(acc);
}

/* cxkpi_kind(state): the kind a valid state holds ('csat', 'nps', ...). */
static void kind_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    void *acc;
    int kind;
    if (sqlkpi_load(ctx, "cxkpi_kind", argv[0], -1, &acc, &kind) != 0)
        return;
    sqlkpi_kinds[kind].free(acc);
    sqlite3_result_text(ctx, sqlkpi_kinds[kind].name, -1, SQLITE_STATIC);
}

int sqlkpi_register_readers(sqlite3 *db)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(db, "cxkpi_kind", 1, flags, NULL, kind_func, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof readers / sizeof readers[0]; i++)
        rc = sqlite3_create_function(db, readers[i].name, readers[i].nargs, flags,
                                     (void *)&readers[i], reader_func, NULL, NULL);
    return rc;
}
