/* output.c — the three report formats: an aligned table, JSON and CSV (docs/cli.md). */
#include "report.h"
#include "timestamp.h"

#include <stdlib.h>
#include <string.h>

/* ---- values computed once per group, shared by the three formats ------------------ */

const double duration_q[DURATION_Q] = {0.5, 0.9, 0.95, 0.99};
const char *const duration_q_name[DURATION_Q] = {"median", "p90", "p95", "p99"};

/* The SLA of one clock over every target (priority): the per-target accumulators are
 * totalled with cxkpi_sla_merge_counts(), which keeps each ticket judged by its own target. */
static void sla_total(const report_config *cfg, const group *g, int m, double confidence,
                      sla_values *out)
{
    cxkpi_sla *total = NULL;
    cxkpi_status st = CXKPI_OK;
    /* met/breached given by the export: then no target accumulator was fed */
    int from_column = g->sla_outcome[m] != NULL;
    (void)cfg;
    if (from_column)
        st = cxkpi_sla_clone(g->sla_outcome[m], &total);
    for (size_t t = 0; !from_column && st == CXKPI_OK && t < SLA_MAX_TARGETS; t++) {
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

static void ratio_of(const cxkpi_fcr *acc, int which, uint64_t successes, uint64_t trials,
                     double confidence, ratio *r)
{
    r->successes = successes;
    r->trials = trials;
    if (which == 0)
        r->ok = cxkpi_fcr_net_percent(acc, &r->percent) == CXKPI_OK &&
                cxkpi_fcr_net_percent_interval(acc, confidence, &r->lo, &r->hi) == CXKPI_OK;
    else if (which == 1)
        r->ok = cxkpi_fcr_escalation_percent(acc, &r->percent) == CXKPI_OK &&
                cxkpi_fcr_escalation_percent_interval(acc, confidence, &r->lo, &r->hi) == CXKPI_OK;
    else
        r->ok = cxkpi_fcr_reopen_percent(acc, &r->percent) == CXKPI_OK &&
                cxkpi_fcr_reopen_percent_interval(acc, confidence, &r->lo, &r->hi) == CXKPI_OK;
}

static void duration_of(const cxkpi_duration *d, duration_values *out)
{
    cxkpi_duration_count(d, &out->n);
    out->ok = cxkpi_duration_mean(d, &out->mean) == CXKPI_OK &&
              cxkpi_duration_quantiles(d, duration_q, DURATION_Q, out->q) == CXKPI_OK;
}

/* A figure from fewer answers than --min-n, or with an interval wider than --max-width. */
static int small_sample(const report_config *cfg, int ok, uint64_t n, double width)
{
    return ok && (n < cfg->min_n || width > cfg->max_width);
}

static void mark_small_samples(const report_config *cfg, values *v)
{
    ratio *r[] = {&v->csat, &v->fcr, &v->net_fcr, &v->escalation, &v->reopen,
                  &v->sla[0].compliance, &v->sla[1].compliance};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        r[i]->small = small_sample(cfg, r[i]->ok, r[i]->trials, r[i]->hi - r[i]->lo);
    v->nps.small = small_sample(cfg, v->nps.ok, v->nps.n, v->nps.hi - v->nps.lo);
}

void compute_values(const report_config *cfg, const group *g, values *v)
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
    if (p->ok) {
        /* An NPS lies in [-100, 100]; so does its interval (as in every binding). */
        p->lo = p->score - p->margin < -100.0 ? -100.0 : p->score - p->margin;
        p->hi = p->score + p->margin > 100.0 ? 100.0 : p->score + p->margin;
    }

    uint64_t escalated, reopened, excluded;
    cxkpi_fcr_counts(g->fcr, &v->fcr.trials, &v->fcr.successes, &escalated, &reopened, &excluded);
    v->fcr.ok = cxkpi_fcr_percent(g->fcr, &v->fcr.percent) == CXKPI_OK &&
                cxkpi_fcr_percent_interval(g->fcr, cfg->confidence, &v->fcr.lo, &v->fcr.hi) == CXKPI_OK;
    ratio_of(g->fcr, 0, v->fcr.successes, v->fcr.trials - excluded, cfg->confidence, &v->net_fcr);
    ratio_of(g->fcr, 1, escalated, v->fcr.trials, cfg->confidence, &v->escalation);
    ratio_of(g->fcr, 2, reopened, v->fcr.trials, cfg->confidence, &v->reopen);

    for (int m = 0; m < SLA_METRICS; m++) {
        sla_total(cfg, g, m, cfg->confidence, &v->sla[m]);
        duration_of(g->duration[m], &v->duration[m]);
    }
    mark_small_samples(cfg, v);
    cxkpi_survival_counts(g->survival, &v->km.resolved, &v->km.open);
    double km_lo, km_hi; /* the median's band: not reported */
    v->km.ok = cxkpi_survival_quantile(g->survival, 0.5, cfg->confidence, &v->km.median, &km_lo,
                                       &km_hi) == CXKPI_OK;
    for (int part = 0; part < 4 && g->aht; part++) {
        const cxkpi_duration *d;
        if (cxkpi_aht_component(g->aht, (cxkpi_aht_part)part, &d) == CXKPI_OK)
            duration_of(d, &v->aht[part]);
    }
}

#define compute compute_values

static int has_target(const report_config *cfg, int metric)
{
    for (size_t i = 0; i < cfg->sla.n; i++)
        if (cfg->sla.t[i].metric == metric)
            return 1;
    return 0;
}

sections report_sections(const report_config *cfg, const input_summary *in)
{
    sections s;
    memset(&s, 0, sizeof s);
    s.csat = in->present[COL_CSAT];
    s.nps = in->present[COL_NPS];
    s.fcr = in->present[COL_FCR] || in->present[COL_REPLIES] || in->present[COL_ESCALATED] ||
            in->present[COL_EXCLUDED] ||
            in->present[COL_REOPENED];
    s.fcr_escalated = in->present[COL_ESCALATED];
    s.fcr_source = in->present[COL_FCR] ? "column" : in->present[COL_REPLIES] ? "replies" : "none";
    s.fcr_reopened = in->present[COL_REOPENED];
    s.fcr_excluded = in->present[COL_EXCLUDED];
    const int endcol[SLA_METRICS] = {COL_FIRST_REPLY, COL_SOLVED};
    for (int m = 0; m < SLA_METRICS; m++) {
        int times = in->present[endcol[m]] &&
                    (cfg->col_unit[endcol[m]] > 0 || in->present[COL_CREATED]);
        s.duration[m] = times;
        s.sla[m] = in->present[COL_SLA_FIRST_REPLY + m] || (times && has_target(cfg, m));
    }
    s.aht = in->present[COL_TALK] || in->present[COL_HOLD] || in->present[COL_ACW];
    return s;
}

#define which_sections report_sections

/* Short, exact human form of a duration in seconds: 45s, 15m, 1h30m, 2d4h0m, 1h1m1s. */
static void human_duration(int64_t s, char *buf, size_t cap)
{
    char sec[24] = "";
    if (s % 60 != 0)
        snprintf(sec, sizeof sec, "%llds", (long long)(s % 60));
    if (s % 86400 == 0 && s >= 2 * 86400)
        snprintf(buf, cap, "%lldd", (long long)(s / 86400));
    else if (s % 3600 == 0)
        snprintf(buf, cap, "%lldh", (long long)(s / 3600));
    else if (s >= 86400)
        snprintf(buf, cap, "%lldd%lldh%lldm%s", (long long)(s / 86400), (long long)(s % 86400 / 3600),
                 (long long)(s % 3600 / 60), sec);
    else if (s >= 3600)
        snprintf(buf, cap, "%lldh%lldm%s", (long long)(s / 3600), (long long)(s % 3600 / 60), sec);
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

/* A duration in a 10-column cell: "   42s", "  5m07s", "  3h05m", " 2d04h", or "-".
 * Rounded to the nearest unit shown (second, minute or hour, halves up), as the
 * percentages are: 10h04m47s is "10h05m", 23h59m30s is "1d00h". */
void format_seconds(int ok, double seconds, char *b, size_t cap)
{
    long long s = ok ? (long long)(seconds + 0.5) : 0;
    long long m = (s + 30) / 60;   /* whole minutes, rounded */
    long long h = (s + 1800) / 3600; /* whole hours, rounded */
    if (!ok)
        snprintf(b, cap, "-");
    else if (s < 60)
        snprintf(b, cap, "%llds", s);
    else if (s < 3600)
        snprintf(b, cap, "%lldm%02llds", s / 60, s % 60);
    else if (m < 1440)
        snprintf(b, cap, "%lldh%02lldm", m / 60, m % 60);
    else
        snprintf(b, cap, "%lldd%02lldh", h / 24, h % 24);
}

static void human_seconds(FILE *out, int ok, double seconds)
{
    char b[32];
    format_seconds(ok, seconds, b, sizeof b);
    fprintf(out, " %9s", b);
}

/* A line of the table: a group and its label. */
typedef struct tbl_row {
    const group *g;
    char label[192];
} tbl_row;

/* Display width of a label: UTF-8 code points (continuation bytes take no column). */
static int label_width(const char *label)
{
    int w = 0;
    for (const char *p = label; *p; p++)
        w += ((unsigned char)*p & 0xC0) != 0x80;
    return w;
}

/* A label padded to `w` columns; control characters are shown as '?' so that a name with
 * a line break cannot break the table. */
static void put_label(FILE *out, const char *label, int w)
{
    const char *p = label;
    int used = label_width(label);
    for (; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, out);
    for (; used < w; used++)
        fputc(' ', out);
}

static void pct_cell(char *buf, size_t cap, const ratio *r)
{
    if (r->ok) /* a small sample is marked by a '*' after the figure */
        snprintf(buf, cap, "%6.1f%c [%5.1f, %5.1f]", r->percent, r->small ? '*' : ' ', r->lo,
                 r->hi);
    else
        snprintf(buf, cap, "%6s  %14s", "-", "");
}

static void write_table(FILE *out, const report_config *cfg, const input_summary *in,
                        const tbl_row *list, size_t n)
{
    sections sec = which_sections(cfg, in);
    int w = 5;
    values v;
    char cell[64];
    for (size_t i = 0; i < n; i++) {
        int len = label_width(list[i].label);
        if (len > w)
            w = len < 32 ? len : 32;
    }
    const group *all = list[n - 1].g;
    fprintf(out, "cxkpi-report %s: %s, %llu tickets", cxkpi_version_string(), in->name,
            (unsigned long long)all->tickets);
    if (in->bad_rows)
        fprintf(out, " (%llu bad rows skipped)", (unsigned long long)in->bad_rows);
    fprintf(out, "\nIntervals: %g%% Wilson score intervals (NPS: +/- margin of error).\n",
            cfg->confidence * 100.0);
    fprintf(out, "A * marks a small sample: fewer than %llu answers, or an interval wider than "
                 "%g points.\n", (unsigned long long)cfg->min_n, cfg->max_width);
    for (int m = 0; m < MET_COUNT; m++) {
        if (in->bad_values[m] == 0)
            continue;
        fprintf(out, "Bad values skipped by %s: %llu", metric_name(m),
                (unsigned long long)in->bad_values[m]);
        for (size_t k = 0; k < BAD_EXAMPLES && k < in->bad_values[m]; k++)
            fprintf(out, "%sline %llu: %s", k ? "; " : " (", (unsigned long long)in->bad_example[m][k].line,
                    in->bad_example[m][k].msg);
        fputs(in->bad_values[m] > BAD_EXAMPLES ? "; ...)\n" : ")\n", out);
    }

    if (sec.csat) {
        fprintf(out, "\nCSAT (column %s, scale %d-%d, satisfied >= %d)\n", cfg->col[COL_CSAT],
                (int)cfg->scale_min, (int)cfg->scale_max, (int)cfg->satisfied_min);
        fprintf(out, "%-*s %10s %10s %6s  %14s %6s\n", w, "group", "responses", "satisfied",
                "CSAT %", "interval", "mean");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i].g, &v);
            pct_cell(cell, sizeof cell, &v.csat);
            put_label(out, list[i].label, w);
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
            compute(cfg, list[i].g, &v);
            put_label(out, list[i].label, w);
            if (v.nps.ok)
                fprintf(out, " %10llu %+7.1f%c%7.1f %11.1f %10.1f %12.1f\n", (unsigned long long)v.nps.n,
                        v.nps.score, v.nps.small ? '*' : ' ', v.nps.margin, v.nps.pro_pct,
                        v.nps.pas_pct, v.nps.det_pct);
            else
                fprintf(out, " %10llu %7s\n", (unsigned long long)v.nps.n, "-");
        }
    }
    if (sec.fcr) {
        if (in->present[COL_FCR])
            fprintf(out, "\nFCR, first contact resolution (column %s)\n", cfg->col[COL_FCR]);
        else if (in->present[COL_REPLIES])
            fprintf(out, "\nFCR, one-touch resolution (solved with at most one reply in %s)\n",
                    cfg->col[COL_REPLIES]);
        else
            fprintf(out, "\nFCR (no FCR or reply-count column: escalation and reopen only)\n");
        fprintf(out, "%-*s %10s %10s %6s  %14s", w, "group", "answered", "resolved", "FCR %",
                "interval");
        if (sec.fcr_escalated)
            fprintf(out, " %6s  %14s", "esc. %", "interval");
        if (sec.fcr_reopened)
            fprintf(out, " %6s  %14s", "reop.%", "interval");
        if (sec.fcr_excluded)
            fprintf(out, " %6s  %14s", "net %", "interval");
        fputc('\n', out);
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i].g, &v);
            pct_cell(cell, sizeof cell, &v.fcr);
            put_label(out, list[i].label, w);
            fprintf(out, " %10llu %10llu %s", (unsigned long long)v.fcr.trials, (unsigned long long)v.fcr.successes, cell);
            if (sec.fcr_escalated) {
                pct_cell(cell, sizeof cell, &v.escalation);
                fprintf(out, " %s", cell);
            }
            if (sec.fcr_reopened) {
                pct_cell(cell, sizeof cell, &v.reopen);
                fprintf(out, " %s", cell);
            }
            if (sec.fcr_excluded) {
                pct_cell(cell, sizeof cell, &v.net_fcr);
                fprintf(out, " %s", cell);
            }
            fputc('\n', out);
        }
    }
    for (int m = 0; m < SLA_METRICS; m++) {
        char targets[256];
        if (!sec.sla[m])
            continue;
        if (in->present[COL_SLA_FIRST_REPLY + m])
            snprintf(targets, sizeof targets, "met/breached from column %s", cfg->col[COL_SLA_FIRST_REPLY + m]);
        else
            describe_targets(cfg, m, targets, sizeof targets);
        fprintf(out, "\nSLA %s (%s)\n", m == SLA_FIRST_REPLY ? "first reply" : "resolution", targets);
        fprintf(out, "%-*s %8s %8s %11s %6s  %14s\n", w, "group", "met", "breached",
                "in progress", "SLA %", "interval");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i].g, &v);
            const ratio *c = &v.sla[m].compliance;
            pct_cell(cell, sizeof cell, c);
            put_label(out, list[i].label, w);
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
        const int km = m == SLA_RESOLUTION; /* the median with open tickets included */
        fprintf(out, "%-*s %10s %9s %9s %9s %9s %9s%s\n", w, "group", "tickets", "mean", "median", "p90",
                "p95", "p99", km ? "      open  med+open" : "");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i].g, &v);
            const duration_values *d = &v.duration[m];
            put_label(out, list[i].label, w);
            fprintf(out, " %10llu", (unsigned long long)d->n);
            human_seconds(out, d->ok, d->mean);
            for (size_t k = 0; k < DURATION_Q; k++)
                human_seconds(out, d->ok, d->q[k]);
            if (km) {
                fprintf(out, " %9llu", (unsigned long long)v.km.open);
                human_seconds(out, v.km.ok, v.km.median);
            }
            fputc('\n', out);
        }
        if (km)
            fputs("med+open: the median time to resolve with the open tickets included, at their\n"
                  "age so far (Kaplan-Meier); - while more than half could still be open.\n",
                  out);
    }
    if (sec.aht) {
        static const char *const parts[4] = {"talk", "hold", "after-call work", "handling time"};
        fprintf(out, "\nAverage handling time (talk + hold + after-call work, per contact)\n");
        fprintf(out, "%-*s %-15s %10s %9s %9s %9s %9s %9s\n", w, "group", "part", "contacts", "mean",
                "median", "p90", "p95", "p99");
        for (size_t i = 0; i < n; i++) {
            compute(cfg, list[i].g, &v);
            for (int part = 3; part >= 0; part--) {
                const duration_values *d = &v.aht[part];
                put_label(out, part == 3 ? list[i].label : "", w);
                fprintf(out, " %-15s %10llu", parts[part], (unsigned long long)d->n);
                human_seconds(out, d->ok, d->mean);
                for (size_t k = 0; k < DURATION_Q; k++)
                    human_seconds(out, d->ok, d->q[k]);
                fputc('\n', out);
            }
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
size_t utf8_sequence(const unsigned char *s, size_t left)
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

void json_write_string(FILE *out, const char *s, size_t len)
{
    json_string(out, s, len);
}

void json_write_number(FILE *out, double x)
{
    json_num(out, x);
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
        fprintf(out, "], \"small_sample\": %s", r->small ? "true" : "false");
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
            json_num(out, p->lo);
            fputs(", ", out);
            json_num(out, p->hi);
            fprintf(out, "], \"small_sample\": %s}", p->small ? "true" : "false");
        } else {
            fputs("\"score\": null, \"promoters_percent\": null, \"passives_percent\": null, "
                  "\"detractors_percent\": null, \"stderr\": null, \"margin\": null, "
                  "\"interval\": null}", out);
        }
    }
    if (sec->fcr) {
        fprintf(out, ",\n%s\"fcr\": {\"source\": \"%s\", \"responses\": %llu, ", indent,
                sec->fcr_source,
                (unsigned long long)v.fcr.trials);
        json_ratio(out, "resolved", "percent", &v.fcr);
        if (sec->fcr_escalated) {
            fputs(", \"escalation\": {", out);
            json_ratio(out, "escalated", "percent", &v.escalation);
            fputs("}", out);
        }
        if (sec->fcr_reopened) {
            fputs(", \"reopen\": {", out);
            json_ratio(out, "reopened", "percent", &v.reopen);
            fputs("}", out);
        }
        if (sec->fcr_excluded) {
            fprintf(out, ", \"net\": {\"issues\": %llu, ", (unsigned long long)v.net_fcr.trials);
            json_ratio(out, "resolved", "percent", &v.net_fcr);
            fputs("}", out);
        }
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
                fprintf(out, ", \"%s\": ", duration_q_name[k]);
                json_opt(out, d->ok, d->q[k]);
            }
            if (m == SLA_RESOLUTION) {
                fprintf(out, ", \"open\": %llu, \"median_open_included\": ",
                        (unsigned long long)v.km.open);
                json_opt(out, v.km.ok, v.km.median);
            }
            fputs("}", out);
            first = 0;
        }
        fputs("}", out);
    }
    if (sec->aht) {
        static const char *const parts[4] = {"talk", "hold", "acw", "total"};
        fprintf(out, ",\n%s\"aht\": {\"contacts\": %llu", indent, (unsigned long long)v.aht[3].n);
        for (int part = 0; part < 4; part++) {
            const duration_values *d = &v.aht[part];
            fprintf(out, ", \"%s\": {\"mean\": ", parts[part]);
            json_opt(out, d->ok, d->mean);
            for (size_t k = 0; k < DURATION_Q; k++) {
                fprintf(out, ", \"%s\": ", duration_q_name[k]);
                json_opt(out, d->ok, d->q[k]);
            }
            fputs("}", out);
        }
        fputs("}", out);
    }
}

/* A group's --by values: "group" (joined by " / ") and "keys" (one per column). */
static void json_group_keys(FILE *out, const group *g)
{
    char joined[1024];
    size_t k = 0;
    const char *p = g->key, *end = g->key + g->key_len;
    fputs("\"group\": ", out);
    for (const char *q = p; q < end && k + 4 < sizeof joined; q++) {
        if (*q == BY_SEP) {
            memcpy(joined + k, " / ", 3);
            k += 3;
        } else {
            joined[k++] = *q;
        }
    }
    json_string(out, joined, k);
    fputs(", \"keys\": [", out);
    for (int first = 1;; first = 0) {
        const char *sep = memchr(p, BY_SEP, (size_t)(end - p));
        const char *e = sep ? sep : end;
        if (!first)
            fputs(", ", out);
        json_string(out, p, (size_t)(e - p));
        if (sep == NULL)
            break;
        p = sep + 1;
    }
    fputs("]", out);
}

static void json_list(FILE *out, const report_config *cfg, const sections *sec, const char *name,
                      group *const *list, size_t n, int keys, int period)
{
    fprintf(out, ",\n  \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    {" : "\n    {", out);
        if (keys) {
            json_group_keys(out, list[i]);
            fputs(period ? ", " : "", out);
        }
        if (period) {
            fputs("\"period\": ", out);
            json_string(out, list[i]->period, strlen(list[i]->period));
        }
        fputs(",\n", out);
        json_metrics(out, cfg, sec, list[i], "     ");
        fputs("}", out);
    }
    fputs(n ? "\n  ]" : "]", out);
}

static void write_json(FILE *out, const report_config *cfg, const input_summary *in,
                       const report_groups *rg)
{
    sections sec = which_sections(cfg, in);
    fprintf(out, "{\n  \"tool\": \"cxkpi-report\",\n  \"version\": \"%s\",\n", cxkpi_version_string());
    fputs("  \"input\": {\"name\": ", out);
    json_string(out, in->name, strlen(in->name));
    fprintf(out, ", \"rows\": %llu, \"bad_rows\": %llu, \"bad_values\": {", (unsigned long long)in->rows,
            (unsigned long long)in->bad_rows);
    for (int m = 0; m < MET_COUNT; m++) {
        fprintf(out, "%s\"%s\": {\"count\": %llu, \"examples\": [", m ? ", " : "", metric_name(m),
                (unsigned long long)in->bad_values[m]);
        for (size_t k = 0; k < BAD_EXAMPLES && k < in->bad_values[m]; k++) {
            fprintf(out, "%s{\"line\": %llu, \"message\": ", k ? ", " : "",
                    (unsigned long long)in->bad_example[m][k].line);
            json_string(out, in->bad_example[m][k].msg, strlen(in->bad_example[m][k].msg));
            fputs("}", out);
        }
        fputs("]}", out);
    }
    fputs("}},\n", out);
    fputs("  \"preset\": ", out);
    if (cfg->preset)
        json_string(out, cfg->preset, strlen(cfg->preset));
    else
        fputs("null", out);
    fputs(", \"tz\": ", out);
    if (cfg->tz_name)
        json_string(out, cfg->tz_name, strlen(cfg->tz_name));
    else
        fputs("null", out);
    fputs(",\n", out);
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
    if (cfg->nby) {
        char joined[512];
        size_t k = 0;
        for (size_t b = 0; b < cfg->nby; b++)
            k += (size_t)snprintf(joined + k, k < sizeof joined ? sizeof joined - k : 0, "%s%s",
                                  b ? "," : "", cfg->by[b]);
        json_string(out, joined, strlen(joined));
        fputs(", \"by_columns\": [", out);
        for (size_t b = 0; b < cfg->nby; b++) {
            fputs(b ? ", " : "", out);
            json_string(out, cfg->by[b], strlen(cfg->by[b]));
        }
        fputs("]", out);
    } else {
        fputs("null, \"by_columns\": []", out);
    }
    static const char *const periods[] = {NULL, "day", "week", "month", "quarter"};
    if (cfg->period)
        fprintf(out, ", \"period\": \"%s\"", periods[cfg->period]);
    else
        fputs(", \"period\": null", out);
    fputs(",\n  \"overall\": {\n", out);
    json_metrics(out, cfg, &sec, rg->all, "    ");
    fputs("\n  }", out);
    json_list(out, cfg, &sec, "groups", rg->by, rg->nby, 1, 0);
    json_list(out, cfg, &sec, "periods", rg->periods, rg->nperiods, 0, 1);
    json_list(out, cfg, &sec, "group_periods", rg->cells, rg->ncells, 1, 1);
    if (cfg->compare != COMPARE_NONE)
        compare_write_json(out, cfg, &sec, rg);
    fputs("\n}\n", out);
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

void csv_write_field(FILE *out, const char *s, size_t len)
{
    csv_field(out, s, len);
}


enum { LEVEL_OVERALL, LEVEL_GROUP, LEVEL_PERIOD, LEVEL_GROUP_PERIOD };

/* One output row: level,group,metric,count,value,low,high,period (value, low, high and
 * period may be empty). `overall` is the level. */
static void csv_row(FILE *out, const group *g, int overall, const char *metric, uint64_t count,
                    int has_value, double value, int has_interval, double lo, double hi)
{
    static const char *const levels[] = {"overall", "group", "period", "group_period"};
    fprintf(out, "%s,", levels[overall]);
    if (overall == LEVEL_GROUP || overall == LEVEL_GROUP_PERIOD) {
        char joined[1024];
        size_t k = 0;
        for (size_t i = 0; i < g->key_len && k + 4 < sizeof joined; i++) {
            if (g->key[i] == BY_SEP) {
                memcpy(joined + k, " / ", 3);
                k += 3;
            } else {
                joined[k++] = g->key[i];
            }
        }
        csv_field(out, joined, k);
    }
    fprintf(out, ",%s,%llu,", metric, (unsigned long long)count);
    if (has_value)
        fprintf(out, "%.10g", value);
    fputc(',', out);
    if (has_interval)
        fprintf(out, "%.10g,%.10g", lo, hi);
    else
        fputc(',', out);
    fputc(',', out);
    if (overall == LEVEL_PERIOD || overall == LEVEL_GROUP_PERIOD)
        fputs(g->period, out);
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
        csv_row(out, g, overall, "nps", p->n, p->ok, p->score, p->ok, p->lo, p->hi);
        csv_row(out, g, overall, "nps_promoters_percent", p->promoters, p->ok, p->pro_pct, 0, 0, 0);
        csv_row(out, g, overall, "nps_passives_percent", p->passives, p->ok, p->pas_pct, 0, 0, 0);
        csv_row(out, g, overall, "nps_detractors_percent", p->detractors, p->ok, p->det_pct, 0, 0, 0);
    }
    if (sec->fcr)
        csv_row(out, g, overall, "fcr_percent", v.fcr.trials, v.fcr.ok, v.fcr.percent, v.fcr.ok,
                v.fcr.lo, v.fcr.hi);
    if (sec->fcr_escalated)
        csv_row(out, g, overall, "escalation_percent", v.escalation.trials, v.escalation.ok,
                v.escalation.percent, v.escalation.ok, v.escalation.lo, v.escalation.hi);
    if (sec->fcr_excluded)
        csv_row(out, g, overall, "net_fcr_percent", v.net_fcr.trials, v.net_fcr.ok, v.net_fcr.percent,
                v.net_fcr.ok, v.net_fcr.lo, v.net_fcr.hi);
    if (sec->fcr_reopened)
        csv_row(out, g, overall, "reopen_percent", v.reopen.trials, v.reopen.ok, v.reopen.percent,
                v.reopen.ok, v.reopen.lo, v.reopen.hi);
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
        const duration_values *d = &v.duration[m];
        if (!sec->duration[m])
            continue;
        for (size_t k = 0; k <= DURATION_Q; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s_time_%s", sla_metric_name(m), k ? duration_q_name[k - 1] : "mean");
            csv_row(out, g, overall, name, d->n, d->ok, k == 0 ? d->mean : d->q[k - 1], 0, 0, 0);
        }
        if (m == SLA_RESOLUTION)
            csv_row(out, g, overall, "resolution_time_median_open_included",
                    v.km.resolved + v.km.open, v.km.ok, v.km.median, 0, 0, 0);
    }
    for (int part = 0; sec->aht && part < 4; part++) {
        static const char *const parts[4] = {"talk", "hold", "acw", "aht"};
        const duration_values *d = &v.aht[part];
        for (size_t k = 0; k <= DURATION_Q; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s_%s", parts[part], k ? duration_q_name[k - 1] : "mean");
            csv_row(out, g, overall, name, d->n, d->ok, k == 0 ? d->mean : d->q[k - 1], 0, 0, 0);
        }
    }
}

static void write_csv(FILE *out, const report_config *cfg, const input_summary *in,
                      const report_groups *rg)
{
    sections sec = which_sections(cfg, in);
    fputs("level,group,metric,count,value,low,high,period\r\n", out);
    csv_group(out, cfg, &sec, rg->all, LEVEL_OVERALL);
    for (size_t i = 0; i < rg->nby; i++)
        csv_group(out, cfg, &sec, rg->by[i], LEVEL_GROUP);
    for (size_t i = 0; i < rg->nperiods; i++)
        csv_group(out, cfg, &sec, rg->periods[i], LEVEL_PERIOD);
    for (size_t i = 0; i < rg->ncells; i++)
        csv_group(out, cfg, &sec, rg->cells[i], LEVEL_GROUP_PERIOD);
    if (cfg->compare != COMPARE_NONE)
        compare_write_csv(out, cfg, &sec, rg);
}

int write_report(FILE *out, const report_config *cfg, const input_summary *in,
                 const report_groups *rg)
{
    if (cfg->format == FORMAT_JSON) {
        write_json(out, cfg, in, rg);
    } else if (cfg->format == FORMAT_CSV) {
        write_csv(out, cfg, in, rg);
    } else if (cfg->format == FORMAT_HTML) {
        return write_html(out, cfg, in, rg);
    } else {
        /* The table lists each group in each period, the groups, the periods, and the
         * overall line last. */
        size_t n = rg->ncells + rg->nby + rg->nperiods + 1, k = 0;
        tbl_row *list = malloc(n * sizeof *list);
        if (list == NULL)
            return -1;
        for (size_t i = 0; i < rg->ncells; i++, k++) {
            char by[160];
            list[k].g = rg->cells[i];
            group_label(rg->cells[i], by, sizeof by);
            snprintf(list[k].label, sizeof list[k].label, "%s @ %s", by,
                     rg->cells[i]->period[0] ? rg->cells[i]->period : "(no date)");
        }
        for (size_t i = 0; i < rg->nby; i++, k++) {
            list[k].g = rg->by[i];
            group_label(rg->by[i], list[k].label, sizeof list[k].label);
        }
        for (size_t i = 0; i < rg->nperiods; i++, k++) {
            list[k].g = rg->periods[i];
            snprintf(list[k].label, sizeof list[k].label, "%s",
                     rg->periods[i]->period[0] ? rg->periods[i]->period : "(no date)");
        }
        list[k].g = rg->all;
        snprintf(list[k].label, sizeof list[k].label, "(all)");
        write_table(out, cfg, in, list, n);
        free(list);
        if (cfg->compare != COMPARE_NONE) {
            sections sec = which_sections(cfg, in);
            compare_write_table(out, cfg, &sec, rg);
        }
    }
    return ferror(out) ? -1 : 0;
}
