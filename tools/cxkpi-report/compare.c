/* compare.c — --compare previous and --compare-to GROUP: the difference of each KPI between
 * two groups (or a period and the one before it), its interval and two-sided p-value, from
 * the library's comparisons (cxkpi/compare.h). */
#include "report.h"
#include "svg.h"

#include <stdlib.h>
#include <string.h>

/* One pair of groups: `a` compared with `b` (a - b). */
typedef struct cmp_pair {
    const group *a, *b;
    char label[420];
} cmp_pair;

/* The KPIs compared: percentages (CSAT, FCR, SLA compliance) and NPS. */
enum { CMP_CSAT, CMP_NPS, CMP_FCR, CMP_SLA_FIRST, CMP_SLA_RES, CMP_COUNT };
static const char *const cmp_name[CMP_COUNT] = {"csat", "nps", "fcr", "sla_first_reply",
                                                "sla_resolution"};
static const char *const cmp_title[CMP_COUNT] = {"CSAT %", "NPS", "FCR %", "SLA first reply %",
                                                 "SLA resolution %"};

typedef struct cmp_result {
    int ok; /* both sides have answers */
    double a, b, diff, lo, hi, p;
} cmp_result;

static int cmp_shown(const sections *sec, int k)
{
    switch (k) {
    case CMP_CSAT: return sec->csat;
    case CMP_NPS: return sec->nps;
    case CMP_FCR: return sec->fcr;
    case CMP_SLA_FIRST: return sec->sla[SLA_FIRST_REPLY];
    default: return sec->sla[SLA_RESOLUTION];
    }
}

static void cmp_ratio(const ratio *ra, const ratio *rb, double confidence, cmp_result *r)
{
    r->ok = ra->ok && rb->ok &&
            cxkpi_proportion_difference(ra->successes, ra->trials, rb->successes, rb->trials,
                                        confidence, &r->diff, &r->lo, &r->hi, &r->p) == CXKPI_OK;
    r->a = ra->percent;
    r->b = rb->percent;
}

/* The comparison of KPI k between the pair's groups. SLA compliance compares the counts
 * (met of met + breached), whatever the targets behind them (per priority). */
static void cmp_compute(const report_config *cfg, const cmp_pair *pair, int k, cmp_result *r)
{
    values va, vb;
    memset(r, 0, sizeof *r);
    compute_values(cfg, pair->a, &va);
    compute_values(cfg, pair->b, &vb);
    switch (k) {
    case CMP_CSAT:
        cmp_ratio(&va.csat, &vb.csat, cfg->confidence, r);
        break;
    case CMP_FCR:
        cmp_ratio(&va.fcr, &vb.fcr, cfg->confidence, r);
        break;
    case CMP_SLA_FIRST:
    case CMP_SLA_RES:
        cmp_ratio(&va.sla[k - CMP_SLA_FIRST].compliance, &vb.sla[k - CMP_SLA_FIRST].compliance,
                  cfg->confidence, r);
        break;
    default: {
        double se;
        r->ok = va.nps.ok && vb.nps.ok &&
                cxkpi_nps_difference(pair->a->nps, pair->b->nps, cfg->confidence, &r->diff, &se,
                                     &r->lo, &r->hi, &r->p) == CXKPI_OK;
        r->a = va.nps.score;
        r->b = vb.nps.score;
    }
    }
}

static int cmp_significant(const report_config *cfg, const cmp_result *r)
{
    return r->ok && r->p < 1.0 - cfg->confidence;
}

/* "alice" or "alice @ 2026-03" */
static void cmp_label(const group *g, int with_period, char *buf, size_t cap)
{
    char by[160];
    group_label(g, by, sizeof by);
    if (with_period && g->key_len)
        snprintf(buf, cap, "%s @ %s", by, g->period[0] ? g->period : "(no date)");
    else if (with_period)
        snprintf(buf, cap, "%s", g->period[0] ? g->period : "(no date)");
    else
        snprintf(buf, cap, "%s", by);
}

/* The pairs of the report, in the order they are listed; NULL with *n = 0 when there are
 * none (or memory runs out, which the caller cannot tell from "none": it is rare enough). */
static cmp_pair *cmp_pairs(const report_config *cfg, const report_groups *rg, size_t *n)
{
    size_t cap = rg->nperiods + rg->ncells + rg->nby, k = 0;
    *n = 0;
    cmp_pair *p = cap ? malloc(cap * sizeof *p) : NULL;
    if (p == NULL)
        return NULL;
    char la[200], lb[200];
    if (cfg->compare == COMPARE_PREVIOUS) {
        /* each period against the one before it that has data, overall then per group
         * (the cells are sorted by group, then period) */
        for (size_t i = 1; i < rg->nperiods; i++, k++) {
            p[k].a = rg->periods[i];
            p[k].b = rg->periods[i - 1];
        }
        for (size_t i = 1; i < rg->ncells; i++) {
            const group *a = rg->cells[i], *b = rg->cells[i - 1];
            if (a->key_len != b->key_len || memcmp(a->key, b->key, a->key_len) != 0)
                continue;
            p[k].a = a;
            p[k++].b = b;
        }
        for (size_t i = 0; i < k; i++) {
            cmp_label(p[i].a, 1, la, sizeof la);
            cmp_label(p[i].b, 1, lb, sizeof lb);
            snprintf(p[i].label, sizeof p[i].label, "%s vs %s", la, lb);
        }
    } else if (cfg->compare == COMPARE_TO) {
        const group *ref = NULL;
        for (size_t i = 0; i < rg->nby && !ref; i++) {
            cmp_label(rg->by[i], 0, la, sizeof la);
            if (strcmp(la, cfg->compare_to) == 0)
                ref = rg->by[i];
        }
        for (size_t i = 0; ref && i < rg->nby; i++) {
            if (rg->by[i] == ref)
                continue;
            p[k].a = rg->by[i];
            p[k].b = ref;
            cmp_label(rg->by[i], 0, la, sizeof la);
            snprintf(p[k].label, sizeof p[k].label, "%s vs %s", la, cfg->compare_to);
            k++;
        }
    }
    *n = k;
    return p;
}

int compare_reference_found(const report_config *cfg, const report_groups *rg)
{
    char la[200];
    for (size_t i = 0; i < rg->nby; i++) {
        cmp_label(rg->by[i], 0, la, sizeof la);
        if (strcmp(la, cfg->compare_to) == 0)
            return 1;
    }
    return 0;
}

int compare_write_table(FILE *out, const report_config *cfg, const sections *sec,
                        const report_groups *rg)
{
    size_t n;
    cmp_pair *p = cmp_pairs(cfg, rg, &n);
    fprintf(out, "\nComparisons: difference a - b with its %g%% interval (NPS: Wald; percentages: "
                 "Newcombe's score interval) and two-sided p-value; \"yes\" when p < %g\n",
            cfg->confidence * 100.0, 1.0 - cfg->confidence);
    fprintf(out, "%-40s %-17s %8s %8s %8s  %17s %8s %s\n", "a vs b", "metric", "a", "b", "diff",
            "interval", "p", "significant");
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < CMP_COUNT; k++) {
            if (!cmp_shown(sec, k))
                continue;
            cmp_result r;
            cmp_compute(cfg, &p[i], k, &r);
            fprintf(out, "%-40.40s %-17s ", p[i].label, cmp_title[k]);
            if (!r.ok) {
                fprintf(out, "%8s %8s %8s  %17s %8s %s\n", "-", "-", "-", "", "-", "-");
                continue;
            }
            char p_text[16];
            if (r.p < 0.0001)
                snprintf(p_text, sizeof p_text, "<0.0001");
            else
                snprintf(p_text, sizeof p_text, "%.4f", r.p);
            fprintf(out, "%8.1f %8.1f %+8.1f  [%6.1f, %6.1f] %8s %s\n", r.a, r.b, r.diff, r.lo,
                    r.hi, p_text, cmp_significant(cfg, &r) ? "yes" : "no");
        }
    }
    if (n == 0)
        fputs("(nothing to compare: no earlier period, or no other group)\n", out);
    free(p);
    return 0;
}

int compare_write_json(FILE *out, const report_config *cfg, const sections *sec,
                       const report_groups *rg)
{
    size_t n;
    cmp_pair *p = cmp_pairs(cfg, rg, &n);
    fputs(",\n  \"comparisons\": [", out);
    for (size_t i = 0; i < n; i++) {
        char l[200];
        fputs(i ? ",\n    {\"a\": " : "\n    {\"a\": ", out);
        cmp_label(p[i].a, cfg->compare == COMPARE_PREVIOUS, l, sizeof l);
        json_write_string(out, l, strlen(l));
        fputs(", \"b\": ", out);
        cmp_label(p[i].b, cfg->compare == COMPARE_PREVIOUS, l, sizeof l);
        json_write_string(out, l, strlen(l));
        for (int k = 0; k < CMP_COUNT; k++) {
            if (!cmp_shown(sec, k))
                continue;
            cmp_result r;
            cmp_compute(cfg, &p[i], k, &r);
            fprintf(out, ", \"%s\": ", cmp_name[k]);
            if (!r.ok) {
                fputs("null", out);
                continue;
            }
            fputs("{\"difference\": ", out);
            json_write_number(out, r.diff);
            fputs(", \"interval\": [", out);
            json_write_number(out, r.lo);
            fputs(", ", out);
            json_write_number(out, r.hi);
            fputs("], \"p_value\": ", out);
            json_write_number(out, r.p);
            fprintf(out, ", \"significant\": %s}", cmp_significant(cfg, &r) ? "true" : "false");
        }
        fputs("}", out);
    }
    fputs(n ? "\n  ]" : "]", out);
    free(p);
    return 0;
}

/* The answers behind a KPI on one side (responses, issues, or met + breached). */
static uint64_t cmp_count(const values *v, int k)
{
    switch (k) {
    case CMP_CSAT: return v->csat.trials;
    case CMP_NPS: return v->nps.n;
    case CMP_FCR: return v->fcr.trials;
    default: return v->sla[k - CMP_SLA_FIRST].compliance.trials;
    }
}

int compare_write_csv(FILE *out, const report_config *cfg, const sections *sec,
                      const report_groups *rg)
{
    size_t n;
    cmp_pair *p = cmp_pairs(cfg, rg, &n);
    for (size_t i = 0; i < n; i++) {
        values va, vb;
        compute_values(cfg, p[i].a, &va);
        compute_values(cfg, p[i].b, &vb);
        for (int k = 0; k < CMP_COUNT; k++) {
            if (!cmp_shown(sec, k))
                continue;
            cmp_result r;
            cmp_compute(cfg, &p[i], k, &r);
            const unsigned long long count = (unsigned long long)(cmp_count(&va, k) + cmp_count(&vb, k));
            for (int row = 0; row < 2; row++) {
                fputs("comparison,", out);
                csv_write_field(out, p[i].label, strlen(p[i].label));
                fprintf(out, ",%s_%s,%llu,", cmp_name[k], row ? "p_value" : "difference", count);
                if (r.ok && row == 0)
                    fprintf(out, "%.10g,%.10g,%.10g,\r\n", r.diff, r.lo, r.hi);
                else if (r.ok)
                    fprintf(out, "%.10g,,,\r\n", r.p);
                else
                    fputs(",,,\r\n", out);
            }
        }
    }
    free(p);
    return 0;
}

int compare_write_html(FILE *out, const report_config *cfg, const sections *sec,
                       const report_groups *rg)
{
    size_t n;
    cmp_pair *p = cmp_pairs(cfg, rg, &n);
    fprintf(out, "<section id=\"comparisons\"><h2>Comparisons</h2>\n<p>Difference a &minus; b "
                 "with its %g%% interval (NPS: Wald; percentages: Newcombe&rsquo;s score "
                 "interval) and two-sided p-value; significant when p &lt; %g.</p>\n"
                 "<table data-figure=\"comparisons\"><thead><tr><th>a vs b</th><th>metric</th>"
                 "<th>a</th><th>b</th><th>difference</th><th>interval</th><th>p</th>"
                 "<th>significant</th></tr></thead><tbody>\n",
            cfg->confidence * 100.0, 1.0 - cfg->confidence);
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < CMP_COUNT; k++) {
            if (!cmp_shown(sec, k))
                continue;
            cmp_result r;
            cmp_compute(cfg, &p[i], k, &r);
            fputs("<tr><td>", out);
            svg_text(out, p[i].label, strlen(p[i].label));
            fprintf(out, "</td><td>%s</td>", cmp_title[k]);
            if (!r.ok)
                fputs("<td>&ndash;</td><td>&ndash;</td><td>&ndash;</td><td>&ndash;</td>"
                      "<td>&ndash;</td><td>&ndash;</td></tr>\n", out);
            else
                fprintf(out, "<td>%.1f</td><td>%.1f</td><td>%+.1f</td><td>%.1f&ndash;%.1f</td>"
                             "<td>%.4g</td><td>%s</td></tr>\n",
                        r.a, r.b, r.diff, r.lo, r.hi, r.p,
                        cmp_significant(cfg, &r) ? "yes" : "no");
        }
    }
    fputs("</tbody></table></section>\n", out);
    free(p);
    return 0;
}
