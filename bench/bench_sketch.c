/* The duration accumulator (count, sum, min, max, stddev and the DDSketch-style quantile
 * sketch) through the shared library, at alpha 0.01 with durations spread log-uniformly
 * over 1 ms .. 1 year (the range the sketch's memory target is stated for): single and
 * batch insert next to a bare C loop doing libm log2() plus one counter increment, quantile
 * queries, merge, serialize, memory.
 *
 * Usage: bench_sketch [reps] */
#include <cxkpi.h>

#include "bench.h"

#define N_VALUES 10000000u
#define ALPHA 0.01
#define LO 1e-3      /* 1 ms */
#define HI 3.1536e7  /* 1 year (365 days) */

/* The limit: a hand-written DDSketch insert with libm's log2 and no bookkeeping at all. */
static void bare_sketch_loop(const double *v, size_t n, uint64_t *buckets, double inv_w, int off)
{
    for (size_t i = 0; i < n; i++)
        buckets[(int)ceil(log2(v[i]) * inv_w) + off]++;
}

static cxkpi_duration *filled(const double *v, size_t n)
{
    cxkpi_duration *d;
    bench_check(cxkpi_duration_new(&d, ALPHA, CXKPI_DURATION_DEFAULT_BUCKETS), "duration_new");
    bench_check(cxkpi_duration_add_many(d, v, n), "duration_add_many");
    return d;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    const size_t n = N_VALUES;
    double *v = bench_xmalloc(n * sizeof *v);
    const double span = log(HI / LO);
    for (size_t i = 0; i < n; i++) /* log-uniform over [LO, HI] */
        v[i] = LO * exp(span * (double)(bench_mix(i) >> 11) * 0x1p-53);

    const double inv_w = 1.0 / log2((1 + ALPHA) / (1 - ALPHA));
    const int off = (int)ceil(-log2(LO) * inv_w) + 2;
    uint64_t *buckets = calloc((size_t)off * 2 + (size_t)(log2(HI) * inv_w) + 4, sizeof *buckets);
    if (!buckets)
        return 1;

    for (int r = 0; r < reps; r++) {
        cxkpi_duration *many, *one;
        bench_check(cxkpi_duration_new(&many, ALPHA, 0), "duration_new");
        bench_check(cxkpi_duration_new(&one, ALPHA, 0), "duration_new");
        double t_bare = 0, t_many = 0, t_one = 0, t;
        for (int p = 0; p < 2; p++) {
            t = bench_now();
            bare_sketch_loop(v, n, buckets, inv_w, off);
            t_bare += bench_now() - t;
            BENCH_TIME_LOOP(t, 1, cxkpi_duration_add_many(many, v, n), "duration_add_many");
            t_many += t;
            BENCH_TIME_LOOP(t, n, cxkpi_duration_add(one, v[i]), "duration_add");
            t_one += t;
        }
        const double ev = 2.0 * (double)n;
        bench_row("duration: bare C loop, libm log2 + one bucket increment", t_bare / ev * 1e9,
                  "ns/value", "");
        bench_row("duration: add (shared library call)", t_one / ev * 1e9, "ns/value", "<=4");
        bench_row("duration: add_many (batch of 1e7)", t_many / ev * 1e9, "ns/value", "<=4");
        bench_row("duration: add_many speed / bare C loop", t_bare / t_many, "ratio", "");

        static const double qs[5] = {0.5, 0.9, 0.95, 0.99, 0.999};
        double out[5];
        BENCH_TIME_LOOP(t, 100000, cxkpi_duration_quantile(many, 0.99, &out[0]), "quantile");
        bench_row("duration: quantile(0.99)", t / 100000 * 1e9, "ns", "");
        BENCH_TIME_LOOP(t, 100000, cxkpi_duration_quantiles(many, qs, 5, out), "quantiles");
        bench_row("duration: quantiles(5 at once)", t / 100000 * 1e9, "ns", "");
        cxkpi_duration_free(one);

        /* Merge two sketches of 10^5 values each over the whole range (1,210 buckets):
         * b into 100 copies of a, 10 rounds, so that no total reaches 2^32 values (which
         * would widen its counters and measure that case instead). */
        enum { DSTS = 100, ROUNDS = 10 };
        cxkpi_duration *a = filled(v, 100000), *b = filled(v + 100000, 100000), *d[DSTS];
        for (int k = 0; k < DSTS; k++)
            bench_check(cxkpi_duration_clone(a, &d[k]), "duration_clone");
        BENCH_TIME_LOOP(t, (size_t)DSTS * ROUNDS, cxkpi_duration_merge(d[i % DSTS], b),
                        "duration_merge");
        bench_row("duration: merge of two sketches over 1 ms .. 1 year", t / (DSTS * ROUNDS) * 1e9,
                  "ns", "<=300");
        for (int k = 0; k < DSTS; k++)
            cxkpi_duration_free(d[k]);
        cxkpi_duration_free(a);
        cxkpi_duration_free(b);
        BENCH_SERDE_OPS(duration, "duration (1 ms .. 1 year)", many);
        if (r == 0) {
            size_t bytes, size;
            bench_check(cxkpi_duration_memory_usage(many, &bytes), "duration_memory");
            bench_check(cxkpi_duration_serialized_size(many, &size), "serialized_size");
            bench_row("memory: duration sketch over 1 ms .. 1 year, alpha 0.01 (memory())",
                      (double)bytes, "bytes", "<=8192");
            bench_row("memory: duration, serialized", (double)size, "bytes", "");
        }
        cxkpi_duration_free(many);
    }
    bench_sink += buckets[off];
    free(buckets);
    free(v);
    return 0;
}
