/* Duration accumulator benchmark (not a test: built by meson, run by hand).
 *
 *   bench_duration [N]     N values for the throughput runs (default 10^7),
 *                          and 10 N for the standard-deviation run (default 10^8)
 *
 * Prints:
 *  1. the cost of the bucket index: the exponent-table-series log2 the library uses against
 *     libm's log2() and log(), per value, and how often they disagree on the bucket;
 *  2. the cost of cxkpi_duration_add() and cxkpi_duration_add_many() per value;
 *  3. the memory of one accumulator at alpha 0.01 for durations spread over 1 s .. 30 days
 *     (grown on demand, and preallocated with cxkpi_duration_reserve()), and at other alphas;
 *  4. the standard deviation of 10 N values around 1e6 s (sd ~0.29 s) from Welford's update,
 *     from ten shards merged with Chan's formula, and from the textbook sum of squares,
 *     against a two-pass reference in long double (the values are regenerated from the
 *     seed for each pass instead of being stored). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cxkpi.h"
#include "store/sketch.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng(uint64_t *state) /* splitmix64 */
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(uint64_t *state)
{
    return ((double)(rng(state) >> 11) + 0.5) * 0x1p-53;
}

static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "%s: %s\n", what, cxkpi_status_str(st));
        exit(1);
    }
}

static void bench_index(const double *v, size_t n)
{
    cxkpi__sketch s;
    cxkpi__sketch_init(&s, 0.01, 2048);
    const double inv_ln_gamma = 1.0 / log(1.01 / 0.99);
    int64_t sum_fast = 0, sum_log2 = 0, sum_log = 0;
    size_t differ = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        sum_fast += cxkpi__sketch_index(&s, v[i]);
    double t1 = now();
    for (size_t i = 0; i < n; i++)
        sum_log2 += cxkpi__sketch_index_libm(&s, v[i]);
    double t2 = now();
    for (size_t i = 0; i < n; i++)
        sum_log += (int64_t)ceil(log(v[i]) * inv_ln_gamma);
    double t3 = now();
    for (size_t i = 0; i < n; i++)
        differ += cxkpi__sketch_index(&s, v[i]) != cxkpi__sketch_index_libm(&s, v[i]);
    printf("1. bucket index, %zu values log-uniform over 1 s .. 1e6 s (alpha 0.01):\n", n);
    printf("   exponent + table + series (used) %6.2f ns/value\n", 1e9 * (t1 - t0) / (double)n);
    printf("   libm log2()                      %6.2f ns/value\n", 1e9 * (t2 - t1) / (double)n);
    printf("   libm log()                       %6.2f ns/value\n", 1e9 * (t3 - t2) / (double)n);
    printf("   buckets differing (fast vs log2): %zu of %zu (values within 1e-8 of a boundary)\n",
           differ, n);
    printf("   (checksums %lld %lld %lld)\n", (long long)sum_fast, (long long)sum_log2,
           (long long)sum_log);
}

static void bench_add(const double *v, size_t n)
{
    cxkpi_duration *a = NULL, *b = NULL;
    check(cxkpi_duration_new(&a, 0.01, 0), "new");
    check(cxkpi_duration_new(&b, 0.01, 0), "new");
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        check(cxkpi_duration_add(a, v[i]), "add");
    double t1 = now();
    check(cxkpi_duration_add_many(b, v, n), "add_many");
    double t2 = now();
    double p50, p99;
    check(cxkpi_duration_quantile(a, 0.5, &p50), "quantile");
    check(cxkpi_duration_quantile(a, 0.99, &p99), "quantile");
    double t3 = now();
    for (int i = 0; i < 1000; i++)
        check(cxkpi_duration_quantile(a, i / 1000.0, &p50), "quantile");
    double t4 = now();
    printf("2. cxkpi_duration_add       %6.2f ns/value\n", 1e9 * (t1 - t0) / (double)n);
    printf("   cxkpi_duration_add_many  %6.2f ns/value\n", 1e9 * (t2 - t1) / (double)n);
    printf("   cxkpi_duration_quantile  %6.2f us/call (walks the buckets)\n",
           1e6 * (t4 - t3) / 1000.0);
    cxkpi_duration_free(a);
    cxkpi_duration_free(b);
}

static void memory_for(double alpha, double lo, double hi, const char *label)
{
    cxkpi_duration *grown = NULL, *reserved = NULL;
    check(cxkpi_duration_new(&grown, alpha, 0), "new");
    check(cxkpi_duration_new(&reserved, alpha, 0), "new");
    check(cxkpi_duration_reserve(reserved, lo, hi), "reserve");
    uint64_t seed = 42;
    for (int i = 0; i < 1000000; i++) {
        double v = exp(log(lo) + unif(&seed) * (log(hi) - log(lo)));
        check(cxkpi_duration_add(grown, v), "add");
        check(cxkpi_duration_add(reserved, v), "add");
    }
    check(cxkpi_duration_add(grown, lo), "add");
    check(cxkpi_duration_add(grown, hi), "add");
    size_t mg, mr, ser, empty_mem;
    cxkpi_duration *empty = NULL;
    check(cxkpi_duration_new(&empty, alpha, 0), "new");
    check(cxkpi_duration_memory_usage(empty, &empty_mem), "memory");
    check(cxkpi_duration_memory_usage(grown, &mg), "memory");
    check(cxkpi_duration_memory_usage(reserved, &mr), "memory");
    check(cxkpi_duration_serialized_size(grown, &ser), "size");
    double a;
    uint32_t k;
    check(cxkpi_duration_config(grown, &a, &k), "config");
    printf("   alpha %-6g %-14s grown %7zu B, reserved %7zu B (%zu buckets), serialized %7zu B,"
           " max_buckets %u\n", alpha, label, mg, mr, (mr - empty_mem) / 4, ser, k); /* 32-bit counters */
    cxkpi_duration_free(grown);
    cxkpi_duration_free(reserved);
    cxkpi_duration_free(empty);
}

static double stab_value(uint64_t *seed)
{
    return 1e6 + (unif(seed) - 0.5);
}

static void bench_stddev(size_t n)
{
    const uint64_t seed0 = 2026;
    uint64_t seed = seed0;
    long double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += stab_value(&seed);
    mean /= (long double)n;
    seed = seed0;
    long double ss = 0;
    for (size_t i = 0; i < n; i++) {
        long double d = stab_value(&seed) - mean;
        ss += d * d;
    }
    double ref = (double)sqrtl(ss / (long double)n);

    cxkpi_duration *acc = NULL, *merged = NULL, *shard = NULL;
    check(cxkpi_duration_new(&acc, 0.01, 0), "new");
    check(cxkpi_duration_new(&merged, 0.01, 0), "new");
    check(cxkpi_duration_new(&shard, 0.01, 0), "new");
    double naive_s = 0, naive_ss = 0;
    seed = seed0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        double v = stab_value(&seed);
        check(cxkpi_duration_add(acc, v), "add");
        check(cxkpi_duration_add(shard, v), "add");
        naive_s += v;
        naive_ss += v * v;
        if ((i + 1) % (n / 10) == 0 || i + 1 == n) {
            check(cxkpi_duration_merge(merged, shard), "merge");
            check(cxkpi_duration_reset(shard), "reset");
        }
    }
    double t1 = now();
    double sd, sd_merged, m;
    check(cxkpi_duration_stddev(acc, &sd), "stddev");
    check(cxkpi_duration_stddev(merged, &sd_merged), "stddev");
    check(cxkpi_duration_mean(acc, &m), "mean");
    double nd = (double)n, naive_var = (naive_ss - naive_s * naive_s / nd) / nd;
    double naive = naive_var > 0 ? sqrt(naive_var) : 0.0;
    printf("4. standard deviation of %zu values 1e6 + U(-0.5, 0.5) s (%.1f s to add):\n", n,
           t1 - t0);
    printf("   two-pass reference (long double)  %.12f\n", ref);
    printf("   Welford (cxkpi_duration_stddev)   %.12f  relative error %.2e\n", sd,
           fabs(sd - ref) / ref);
    printf("   10 shards merged (Chan et al.)    %.12f  relative error %.2e\n", sd_merged,
           fabs(sd_merged - ref) / ref);
    printf("   textbook sum of squares (double)  %.12f  relative error %.2e\n", naive,
           fabs(naive - ref) / ref);
    printf("   mean %.9f (reference %.9Lf)\n", m, mean);
    cxkpi_duration_free(acc);
    cxkpi_duration_free(merged);
    cxkpi_duration_free(shard);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000;
    if (n < 10)
        n = 10;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return 1;
    uint64_t seed = 1;
    for (size_t i = 0; i < n; i++)
        v[i] = exp(unif(&seed) * log(1e6));
    bench_index(v, n);
    bench_add(v, n);
    free(v);
    printf("3. memory of one accumulator (fixed part + bucket capacity), 10^6 log-uniform values:\n");
    memory_for(0.01, 1.0, 2592000.0, "1 s..30 days");
    memory_for(0.01, 1e-3, 3.1536e7, "1 ms..1 year");
    memory_for(0.001, 1.0, 2592000.0, "1 s..30 days");
    memory_for(1e-4, 1.0, 2592000.0, "1 s..30 days");
    bench_stddev(10 * n);
    return 0;
}
