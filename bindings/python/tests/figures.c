/* figures: prints the C library's figures for a dataset, so that the Python binding's tests
 * can check that Python reports exactly what C computes on the same data.
 *
 *   figures csat MIN MAX SATISFIED_MIN < scores
 *   figures nps < scores
 *   figures sla TARGET_SECONDS < elapsed seconds (finished tickets; a leading '+' marks an open one)
 *   figures churn AT_START GAINED LOST
 *   figures fcr < outcome flags
 *   figures duration ALPHA < seconds
 *
 * Scores are whitespace-separated integers on stdin, fed one by one with _add. Output: one
 * "name value" line per figure, doubles with %.17g (round-trip exact). Exit 1 on any error. */
#include <cxkpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "figures: %s: %s\n", what, cxkpi_status_str(st));
        exit(1);
    }
}

static void put_u64(const char *name, uint64_t v) { printf("%s %llu\n", name, (unsigned long long)v); }
static void put_f64(const char *name, double v) { printf("%s %.17g\n", name, v); }

static void run_csat(int32_t lo, int32_t hi, int32_t sat)
{
    cxkpi_csat *c;
    check(cxkpi_csat_new(&c, lo, hi, sat), "csat_new");
    int v;
    while (scanf("%d", &v) == 1)
        check(cxkpi_csat_add(c, v), "csat_add");
    uint64_t n, s;
    double d, l, h;
    check(cxkpi_csat_count(c, &n), "count"); put_u64("count", n);
    check(cxkpi_csat_satisfied(c, &s), "satisfied"); put_u64("satisfied", s);
    check(cxkpi_csat_percent(c, &d), "percent"); put_f64("percent", d);
    check(cxkpi_csat_mean(c, &d), "mean"); put_f64("mean", d);
    check(cxkpi_csat_percent_interval(c, 0.95, &l, &h), "interval"); put_f64("lo95", l); put_f64("hi95", h);
    check(cxkpi_csat_percent_interval(c, 0.99, &l, &h), "interval"); put_f64("lo99", l); put_f64("hi99", h);
    cxkpi_csat_free(c);
}

static void run_nps(void)
{
    cxkpi_nps *a;
    check(cxkpi_nps_new(&a), "nps_new");
    int v;
    while (scanf("%d", &v) == 1)
        check(cxkpi_nps_add(a, v), "nps_add");
    uint64_t n, p, m, d;
    double x, y, z;
    check(cxkpi_nps_count(a, &n), "count"); put_u64("count", n);
    check(cxkpi_nps_groups(a, &p, &m, &d), "groups");
    put_u64("promoters", p); put_u64("passives", m); put_u64("detractors", d);
    check(cxkpi_nps_group_percents(a, &x, &y, &z), "group_percents");
    put_f64("promoters_pct", x); put_f64("passives_pct", y); put_f64("detractors_pct", z);
    check(cxkpi_nps_score(a, &x), "score"); put_f64("score", x);
    check(cxkpi_nps_stderr(a, &x), "stderr"); put_f64("stderr", x);
    check(cxkpi_nps_margin(a, 0.95, &x), "margin"); put_f64("margin95", x);
    check(cxkpi_nps_margin(a, 0.90, &x), "margin"); put_f64("margin90", x);
    cxkpi_nps_free(a);
}

static void put_lateness(const char *prefix, cxkpi_status st, uint64_t n, double total,
                         double mean, double max)
{
    char name[64];
    if (st == CXKPI_EEMPTY)
        return;
    check(st, "lateness");
    snprintf(name, sizeof name, "%s_count", prefix); put_u64(name, n);
    snprintf(name, sizeof name, "%s_total", prefix); put_f64(name, total);
    snprintf(name, sizeof name, "%s_mean", prefix); put_f64(name, mean);
    snprintf(name, sizeof name, "%s_max", prefix); put_f64(name, max);
}

static void run_sla(double target)
{
    cxkpi_sla *s;
    check(cxkpi_sla_new(&s, target), "sla_new");
    char word[64];
    while (scanf("%63s", word) == 1) {
        if (word[0] == '+')
            check(cxkpi_sla_add_open(s, strtod(word + 1, NULL)), "sla_add_open");
        else
            check(cxkpi_sla_add(s, strtod(word, NULL)), "sla_add");
    }
    uint64_t n;
    double a, b, c;
    check(cxkpi_sla_met(s, &n), "met"); put_u64("met", n);
    check(cxkpi_sla_breached(s, &n), "breached"); put_u64("breached", n);
    check(cxkpi_sla_breached_open(s, &n), "breached_open"); put_u64("breached_open", n);
    check(cxkpi_sla_in_progress(s, &n), "in_progress"); put_u64("in_progress", n);
    check(cxkpi_sla_compliance_percent(s, &a), "percent"); put_f64("percent", a);
    check(cxkpi_sla_compliance_percent_interval(s, 0.95, &a, &b), "interval"); put_f64("lo95", a); put_f64("hi95", b);
    cxkpi_status st = cxkpi_sla_lateness(s, &n, &a, &b, &c);
    put_lateness("late", st, n, a, b, c);
    st = cxkpi_sla_lateness_finished(s, &n, &a, &b, &c);
    put_lateness("late_finished", st, n, a, b, c);
    cxkpi_sla_free(s);
}

static void run_churn(uint64_t start, uint64_t gained, uint64_t lost)
{
    cxkpi_churn *c;
    check(cxkpi_churn_new(&c), "churn_new");
    check(cxkpi_churn_add_start(c, start), "add_start");
    check(cxkpi_churn_add_gained(c, gained), "add_gained");
    check(cxkpi_churn_add_lost(c, lost), "add_lost");
    uint64_t n;
    double a, b;
    check(cxkpi_churn_at_end(c, &n), "at_end"); put_u64("at_end", n);
    check(cxkpi_churn_percent(c, &a), "percent"); put_f64("percent", a);
    check(cxkpi_churn_net_growth(c, &a), "net_growth"); put_f64("net_growth", a);
    check(cxkpi_churn_percent_interval(c, 0.95, &a, &b), "interval"); put_f64("lo95", a); put_f64("hi95", b);
    cxkpi_churn_free(c);
}

static void run_fcr(void)
{
    cxkpi_fcr *f;
    check(cxkpi_fcr_new(&f), "fcr_new");
    unsigned v;
    while (scanf("%u", &v) == 1)
        check(cxkpi_fcr_add(f, v), "fcr_add");
    uint64_t n[5];
    double a, lo, hi;
    check(cxkpi_fcr_counts(f, &n[0], &n[1], &n[2], &n[3], &n[4]), "counts");
    put_u64("issues", n[0]); put_u64("resolved", n[1]); put_u64("escalated", n[2]);
    put_u64("reopened", n[3]); put_u64("excluded", n[4]);
    check(cxkpi_fcr_percent(f, &a), "percent"); put_f64("percent", a);
    check(cxkpi_fcr_net_percent(f, &a), "net"); put_f64("net_percent", a);
    check(cxkpi_fcr_escalation_percent(f, &a), "escalation"); put_f64("escalation_percent", a);
    check(cxkpi_fcr_reopen_percent(f, &a), "reopen"); put_f64("reopen_percent", a);
    check(cxkpi_fcr_percent_interval(f, 0.95, &lo, &hi), "i"); put_f64("lo95", lo); put_f64("hi95", hi);
    check(cxkpi_fcr_net_percent_interval(f, 0.95, &lo, &hi), "i"); put_f64("net_lo95", lo); put_f64("net_hi95", hi);
    cxkpi_fcr_free(f);
}

static void run_duration(double alpha)
{
    cxkpi_duration *d;
    check(cxkpi_duration_new(&d, alpha, CXKPI_DURATION_DEFAULT_BUCKETS), "duration_new");
    double v;
    while (scanf("%lf", &v) == 1)
        check(cxkpi_duration_add(d, v), "duration_add");
    uint64_t n;
    check(cxkpi_duration_count(d, &n), "count"); put_u64("count", n);
    check(cxkpi_duration_sum(d, &v), "sum"); put_f64("sum", v);
    check(cxkpi_duration_mean(d, &v), "mean"); put_f64("mean", v);
    check(cxkpi_duration_min(d, &v), "min"); put_f64("min", v);
    check(cxkpi_duration_max(d, &v), "max"); put_f64("max", v);
    check(cxkpi_duration_stddev(d, &v), "stddev"); put_f64("stddev", v);
    static const double qs[] = {0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0};
    static const char *const names[] = {"q0", "q10", "q50", "q90", "q95", "q99", "q100"};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        check(cxkpi_duration_quantile(d, qs[i], &v), "quantile");
        put_f64(names[i], v);
    }
    cxkpi_duration_free(d);
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "csat") == 0)
        run_csat(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    else if (argc == 2 && strcmp(argv[1], "nps") == 0)
        run_nps();
    else if (argc == 3 && strcmp(argv[1], "sla") == 0)
        run_sla(strtod(argv[2], NULL));
    else if (argc == 2 && strcmp(argv[1], "fcr") == 0)
        run_fcr();
    else if (argc == 3 && strcmp(argv[1], "duration") == 0)
        run_duration(strtod(argv[2], NULL));
    else if (argc == 5 && strcmp(argv[1], "churn") == 0)
        run_churn(strtoull(argv[2], NULL, 10), strtoull(argv[3], NULL, 10), strtoull(argv[4], NULL, 10));
    else {
        fprintf(stderr, "usage: figures csat MIN MAX SATISFIED_MIN | nps | sla TARGET | churn START GAINED LOST | fcr | duration ALPHA\n");
        return 2;
    }
    return 0;
}
