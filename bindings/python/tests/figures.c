/* figures: prints the C library's figures for a dataset, so that the Python binding's tests
 * can check that Python reports exactly what C computes on the same data.
 *
 *   figures csat MIN MAX SATISFIED_MIN < scores
 *   figures nps < scores
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
    check(cxkpi_csat_interval(c, 0.95, &l, &h), "interval"); put_f64("lo95", l); put_f64("hi95", h);
    check(cxkpi_csat_interval(c, 0.99, &l, &h), "interval"); put_f64("lo99", l); put_f64("hi99", h);
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

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "csat") == 0)
        run_csat(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    else if (argc == 2 && strcmp(argv[1], "nps") == 0)
        run_nps();
    else {
        fprintf(stderr, "usage: figures csat MIN MAX SATISFIED_MIN | figures nps  (scores on stdin)\n");
        return 2;
    }
    return 0;
}
