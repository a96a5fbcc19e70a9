/* Aggregates: raw values -> figure, raw values -> state BLOB, and state BLOBs -> merged
 * state. Each is also a window function. Where the library's retraction is exact (the
 * counts of CSAT, NPS and FCR, and the counts behind SLA compliance) its xInverse retracts
 * the row, so a sliding frame costs one add and one remove per row. Elsewhere (durations,
 * SLA states, merges) xInverse only forgets the row, and the next result recomputes the
 * frame from the rows kept for that purpose (see "Recomputed frames" below).
 */
#include <math.h>
#include <string.h>

#include "sqlkpi.h"

/* Recomputed frames. SQLite gives a window function no sign that it is one until the
 * first xValue or xInverse call, so an aggregate without exact retraction keeps a copy of
 * its rows' arguments from the start: in a window, the rows of the current frame (xInverse
 * drops the oldest); in a plain aggregate, only the first KEEP_MAX rows (and KEEP_BYTES of
 * BLOBs), after which the copy is dropped. A sliding frame whose first result comes later
 * than that after its start (e.g. ROWS BETWEEN CURRENT ROW AND 100000 FOLLOWING) is an SQL
 * error. */
#define KEEP_MAX 65536
#define KEEP_BYTES (8u << 20)

/* The running state of one aggregate (SQLite's aggregate context, zeroed at first). */
typedef struct agg {
    void *acc;           /* the accumulator, created by the first row counted */
    int kind;            /* the kind of acc */
    sqlite3_int64 rows;  /* rows counted minus rows retracted */
    double cfg[3];       /* the configuration and parameters of the first row */
    /* rows kept for recomputation: argc values per row, rows [head, len) */
    sqlite3_value **kept;
    size_t head, len, cap;
    size_t bytes;        /* bytes of BLOBs kept before the first window call */
    int window;          /* xValue or xInverse has been called */
    int dropped;         /* the kept rows were dropped (a plain aggregate) */
    int stale;           /* a row was forgotten since acc was last rebuilt */
} agg;

static void kept_free(agg *a)
{
    for (size_t i = a->head; i < a->len; i++)
        sqlite3_value_free(a->kept[i]);
    sqlite3_free(a->kept);
    a->kept = NULL;
    a->head = a->len = a->cap = 0;
}

/* Keeps a copy of one row's arguments. Returns 0, or -1 with an SQL error. */
static int kept_push(sqlite3_context *ctx, agg *a, int argc, sqlite3_value **argv)
{
    if (a->dropped)
        return 0;
    for (int i = 0; i < argc && !a->window; i++)
        a->bytes += (size_t)sqlite3_value_bytes(argv[i]);
    if (!a->window && ((a->len - a->head) / (size_t)argc >= KEEP_MAX || a->bytes > KEEP_BYTES)) {
        kept_free(a);
        a->dropped = 1;
        return 0;
    }
    if (a->head > 0 && a->len + (size_t)argc > a->cap) { /* reuse the forgotten front */
        memmove(a->kept, a->kept + a->head, (a->len - a->head) * sizeof *a->kept);
        a->len -= a->head;
        a->head = 0;
    }
    if (a->len + (size_t)argc > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16 * (size_t)argc;
        sqlite3_value **k = sqlite3_realloc64(a->kept, cap * sizeof *k);
        if (k == NULL) {
            sqlite3_result_error_nomem(ctx);
            return -1;
        }
        a->kept = k;
        a->cap = cap;
    }
    for (int i = 0; i < argc; i++) {
        sqlite3_value *v = sqlite3_value_dup(argv[i]);
        if (v == NULL) {
            sqlite3_result_error_nomem(ctx);
            return -1;
        }
        a->kept[a->len++] = v;
    }
    return 0;
}

/* Forgets the oldest kept row (xInverse of a recomputed aggregate). */
static int kept_pop(sqlite3_context *ctx, const char *fn, agg *a, int argc)
{
    a->window = 1;
    if (a->dropped || a->len - a->head < (size_t)argc) {
        char *msg = sqlite3_mprintf("%s: the window frame's first result came more than %d "
                                    "rows (or %u bytes) after its start; cannot recompute it",
                                    fn, KEEP_MAX, KEEP_BYTES);
        sqlite3_result_error(ctx, msg ? msg : fn, -1);
        sqlite3_free(msg);
        return -1;
    }
    for (int i = 0; i < argc; i++)
        sqlite3_value_free(a->kept[a->head++]);
    a->stale = 1;
    return 0;
}

/* Adds (or, with `remove`, retracts) one row's values. Returns the library's status; for an
 * argument of the wrong type, CXKPI_EINVAL with *why saying what was expected. */
typedef cxkpi_status (*add_fn)(void *acc, sqlite3_value **argv, const int *types, int argc,
                               int remove, const char **why);
typedef cxkpi_status (*create_fn)(void **acc, const double *cfg, int ncfg);

typedef struct raw_def {
    const char *name;
    const char *roles; /* per argument: 'v' a value (NULL skips the row), 'c' a configuration
                          or parameter, the same on every row */
    int kind;
    create_fn create;
    add_fn add;
    int what;  /* the reader giving the result, or -1 for the state BLOB */
    int param; /* index in cfg of the reader's parameter, or -1 for `fixed` */
    int exact; /* the retraction is exact: register an xInverse */
    double fixed; /* the reader's parameter when param is -1 */
} raw_def;

/* ---- arguments ----------------------------------------------------------------------- */

static int is_number(sqlite3_value *v)
{
    int t = sqlite3_value_type(v);
    return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

/* A whole number (INTEGER, or a REAL without fraction) into an int32; ERANGE beyond.
 * `type` is the value's sqlite3_value_type(), known to the caller. */
static cxkpi_status arg_int32(sqlite3_value *v, int type, int32_t *out, const char **why,
                              const char *what)
{
    if (type == SQLITE_INTEGER) {
        sqlite3_int64 i = sqlite3_value_int64(v);
        if (i < INT32_MIN || i > INT32_MAX)
            return CXKPI_ERANGE;
        *out = (int32_t)i;
        return CXKPI_OK;
    }
    if (type != SQLITE_FLOAT) {
        *why = what;
        return CXKPI_EINVAL;
    }
    double d = sqlite3_value_double(v);
    if (d != floor(d)) {
        *why = what;
        return CXKPI_EINVAL;
    }
    if (d < INT32_MIN || d > INT32_MAX)
        return CXKPI_ERANGE;
    *out = (int32_t)d;
    return CXKPI_OK;
}

static cxkpi_status arg_double(sqlite3_value *v, int type, double *out, const char **why,
                               const char *what)
{
    if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) {
        *why = what;
        return CXKPI_EINVAL;
    }
    *out = sqlite3_value_double(v);
    return CXKPI_OK;
}

static cxkpi_status arg_bool(sqlite3_value *v, int type, int *out, const char **why)
{
    if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) {
        *why = "an outcome flag must be 0 or 1 (false or true)";
        return CXKPI_EINVAL;
    }
    *out = sqlite3_value_double(v) != 0.0;
    return CXKPI_OK;
}

/* ---- per kind: create, add, retract --------------------------------------------------- */

static cxkpi_status csat_create(void **acc, const double *cfg, int ncfg)
{
    (void)ncfg;
    int32_t c[3];
    for (int i = 0; i < 3; i++) {
        if (!(cfg[i] >= INT32_MIN && cfg[i] <= INT32_MAX) || cfg[i] != (double)(int32_t)cfg[i])
            return CXKPI_EINVAL;
        c[i] = (int32_t)cfg[i];
    }
    cxkpi_csat *a;
    cxkpi_status s = cxkpi_csat_new(&a, c[0], c[1], c[2]);
    if (s == CXKPI_OK)
        *acc = a;
    return s;
}

/* Adding or retracting one score, for the two kinds of survey answers. */
#define SCORE_ADD(k)                                                                          \
    static cxkpi_status k##_add(void *acc, sqlite3_value **argv, const int *types, int argc,  \
                                int remove, const char **why)                                 \
    {                                                                                         \
        (void)argc;                                                                           \
        int32_t score = 0;                                                                    \
        cxkpi_status s = arg_int32(argv[0], types[0], &score, why,                            \
                                   "the score must be an integer");                           \
        if (s != CXKPI_OK)                                                                    \
            return s;                                                                         \
        return remove ? cxkpi_##k##_remove(acc, score) : cxkpi_##k##_add(acc, score);         \
    }
SCORE_ADD(csat)
SCORE_ADD(nps)

/* Creating an accumulator of a kind without configuration. */
#define PLAIN_CREATE(k)                                                                       \
    static cxkpi_status k##_create(void **acc, const double *cfg, int ncfg)                   \
    {                                                                                         \
        (void)cfg, (void)ncfg;                                                                \
        cxkpi_##k *a;                                                                         \
        cxkpi_status s = cxkpi_##k##_new(&a);                                                 \
        if (s == CXKPI_OK)                                                                    \
            *acc = a;                                                                         \
        return s;                                                                             \
    }
PLAIN_CREATE(nps)
PLAIN_CREATE(fcr)

#define FCR_FLAGS_RANGE                                                                    \
    "outcome flags outside 0..15 (1 resolved on first contact, 2 escalated, 4 reopened, "      \
    "8 excluded)"

/* One argument, the bitmask of cxkpi_fcr_flag; or four booleans: resolved on first
 * contact, escalated, reopened, excluded. */
static cxkpi_status fcr_add(void *acc, sqlite3_value **argv, const int *types, int argc,
                            int remove, const char **why)
{
    uint32_t flags = 0;
    if (argc == 1) {
        int32_t bits = 0;
        cxkpi_status s = arg_int32(argv[0], types[0], &bits, why,
                                   "the outcome flags must be an integer");
        if (s != CXKPI_OK)
            return s;
        if (bits < 0) {
            *why = FCR_FLAGS_RANGE;
            return CXKPI_ERANGE;
        }
        flags = (uint32_t)bits;
    } else {
        for (int i = 0; i < 4; i++) {
            int on = 0;
            cxkpi_status s = arg_bool(argv[i], types[i], &on, why);
            if (s != CXKPI_OK)
                return s;
            flags |= on ? 1u << i : 0u;
        }
    }
    cxkpi_status s = remove ? cxkpi_fcr_remove(acc, flags) : cxkpi_fcr_add(acc, flags);
    if (s == CXKPI_ERANGE) /* the library's two reasons, said in the outcome's words */
        *why = flags > 15 ? FCR_FLAGS_RANGE
                          : "contradictory outcome: resolved on first contact, yet escalated, "
                            "reopened or excluded";
    return s;
}

static cxkpi_status sla_create(void **acc, const double *cfg, int ncfg)
{
    (void)ncfg;
    cxkpi_sla *a;
    cxkpi_status s = cxkpi_sla_new(&a, cfg[0]);
    if (s == CXKPI_OK)
        *acc = a;
    return s;
}

/* (elapsed, target) counts a finished ticket; (elapsed, target, is_open) either kind. */
static cxkpi_status sla_add(void *acc, sqlite3_value **argv, const int *types, int argc,
                            int remove, const char **why)
{
    double elapsed = 0;
    int open = 0;
    cxkpi_status s = arg_double(argv[0], types[0], &elapsed, why,
                                "the elapsed time must be a number");
    if (s == CXKPI_OK && argc == 3)
        s = arg_bool(argv[2], types[2], &open, why);
    if (s != CXKPI_OK)
        return s;
    if (open)
        return remove ? cxkpi_sla_remove_open(acc, elapsed) : cxkpi_sla_add_open(acc, elapsed);
    return remove ? cxkpi_sla_remove(acc, elapsed) : cxkpi_sla_add(acc, elapsed);
}

/* Kinds configured by alpha alone (durations, survival): alpha is the last configuration
 * argument; without one, the library's default. */
#define ALPHA_CREATE(k)                                                                       \
    static cxkpi_status k##_create(void **acc, const double *cfg, int ncfg)                   \
    {                                                                                         \
        double alpha = ncfg > 0 ? cfg[ncfg - 1] : CXKPI_DURATION_DEFAULT_ALPHA;               \
        cxkpi_##k *a;                                                                         \
        cxkpi_status s = cxkpi_##k##_new(&a, alpha, CXKPI_DURATION_DEFAULT_BUCKETS);          \
        if (s == CXKPI_OK)                                                                    \
            *acc = a;                                                                         \
        return s;                                                                             \
    }
ALPHA_CREATE(duration)
ALPHA_CREATE(survival)

static cxkpi_status duration_add(void *acc, sqlite3_value **argv, const int *types,
                                 int argc, int remove, const char **why)
{
    (void)argc, (void)remove; /* never retracted: registered without xInverse */
    double seconds = 0;
    cxkpi_status s = arg_double(argv[0], types[0], &seconds, why,
                                "the duration must be a number");
    return s != CXKPI_OK ? s : cxkpi_duration_add(acc, seconds);
}

/* (seconds, resolved): resolved true counts a resolution after that time, false a ticket
 * still open at that age (a censored time). */
static cxkpi_status survival_add(void *acc, sqlite3_value **argv, const int *types,
                                 int argc, int remove, const char **why)
{
    (void)argc, (void)remove; /* never retracted: registered without xInverse */
    double seconds = 0;
    int resolved = 0;
    cxkpi_status s = arg_double(argv[0], types[0], &seconds, why,
                                "the duration must be a number");
    if (s == CXKPI_OK)
        s = arg_bool(argv[1], types[1], &resolved, why);
    if (s != CXKPI_OK)
        return s;
    return resolved ? cxkpi_survival_add(acc, seconds) : cxkpi_survival_add_open(acc, seconds);
}

static const raw_def raw_defs[] = {
    /* raw values -> figure */
    {"csat_percent", "vccc", SQLKPI_CSAT, csat_create, csat_add, CSAT_PERCENT, -1, 1, 0.0},
    {"csat_mean", "vccc", SQLKPI_CSAT, csat_create, csat_add, CSAT_MEAN, -1, 1, 0.0},
    {"nps", "v", SQLKPI_NPS, nps_create, nps_add, NPS_SCORE, -1, 1, 0.0},
    {"fcr_percent", "vvvv", SQLKPI_FCR, fcr_create, fcr_add, FCR_PERCENT, -1, 1, 0.0},
    {"fcr_net_percent", "vvvv", SQLKPI_FCR, fcr_create, fcr_add, FCR_NET_PERCENT, -1, 1, 0.0},
    {"fcr_escalation_percent", "vvvv", SQLKPI_FCR, fcr_create, fcr_add,
     FCR_ESCALATION_PERCENT, -1, 1, 0.0},
    {"fcr_reopen_percent", "vvvv", SQLKPI_FCR, fcr_create, fcr_add, FCR_REOPEN_PERCENT,
     -1, 1, 0.0},
    {"sla_compliance_percent", "vc", SQLKPI_SLA, sla_create, sla_add,
     SLA_COMPLIANCE_PERCENT, -1, 1, 0.0},
    {"sla_compliance_percent", "vcv", SQLKPI_SLA, sla_create, sla_add,
     SLA_COMPLIANCE_PERCENT, -1, 1, 0.0},
    {"duration_mean", "vc", SQLKPI_DURATION, duration_create, duration_add,
     DURATION_MEAN, -1, 0, 0.0},
    /* the median and the usual percentiles, at the default alpha (1 %) */
    {"duration_median", "v", SQLKPI_DURATION, duration_create, duration_add, DURATION_QUANTILE,
     -1, 0, 0.5},
    {"duration_p90", "v", SQLKPI_DURATION, duration_create, duration_add, DURATION_QUANTILE,
     -1, 0, 0.9},
    {"duration_p95", "v", SQLKPI_DURATION, duration_create, duration_add, DURATION_QUANTILE,
     -1, 0, 0.95},
    {"duration_p99", "v", SQLKPI_DURATION, duration_create, duration_add, DURATION_QUANTILE,
     -1, 0, 0.99},
    {"duration_quantile", "vcc", SQLKPI_DURATION, duration_create, duration_add,
     DURATION_QUANTILE, 0, 0, 0.0},
    /* raw values -> state. SLA states are not retracted in place: after a retraction the
     * state's largest lateness is only an upper bound, so its bytes could differ from the
     * frame's own. */
    {"csat_state", "vccc", SQLKPI_CSAT, csat_create, csat_add, -1, -1, 1, 0.0},
    {"nps_state", "v", SQLKPI_NPS, nps_create, nps_add, -1, -1, 1, 0.0},
    {"fcr_state", "v", SQLKPI_FCR, fcr_create, fcr_add, -1, -1, 1, 0.0},
    {"fcr_state", "vvvv", SQLKPI_FCR, fcr_create, fcr_add, -1, -1, 1, 0.0},
    {"sla_state", "vc", SQLKPI_SLA, sla_create, sla_add, -1, -1, 0, 0.0},
    {"sla_state", "vcv", SQLKPI_SLA, sla_create, sla_add, -1, -1, 0, 0.0},
    {"duration_state", "v", SQLKPI_DURATION, duration_create, duration_add, -1, -1, 0, 0.0},
    {"duration_state", "vc", SQLKPI_DURATION, duration_create, duration_add, -1, -1, 0, 0.0},
    /* time to resolve with open tickets: the state, and the median at the default alpha */
    {"survival_state", "vv", SQLKPI_SURVIVAL, survival_create, survival_add, -1, -1, 0, 0.0},
    {"survival_state", "vvc", SQLKPI_SURVIVAL, survival_create, survival_add, -1, -1, 0, 0.0},
    {"survival_median", "vv", SQLKPI_SURVIVAL, survival_create, survival_add, SURVIVAL_MEDIAN,
     -1, 0, 0.0},
};

/* ---- raw aggregates ------------------------------------------------------------------- */

enum row_op {
    ROW_ADD,    /* xStep with exact retraction */
    ROW_REMOVE, /* its xInverse: retract the row */
    ROW_KEEP,   /* xStep of a recomputed aggregate: add, and keep a copy of the row */
    ROW_FORGET  /* its xInverse: forget the oldest kept row */
};

static void raw_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, enum row_op op)
{
    const raw_def *d = sqlite3_user_data(ctx);
    int types[4] = {0, 0, 0, 0};
    for (int i = 0; i < argc; i++)
        if (d->roles[i] == 'v' && (types[i] = sqlite3_value_type(argv[i])) == SQLITE_NULL)
            return; /* a NULL value: the row is skipped */
    agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (a == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* The configuration: its type is checked on the first row, and whenever the number
     * read is not the first row's or is 0 (what a NULL or a text reads as); the usual
     * row costs one call per configuration argument. */
    double cfg[3] = {0, 0, 0};
    int ncfg = 0;
    for (int i = 0; i < argc; i++) {
        if (d->roles[i] != 'c')
            continue;
        double x = sqlite3_value_double(argv[i]);
        if ((a->acc == NULL || x != a->cfg[ncfg] || x == 0.0) && !is_number(argv[i])) {
            sqlkpi_error(ctx, d->name, "configuration arguments must be numbers", CXKPI_OK);
            return;
        }
        cfg[ncfg++] = x;
    }
    cxkpi_status s;
    if (a->acc == NULL) {
        s = d->create(&a->acc, cfg, ncfg);
        if (s != CXKPI_OK) {
            sqlkpi_error(ctx, d->name, "invalid configuration", s);
            return;
        }
        a->kind = d->kind;
        memcpy(a->cfg, cfg, sizeof cfg);
    } else if (memcmp(a->cfg, cfg, sizeof cfg) != 0) {
        sqlkpi_error(ctx, d->name, "the configuration arguments changed from one row to another",
                     CXKPI_EMISMATCH);
        return;
    }
    if (op == ROW_FORGET) {
        if (kept_pop(ctx, d->name, a, argc) == 0)
            a->rows--;
        return;
    }
    const char *why = NULL;
    s = d->add(a->acc, argv, types, argc, op == ROW_REMOVE, &why);
    if (s != CXKPI_OK) {
        if (why != NULL)
            sqlkpi_error(ctx, d->name, why, CXKPI_OK);
        else
            sqlkpi_error(ctx, d->name, op == ROW_REMOVE ? "cannot retract the row" : "bad value",
                         s);
        return;
    }
    if (op == ROW_KEEP && kept_push(ctx, a, argc, argv) != 0)
        return;
    a->rows += op == ROW_REMOVE ? -1 : 1;
}

static void raw_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    raw_row(ctx, argc, argv, ROW_ADD);
}

static void raw_remove(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    raw_row(ctx, argc, argv, ROW_REMOVE);
}

static void raw_keep(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    raw_row(ctx, argc, argv, ROW_KEEP);
}

static void raw_forget(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    raw_row(ctx, argc, argv, ROW_FORGET);
}

/* Rebuilds the accumulator from the kept rows after some were forgotten. */
static int raw_rebuild(sqlite3_context *ctx, const raw_def *d, agg *a)
{
    int argc = (int)strlen(d->roles), ncfg = 0;
    for (int i = 0; i < argc; i++)
        ncfg += d->roles[i] == 'c';
    void *acc = NULL;
    const char *why = NULL;
    cxkpi_status s = d->create(&acc, a->cfg, ncfg);
    for (size_t i = a->head; s == CXKPI_OK && i < a->len; i += (size_t)argc) {
        int types[4];
        for (int j = 0; j < argc; j++)
            types[j] = sqlite3_value_type(a->kept[i + (size_t)j]);
        s = d->add(acc, a->kept + i, types, argc, 0, &why);
    }
    if (s != CXKPI_OK) {
        if (acc != NULL)
            sqlkpi_kinds[d->kind].free(acc);
        sqlkpi_error(ctx, d->name, why ? why : "recomputing the frame", why ? CXKPI_OK : s);
        return -1;
    }
    sqlkpi_kinds[d->kind].free(a->acc);
    a->acc = acc;
    a->stale = 0;
    return 0;
}

static void raw_result(sqlite3_context *ctx, agg *a)
{
    const raw_def *d = sqlite3_user_data(ctx);
    if (a == NULL || a->acc == NULL || a->rows == 0)
        sqlite3_result_null(ctx); /* no value counted: NULL, as SQL's own aggregates */
    else if (a->stale && raw_rebuild(ctx, d, a) != 0)
        return;
    else if (d->what < 0)
        sqlkpi_result_state(ctx, d->name, d->kind, a->acc);
    else
        sqlkpi_result_read(ctx, d->name, d->kind, a->acc, d->what,
                           d->param >= 0 ? a->cfg[d->param] : d->fixed);
}

/* The aggregate context for xValue, which marks the aggregate as a window function. */
static agg *window_agg(sqlite3_context *ctx)
{
    agg *a = sqlite3_aggregate_context(ctx, 0);
    if (a != NULL)
        a->window = 1;
    return a;
}

static void agg_free(agg *a)
{
    if (a == NULL)
        return;
    if (a->acc != NULL)
        sqlkpi_kinds[a->kind].free(a->acc);
    kept_free(a);
}

static void raw_value(sqlite3_context *ctx)
{
    raw_result(ctx, window_agg(ctx));
}

static void raw_final(sqlite3_context *ctx)
{
    agg *a = sqlite3_aggregate_context(ctx, 0);
    raw_result(ctx, a);
    agg_free(a);
}

/* ---- merge aggregates ----------------------------------------------------------------- */

typedef struct merge_def {
    const char *name;
    int kind; /* -1: any kind, the same on every row */
} merge_def;

static const merge_def merge_defs[] = {
    {"cxkpi_merge", -1},
    {"csat_merge", SQLKPI_CSAT},
    {"nps_merge", SQLKPI_NPS},
    {"fcr_merge", SQLKPI_FCR},
    {"sla_merge", SQLKPI_SLA},
    {"duration_merge", SQLKPI_DURATION},
    {"survival_merge", SQLKPI_SURVIVAL},
};

/* Merges one state into a->acc (or makes it a->acc). Returns 0, or -1 with an SQL error. */
static int merge_one(sqlite3_context *ctx, const merge_def *d, agg *a, sqlite3_value *state)
{
    void *acc;
    int kind;
    if (sqlkpi_load(ctx, d->name, state, a->acc ? a->kind : d->kind, &acc, &kind) != 0)
        return -1;
    if (a->acc == NULL) {
        a->acc = acc;
        a->kind = kind;
        return 0;
    }
    cxkpi_status s = sqlkpi_kinds[kind].merge(a->acc, acc);
    sqlkpi_kinds[kind].free(acc);
    if (s != CXKPI_OK) {
        sqlkpi_error(ctx, d->name, "cannot merge", s);
        return -1;
    }
    return 0;
}

static void merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const merge_def *d = sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (a == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (merge_one(ctx, d, a, argv[0]) == 0 && kept_push(ctx, a, argc, argv) == 0)
        a->rows++;
}

static void merge_forget(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const merge_def *d = sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (a == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (kept_pop(ctx, d->name, a, argc) == 0)
        a->rows--;
}

static void merge_result(sqlite3_context *ctx, agg *a)
{
    const merge_def *d = sqlite3_user_data(ctx);
    if (a == NULL || a->acc == NULL || a->rows == 0)
        return; /* no state: NULL */
    if (a->stale) { /* merge the kept states again */
        sqlkpi_kinds[a->kind].free(a->acc);
        a->acc = NULL;
        a->stale = 0;
        for (size_t i = a->head; i < a->len; i++)
            if (merge_one(ctx, d, a, a->kept[i]) != 0)
                return;
    }
    sqlkpi_result_state(ctx, d->name, a->kind, a->acc);
}

static void merge_value(sqlite3_context *ctx)
{
    merge_result(ctx, window_agg(ctx));
}

static void merge_final(sqlite3_context *ctx)
{
    agg *a = sqlite3_aggregate_context(ctx, 0);
    merge_result(ctx, a);
    agg_free(a);
}

int sqlkpi_register_aggregates(sqlite3 *db, int inverse)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof raw_defs / sizeof raw_defs[0]; i++) {
        const raw_def *d = &raw_defs[i];
        int exact = inverse && d->exact;
        rc = sqlite3_create_window_function(db, d->name, (int)strlen(d->roles), flags,
                                            (void *)d, exact ? raw_step : raw_keep, raw_final,
                                            raw_value, exact ? raw_remove : raw_forget, NULL);
    }
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof merge_defs / sizeof merge_defs[0]; i++)
        rc = sqlite3_create_window_function(db, merge_defs[i].name, 1, flags,
                                            (void *)&merge_defs[i], merge_step, merge_final,
                                            merge_value, merge_forget, NULL);
    return rc;
}
