/* CSAT and NPS through the shared library: single add, batch add, merge, serialize,
 * memory; the practical limits (a plain read of the array, a bare C histogram loop, a bare
 * non-inlined C call) measured in the same repetition on the same data; and how the cost
 * grows with the number of events and of groups.
 *
 * Usage: bench_core [reps]            all figures, `reps` times each (default 5)
 *        bench_core --once batch N 1  one timing of one add_many_u8 call over N NPS answers
 *        bench_core --once groups N G one timing of N NPS answers added one by one to the
 *                                     accumulators of G groups
 *     (--once prints events/s; bench_py.py calls it between its own timings of the same
 *     repetition, on the same data) */
#include <cxkpi.h>

#include "bench.h"
#include "bench_bare.h"

#define N_EVENTS 10000000u
/* Figures compared with each other are timed in alternation, slice by slice (a batch
 * figure: PASSES passes over the whole array; a single-add figure: SLICES slices of the
 * array), and summed, so that a disturbance from another process hits all of them. */
#define PASSES 4
#define SLICES 20

/* ---- batch add and its limits -------------------------------------------------------- */

static double time_read(const uint8_t *a, size_t n)
{
    double t = bench_now();
    bench_sink += bare_read(a, n);
    return bench_now() - t;
}

static double time_bare_loop(const uint8_t *a, size_t n)
{
    uint64_t h[256] = {0};
    double t = bench_now();
    bare_hist_loop(a, n, h);
    t = bench_now() - t;
    bench_sink += h[a[0]];
    return t;
}

static void memory_rows(void)
{
    BENCH_MEMORY(nps, "memory: NPS accumulator (heap, incl. malloc overhead)",
                 cxkpi_nps_new(&accs_[i_]));
    BENCH_MEMORY(csat, "memory: CSAT 1-5 accumulator (heap, incl. malloc overhead)",
                 cxkpi_csat_new(&accs_[i_], 1, 5, 4));
    cxkpi_nps *nps;
    cxkpi_csat *csat;
    size_t size;
    bench_check(cxkpi_nps_new(&nps), "cxkpi_nps_new");
    bench_check(cxkpi_csat_new(&csat, 1, 5, 4), "cxkpi_csat_new");
    bench_check(cxkpi_nps_serialized_size(nps, &size), "size");
    bench_row("memory: NPS serialized", (double)size, "bytes", "");
    bench_check(cxkpi_csat_serialized_size(csat, &size), "size");
    bench_row("memory: CSAT 1-5 serialized", (double)size, "bytes", "");
    cxkpi_nps_free(nps);
    cxkpi_csat_free(csat);
}

/* ---- growth -------------------------------------------------------------------------- */

/* ns/event of add_many_u8 for batches of n events (n = 10^3 .. 10^8), timed over enough
 * batches to cover at least 2*10^7 events. */
static void growth_rows(const uint8_t *big, size_t big_n)
{
    static const char *const names[] = {
        "growth: NPS add_many_u8, batches of 1e3", "growth: NPS add_many_u8, batches of 1e4",
        "growth: NPS add_many_u8, batches of 1e5", "growth: NPS add_many_u8, batches of 1e6",
        "growth: NPS add_many_u8, batches of 1e7", "growth: NPS add_many_u8, batches of 1e8"};
    size_t n = 1000;
    for (int k = 0; k < 6 && n <= big_n; k++, n *= 10) {
        cxkpi_nps *acc;
        bench_check(cxkpi_nps_new(&acc), "cxkpi_nps_new");
        size_t batches = n >= 20000000u ? 1 : 20000000u / n;
        double t;
        BENCH_TIME_LOOP(t, batches, cxkpi_nps_add_many_u8(acc, big + (i * n) % (big_n - n + 1), n),
                        "cxkpi_nps_add_many_u8");
        bench_row(names[k], t / (double)(batches * n) * 1e9, "ns/event", "");
        cxkpi_nps_free(acc);
    }
}

/* One timing of n events, each added to the NPS accumulator of its group. */
static double time_groups(const bench_data *d, uint32_t groups)
{
    cxkpi_nps **accs = bench_xmalloc(groups * sizeof *accs);
    for (uint32_t g = 0; g < groups; g++)
        bench_check(cxkpi_nps_new(&accs[g]), "cxkpi_nps_new");
    double t;
    BENCH_TIME_LOOP(t, d->n, cxkpi_nps_add(accs[d->group[i]], d->nps[i]), "cxkpi_nps_add");
    for (uint32_t g = 0; g < groups; g++)
        cxkpi_nps_free(accs[g]);
    free(accs);
    return t;
}

static void groups_rows(size_t n)
{
    static const char *const names[] = {
        "groups: NPS add by group, 1 group", "groups: NPS add by group, 10 groups",
        "groups: NPS add by group, 100 groups", "groups: NPS add by group, 1e3 groups",
        "groups: NPS add by group, 1e4 groups", "groups: NPS add by group, 1e5 groups"};
    uint32_t groups = 1;
    for (int k = 0; k < 6; k++, groups *= 10) {
        bench_data d = bench_make(n, groups);
        bench_row(names[k], time_groups(&d, groups) / (double)n * 1e9, "ns/event", "");
        bench_free(&d);
    }
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "--once") == 0) {
        size_t n = (size_t)strtoull(argv[3], NULL, 10);
        uint32_t groups = (uint32_t)strtoul(argv[4], NULL, 10);
        groups = groups ? groups : 1;
        bench_data d = bench_make(n, groups);
        double t = 0, best = 0;
        for (int r = 0; r < 3; r++) { /* the best of 3: a cold first run is not the speed */
            if (strcmp(argv[2], "groups") == 0) {
                t = time_groups(&d, groups);
            } else {
                cxkpi_nps *acc;
                bench_check(cxkpi_nps_new(&acc), "cxkpi_nps_new");
                BENCH_TIME_LOOP(t, 1, cxkpi_nps_add_many_u8(acc, d.nps, n), "nps_add_many_u8");
                cxkpi_nps_free(acc);
            }
            best = r == 0 || t < best ? t : best;
        }
        t = best;
        printf("%.6g\n", (double)n / t);
        bench_free(&d);
        return 0;
    }
    int reps = bench_reps(argc, argv);
    const size_t n = N_EVENTS;
    bench_data d = bench_make(n, 0);
    int32_t *nps32 = bench_xmalloc(n * sizeof *nps32);
    for (size_t i = 0; i < n; i++)
        nps32[i] = d.nps[i];
    const double ev = (double)n * PASSES;

    for (int r = 0; r < reps; r++) {
        cxkpi_nps *nps;
        cxkpi_csat *csat;
        bench_check(cxkpi_nps_new(&nps), "cxkpi_nps_new");
        bench_check(cxkpi_csat_new(&csat, 1, 5, 4), "cxkpi_csat_new");

        /* Batch paths next to their limits, same data, back to back. */
        double t_read = 0, t_bare = 0, t_nps = 0, t_bare_c = 0, t_csat = 0, t_nps32 = 0, t;
        for (int p = 0; p < PASSES; p++) {
            t_read += time_read(d.nps, n);
            t_bare += time_bare_loop(d.nps, n);
            BENCH_TIME_LOOP(t, 1, cxkpi_nps_add_many_u8(nps, d.nps, n), "nps_add_many_u8");
            t_nps += t;
            t_bare_c += time_bare_loop(d.csat, n);
            BENCH_TIME_LOOP(t, 1, cxkpi_csat_add_many_u8(csat, d.csat, n), "csat_add_many_u8");
            t_csat += t;
            BENCH_TIME_LOOP(t, 1, cxkpi_nps_add_many(nps, nps32, n), "nps_add_many");
            t_nps32 += t;
        }
        bench_row("limit: plain read of the uint8 array (bandwidth)", ev / t_read, "events/s", "");
        bench_row("limit: bare C h[s]++ loop, NPS data", ev / t_bare, "events/s", "");
        bench_row("limit: bare C h[s]++ loop, CSAT data", ev / t_bare_c, "events/s", "");
        bench_row("nps: add_many_u8 (batch)", ev / t_nps, "events/s", "");
        bench_row("nps: add_many_u8 / bare C loop", t_bare / t_nps, "ratio", ">=0.8");
        bench_row("nps: add_many_u8 / plain read", t_read / t_nps, "ratio", "");
        bench_row("nps: add_many int32 (batch)", ev / t_nps32, "events/s", "");
        bench_row("csat: add_many_u8 (batch)", ev / t_csat, "events/s", "");
        bench_row("csat: add_many_u8 / bare C loop", t_bare_c / t_csat, "ratio", ">=0.8");
        bench_row("csat: add_many_u8 / plain read", t_read / t_csat, "ratio", "");

        /* Single add through the shared library next to a bare non-inlined call. */
        bare_hist bare = {0};
        double t_call = 0, t_call_so = 0, t_call_c = 0, t_call_so_c = 0, t_nps1 = 0, t_csat1 = 0;
        for (size_t from = 0; from < n; from += n / SLICES) {
            const uint8_t *ns = d.nps + from, *cs = d.csat + from;
            BENCH_TIME_LOOP(t, n / SLICES, bare_add(&bare, ns[i]), "bare_add");
            t_call += t;
            BENCH_TIME_LOOP(t, n / SLICES, bare_add_shared(&bare, ns[i]), "bare_add_shared");
            t_call_so += t;
            BENCH_TIME_LOOP(t, n / SLICES, cxkpi_nps_add(nps, ns[i]), "cxkpi_nps_add");
            t_nps1 += t;
            BENCH_TIME_LOOP(t, n / SLICES, bare_add(&bare, cs[i]), "bare_add");
            t_call_c += t; /* CSAT answers 1..5 are valid NPS answers: the same checks */
            BENCH_TIME_LOOP(t, n / SLICES, bare_add_shared(&bare, cs[i]), "bare_add_shared");
            t_call_so_c += t;
            BENCH_TIME_LOOP(t, n / SLICES, cxkpi_csat_add(csat, cs[i]), "cxkpi_csat_add");
            t_csat1 += t;
        }
        bench_sink += bare.total;
        bench_row("limit: bare non-inlined C call, same executable (same checks)",
                  t_call / (double)n * 1e9, "ns/event", "");
        bench_row("limit: the same bare function called in a shared library",
                  t_call_so / (double)n * 1e9, "ns/event", "");
        bench_row("nps: add (shared library call)", t_nps1 / (double)n * 1e9, "ns/event", "");
        bench_row("nps: add speed / bare call in the same executable", t_call / t_nps1, "ratio",
                  ">=0.9");
        bench_row("nps: add speed / bare call in a shared library", t_call_so / t_nps1, "ratio",
                  ">=0.9");
        bench_row("csat: add (shared library call)", t_csat1 / (double)n * 1e9, "ns/event", "");
        bench_row("csat: add speed / bare call in the same executable (CSAT data)",
                  t_call_c / t_csat1, "ratio", ">=0.9");
        bench_row("csat: add speed / bare call in a shared library (CSAT data)",
                  t_call_so_c / t_csat1, "ratio", ">=0.9");

        BENCH_STATE_OPS(nps, "nps", nps);
        BENCH_STATE_OPS(csat, "csat", csat);
        cxkpi_nps_free(nps);
        cxkpi_csat_free(csat);
        if (r == 0)
            memory_rows();
    }
    bench_free(&d);
    free(nps32);

    /* Growth: one timing per size per repetition. */
    bench_data big = bench_make(100000000u, 0);
    for (int r = 0; r < reps; r++)
        growth_rows(big.nps, big.n);
    bench_free(&big);
    for (int r = 0; r < reps; r++)
        groups_rows(n);
    return 0;
}
