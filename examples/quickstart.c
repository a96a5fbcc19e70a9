/* quickstart: CSAT and NPS from scores given on the command line or on stdin.
 *
 *   quickstart 5 4 4 3 5        # scores as arguments
 *   echo "9 10 7 3" | quickstart  # or whitespace-separated on stdin
 *
 * Every score feeds a CSAT accumulator on a 1-10 scale (satisfied from 8) when it fits that
 * scale, and an NPS accumulator (0-10) — the two most common survey questions. */
#include <cxkpi.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Reports a failed call and exits: examples keep error handling visible but short. */
static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "quickstart: %s: %s\n", what, cxkpi_status_str(st));
        exit(1);
    }
}

static void count_score(cxkpi_csat *csat, cxkpi_nps *nps, const char *text)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < 0 || v > 10) {
        fprintf(stderr, "quickstart: ignoring '%s' (scores are integers 0-10)\n", text);
        return;
    }
    check(cxkpi_nps_add(nps, (int32_t)v), "nps add");
    if (v >= 1) /* the CSAT scale here is 1-10; a 0 only counts for NPS */
        check(cxkpi_csat_add(csat, (int32_t)v), "csat add");
}

int main(int argc, char **argv)
{
    cxkpi_csat *csat;
    cxkpi_nps *nps;
    check(cxkpi_csat_new(&csat, 1, 10, 8), "csat new");
    check(cxkpi_nps_new(&nps), "nps new");

    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            count_score(csat, nps, argv[i]);
    } else {
        char word[64];
        while (scanf("%63s", word) == 1)
            count_score(csat, nps, word);
    }

    uint64_t n;
    double pct, mean, lo, hi;
    check(cxkpi_csat_count(csat, &n), "csat count");
    if (n > 0) {
        check(cxkpi_csat_percent(csat, &pct), "csat percent");
        check(cxkpi_csat_mean(csat, &mean), "csat mean");
        check(cxkpi_csat_percent_interval(csat, 0.95, &lo, &hi), "csat interval");
        printf("CSAT (1-10, satisfied >= 8): %.1f%%  95%% CI [%.1f%%, %.1f%%]  mean %.2f  n=%llu\n",
               pct, lo, hi, mean, (unsigned long long)n);
    } else {
        printf("CSAT: no responses\n");
    }

    check(cxkpi_nps_count(nps, &n), "nps count");
    if (n > 0) {
        uint64_t pro, pas, det;
        double score, moe;
        check(cxkpi_nps_score(nps, &score), "nps score");
        check(cxkpi_nps_margin(nps, 0.95, &moe), "nps margin");
        check(cxkpi_nps_groups(nps, &pro, &pas, &det), "nps groups");
        printf("NPS: %+.1f  95%% margin +/- %.1f  (promoters %llu, passives %llu, detractors %llu)\n",
               score, moe, (unsigned long long)pro, (unsigned long long)pas,
               (unsigned long long)det);
    } else {
        printf("NPS: no responses\n");
    }

    cxkpi_csat_free(csat);
    cxkpi_nps_free(nps);
    return 0;
}
