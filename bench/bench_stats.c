/* The statistics added beside the KPIs: the Kaplan-Meier accumulator (add, median, bracket,
 * bytes), the share of durations within a threshold, and the comparisons. One line per
 * measurement (bench.h); `reps` repetitions. */
#include <cxkpi.h>

#include "bench.h"

#define N 1000000

static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return ((double)(*s >> 11) + 0.5) * 0x1p-53;
}

int main(int argc, char **argv)
{
    const int reps = bench_reps(argc, argv);
    static double resolved[N], open[N];
    uint64_t seed = 42;
    size_t nr = 0, no = 0;
    for (size_t i = 0; i < N; i++) {
        /* log-normal resolution times around 4 h; 30% of the tickets still open */
        double t = 14400.0 * exp(1.2 * sqrt(-2.0 * log(unif(&seed))) * cos(6.283185307179586 * unif(&seed)));
        if (unif(&seed) < 0.3)
            open[no++] = t * unif(&seed);
        else
            resolved[nr++] = t;
    }
    for (int r = 0; r < reps; r++) {
        cxkpi_survival *km = NULL;
        if (cxkpi_survival_new(&km, 0.01, 0) != CXKPI_OK)
            return 1;
        double t0 = bench_now();
        if (cxkpi_survival_add_many(km, resolved, nr) != CXKPI_OK ||
            cxkpi_survival_add_open_many(km, open, no) != CXKPI_OK)
            return 1;
        double t1 = bench_now();
        bench_row("survival: add_many, resolved and open (1e6 tickets)", (t1 - t0) / N * 1e9,
                  "ns/ticket", NULL);
        double med = 0, lo, hi, s = 0;
        const int queries = 2000;
        t0 = bench_now();
        for (int q = 0; q < queries; q++) {
            double m;
            if (cxkpi_survival_quantile(km, 0.5, 0.95, &m, &lo, &hi) != CXKPI_OK)
                return 1;
            med += m;
        }
        t1 = bench_now();
        bench_row("survival: median with its band (1e6 tickets)", (t1 - t0) / queries * 1e9, "ns",
                  NULL);
        t0 = bench_now();
        for (int q = 0; q < queries; q++) {
            if (cxkpi_survival_exact_bounds(km, 3600.0 * (1 + q % 24), &lo, &hi) != CXKPI_OK)
                return 1;
            s += lo;
        }
        t1 = bench_now();
        bench_row("survival: exact-estimate bracket at t", (t1 - t0) / queries * 1e9, "ns", NULL);
        size_t size;
        cxkpi_survival_serialized_size(km, &size);
        bench_row("survival: serialized bytes (1e6 tickets, 1 s .. 100 d)", (double)size, "bytes",
                  NULL);
        cxkpi_survival_free(km);

        cxkpi_duration *d = NULL;
        if (cxkpi_duration_new(&d, 0.01, 0) != CXKPI_OK || cxkpi_duration_add_many(d, resolved, nr))
            return 1;
        t0 = bench_now();
        for (int q = 0; q < queries; q++) {
            double pct;
            if (cxkpi_duration_percent_at_most(d, 600.0 * (1 + q % 100), &pct) != CXKPI_OK)
                return 1;
            s += pct;
        }
        t1 = bench_now();
        bench_row("duration: percent_at_most (7e5 durations)", (t1 - t0) / queries * 1e9, "ns",
                  NULL);
        t0 = bench_now();
        for (int q = 0; q < 100000; q++)
            if (cxkpi_duration_add_weighted(d, 60.0 + q % 1000, 1 + (uint64_t)(q % 7)) != CXKPI_OK)
                return 1;
        t1 = bench_now();
        bench_row("duration: add_weighted", (t1 - t0) / 100000 * 1e9, "ns/call", NULL);
        cxkpi_duration_free(d);

        t0 = bench_now();
        for (int q = 0; q < 100000; q++) {
            double dd, l, h, p;
            if (cxkpi_proportion_difference(56 + (uint64_t)(q % 10), 70, 48, 80, 0.95, &dd, &l, &h,
                                            &p) != CXKPI_OK)
                return 1;
            s += p;
        }
        t1 = bench_now();
        bench_row("compare: proportion_difference (Newcombe + z-test)", (t1 - t0) / 100000 * 1e9,
                  "ns/call", NULL);
        if (med == 0 || s == 0)
            return 1; /* keeps the results used */
    }
    return 0;
}
