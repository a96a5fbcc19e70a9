/* rows.c — reading rows: columns, per-metric validation, time zones, periods, groups.
 *
 * Each metric reads its own cells and is validated on its own: a bad cell makes that
 * metric (or the metrics that need that cell) skip the row, while the others count it.
 * Every bad cell is reported once, with the metrics it cost. */
#define _POSIX_C_SOURCE 200809L

#include "rows.h"

#include "timestamp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_names[MET_COUNT] = {
    "csat", "nps", "fcr", "first_reply", "resolution", "aht",
};

const char *metric_name(int metric)
{
    return metric >= 0 && metric < MET_COUNT ? metric_names[metric] : "?";
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

/* Copies up to 40 bytes of a field for an error message, control bytes shown as '?'. */
static const char *shown(const char *s, size_t len, char *buf, size_t cap)
{
    size_t n = len < 40 ? len : 40;
    if (n > cap - 4)
        n = cap - 4;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        buf[k++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (n < len) {
        buf[k++] = '.';
        buf[k++] = '.';
        buf[k++] = '.';
    }
    buf[k] = '\0';
    return buf;
}

/* ---- header ----------------------------------------------------------------------- */

static int find_column(const csv_record *hdr, const char *want)
{
    for (size_t i = 0; i < hdr->nfields; i++) {
        const char *v = hdr->field[i];
        size_t len = hdr->len[i];
        trim(&v, &len);
        if (val_equals_nocase(v, len, want))
            return (int)i;
    }
    return -1;
}

int rows_map_header(rows_state *s, const csv_record *hdr, char *msg, size_t cap)
{
    const report_config *cfg = s->cfg;
    for (int c = 0; c < COL_COUNT; c++) {
        s->idx[c] = -1;
        const char *want = cfg->col[c];
        if (want == NULL || want[0] == '\0')
            continue;
        s->idx[c] = find_column(hdr, want);
        if (s->idx[c] < 0 && cfg->col_explicit[c]) {
            snprintf(msg, cap, "no column named '%s' in the header (line %llu)", want,
                     (unsigned long long)hdr->line);
            return -1;
        }
    }
    for (size_t b = 0; b < cfg->nby; b++) {
        s->by_idx[b] = find_column(hdr, cfg->by[b]);
        if (s->by_idx[b] < 0) {
            snprintf(msg, cap, "no column named '%s' in the header (--by)", cfg->by[b]);
            return -1;
        }
    }
    if (cfg->period != PERIOD_NONE && (s->idx[COL_CREATED] < 0 || cfg->col_unit[COL_CREATED] > 0)) {
        snprintf(msg, cap, "--period needs the creation time column ('%s' is not in the header)",
                 cfg->col[COL_CREATED] ? cfg->col[COL_CREATED] : "");
        return -1;
    }
    return 0;
}

int rows_any_kpi(const rows_state *s)
{
    static const int kpi[] = {COL_CSAT, COL_NPS, COL_FCR, COL_ESCALATED, COL_REOPENED,
                              COL_REPLIES, COL_EXCLUDED, COL_SLA_FIRST_REPLY, COL_SLA_RESOLUTION,
                              COL_TALK, COL_HOLD, COL_ACW};
    for (size_t i = 0; i < sizeof kpi / sizeof kpi[0]; i++)
        if (s->idx[kpi[i]] >= 0)
            return 1;
    /* Durations: a duration column, or a time column with the creation time. */
    for (int c = COL_FIRST_REPLY; c <= COL_SOLVED; c++)
        if (s->idx[c] >= 0 && (s->cfg->col_unit[c] > 0 || s->idx[COL_CREATED] >= 0))
            return 1;
    return 0;
}

/* ---- time ------------------------------------------------------------------------- */

/* The UTC instant of a local wall time `local` (seconds as if UTC) in the --tz zone.
 * A wall time that occurs twice (the hour after a fall-back change) is its first
 * occurrence; one that does not exist (skipped by a spring-forward change) is read with the
 * offset in force before the change, so it lands as far after the change as it is after
 * the skipped hour's start. This is what Python's zoneinfo does with fold=0. */
static int local_to_utc(const cxkpi_calendar *tz, int64_t local, int64_t *out)
{
    int32_t before, after;
    /* Offsets change at most once in any 26 hours in every zone of the tz database. */
    if (cxkpi_calendar_utc_offset(tz, local - 93600, &before) != CXKPI_OK ||
        cxkpi_calendar_utc_offset(tz, local + 93600, &after) != CXKPI_OK)
        return -1;
    int32_t a, b;
    int ok_before = cxkpi_calendar_utc_offset(tz, local - before, &a) == CXKPI_OK && a == before;
    int ok_after = cxkpi_calendar_utc_offset(tz, local - after, &b) == CXKPI_OK && b == after;
    int32_t off;
    if (ok_before && ok_after)
        off = before > after ? before : after; /* ambiguous: the earlier instant */
    else if (ok_before)
        off = before;
    else if (ok_after)
        off = after;
    else
        off = before; /* in a gap */
    *out = local - off;
    return 0;
}

/* Unix milliseconds: an integer, optionally with a fraction, truncated toward the past. */
static int parse_unix_ms(const char *v, size_t len, int64_t *out, const char **why)
{
    size_t i = 0;
    int neg = 0;
    int64_t ms = 0;
    if (len > 0 && v[0] == '-') {
        neg = 1;
        i = 1;
    }
    size_t start = i;
    for (; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
        if (i - start >= 16) {
            *why = "Unix milliseconds out of range";
            return -1;
        }
        ms = ms * 10 + (v[i] - '0');
    }
    int frac = 0;
    if (i < len && v[i] == '.') {
        for (i++; i < len && v[i] >= '0' && v[i] <= '9'; i++)
            frac |= v[i] != '0';
    }
    if (i == start || i != len) {
        *why = "not Unix milliseconds";
        return -1;
    }
    if (neg)
        ms = -ms - frac;
    int64_t t = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    if (t < TS_MIN || t > TS_MAX) {
        *why = "Unix milliseconds outside the years 0000-9999";
        return -1;
    }
    *out = t;
    return 0;
}

int rows_parse_time(const report_config *cfg, const char *v, size_t len, int64_t *out,
                    const char **why)
{
    int64_t t = 0;
    int zoned = 0, ok = 0;
    const char *first_why = NULL;
    for (size_t i = 0; i < cfg->ntime_formats && !ok; i++) {
        const char *w = NULL;
        if (strcmp(cfg->time_format[i], "unix-ms") == 0) {
            ok = parse_unix_ms(v, len, &t, &w) == 0;
            zoned = 1;
        } else {
            ok = ts_parse_format(cfg->time_format[i], v, len, &t, &zoned, &w) == 0;
        }
        if (!ok && first_why == NULL)
            first_why = w;
    }
    if (!ok) {
        const char *w = NULL;
        ok = ts_parse_zone(v, len, &t, &zoned, &w) == 0;
        if (!ok) {
            *why = first_why ? first_why : w;
            return -1;
        }
    }
    if (!zoned && cfg->tz) {
        if (local_to_utc(cfg->tz, t, &t) != 0) {
            *why = "outside the range of the --tz zone";
            return -1;
        }
    }
    if (cfg->calendar && t < CXKPI_CALENDAR_MIN_INSTANT) {
        *why = "before year 1, outside what a calendar covers";
        return -1;
    }
    *out = t;
    return 0;
}

int rows_period_key(const report_config *cfg, int64_t t, char *buf, size_t cap)
{
    int32_t off = 0;
    if (cfg->tz && cxkpi_calendar_utc_offset(cfg->tz, t, &off) != CXKPI_OK)
        return -1;
    int64_t local = t + off;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t y;
    unsigned m, d;
    switch (cfg->period) {
    case PERIOD_DAY:
        ts_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-%02u-%02u", (long long)y, m, d);
        break;
    case PERIOD_WEEK: {
        /* ISO 8601 week: weeks start on Monday; a week belongs to the year of its
         * Thursday. 1970-01-01 was a Thursday. */
        int64_t wd = ((days + 3) % 7 + 7) % 7; /* 0 = Monday */
        int64_t thursday = days - wd + 3;
        ts_civil_from_days(thursday, &y, &m, &d);
        int64_t doy = thursday - ts_days_from_civil(y, 1, 1);
        snprintf(buf, cap, "%04lld-W%02lld", (long long)y, (long long)(doy / 7 + 1));
        break;
    }
    case PERIOD_MONTH:
        ts_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-%02u", (long long)y, m);
        break;
    case PERIOD_QUARTER:
        ts_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-Q%u", (long long)y, (m - 1) / 3 + 1);
        break;
    default:
        buf[0] = '\0';
    }
    return 0;
}

/* ---- cells ------------------------------------------------------------------------ */

/* The trimmed text of a mapped column; 0 when the column is absent, the field empty or a
 * "no answer" value. */
static int field(const rows_state *s, const csv_record *rec, int col, const char **v, size_t *len)
{
    if (s->idx[col] < 0)
        return 0;
    *v = rec->field[s->idx[col]];
    *len = rec->len[s->idx[col]];
    trim(v, len);
    return *len > 0 && !val_is_word(&s->cfg->no_answer, *v, *len);
}

/* The bad cells of one row: each message once, with the metrics it cost. */
typedef struct row_bad {
    size_t n;
    unsigned mask[8];
    char msg[8][200];
} row_bad;

#if defined(__GNUC__)
static void add_bad(row_bad *b, unsigned metrics, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif

static void add_bad(row_bad *b, unsigned metrics, const char *fmt, ...)
{
    if (b->n == sizeof b->mask / sizeof b->mask[0]) {
        b->mask[b->n - 1] |= metrics;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->msg[b->n], sizeof b->msg[b->n], fmt, ap);
    va_end(ap);
    b->mask[b->n++] = metrics;
}

#define BIT(m) (1u << (m))

/* A timestamp cell, parsed once: 0 empty, 1 valid, -1 bad (reported with `metrics`). */
typedef struct ts_cell {
    int state;
    unsigned cost; /* metrics that needed this (bad) cell */
    int64_t t;
    char msg[200];
} ts_cell;

static void read_ts(const rows_state *s, const csv_record *rec, int col, ts_cell *c)
{
    const char *v, *why = "";
    size_t len;
    char b[48];
    c->state = 0;
    if (!field(s, rec, col, &v, &len))
        return;
    if (rows_parse_time(s->cfg, v, len, &c->t, &why) != 0) {
        snprintf(c->msg, sizeof c->msg, "%s: '%s' is not a timestamp (%s)", s->cfg->col[col],
                 shown(v, len, b, sizeof b), why);
        c->state = -1;
        return;
    }
    c->state = 1;
}

/* ---- counting --------------------------------------------------------------------- */

static cxkpi_status elapsed(const report_config *cfg, int64_t start, int64_t end, int64_t *out)
{
    if (end <= start) {
        *out = 0;
        return CXKPI_OK;
    }
    if (cfg->calendar == NULL) {
        *out = end - start; /* both within years 0000-9999: no overflow */
        return CXKPI_OK;
    }
    return cxkpi_calendar_elapsed(cfg->calendar, start, end, out);
}

static cxkpi_status push_open(group *g, int m, int64_t created, uint32_t target)
{
    if (g->open_n[m] == g->open_cap[m]) {
        size_t cap = g->open_cap[m] ? g->open_cap[m] * 2 : 64;
        open_ticket *nt = realloc(g->open[m], cap * sizeof *nt);
        if (nt == NULL)
            return CXKPI_ENOMEM;
        g->open[m] = nt;
        g->open_cap[m] = cap;
    }
    g->open[m][g->open_n[m]].created = created;
    g->open[m][g->open_n[m]].target = target;
    g->open_n[m]++;
    return CXKPI_OK;
}

static cxkpi_status add_open(const report_config *cfg, group *g, int m, uint32_t target,
                             int64_t created, int64_t now)
{
    int64_t secs;
    cxkpi_sla *acc = group_sla(g, cfg, m, target);
    if (acc == NULL)
        return CXKPI_ENOMEM;
    cxkpi_status st = elapsed(cfg, created, now, &secs);
    return st != CXKPI_OK ? st : cxkpi_sla_add_open(acc, (double)secs);
}

/* An open ticket's age at `now`, counted as a censored resolution time. */
static cxkpi_status km_open(const report_config *cfg, group *g, int64_t created, int64_t now)
{
    int64_t secs;
    cxkpi_status st = elapsed(cfg, created, now, &secs);
    return st != CXKPI_OK ? st : cxkpi_survival_add_open(g->survival, (double)secs);
}

/* An open ticket's creation time, kept until "now" is known (the end of the input). */
static cxkpi_status km_push(group *g, int64_t created)
{
    if (g->km_open_n == g->km_open_cap) {
        size_t cap = g->km_open_cap ? g->km_open_cap * 2 : 64;
        int64_t *nt = realloc(g->km_open, cap * sizeof *nt);
        if (nt == NULL)
            return CXKPI_ENOMEM;
        g->km_open = nt;
        g->km_open_cap = cap;
    }
    g->km_open[g->km_open_n++] = created;
    return CXKPI_OK;
}

/* The SLA target index of a row for clock m, or -1 when its priority has none. */
static int target_of(const rows_state *s, const csv_record *rec, int m)
{
    const char *p = "";
    size_t plen = 0;
    if (!field(s, rec, COL_PRIORITY, &p, &plen)) {
        p = "";
        plen = 0;
    }
    const sla_target *t = sla_lookup(&s->cfg->sla, m, p, plen);
    return t ? (int)(t - s->cfg->sla.t) : -1;
}

/* A stopped clock: `secs` elapsed; a duration too when `as_duration` (not for a
 * first-reply clock stopped by the solve). */
static cxkpi_status clock_stopped(const rows_state *s, const csv_record *rec, group *g, int m,
                                  double secs, int as_duration)
{
    cxkpi_status st = as_duration ? cxkpi_duration_add(g->duration[m], secs) : CXKPI_OK;
    if (st == CXKPI_OK && as_duration && m == SLA_RESOLUTION)
        st = cxkpi_survival_add(g->survival, secs);
    if (st != CXKPI_OK || s->idx[COL_SLA_FIRST_REPLY + m] >= 0)
        return st; /* the SLA comes from the outcome column */
    int t = target_of(s, rec, m);
    if (t < 0)
        return CXKPI_OK;
    cxkpi_sla *acc = group_sla(g, s->cfg, m, (uint32_t)t);
    return acc ? cxkpi_sla_add(acc, secs) : CXKPI_ENOMEM;
}

/* A running clock, started at `created`. */
static cxkpi_status clock_running(const rows_state *s, const csv_record *rec, group *g, int m,
                                  int64_t created)
{
    if (m == SLA_RESOLUTION) { /* an open ticket: a censored resolution time */
        cxkpi_status st = s->cfg->has_now ? km_open(s->cfg, g, created, s->cfg->now)
                                          : km_push(g, created);
        if (st != CXKPI_OK)
            return st;
    }
    if (s->idx[COL_SLA_FIRST_REPLY + m] >= 0)
        return CXKPI_OK;
    int t = target_of(s, rec, m);
    if (t < 0)
        return CXKPI_OK;
    if (!s->cfg->has_now)
        return push_open(g, m, created, (uint32_t)t);
    return add_open(s->cfg, g, m, (uint32_t)t, created, s->cfg->now);
}

/* A duration cell of a column read as numbers: 0 empty, 1 valid, -1 bad. */
static int read_duration(const rows_state *s, const csv_record *rec, int col, double *secs,
                         row_bad *bad, unsigned metrics)
{
    const char *v, *why = "";
    size_t len;
    char b[48];
    if (!field(s, rec, col, &v, &len))
        return 0;
    double unit = s->cfg->col_unit[col] > 0 ? s->cfg->col_unit[col] : 1.0;
    if (val_parse_duration(v, len, unit, s->cfg->decimal_comma, secs, &why) != 0) {
        add_bad(bad, metrics, "%s: '%s' %s", s->cfg->col[col], shown(v, len, b, sizeof b), why);
        return -1;
    }
    return 1;
}

/* One clock (first reply or resolution) of a row. */
static cxkpi_status count_clock(rows_state *s, const csv_record *rec, group *g, int m,
                                ts_cell *created, ts_cell *reply, ts_cell *solved, row_bad *bad)
{
    const report_config *cfg = s->cfg;
    const int endcol = m == SLA_FIRST_REPLY ? COL_FIRST_REPLY : COL_SOLVED;
    const unsigned mb = BIT(MET_FIRST_REPLY + m);
    const char *v, *why = "";
    size_t len;
    char b[48];

    if (s->idx[COL_SLA_FIRST_REPLY + m] >= 0 && field(s, rec, COL_SLA_FIRST_REPLY + m, &v, &len)) {
        int met;
        if (val_parse_sla_outcome(v, len, &met, &why) != 0) {
            add_bad(bad, mb, "%s: '%s' is %s", cfg->col[COL_SLA_FIRST_REPLY + m],
                    shown(v, len, b, sizeof b), why);
            return CXKPI_OK;
        }
        /* An accumulator with a 1-second target: 0 s is met, 2 s breached. */
        if (g->sla_outcome[m] == NULL && cxkpi_sla_new(&g->sla_outcome[m], 1.0) != CXKPI_OK)
            return CXKPI_ENOMEM;
        cxkpi_status st = cxkpi_sla_add(g->sla_outcome[m], met ? 0.0 : 2.0);
        if (st != CXKPI_OK)
            return st;
    }
    if (s->idx[endcol] < 0)
        return CXKPI_OK;

    if (cfg->col_unit[endcol] > 0) { /* the export gives the duration itself */
        double secs;
        int k = read_duration(s, rec, endcol, &secs, bad, mb);
        if (k < 0)
            return CXKPI_OK;
        if (k > 0)
            return clock_stopped(s, rec, g, m, secs, 1);
        if (m == SLA_FIRST_REPLY && s->idx[COL_SOLVED] >= 0 && cfg->col_unit[COL_SOLVED] > 0) {
            /* solved without a reply: the first-reply clock stopped at the solve */
            k = read_duration(s, rec, COL_SOLVED, &secs, bad, mb);
            if (k < 0)
                return CXKPI_OK;
            if (k > 0)
                return clock_stopped(s, rec, g, m, secs, 0);
        }
        if (created->state < 0) {
            created->cost |= mb;
            return CXKPI_OK;
        }
        return created->state > 0 ? clock_running(s, rec, g, m, created->t) : CXKPI_OK;
    }

    ts_cell *end = m == SLA_FIRST_REPLY ? reply : solved;
    /* A first-reply clock without a reply stops at the solve time, when there is one. */
    ts_cell *stop = end;
    int stop_col = endcol;
    if (m == SLA_FIRST_REPLY && end->state == 0 && s->idx[COL_SOLVED] >= 0 &&
        cfg->col_unit[COL_SOLVED] == 0 && solved->state != 0) {
        stop = solved;
        stop_col = COL_SOLVED;
    }
    if (stop->state < 0) {
        stop->cost |= mb;
        return CXKPI_OK;
    }
    if (created->state < 0) {
        created->cost |= mb;
        return CXKPI_OK;
    }
    if (created->state == 0) {
        if (stop->state > 0)
            add_bad(bad, mb, "%s is empty but the ticket has a %s time", cfg->col[COL_CREATED],
                    cfg->col[stop_col]);
        return CXKPI_OK;
    }
    if (stop->state == 0)
        return clock_running(s, rec, g, m, created->t);
    if (stop->t < created->t) {
        add_bad(bad, mb, "%s is before %s", cfg->col[stop_col], cfg->col[COL_CREATED]);
        return CXKPI_OK;
    }
    int64_t secs;
    cxkpi_status st = elapsed(cfg, created->t, stop->t, &secs);
    return st != CXKPI_OK ? st : clock_stopped(s, rec, g, m, (double)secs, stop == end);
}

/* A score column (CSAT, NPS). 0 empty, 1 valid, -1 bad. */
static int read_score(const rows_state *s, const csv_record *rec, int col, const val_map *map,
                      int32_t lo, int32_t hi, int32_t *out, row_bad *bad, unsigned mb)
{
    const char *v, *why = "";
    size_t len;
    char b[48];
    if (!field(s, rec, col, &v, &len))
        return 0;
    if (val_parse_score(v, len, s->cfg->decimal_comma, map, lo, hi, out, &why) != 0) {
        add_bad(bad, mb, "%s: '%s' is not a score in %d-%d (%s)", s->cfg->col[col],
                shown(v, len, b, sizeof b), (int)lo, (int)hi, why);
        return -1;
    }
    return 1;
}

/* A flag column (FCR, escalated, reopened; the last two may be counts). */
static int read_flag(const rows_state *s, const csv_record *rec, int col, int counts, int *out,
                     row_bad *bad, unsigned mb)
{
    const char *v, *why = "";
    size_t len;
    char b[48];
    if (!field(s, rec, col, &v, &len))
        return 0;
    if (val_parse_flag(v, len, counts, out, &why) != 0) {
        add_bad(bad, mb, "%s: '%s' is %s", s->cfg->col[col], shown(v, len, b, sizeof b), why);
        return -1;
    }
    return 1;
}

static cxkpi_status count_fcr(const rows_state *s, const csv_record *rec, group *g, row_bad *bad)
{
    const unsigned mb = BIT(MET_FCR);
    int fcr = 0, esc = 0, reo = 0, exc = 0, kf = 0, ke = 0, kr = 0, kn = 0, kx = 0;
    uint64_t replies = 0;
    const char *v, *why = "";
    size_t len;
    char b[48];

    if ((kf = read_flag(s, rec, COL_FCR, 0, &fcr, bad, mb)) < 0 ||
        (ke = read_flag(s, rec, COL_ESCALATED, 1, &esc, bad, mb)) < 0 ||
        (kr = read_flag(s, rec, COL_REOPENED, 1, &reo, bad, mb)) < 0 ||
        (kx = read_flag(s, rec, COL_EXCLUDED, 0, &exc, bad, mb)) < 0)
        return CXKPI_OK;
    if (field(s, rec, COL_REPLIES, &v, &len)) {
        if (val_parse_count(v, len, s->cfg->decimal_comma, &replies, &why) != 0) {
            add_bad(bad, mb, "%s: '%s' is %s", s->cfg->col[COL_REPLIES], shown(v, len, b, sizeof b), why);
            return CXKPI_OK;
        }
        kn = 1;
    }
    unsigned flags = (esc ? CXKPI_FCR_ESCALATED : 0u) | (reo ? CXKPI_FCR_REOPENED : 0u);
    unsigned excluded = exc ? CXKPI_FCR_EXCLUDED : 0u;
    if (s->idx[COL_FCR] >= 0) {
        if (!kf)
            return CXKPI_OK; /* no answer in the FCR column: not an FCR response */
        if (fcr && (flags || excluded)) {
            add_bad(bad, mb, "%s says resolved on first contact, but the ticket was %s",
                    s->cfg->col[COL_FCR], esc ? "escalated" : reo ? "reopened" : "excluded");
            return CXKPI_OK;
        }
        flags |= fcr ? CXKPI_FCR_RESOLVED_FIRST_CONTACT : 0u;
    } else if (s->idx[COL_REPLIES] >= 0) {
        /* One-touch resolution: solved with at most one agent reply, neither escalated nor
         * reopened. Only solved tickets (a value in the solved column) are issues. */
        const char *sv;
        size_t slen;
        if (!kn || (s->idx[COL_SOLVED] >= 0 && !field(s, rec, COL_SOLVED, &sv, &slen)))
            return CXKPI_OK;
        if (replies <= 1 && flags == 0 && !excluded)
            flags = CXKPI_FCR_RESOLVED_FIRST_CONTACT;
    } else if (!ke && !kr && !kx) {
        return CXKPI_OK;
    }
    return cxkpi_fcr_add(g->fcr, flags | excluded);
}

static cxkpi_status count_aht(const rows_state *s, const csv_record *rec, group *g, row_bad *bad)
{
    double part[3] = {0, 0, 0};
    int any = 0;
    for (int i = 0; i < 3; i++) {
        int k = read_duration(s, rec, COL_TALK + i, &part[i], bad, BIT(MET_AHT));
        if (k < 0)
            return CXKPI_OK;
        any |= k;
    }
    if (!any || g->aht == NULL)
        return CXKPI_OK;
    return cxkpi_aht_add(g->aht, part[0], part[1], part[2]);
}

/* The row's group key: the --by values joined by BY_SEP. */
static int build_key(rows_state *s, const csv_record *rec, size_t *klen)
{
    size_t need = 1;
    for (size_t b = 0; b < s->cfg->nby; b++)
        need += rec->len[s->by_idx[b]] + 1;
    if (need > s->key_cap) {
        char *k = realloc(s->key, need * 2);
        if (k == NULL)
            return -1;
        s->key = k;
        s->key_cap = need * 2;
    }
    size_t n = 0;
    for (size_t b = 0; b < s->cfg->nby; b++) {
        const char *v = rec->field[s->by_idx[b]];
        size_t len = rec->len[s->by_idx[b]];
        trim(&v, &len);
        if (b > 0)
            s->key[n++] = BY_SEP;
        for (size_t i = 0; i < len; i++)
            s->key[n++] = v[i] == BY_SEP ? '?' : v[i];
    }
    s->key[n] = '\0';
    *klen = n;
    return 0;
}

static void note_ts(rows_state *s, const ts_cell *c)
{
    if (c->state > 0 && (!s->have_ts || c->t > s->max_ts)) {
        s->max_ts = c->t;
        s->have_ts = 1;
    }
}

cxkpi_status rows_add(rows_state *s, const csv_record *rec)
{
    const report_config *cfg = s->cfg;
    ts_cell created = {0}, reply = {0}, solved = {0};
    row_bad bad;
    bad.n = 0;

    if (cfg->col_unit[COL_CREATED] == 0)
        read_ts(s, rec, COL_CREATED, &created);
    if (cfg->col_unit[COL_FIRST_REPLY] == 0 && s->idx[COL_FIRST_REPLY] >= 0)
        read_ts(s, rec, COL_FIRST_REPLY, &reply);
    if (cfg->col_unit[COL_SOLVED] == 0 && s->idx[COL_SOLVED] >= 0)
        read_ts(s, rec, COL_SOLVED, &solved);
    created.cost = reply.cost = solved.cost = 0;
    note_ts(s, &created);
    note_ts(s, &reply);
    note_ts(s, &solved);

    char period[PERIOD_KEY_MAX] = "";
    if (cfg->period != PERIOD_NONE && created.state > 0)
        rows_period_key(cfg, created.t, period, sizeof period);
    size_t klen;
    if (build_key(s, rec, &klen) != 0)
        return CXKPI_ENOMEM;
    group *g = group_table_get(&s->table, cfg, s->key, klen, period);
    if (g == NULL)
        return CXKPI_ENOMEM;
    g->tickets++;

    cxkpi_status st = CXKPI_OK;
    int32_t x;
    int k = read_score(s, rec, COL_CSAT, &cfg->csat_map, cfg->scale_min, cfg->scale_max, &x, &bad,
                       BIT(MET_CSAT));
    if (k > 0)
        st = cxkpi_csat_add(g->csat, x);
    k = read_score(s, rec, COL_NPS, &cfg->nps_map, 0, 10, &x, &bad, BIT(MET_NPS));
    if (st == CXKPI_OK && k > 0)
        st = cxkpi_nps_add(g->nps, x);
    if (st == CXKPI_OK)
        st = count_fcr(s, rec, g, &bad);
    for (int m = 0; st == CXKPI_OK && m < SLA_METRICS; m++)
        st = count_clock(s, rec, g, m, &created, &reply, &solved, &bad);
    if (st == CXKPI_OK)
        st = count_aht(s, rec, g, &bad);
    if (st != CXKPI_OK)
        return st;

    /* Bad timestamps, reported once with the metrics that needed them; a bad creation
     * time is reported even when only --period needed it. */
    ts_cell *cells[3] = {&created, &reply, &solved};
    for (int i = 0; i < 3; i++)
        if (cells[i]->state < 0 && (cells[i]->cost || (i == 0 && cfg->period != PERIOD_NONE)))
            add_bad(&bad, cells[i]->cost, "%s", cells[i]->msg);

    unsigned row_mask = 0;
    for (size_t i = 0; i < bad.n; i++) {
        for (int m = 0; m < MET_COUNT; m++) {
            if (!(bad.mask[i] & BIT(m)) || (row_mask & BIT(m)))
                continue;
            if (s->bad_values[m] < BAD_EXAMPLES) {
                bad_example *e = &s->bad_example[m][s->bad_values[m]];
                e->line = rec->line;
                snprintf(e->msg, sizeof e->msg, "%s", bad.msg[i]);
            }
            s->bad_values[m]++;
            row_mask |= BIT(m);
        }
    }
    for (size_t i = 0; i < bad.n; i++)
        s->bad(s->bad_ctx, rec->line, bad.msg[i]);
    return CXKPI_OK;
}

cxkpi_status rows_settle(rows_state *s, int64_t now)
{
    for (size_t i = 0; i < s->table.cap; i++) {
        group *g = s->table.slot[i];
        if (g == NULL)
            continue;
        for (int m = 0; m < SLA_METRICS; m++) {
            for (size_t j = 0; j < g->open_n[m]; j++) {
                cxkpi_status st = add_open(s->cfg, g, m, g->open[m][j].target,
                                           g->open[m][j].created, now);
                if (st != CXKPI_OK)
                    return st;
            }
            free(g->open[m]);
            g->open[m] = NULL;
            g->open_n[m] = g->open_cap[m] = 0;
        }
        for (size_t j = 0; j < g->km_open_n; j++) {
            cxkpi_status st = km_open(s->cfg, g, g->km_open[j], now);
            if (st != CXKPI_OK)
                return st;
        }
        free(g->km_open);
        g->km_open = NULL;
        g->km_open_n = g->km_open_cap = 0;
    }
    return CXKPI_OK;
}

void rows_free(rows_state *s)
{
    group_table_free(&s->table);
    free(s->key);
    s->key = NULL;
    s->key_cap = 0;
}
