/* identity_c: the C side of the cross-language identity test (see identity.py).
 *
 *   identity_c feed EVENTS OUTDIR       one accumulator per kind fed the events one by one
 *                                       (_add), then OUTDIR/<kind>.bin and OUTDIR/figures.txt
 *   identity_c merge OUTDIR DIR...      for each kind, the states of every DIR restored and
 *                                       merged in order (the tracker: restored only), then
 *                                       the same two outputs
 *
 * Event lines: "csat S", "nps S", "fcr FLAGS", "sla E", "sla_open E", "duration D",
 * "aht T H A", "churn_start N", "churn_gained N", "churn_lost N", "contact KEY TIME",
 * "survival R" (resolved after R seconds), "survival_open A" (open, age A).
 * figures.txt: one "name value" line per figure, counts in decimal and doubles as the
 * 16 hex digits of their IEEE 754 bytes, little-endian, so equal lines mean equal bits.
 * Exit status 1 on any library error, with its message. */
#include <cxkpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct accs {
    cxkpi_csat *csat;
    cxkpi_nps *nps;
    cxkpi_fcr *fcr;
    cxkpi_sla *sla;
    cxkpi_duration *duration;
    cxkpi_aht *aht;
    cxkpi_churn *churn;
    cxkpi_fcr_tracker *tracker;
    cxkpi_survival *survival;
};

static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "identity_c: %s: %s\n", what, cxkpi_status_str(st));
        exit(1);
    }
}

static void put_u64(FILE *f, const char *name, uint64_t v)
{
    fprintf(f, "%s %llu\n", name, (unsigned long long)v);
}

static void put_f64(FILE *f, const char *name, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    fprintf(f, "%s ", name);
    for (int i = 0; i < 8; i++)
        fprintf(f, "%02x", (unsigned)((bits >> (8 * i)) & 0xffu));
    fputc('\n', f);
}

static char *path_of(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p == NULL)
        exit(1);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static unsigned char *read_file(const char *dir, const char *kind, size_t *size)
{
    char name[64];
    snprintf(name, sizeof name, "%s.bin", kind);
    char *path = path_of(dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "identity_c: cannot open %s\n", path);
        exit(1);
    }
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            if (buf == NULL)
                exit(1);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    free(path);
    *size = n;
    return buf;
}

/* The serialize calls of every kind share one shape: a macro keeps them in one place. */
#define WRITE_STATE(dir, kind, prefix, acc)                                                     \
    do {                                                                                        \
        size_t size_, written_;                                                                 \
        check(prefix##_serialized_size(acc, &size_), #prefix "_serialized_size");               \
        unsigned char *buf_ = malloc(size_);                                                    \
        if (buf_ == NULL)                                                                       \
            exit(1);                                                                            \
        check(prefix##_serialize(acc, buf_, size_, &written_), #prefix "_serialize");           \
        char name_[64];                                                                         \
        snprintf(name_, sizeof name_, "%s.bin", kind);                                          \
        char *path_ = path_of(dir, name_);                                                      \
        FILE *f_ = fopen(path_, "wb");                                                          \
        if (f_ == NULL || fwrite(buf_, 1, written_, f_) != written_ || fclose(f_) != 0)         \
            exit(1);                                                                            \
        free(path_);                                                                            \
        free(buf_);                                                                             \
    } while (0)

static void write_outputs(const char *dir, const struct accs *a)
{
    WRITE_STATE(dir, "csat", cxkpi_csat, a->csat);
    WRITE_STATE(dir, "nps", cxkpi_nps, a->nps);
    WRITE_STATE(dir, "fcr", cxkpi_fcr, a->fcr);
    WRITE_STATE(dir, "sla", cxkpi_sla, a->sla);
    WRITE_STATE(dir, "duration", cxkpi_duration, a->duration);
    WRITE_STATE(dir, "aht", cxkpi_aht, a->aht);
    WRITE_STATE(dir, "churn", cxkpi_churn, a->churn);
    WRITE_STATE(dir, "fcr_tracker", cxkpi_fcr_tracker, a->tracker);
    WRITE_STATE(dir, "survival", cxkpi_survival, a->survival);

    char *path = path_of(dir, "figures.txt");
    FILE *f = fopen(path, "w");
    if (f == NULL)
        exit(1);
    uint64_t u, v;
    double x, lo, hi;
/* One figure: the call writes x (or u), then the line is printed. */
#define F64(name, call) do { check((call), name); put_f64(f, name, x); } while (0)
#define U64(name, call) do { check((call), name); put_u64(f, name, u); } while (0)
#define PAIR(lo_name, hi_name, call) \
    do { check((call), lo_name); put_f64(f, lo_name, lo); put_f64(f, hi_name, hi); } while (0)
    U64("csat.count", cxkpi_csat_count(a->csat, &u));
    F64("csat.percent", cxkpi_csat_percent(a->csat, &x));
    F64("csat.mean", cxkpi_csat_mean(a->csat, &x));
    PAIR("csat.lo", "csat.hi", cxkpi_csat_percent_interval(a->csat, 0.95, &lo, &hi));
    U64("nps.count", cxkpi_nps_count(a->nps, &u));
    F64("nps.score", cxkpi_nps_score(a->nps, &x));
    F64("nps.stderr", cxkpi_nps_stderr(a->nps, &x));
    F64("nps.margin", cxkpi_nps_margin(a->nps, 0.95, &x));
    F64("fcr.percent", cxkpi_fcr_percent(a->fcr, &x));
    F64("fcr.net_percent", cxkpi_fcr_net_percent(a->fcr, &x));
    F64("fcr.escalation_percent", cxkpi_fcr_escalation_percent(a->fcr, &x));
    F64("fcr.reopen_percent", cxkpi_fcr_reopen_percent(a->fcr, &x));
    U64("sla.met", cxkpi_sla_met(a->sla, &u));
    U64("sla.breached", cxkpi_sla_breached(a->sla, &u));
    F64("sla.percent", cxkpi_sla_compliance_percent(a->sla, &x));
    PAIR("sla.lo", "sla.hi", cxkpi_sla_compliance_percent_interval(a->sla, 0.95, &lo, &hi));
    U64("duration.count", cxkpi_duration_count(a->duration, &u));
    F64("duration.mean", cxkpi_duration_mean(a->duration, &x));
    F64("duration.stddev", cxkpi_duration_stddev(a->duration, &x));
    F64("duration.p50", cxkpi_duration_quantile(a->duration, 0.5, &x));
    F64("duration.p90", cxkpi_duration_quantile(a->duration, 0.9, &x));
    F64("duration.p99", cxkpi_duration_quantile(a->duration, 0.99, &x));
    F64("aht.aht", cxkpi_aht_mean(a->aht, CXKPI_AHT_TOTAL, &x));
    F64("aht.talk_p90", cxkpi_aht_quantile(a->aht, CXKPI_AHT_TALK, 0.9, &x));
    F64("churn.percent", cxkpi_churn_percent(a->churn, &x));
    F64("survival.within_1h", cxkpi_survival_percent_resolved_within(a->survival, 3600.0, &x));
    double m_lo, m_hi;
    F64("survival.median", cxkpi_survival_quantile(a->survival, 0.5, 0.95, &x, &m_lo, &m_hi));
#undef F64
#undef U64
#undef PAIR
    check(cxkpi_fcr_tracker_open(a->tracker, &u, &v), "fcr_tracker_open");
    put_u64(f, "fcr_tracker.open_episodes", u);
    put_u64(f, "fcr_tracker.open_keys", v);
    const cxkpi_fcr *results;
    check(cxkpi_fcr_tracker_results(a->tracker, &results), "fcr_tracker_results");
    uint64_t c[5];
    check(cxkpi_fcr_counts(results, &c[0], &c[1], &c[2], &c[3], &c[4]), "fcr_counts");
    put_u64(f, "fcr_tracker.issues", c[0]);
    put_u64(f, "fcr_tracker.resolved", c[1]);
    if (fclose(f) != 0)
        exit(1);
    free(path);
}

static void new_accs(struct accs *a)
{
    check(cxkpi_csat_new(&a->csat, 1, 5, 4), "csat_new");
    check(cxkpi_nps_new(&a->nps), "nps_new");
    check(cxkpi_fcr_new(&a->fcr), "fcr_new");
    check(cxkpi_sla_new(&a->sla, 3600.0), "sla_new");
    check(cxkpi_duration_new(&a->duration, 0.01, 0), "duration_new");
    check(cxkpi_aht_new(&a->aht, 0.01, 0), "aht_new");
    check(cxkpi_churn_new(&a->churn), "churn_new");
    check(cxkpi_fcr_tracker_new(&a->tracker, 3600, 600), "fcr_tracker_new");
    check(cxkpi_survival_new(&a->survival, 0.01, 0), "survival_new");
}

static void feed(struct accs *a, const char *events)
{
    FILE *f = fopen(events, "r");
    if (f == NULL) {
        fprintf(stderr, "identity_c: cannot open %s\n", events);
        exit(1);
    }
    char line[256], word[32], key[128];
    while (fgets(line, sizeof line, f) != NULL) {
        double d1, d2, d3;
        long long i1;
        if (sscanf(line, "%31s", word) != 1)
            continue;
        if (strcmp(word, "csat") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_csat_add(a->csat, (int32_t)i1), "csat_add");
        else if (strcmp(word, "nps") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_nps_add(a->nps, (int32_t)i1), "nps_add");
        else if (strcmp(word, "fcr") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_fcr_add(a->fcr, (uint32_t)i1), "fcr_add");
        else if (strcmp(word, "sla") == 0 && sscanf(line, "%*s %lf", &d1) == 1)
            check(cxkpi_sla_add(a->sla, d1), "sla_add");
        else if (strcmp(word, "sla_open") == 0 && sscanf(line, "%*s %lf", &d1) == 1)
            check(cxkpi_sla_add_open(a->sla, d1), "sla_add_open");
        else if (strcmp(word, "duration") == 0 && sscanf(line, "%*s %lf", &d1) == 1)
            check(cxkpi_duration_add(a->duration, d1), "duration_add");
        else if (strcmp(word, "aht") == 0 && sscanf(line, "%*s %lf %lf %lf", &d1, &d2, &d3) == 3)
            check(cxkpi_aht_add(a->aht, d1, d2, d3), "aht_add");
        else if (strcmp(word, "survival") == 0 && sscanf(line, "%*s %lf", &d1) == 1)
            check(cxkpi_survival_add(a->survival, d1), "survival_add");
        else if (strcmp(word, "survival_open") == 0 && sscanf(line, "%*s %lf", &d1) == 1)
            check(cxkpi_survival_add_open(a->survival, d1), "survival_add_open");
        else if (strcmp(word, "churn_start") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_churn_add_start(a->churn, (uint64_t)i1), "churn_add_start");
        else if (strcmp(word, "churn_gained") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_churn_add_gained(a->churn, (uint64_t)i1), "churn_add_gained");
        else if (strcmp(word, "churn_lost") == 0 && sscanf(line, "%*s %lld", &i1) == 1)
            check(cxkpi_churn_add_lost(a->churn, (uint64_t)i1), "churn_add_lost");
        else if (strcmp(word, "contact") == 0 && sscanf(line, "%*s %127s %lld", key, &i1) == 2) {
            uint64_t k;
            check(cxkpi_fcr_key_from_bytes(key, strlen(key), &k), "fcr_key_from_bytes");
            check(cxkpi_fcr_tracker_add(a->tracker, k, (int64_t)i1), "fcr_tracker_add");
        } else {
            fprintf(stderr, "identity_c: bad event line: %s", line);
            exit(1);
        }
    }
    fclose(f);
}

/* Restores kind `kind` of every directory and merges them in order into `a`. */
#define MERGE_KIND(prefix, field, kind)                                                         \
    do {                                                                                        \
        for (int i_ = 0; i_ < ndirs; i_++) {                                                    \
            size_t n_;                                                                          \
            unsigned char *b_ = read_file(dirs[i_], kind, &n_);                                 \
            if (i_ == 0) {                                                                      \
                check(prefix##_deserialize(&a.field, b_, n_), #prefix "_deserialize");          \
            } else {                                                                            \
                struct accs t_;                                                                 \
                check(prefix##_deserialize(&t_.field, b_, n_), #prefix "_deserialize");         \
                check(prefix##_merge(a.field, t_.field), #prefix "_merge");                     \
                prefix##_free(t_.field);                                                        \
            }                                                                                   \
            free(b_);                                                                           \
        }                                                                                       \
    } while (0)

int main(int argc, char **argv)
{
    struct accs a;
    if (argc == 4 && strcmp(argv[1], "feed") == 0) {
        new_accs(&a);
        feed(&a, argv[2]);
        write_outputs(argv[3], &a);
    } else if (argc >= 4 && strcmp(argv[1], "merge") == 0) {
        char **dirs = argv + 3;
        int ndirs = argc - 3;
        MERGE_KIND(cxkpi_csat, csat, "csat");
        MERGE_KIND(cxkpi_nps, nps, "nps");
        MERGE_KIND(cxkpi_fcr, fcr, "fcr");
        MERGE_KIND(cxkpi_sla, sla, "sla");
        MERGE_KIND(cxkpi_duration, duration, "duration");
        MERGE_KIND(cxkpi_aht, aht, "aht");
        MERGE_KIND(cxkpi_churn, churn, "churn");
        MERGE_KIND(cxkpi_survival, survival, "survival");
        size_t n;
        unsigned char *b = read_file(dirs[0], "fcr_tracker", &n);
        check(cxkpi_fcr_tracker_deserialize(&a.tracker, b, n), "fcr_tracker_deserialize");
        free(b);
        write_outputs(argv[2], &a);
    } else {
        fprintf(stderr, "usage: identity_c feed EVENTS OUTDIR | identity_c merge OUTDIR DIR...\n");
        return 2;
    }
    cxkpi_csat_free(a.csat);
    cxkpi_nps_free(a.nps);
    cxkpi_fcr_free(a.fcr);
    cxkpi_sla_free(a.sla);
    cxkpi_duration_free(a.duration);
    cxkpi_aht_free(a.aht);
    cxkpi_churn_free(a.churn);
    cxkpi_fcr_tracker_free(a.tracker);
    cxkpi_survival_free(a.survival);
    return 0;
}
