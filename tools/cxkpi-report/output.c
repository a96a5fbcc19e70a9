/* output.c — the three report formats: an aligned table, JSON and CSV (docs/cli.md). */
#include "report.h"
#include "timestamp.h"

#include <stdlib.h>
#include <string.h>

/* ---- values computed once per group, shared by the three formats ------------------ */

/* A proportion as the library reports it. `ok` is 0 when nothing was counted: the
 * percentage and interval are then undefined (the library says CXKPI_EEMPTY). */
typedef struct ratio {
    uint64_t successes, trials;
    int ok;
    double percent, lo, hi;
} ratio;

typedef struct nps_values {
    uint64_t n, promoters, passives, detractors;
    int ok;
    double score, se, margin, pro_pct, pas_pct, det_pct;
} nps_values;

typedef struct sla_values {
    ratio compliance; /* successes = met, trials = met + breached */
    uint64_t breached_open, in_progress;
} sla_values;

/* Quantiles reported for every duration. */
static const double duration_q[] = {0.5, 0.9, 0.95, 0.99};
#define DURATION_Q (sizeof duration_q / sizeof duration_q[0])

typedef struct duration_values {
    uint64_t n;
    int ok;
    double mean, q[DURATION_Q]; /* median, p90, p95, p99 */
} duration_values;

typedef struct values {
    ratio csat;
    double csat_mean;
    nps_values nps;
    ratio fcr;
    sla_values sla[SLA_METRICS];
    duration_values duration[SLA_METRICS];
} values;

/* The SLA of one clock over every target (priority): the per-target accumulators are
 * totalled with cxkpi_sla_merge_counts(), which keeps each ticket judged by its own target. */
static void sla_total(const group *g, int m, double confidence, sla_values *out)
{
    cxkpi_sla *total = NULL;
    cxkpi_status st = CXKPI_OK;
    for (size_t t = 0; st == CXKPI_OK && t < SLA_MAX_TARGETS; t++) {
        if (g->sla[m][t] == NULL)
            continue;
        st = total ? cxkpi_sla_merge_counts(total, g->sla[m][t]) : cxkpi_sla_clone(g->sla[m][t], &total);
    }
    if (total == NULL || st != CXKPI_OK) {
        cxkpi_sla_free(total);
        return; /* nothing counted (or out of memory): all zero, not ok */
    }
    uint64_t met = 0, breached = 0;
    cxkpi_sla_met(total, &met);
    cxkpi_sla_breached(total, &breached);
    cxkpi_sla_breached_open(total, &out->breached_open);
    cxkpi_sla_in_progress(total, &out->in_progress);
    out->compliance.successes = met;
    out->compliance.trials = met + breached;
    out->compliance.ok = cxkpi_sla_compliance_percent(total, &out->compliance.percent) == CXKPI_OK &&
                         cxkpi_sla_compliance_percent_interval(total, confidence,
                                                               &out->compliance.lo,
                                                               &out->compliance.hi) == CXKPI_OK;
    cxkpi_sla_free(total);
}

static void compute(const report_config *cfg, const group *g, values *v)
{
    memset(v, 0, sizeof *v);
    cxkpi_csat_count(g->csat, &v->csat.trials);
    cxkpi_csat_satisfied(g->csat, &v->csat.successes);
    v->csat.ok = cxkpi_csat_percent(g->csat, &v->csat.percent) == CXKPI_OK &&
                 cxkpi_csat_percent_interval(g->csat, cfg->confidence, &v->csat.lo, &v->csat.hi) == CXKPI_OK &&
                 cxkpi_csat_mean(g->csat, &v->csat_mean) == CXKPI_OK;

    nps_values *p = &v->nps;
    cxkpi_nps_count(g->nps, &p->n);
    cxkpi_nps_groups(g->nps, &p->promoters, &p->passives, &p->detractors);
    p->ok = cxkpi_nps_score(g->nps, &p->score) == CXKPI_OK &&
            cxkpi_nps_stderr(g->nps, &p->se) == CXKPI_OK &&
            cxkpi_nps_margin(g->nps, cfg->confidence, &p->margin) == CXKPI_OK &&
            cxkpi_nps_group_percents(g->nps, &p->pro_pct, &p->pas_pct, &p->det_pct) == CXKPI_OK;

    uint64_t escalated, reopened, excluded;
    cxkpi_fcr_counts(g->fcr, &v->fcr.trials, &v->fcr.successes, &escalated, &reopened, &excluded);
    v->fcr.ok = cxkpi_fcr_percent(g->fcr, &v->fcr.percent) == CXKPI_OK &&
                cxkpi_fcr_percent_interval(g->fcr, cfg->confidence, &v->fcr.lo, &v->fcr.hi) == CXKPI_OK;

    for (int m = 0; m < SLA_METRICS; m++) {
        sla_total(g, m, cfg->confidence, &v->sla[m]);
        duration_values *d = &v->duration[m];
        cxkpi_duration_count(g->duration[m], &d->n);
        d->ok = cxkpi_duration_mean(g->duration[m], &d->mean) == CXKPI_OK &&
                cxkpi_duration_quantiles(g->duration[m], duration_q, DURATION_Q, d->q) == CXKPI_OK;
    }
}

/* Which sections the report has: a metric appears when its columns are in the input. */
typedef struct sections {
    int csat, nps, fcr, sla[SLA_METRICS], duration[SLA_METRICS];
} sections;

static int has_target(const report_config *cfg, int metric)
{
    for (size_t i = 0; i < cfg->sla.n; i++)
        if (cfg->sla.t[i].metric == metric)
            return 1;
    return 0;
}

static sections which_sections(const report_config *cfg, const input_summary *in)
{
    sections s;
    s.csat = in->present[COL_CSAT];
    s.nps = in->present[COL_NPS];
    s.fcr = in->present[COL_FCR];
    s.sla[SLA_FIRST_REPLY] = in->present[COL_CREATED] && in->present[COL_FIRST_REPLY] &&
                             has_target(cfg, SLA_FIRST_REPLY);
    s.sla[SLA_RESOLUTION] = in->present[COL_CREATED] && in->present[COL_SOLVED] &&
                            has_target(cfg, SLA_RESOLUTION);
    s.duration[SLA_FIRST_REPLY] = in->present[COL_CREATED] && in->present[COL_FIRST_REPLY];
    s.duration[SLA_RESOLUTION] = in->present[COL_CREATED] && in->present[COL_SOLVED];
    return s;
}

/* Short human form of a duration in seconds: 45s, 15m, 1h30m, 2d4h. */
static void human_duration(int64_t s, char *buf, size_t cap)
{
    if (s % 86400 == 0 && s >= 2 * 86400)
        snprintf(buf, cap, "%lldd", (long long)(s / 86400));
    else if (s % 3600 == 0)
        snprintf(buf, cap, "%lldh", (long long)(s / 3600));
    else if (s >= 86400)
        snprintf(buf, cap, "%lldd%lldh%lldm", (long long)(s / 86400), (long long)(s % 86400 / 3600),
                 (long long)(s % 3600 / 60));
    else if (s >= 3600)
        snprintf(buf, cap, "%lldh%lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s % 60 == 0)
        snprintf(buf, cap, "%lldm", (long long)(s / 60));
    else
        snprintf(buf, cap, "%llds", (long long)s);
}

/* "first_reply=1h, urgent:first_reply=15m" */
static void describe_targets(const report_config *cfg, int metric, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cfg->sla.n && used < cap; i++) {
        const sla_target *t = &cfg->sla.t[i];
        char d[32];
        if (t->metric != metric)
            continue;
        human_duration(t->seconds, d, sizeof d);
        int w = snprintf(buf + used, cap - used, "%s%s%s<= %s", used ? ", " : "", t->priority,
                         t->priority[0] ? " " : "", d);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* ---- table ------------------------------------------------------------------------ */

/* A duration in a 10-column cell: "   42s", "  5m07s", "  3h05m", " 2d04h", or "-". */
static void human_seconds(FILE *out, int ok, double seconds)
{
    char b[32];
    long long s = ok ? (long long)(seconds + 0.5) : 0;
    if (!ok)
        snprintf(b, sizeof b, "-");
    else if (s < 60)
        snprintf(b, sizeof b, "%llds", s);
    else if (s < 3600)
        snprintf(b, sizeof b, "%lldm%02llds", s / 60, s % 60);
    else if (s < 86400)
        snprintf(b, sizeof b, "%lldh%02lldm", s / 3600, s % 3600 / 60);
    else
        snprintf(b, sizeof b, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
    fprintf(out, " %9s", b);
}

static const char *label(const group *g)
{
    return g->key_len == 0 ? "(empty)" : g->key;
}

/* Display width of a label: UTF-8 code points (continuation bytes take no column). */
static int label_width(const group *g)
{
    int w = 0;
    for (const char *p = label(g); *p; p++)
        w += ((unsigned char)*p & 0xC0) != 0x80;
    return w;
}

/* The group's label padded to `w` columns; control characters are shown as '?' so that a
 * name with a line break cannot break the table. */
static void put_label(FILE *out, const group *g, int w)
{
    const char *p = label(g);
    int used = label_width(g);
    for (; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, out);
    for (; used < w; used++)
        fputc(' ', out);
}

static void pct_cell(char *buf, size_t cap, const ratio *r)
{
    if (r->ok)
        snprintf(buf, cap, "%6.1f  [%5.1f, %5.1f]", r->percent, r->lo, r->hi);
    else
        snprintf(buf, cap, "%6s  %14s", "-", "");
}

static void write_table(FILE *out, const report_config *cfg, const input_summary *in,
                        const group *const *list, size_t n)
{
    sections sec = which_sections(cfg, in);
    int w = 5;
    values v;
    char cell[64];
    for (size_t i = 0; i < n; i++) {
        int len = label_width(list[i]);
        if (len > w)
            w = len < 32 ? len : 32;
    }
    const group *all = list[n - 1];
    fprintf(out, "cxkpi-report %s: %s, %llu tickets", cxkpi_version_string(), in->name,
            (unsigned long long)all->tickets);
    if (in->bad_rows)
        fprintf(out, " (%llu bad rows skipped)", (unsigned long long)in->bad_rows);
    fprintf(out, "\nIntervals: %g%% Wilson score intervals (NPS: +/- margin of error).\n",
            cfg->confidence * 100.0);

    if (sec.csat) {
        fprintf(out, "\nCSAT (column %s, scale %d-%d, satisfied >= %d)\n", cfg->col[COL_CSAT],
                (int)cfg->scale_min, (int)cfg->scale_max, (int)cfg->satisfied_min);
        fprintf(out, "%-*s %10s %10s %6s  %14s %6s\n", w, "group", "responses", "satisfied",
                "CSAT %", "interval", "mean");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i], &v);
            pct_cell(cell, sizeof cell, &v.csat);
            put_label(out, list[i], w);
            fprintf(out, " %10llu %10llu %s", (unsigned long long)v.csat.trials, (unsigned long long)v.csat.successes, cell);
            if (v.csat.ok)
                fprintf(out, " %6.2f\n", v.csat_mean);
            else
                fprintf(out, " %6s\n", "-");
        }
    }
    if (sec.nps) {
        fprintf(out, "\nNPS (column %s; promoters 9-10, passives 7-8, detractors 0-6)\n",
                cfg->col[COL_NPS]);
        fprintf(out, "%-*s %10s %7s %7s %11s %10s %12s\n", w, "group", "responses", "NPS",
                "+/-", "promoters %", "passives %", "detractors %");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i], &v);
            put_label(out, list[i], w);
            if (v.nps.ok)
                fprintf(out, " %10llu %+7.1f %7.1f %11.1f %10.1f %12.1f\n", (unsigned long long)v.nps.n, v.nps.score, v.nps.margin, v.nps.pro_pct,
                        v.nps.pas_pct, v.nps.det_pct);
            else
                fprintf(out, " %10llu %7s\n", (unsigned long long)v.nps.n, "-");
        }
    }
    if (sec.fcr) {
        fprintf(out, "\nFCR, first contact resolution (column %s)\n", cfg->col[COL_FCR]);
        fprintf(out, "%-*s %10s %10s %6s  %14s\n", w, "group", "answered", "resolved", "FCR %",
                "interval");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i], &v);
            pct_cell(cell, sizeof cell, &v.fcr);
            put_label(out, list[i], w);
            fprintf(out, " %10llu %10llu %s\n", (unsigned long long)v.fcr.trials, (unsigned long long)v.fcr.successes, cell);
        }
    }
    for (int m = 0; m < SLA_METRICS; m++) {
        char targets[256];
        if (!sec.sla[m])
            continue;
        describe_targets(cfg, m, targets, sizeof targets);
        fprintf(out, "\nSLA %s (%s)\n", m == SLA_FIRST_REPLY ? "first reply" : "resolution", targets);
        fprintf(out, "%-*s %8s %8s %11s %6s  %14s\n", w, "group", "met", "breached",
                "in progress", "SLA %", "interval");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i], &v);
            const ratio *c = &v.sla[m].compliance;
            pct_cell(cell, sizeof cell, c);
            put_label(out, list[i], w);
            fprintf(out, " %8llu %8llu %11llu %s\n", (unsigned long long)c->successes,
                    (unsigned long long)(c->trials - c->successes),
                    (unsigned long long)v.sla[m].in_progress, cell);
        }
    }
    for (int m = 0; m < SLA_METRICS; m++) {
        if (!sec.duration[m])
            continue;
        fprintf(out, "\n%s (%s)\n", m == SLA_FIRST_REPLY ? "Time to first reply" : "Resolution time",
                cfg->calendar ? "business hours" : "wall-clock");
        fprintf(out, "%-*s %10s %9s %9s %9s %9s %9s\n", w, "group", "tickets", "mean", "median", "p90",
                "p95", "p99");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i], &v);
            const duration_values *d = &v.duration[m];
            put_label(out, list[i], w);
            fprintf(out, " %10llu", (unsigned long long)d->n);
            human_seconds(out, d->ok, d->mean);
            for (size_t k = 0; k < DURATION_Q; k++)
                human_seconds(out, d->ok, d->q[k]);
            fputc('\n', out);
        }
    }
    if ((sec.sla[0] || sec.sla[1]) && in->has_now) {
        char ts[48];
        ts_format(in->now, ts, sizeof ts);
        fprintf(out, "\nOpen tickets judged at %s (%s).\n", ts,
                in->now_from_data ? "the latest timestamp in the input; set it with --now"
                                  : "--now");
    }
}

/* ---- JSON ------------------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence starting at s[0] of a non-ASCII byte, or 0
 * when it is malformed (overlong forms, surrogates and values above U+10FFFF included). */
static size_t utf8_sequence(const unsigned char *s, size_t left)
{
    size_t n;
    uint32_t cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* A JSON string; bytes that are not valid UTF-8 become U+FFFD so the output stays valid. */
static void json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence((const unsigned char *)s + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", out);
            } else {
                fwrite(s + i, 1, n, out);
                i += n - 1;
            }
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_num(FILE *out, double x)
{
    fprintf(out, "%.10g", x);
}

/* A number, or null when it is undefined. */
static void json_opt(FILE *out, int ok, double x)
{
    if (ok)
        json_num(out, x);
    else
        fputs("null", out);
}

static void json_ratio(FILE *out, const char *successes_key, const char *percent_key, const ratio *r)
{
    fprintf(out, "\"%s\": %llu, ", successes_key, (unsigned long long)r->successes);
    if (r->ok) {
        fprintf(out, "\"%s\": ", percent_key);
        json_num(out, r->percent);
        fputs(", \"interval\": [", out);
        json_num(out, r->lo);
        fputs(", ", out);
        json_num(out, r->hi);
        fputs("]", out);
    } else {
        fprintf(out, "\"%s\": null, \"interval\": null", percent_key);
    }
}

static void json_metrics(FILE *out, const report_config *cfg, const sections *sec, const group *g,
                         const char *indent)
{
    values v;
    compute(cfg, g, &v);
    fprintf(out, "%s\"tickets\": %llu", indent, (unsigned long long)g->tickets);
    if (sec->csat) {
        fprintf(out, ",\n%s\"csat\": {\"responses\": %llu, ", indent, (unsigned long long)v.csat.trials);
        json_ratio(out, "satisfied", "percent", &v.csat);
        fputs(", \"mean\": ", out);
        if (v.csat.ok)
            json_num(out, v.csat_mean);
        else
            fputs("null", out);
        fputs("}", out);
    }
    if (sec->nps) {
        const nps_values *p = &v.nps;
        fprintf(out, ",\n%s\"nps\": {\"responses\": %llu, \"promoters\": %llu, \"passives\": %llu, "
                     "\"detractors\": %llu, ",
                indent, (unsigned long long)p->n, (unsigned long long)p->promoters,
                (unsigned long long)p->passives, (unsigned long long)p->detractors);
        if (p->ok) {
            const double nums[] = {p->score, p->pro_pct, p->pas_pct, p->det_pct, p->se, p->margin};
            const char *keys[] = {"score", "promoters_percent", "passives_percent",
                                  "detractors_percent", "stderr", "margin"};
            for (size_t i = 0; i < 6; i++) {
                fprintf(out, "\"%s\": ", keys[i]);
                json_num(out, nums[i]);
                fputs(", ", out);
            }
            fputs("\"interval\": [", out);
            json_num(out, p->score - p->margin);
            fputs(", ", out);
            json_num(out, p->score + p->margin);
            fputs("]}", out);
        } else {
            fputs("\"score\": null, \"promoters_percent\": null, \"passives_percent\": null, "
                  "\"detractors_percent\": null, \"stderr\": null, \"margin\": null, "
                  "\"interval\": null}", out);
        }
    }
    if (sec->fcr) {
        fprintf(out, ",\n%s\"fcr\": {\"responses\": %llu, ", indent, (unsigned long long)v.fcr.trials);
        json_ratio(out, "resolved", "percent", &v.fcr);
        fputs("}", out);
    }
    if (sec->sla[0] || sec->sla[1]) {
        int first = 1;
        fprintf(out, ",\n%s\"sla\": {", indent);
        for (int m = 0; m < SLA_METRICS; m++) {
            if (!sec->sla[m])
                continue;
            fprintf(out, "%s\"%s\": {", first ? "" : ", ", sla_metric_name(m));
            const ratio *c = &v.sla[m].compliance;
            json_ratio(out, "met", "compliance_percent", c);
            fprintf(out, ", \"breached\": %llu, \"breached_open\": %llu, \"in_progress\": %llu}",
                    (unsigned long long)(c->trials - c->successes),
                    (unsigned long long)v.sla[m].breached_open,
                    (unsigned long long)v.sla[m].in_progress);
            first = 0;
        }
        fputs("}", out);
    }
    if (sec->duration[0] || sec->duration[1]) {
        static const char *const qkeys[DURATION_Q] = {"median", "p90", "p95", "p99"};
        int first = 1;
        fprintf(out, ",\n%s\"durations\": {", indent);
        for (int m = 0; m < SLA_METRICS; m++) {
            const duration_values *d = &v.duration[m];
            if (!sec->duration[m])
                continue;
            fprintf(out, "%s\"%s\": {\"count\": %llu, \"mean\": ", first ? "" : ", ",
                    sla_metric_name(m), (unsigned long long)d->n);
            json_opt(out, d->ok, d->mean);
            for (size_t k = 0; k < DURATION_Q; k++) {
                fprintf(out, ", \"%s\": ", qkeys[k]);
                json_opt(out, d->ok, d->q[k]);
            }
            fputs("}", out);
            first = 0;
        }
        fputs("}", out);
    }
}

static void write_json(FILE *out, const report_config *cfg, const input_summary *in,
                       const group *all, group *const *groups, size_t ngroups)
{
    sections sec = which_sections(cfg, in);
    fprintf(out, "{\n  \"tool\": \"cxkpi-report\",\n  \"version\": \"%s\",\n", cxkpi_version_string());
    fputs("  \"input\": {\"name\": ", out);
    json_string(out, in->name, strlen(in->name));
    fprintf(out, ", \"rows\": %llu, \"bad_rows\": %llu},\n", (unsigned long long)in->rows,
            (unsigned long long)in->bad_rows);
    fputs("  \"confidence\": ", out);
    json_num(out, cfg->confidence);
    fprintf(out, ",\n  \"csat_scale\": {\"min\": %d, \"max\": %d, \"satisfied_min\": %d},\n",
            (int)cfg->scale_min, (int)cfg->scale_max, (int)cfg->satisfied_min);
    fputs("  \"sla_targets\": [", out);
    for (size_t i = 0; i < cfg->sla.n; i++) {
        const sla_target *t = &cfg->sla.t[i];
        fprintf(out, "%s{\"metric\": \"%s\", \"priority\": ", i ? ", " : "", sla_metric_name(t->metric));
        if (t->priority[0])
            json_string(out, t->priority, strlen(t->priority));
        else
            fputs("null", out);
        fprintf(out, ", \"seconds\": %lld}", (long long)t->seconds);
    }
    fputs("],\n  \"now\": ", out);
    if (in->has_now) {
        char ts[48];
        ts_format(in->now, ts, sizeof ts);
        fprintf(out, "\"%s\", \"now_source\": \"%s\"", ts, in->now_from_data ? "data" : "option");
    } else {
        fputs("null, \"now_source\": null", out);
    }
    fputs(",\n  \"by\": ", out);
    if (groups)
        json_string(out, cfg->col[COL_BY], strlen(cfg->col[COL_BY]));
    else
        fputs("null", out);
    fputs(",\n  \"overall\": {\n", out);
    json_metrics(out, cfg, &sec, all, "    ");
    fputs("\n  },\n  \"groups\": [", out);
    for (size_t i = 0; i < ngroups; i++) {
        fputs(i ? ",\n    {\"group\": " : "\n    {\"group\": ", out);
        json_string(out, groups[i]->key, groups[i]->key_len);
        fputs(",\n", out);
        json_metrics(out, cfg, &sec, groups[i], "     ");
        fputs("}", out);
    }
    fputs(ngroups ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* ---- CSV -------------------------------------------------------------------------- */

static void csv_field(FILE *out, const char *s, size_t len)
{
    int quote = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    if (!quote) {
        fwrite(s, 1, len, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            fputc('"', out);
        fputc(s[i], out);
    }
    fputc('"', out);
}

/* One output row: level,group,metric,count,value,low,high (value/low/high may be empty). */
static void csv_row(FILE *out, const group *g, int overall, const char *metric, uint64_t count,
                    int has_value, double value, int has_interval, double lo, double hi)
{
    fputs(overall ? "overall," : "group,", out);
    if (!overall)
        csv_field(out, g->key, g->key_len);
    fprintf(out, ",%s,%llu,", metric, (unsigned long long)count);
    if (has_value)
        fprintf(out, "%.10g", value);
    fputc(',', out);
    if (has_interval)
        fprintf(out, "%.10g,%.10g", lo, hi);
    else
        fputc(',', out);
    fputs("\r\n", out);
}

static void csv_group(FILE *out, const report_config *cfg, const sections *sec, const group *g,
                      int overall)
{
    values v;
    compute(cfg, g, &v);
    csv_row(out, g, overall, "tickets", g->tickets, 0, 0, 0, 0, 0);
    if (sec->csat) {
        csv_row(out, g, overall, "csat_percent", v.csat.trials, v.csat.ok, v.csat.percent,
                v.csat.ok, v.csat.lo, v.csat.hi);
        csv_row(out, g, overall, "csat_mean", v.csat.trials, v.csat.ok, v.csat_mean, 0, 0, 0);
    }
    if (sec->nps) {
        const nps_values *p = &v.nps;
        csv_row(out, g, overall, "nps", p->n, p->ok, p->score, p->ok, p->score - p->margin,
                p->score + p->margin);
        csv_row(out, g, overall, "nps_promoters_percent", p->promoters, p->ok, p->pro_pct, 0, 0, 0);
        csv_row(out, g, overall, "nps_passives_percent", p->passives, p->ok, p->pas_pct, 0, 0, 0);
        csv_row(out, g, overall, "nps_detractors_percent", p->detractors, p->ok, p->det_pct, 0, 0, 0);
    }
    if (sec->fcr)
        csv_row(out, g, overall, "fcr_percent", v.fcr.trials, v.fcr.ok, v.fcr.percent, v.fcr.ok,
                v.fcr.lo, v.fcr.hi);
    for (int m = 0; m < SLA_METRICS; m++) {
        char name[64];
        if (!sec->sla[m])
            continue;
        snprintf(name, sizeof name, "sla_%s_percent", sla_metric_name(m));
        const ratio *c = &v.sla[m].compliance;
        csv_row(out, g, overall, name, c->trials, c->ok, c->percent, c->ok, c->lo, c->hi);
        snprintf(name, sizeof name, "sla_%s_in_progress", sla_metric_name(m));
        csv_row(out, g, overall, name, v.sla[m].in_progress, 0, 0, 0, 0, 0);
    }
    for (int m = 0; m < SLA_METRICS; m++) {
        static const char *const stats[1 + DURATION_Q] = {"mean", "median", "p90", "p95", "p99"};
        const duration_values *d = &v.duration[m];
        if (!sec->duration[m])
            continue;
        for (size_t k = 0; k <= DURATION_Q; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s_time_%s", sla_metric_name(m), stats[k]);
            csv_row(out, g, overall, name, d->n, d->ok, k == 0 ? d->mean : d->q[k - 1], 0, 0, 0);
        }
    }
}

static void write_csv(FILE *out, const report_config *cfg, const input_summary *in,
                      const group *all, group *const *groups, size_t ngroups)
{
    sections sec = which_sections(cfg, in);
    fputs("level,group,metric,count,value,low,high\r\n", out);
    csv_group(out, cfg, &sec, all, 1);
    for (size_t i = 0; i < ngroups; i++)
        csv_group(out, cfg, &sec, groups[i], 0);
}

int write_report(FILE *out, const report_config *cfg, const input_summary *in,
                 const group *all, group *const *groups, size_t ngroups)
{
    if (cfg->format == FORMAT_JSON) {
        write_json(out, cfg, in, all, groups, ngroups);
    } else if (cfg->format == FORMAT_CSV) {
        write_csv(out, cfg, in, all, groups, ngroups);
    } else {
        /* The table lists the groups, then the overall line last. */
        const group *stack[1];
        const group **list = stack;
        if (ngroups > 0) {
            list = malloc((ngroups + 1) * sizeof *list);
            if (list == NULL)
                return -1;
            memcpy(list, groups, ngroups * sizeof *list);
        }
        list[ngroups] = all;
        write_table(out, cfg, in, list, ngroups + 1);
        if (list != stack)
            free(list);
    }
    return ferror(out) ? -1 : 0;
}
