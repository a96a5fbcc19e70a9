/* html.c — the HTML report: one self-contained page (inline CSS and SVG, no script, no
 * font, nothing fetched), each chart with its numbers in a table beside it. The charts are
 * drawn by svg.c; the figures are the JSON report's (compute_values). */
#include "report.h"
#include "svg.h"
#include "timestamp.h"

#include <stdlib.h>
#include <string.h>

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1200px}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    ".meta{color:#555}.pair{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start;"
    "margin:.8em 0}figure{margin:0}figcaption{font-size:.9em;color:#555;max-width:560px}"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums}"
    "th,td{padding:.15em .6em;border-bottom:1px solid #e4e4e4;text-align:right}"
    "th:first-child,td:first-child{text-align:left}tr.total td{font-weight:bold}"
    ".chart .mark{fill:#3b6ea5}.chart .whisker{stroke:#111;stroke-width:1.2;fill:none}"
    ".chart .grid{stroke:#ddd}.chart .tick{font-size:10px;text-anchor:end;fill:#555}"
    ".chart .label{font-size:11px;text-anchor:end;fill:#222}"
    ".chart .value{font-size:11px;fill:#222}.chart .band{fill:#3b6ea5;opacity:.2}"
    ".chart .line{fill:none;stroke:#3b6ea5;stroke-width:2}"
    "@media print{body{margin:0;font-size:11px}section{break-inside:avoid}.chart .mark{fill:#555}}";

#define CHART_BARS 40
#define CHART_POINTS 120

/* A chart's categories: groups (or periods) with their labels and figures. */
typedef struct cats {
    size_t n;
    const char **label;
    values *v;
    int total; /* the last one is the overall line of the table (not charted) */
} cats;

/* The kinds of proportion. */
enum prop { P_CSAT, P_NPS, P_FCR, P_SLA_FIRST, P_SLA_RES };

static void text(FILE *out, const char *s)
{
    svg_text(out, s, strlen(s));
}

static void cell(FILE *out, int ok, const char *fmt, double v)
{
    fputs("<td>", out);
    if (ok)
        fprintf(out, fmt, v);
    else
        fputs("&ndash;", out);
    fputs("</td>", out);
}

static void ratio_cells(FILE *out, const ratio *r)
{
    fprintf(out, "<td>%llu</td><td>%llu</td>", (unsigned long long)r->trials,
            (unsigned long long)r->successes);
    if (r->ok && r->small) /* marked: a small sample */
        fprintf(out, "<td class=\"small\" title=\"small sample\">%.1f*</td>", r->percent);
    else
        cell(out, r->ok, "%.1f", r->percent);
    if (r->ok)
        fprintf(out, "<td>%.1f&ndash;%.1f</td>", r->lo, r->hi);
    else
        fputs("<td>&ndash;</td>", out);
}

static const ratio *ratio_of(const values *v, int which)
{
    switch (which) {
    case P_CSAT: return &v->csat;
    case P_FCR: return &v->fcr;
    case P_SLA_FIRST: return &v->sla[SLA_FIRST_REPLY].compliance;
    case P_SLA_RES: return &v->sla[SLA_RESOLUTION].compliance;
    default: return NULL;
    }
}

static void item_of(const values *v, int which, const char *label, svg_item *it)
{
    const ratio *r = ratio_of(v, which);
    memset(it, 0, sizeof *it);
    it->label = label;
    if (r) {
        it->ok = it->has_interval = r->ok;
        it->value = r->percent;
        it->lo = r->lo;
        it->hi = r->hi;
    } else {
        it->ok = it->has_interval = v->nps.ok;
        it->value = v->nps.score;
        it->lo = v->nps.lo;
        it->hi = v->nps.hi;
    }
}

static void prop_head(FILE *out, int which, const sections *sec, const char *chart,
                      const char *first)
{
    static const char *const heads[] = {
        "<th>responses</th><th>satisfied</th><th>CSAT %</th><th>interval</th><th>mean</th>",
        "<th>responses</th><th>NPS</th><th>&plusmn;</th><th>promoters %</th><th>detractors %</th>",
        "<th>issues</th><th>resolved</th><th>FCR %</th><th>interval</th>",
        "<th>judged</th><th>met</th><th>SLA %</th><th>interval</th><th>in progress</th>",
        "<th>judged</th><th>met</th><th>SLA %</th><th>interval</th><th>in progress</th>",
    };
    fprintf(out, "<table data-chart=\"%s\"><thead><tr><th>%s</th>%s", chart, first, heads[which]);
    if (which == P_FCR && sec->fcr_escalated)
        fputs("<th>escalated %</th>", out);
    if (which == P_FCR && sec->fcr_reopened)
        fputs("<th>reopened %</th>", out);
    if (which == P_FCR && sec->fcr_excluded)
        fputs("<th>net FCR %</th>", out);
    fputs("</tr></thead><tbody>\n", out);
}

static void prop_row(FILE *out, int which, const sections *sec, const values *v, const char *label,
                     int total)
{
    fputs(total ? "<tr class=\"total\"><td>" : "<tr><td>", out);
    text(out, label);
    fputs("</td>", out);
    if (which == P_NPS) {
        fprintf(out, "<td>%llu</td>", (unsigned long long)v->nps.n);
        if (v->nps.ok && v->nps.small)
            fprintf(out, "<td class=\"small\" title=\"small sample\">%+.1f*</td>", v->nps.score);
        else
            cell(out, v->nps.ok, "%+.1f", v->nps.score);
        cell(out, v->nps.ok, "%.1f", v->nps.margin);
        cell(out, v->nps.ok, "%.1f", v->nps.pro_pct);
        cell(out, v->nps.ok, "%.1f", v->nps.det_pct);
    } else {
        ratio_cells(out, ratio_of(v, which));
    }
    if (which == P_CSAT)
        cell(out, v->csat.ok, "%.2f", v->csat_mean);
    if (which == P_SLA_FIRST || which == P_SLA_RES)
        fprintf(out, "<td>%llu</td>", (unsigned long long)v->sla[which - P_SLA_FIRST].in_progress);
    if (which == P_FCR && sec->fcr_escalated)
        cell(out, v->escalation.ok, "%.1f", v->escalation.percent);
    if (which == P_FCR && sec->fcr_reopened)
        cell(out, v->reopen.ok, "%.1f", v->reopen.percent);
    if (which == P_FCR && sec->fcr_excluded)
        cell(out, v->net_fcr.ok, "%.1f", v->net_fcr.percent);
    fputs("</tr>\n", out);
}

/* A proportion's chart and table over some categories; `trend` draws a line. */
static int prop_pair(FILE *out, int which, const sections *sec, const cats *c, const char *chart,
                     const char *first, int trend, const char *caption)
{
    size_t nchart = c->total ? c->n - 1 : c->n, all = nchart;
    /* A chart stays readable: at most CHART_BARS bars (CHART_POINTS periods); the table
     * beside it lists every group. */
    if (nchart > (trend ? CHART_POINTS : CHART_BARS))
        nchart = trend ? CHART_POINTS : CHART_BARS;
    svg_item *items = malloc((nchart ? nchart : 1) * sizeof *items);
    if (items == NULL)
        return -1;
    for (size_t i = 0; i < nchart; i++)
        item_of(&c->v[i], which, c->label[i], &items[i]);
    double ymin = which == P_NPS ? -100 : 0, ymax = 100;
    const char *unit = which == P_NPS ? "" : "%";
    fputs("<div class=\"pair\"><figure>", out);
    if (trend)
        svg_trend(out, chart, items, nchart, ymin, ymax, unit);
    else
        svg_bars(out, chart, items, nchart, ymin, ymax, unit);
    fprintf(out, "<figcaption>%s", caption);
    if (nchart < all)
        fprintf(out, " The first %zu of %zu %s are drawn; the table has them all.", nchart, all,
                trend ? "periods" : "groups");
    fputs("</figcaption></figure>\n", out);
    free(items);
    prop_head(out, which, sec, chart, first);
    for (size_t i = 0; i < c->n; i++)
        prop_row(out, which, sec, &c->v[i], c->label[i], c->total && i == c->n - 1);
    fputs("</tbody></table></div>\n", out);
    return 0;
}

static void duration_row(FILE *out, const char *label, const duration_values *d, int total)
{
    char b[32];
    fputs(total ? "<tr class=\"total\"><td>" : "<tr><td>", out);
    text(out, label);
    fprintf(out, "</td><td>%llu</td>", (unsigned long long)d->n);
    format_seconds(d->ok, d->mean, b, sizeof b);
    fprintf(out, "<td>%s</td>", b);
    for (size_t k = 0; k < DURATION_Q; k++) {
        format_seconds(d->ok, d->q[k], b, sizeof b);
        fprintf(out, "<td>%s</td>", b);
    }
    fputs("</tr>\n", out);
}

/* A duration's distribution (mean and quantiles of the overall) and its table per group. */
static void duration_pair(FILE *out, const char *chart, const cats *c, const duration_values *(*get)(const values *, int),
                          int which)
{
    const duration_values *all = get(&c->v[c->n - 1], which);
    svg_item items[1 + DURATION_Q];
    memset(items, 0, sizeof items);
    items[0].label = "mean";
    items[0].ok = all->ok;
    items[0].value = all->mean;
    for (size_t k = 0; k < DURATION_Q; k++) {
        items[k + 1].label = duration_q_name[k];
        items[k + 1].ok = all->ok;
        items[k + 1].value = all->q[k];
    }
    fputs("<div class=\"pair\"><figure>", out);
    svg_durations(out, chart, items, 1 + DURATION_Q);
    fputs("<figcaption>Mean and quantiles over every ticket, in seconds: half of the tickets "
          "took at most the median, 99% at most p99.</figcaption></figure>\n", out);
    fprintf(out, "<table data-chart=\"%s\"><thead><tr><th>group</th><th>count</th><th>mean</th>",
            chart);
    for (size_t k = 0; k < DURATION_Q; k++)
        fprintf(out, "<th>%s</th>", duration_q_name[k]);
    fputs("</tr></thead><tbody>\n", out);
    for (size_t i = 0; i < c->n; i++)
        duration_row(out, c->label[i], get(&c->v[i], which), i == c->n - 1);
    fputs("</tbody></table></div>\n", out);
}

/* The median time to resolve with the open tickets included (Kaplan-Meier), per group. */
static void km_table(FILE *out, const cats *c)
{
    char b[32];
    fputs("<p>Median time to resolve with the open tickets included, each counted at its age so "
          "far (Kaplan&ndash;Meier); &ldquo;-&rdquo; while more than half could still be "
          "open.</p>\n<table data-figure=\"median-open-included\"><thead><tr><th>group</th>"
          "<th>resolved</th><th>open</th><th>median, open included</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < c->n; i++) {
        const km_values *k = &c->v[i].km;
        fputs(c->total && i == c->n - 1 ? "<tr class=\"total\"><td>" : "<tr><td>", out);
        text(out, c->label[i]);
        format_seconds(k->ok, k->median, b, sizeof b);
        fprintf(out, "</td><td>%llu</td><td>%llu</td><td>%s</td></tr>\n",
                (unsigned long long)k->resolved, (unsigned long long)k->open, b);
    }
    fputs("</tbody></table>\n", out);
}

static const duration_values *clock_of(const values *v, int m)
{
    return &v->duration[m];
}

static const duration_values *aht_of(const values *v, int part)
{
    return &v->aht[part];
}

/* Fills categories from groups (plus the overall last when `with_all`). */
static int cats_of(const report_config *cfg, group *const *list, size_t n, const group *all,
                   int periods, cats *c, char (*labels)[200])
{
    c->n = n + (all != NULL);
    c->total = all != NULL;
    c->label = malloc((c->n ? c->n : 1) * sizeof *c->label);
    c->v = malloc((c->n ? c->n : 1) * sizeof *c->v);
    if (c->label == NULL || c->v == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (periods)
            snprintf(labels[i], sizeof labels[i], "%s", list[i]->period[0] ? list[i]->period : "(no date)");
        else
            group_label(list[i], labels[i], sizeof labels[i]);
        c->label[i] = labels[i];
        compute_values(cfg, list[i], &c->v[i]);
    }
    if (all) {
        c->label[n] = "(all)";
        compute_values(cfg, all, &c->v[n]);
    }
    return 0;
}

static void cats_free(cats *c)
{
    free(c->label);
    free(c->v);
}

int write_html(FILE *out, const report_config *cfg, const input_summary *in,
               const report_groups *rg)
{
    sections sec = report_sections(cfg, in);
    cats g, p;
    memset(&g, 0, sizeof g);
    memset(&p, 0, sizeof p);
    char (*glabels)[200] = malloc((rg->nby + 1) * sizeof *glabels);
    char (*plabels)[200] = malloc((rg->nperiods + 1) * sizeof *plabels);
    int rc = -1;
    if (glabels == NULL || plabels == NULL ||
        cats_of(cfg, rg->by, rg->nby, rg->all, 0, &g, glabels) != 0 ||
        cats_of(cfg, rg->periods, rg->nperiods, NULL, 1, &p, plabels) != 0)
        goto done;
    /* Without --by the bar charts show the overall alone. */
    cats bars = g;
    if (rg->nby == 0)
        bars.total = 0;

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
          "Customer-service KPIs: ", out);
    text(out, in->name);
    fprintf(out, "</title>\n<style>%s</style></head><body>\n<h1>Customer-service KPIs</h1>\n", css);
    fputs("<p class=\"meta\">", out);
    text(out, in->name);
    fprintf(out, ": %llu rows, %llu tickets", (unsigned long long)in->rows,
            (unsigned long long)rg->all->tickets);
    if (in->bad_rows)
        fprintf(out, ", %llu unreadable rows skipped", (unsigned long long)in->bad_rows);
    if (cfg->nby) {
        fputs(", per ", out);
        for (size_t b = 0; b < cfg->nby; b++) {
            fputs(b ? " / " : "", out);
            text(out, cfg->by[b]);
        }
    }
    fprintf(out, ". Bars and bands show %g%% intervals (Wilson score intervals; NPS: &plusmn; "
                 "margin of error). A figure marked * is a small sample: fewer than %llu "
                 "answers, or an interval wider than %g points. Written by cxkpi-report "
                 "%s.</p>\n",
            cfg->confidence * 100, (unsigned long long)cfg->min_n, cfg->max_width,
            cxkpi_version_string());
    int any_bad = 0;
    for (int m = 0; m < MET_COUNT; m++)
        any_bad |= in->bad_values[m] != 0;
    if (any_bad) {
        fputs("<section id=\"bad\"><h2>Bad values</h2><table><thead><tr><th>metric</th>"
              "<th>rows skipped</th><th>first ones</th></tr></thead><tbody>\n", out);
        for (int m = 0; m < MET_COUNT; m++) {
            if (in->bad_values[m] == 0)
                continue;
            fprintf(out, "<tr><td>%s</td><td>%llu</td><td style=\"text-align:left\">", metric_name(m),
                    (unsigned long long)in->bad_values[m]);
            for (size_t k = 0; k < BAD_EXAMPLES && k < in->bad_values[m]; k++) {
                fprintf(out, "%sline %llu: ", k ? "<br>" : "", (unsigned long long)in->bad_example[m][k].line);
                text(out, in->bad_example[m][k].msg);
            }
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody></table></section>\n", out);
    }

    static const struct {
        int which;
        const char *id, *title, *caption;
    } props[] = {
        {P_CSAT, "csat", "CSAT", "Share of satisfied answers (score at or above the threshold) with its interval."},
        {P_NPS, "nps", "NPS", "Promoters' share minus detractors' share, from -100 to 100, with its margin of error."},
        {P_FCR, "fcr", "First contact resolution", "Share of issues resolved on first contact with its interval."},
        {P_SLA_FIRST, "sla_first_reply", "SLA: first reply", "Share of judged tickets whose first reply met its target."},
        {P_SLA_RES, "sla_resolution", "SLA: resolution", "Share of judged tickets resolved within their target."},
    };
    for (size_t k = 0; k < sizeof props / sizeof props[0]; k++) {
        int w = props[k].which;
        int shown = w == P_CSAT ? sec.csat : w == P_NPS ? sec.nps : w == P_FCR ? sec.fcr
                  : sec.sla[w - P_SLA_FIRST];
        if (!shown)
            continue;
        char chart[48];
        fprintf(out, "<section id=\"%s\"><h2>%s</h2>\n", props[k].id, props[k].title);
        if (prop_pair(out, w, &sec, &bars, props[k].id, "group", 0, props[k].caption) != 0)
            goto done;
        if (p.n > 0) {
            snprintf(chart, sizeof chart, "%s-trend", props[k].id);
            if (prop_pair(out, w, &sec, &p, chart, "period", 1,
                          "The same per period, the band being the interval.") != 0)
                goto done;
        }
        fputs("</section>\n", out);
    }
    for (int m = 0; m < SLA_METRICS; m++) {
        if (!sec.duration[m])
            continue;
        char chart[48];
        snprintf(chart, sizeof chart, "%s-time", sla_metric_name(m));
        fprintf(out, "<section id=\"%s\"><h2>%s (%s)</h2>\n", chart,
                m == SLA_FIRST_REPLY ? "Time to first reply" : "Resolution time",
                cfg->calendar ? "business hours" : "wall-clock");
        duration_pair(out, chart, &g, clock_of, m);
        if (m == SLA_RESOLUTION)
            km_table(out, &g);
        fputs("</section>\n", out);
    }
    if (sec.aht) {
        static const char *const parts[4] = {"talk", "hold", "acw", "total"};
        svg_item items[4];
        const values *all = &g.v[g.n - 1];
        memset(items, 0, sizeof items);
        for (int part = 0; part < 4; part++) {
            items[part].label = parts[part];
            items[part].ok = all->aht[part].ok;
            items[part].value = all->aht[part].mean;
        }
        fputs("<section id=\"aht\"><h2>Average handling time</h2>\n<div class=\"pair\"><figure>", out);
        svg_durations(out, "aht", items, 4);
        fputs("<figcaption>Mean talk, hold and after-call work per contact, and their sum "
              "(the AHT), in seconds.</figcaption></figure>\n", out);
        fputs("<table data-chart=\"aht\"><thead><tr><th>part</th><th>contacts</th><th>mean</th>", out);
        for (size_t k = 0; k < DURATION_Q; k++)
            fprintf(out, "<th>%s</th>", duration_q_name[k]);
        fputs("</tr></thead><tbody>\n", out);
        for (int part = 0; part < 4; part++)
            duration_row(out, parts[part], &all->aht[part], part == 3);
        fputs("</tbody></table></div>\n", out);
        duration_pair(out, "aht-total", &g, aht_of, 3);
        fputs("</section>\n", out);
    }
    if (cfg->compare != COMPARE_NONE)
        compare_write_html(out, cfg, &sec, rg);
    if (in->has_now) {
        char ts[48];
        ts_format(in->now, ts, sizeof ts);
        fprintf(out, "<p class=\"meta\">Open tickets judged at %s (%s).</p>\n", ts,
                in->now_from_data ? "the latest timestamp in the input" : "--now");
    }
    fputs("</body></html>\n", out);
    rc = ferror(out) ? -1 : 0;
done:
    cats_free(&g);
    cats_free(&p);
    free(glabels);
    free(plabels);
    return rc;
}
