/* Helpers shared by the benchmark programs (not part of the library).
 *
 * Every program prints one line per measurement, tab-separated, for bench/run.py:
 *     name <TAB> value <TAB> unit <TAB> target
 * A figure is measured `reps` times (one line each); run.py prints the median and the
 * spread. A ratio is computed from two measurements taken back to back in the same
 * repetition on the same data, so machine noise largely cancels out of it. */
#ifndef CXKPI_BENCH_H
#define CXKPI_BENCH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Repetitions: argv[1] when given, else BENCH_REPS, else 5. */
static inline int bench_reps(int argc, char **argv)
{
    const char *s = argc > 1 ? argv[1] : getenv("BENCH_REPS");
    int r = s ? atoi(s) : 5;
    return r > 0 ? r : 5;
}

static inline void bench_row(const char *name, double value, const char *unit, const char *target)
{
    printf("%s\t%.10g\t%s\t%s\n", name, value, unit, target ? target : "");
    fflush(stdout);
}

/* Heap bytes in use (glibc's own accounting, including malloc's per-block overhead); 0
 * elsewhere. Memory per accumulator = the growth over many accumulators / their number. */
static inline double bench_heap_in_use(void)
{
#ifdef __GLIBC__
    return (double)mallinfo2().uordblks;
#else
    return 0.0;
#endif
}

/* The rows of an accumulator's add figures, from `events` events timed through a bare C
 * loop (t_bare), the batch add (t_many) and one add call per event (t_one). */
static inline void bench_add_rows(const char *kind, const char *bare, const char *batch,
                                  double events, double t_bare, double t_many, double t_one)
{
    char name[160];
    snprintf(name, sizeof name, "%s: bare C loop (%s)", kind, bare);
    bench_row(name, events / t_bare, "events/s", "");
    snprintf(name, sizeof name, "%s: add_many (%s)", kind, batch);
    bench_row(name, events / t_many, "events/s", "");
    snprintf(name, sizeof name, "%s: add_many / bare C loop", kind);
    bench_row(name, t_bare / t_many, "ratio", "");
    snprintf(name, sizeof name, "%s: add (shared library call)", kind);
    bench_row(name, t_one / events * 1e9, "ns/event", "");
}

/* Keeps results alive so the compiler cannot drop the work being timed. */
static volatile uint64_t bench_sink;

static inline void *bench_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "bench: out of memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

static inline void bench_check(int status, const char *what)
{
    if (status != 0) {
        fprintf(stderr, "bench: %s failed with status %d\n", what, status);
        exit(1);
    }
}

/* The data, identical in C and in bench_py.py (which computes the same formulas with
 * NumPy): event i draws z = splitmix64(i); its NPS answer is picked by the top byte of z,
 * its CSAT answer (1..5) by the next byte, both with a typical survey skew; its group is
 * (z mod 2^32) mod groups. */
static inline uint64_t bench_mix(uint64_t i)
{
    uint64_t z = (i + 1) * UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Elapsed times in seconds for SLA and duration figures: exponential with the given mean,
 * from the same splitmix64 stream (u = the top 53 bits of z, in (0, 1]). */
static inline double bench_exp_seconds(uint64_t i, double mean)
{
    double u = (double)((bench_mix(i) >> 11) + 1) * 0x1p-53;
    return -mean * log(u);
}

/* Out of 256: NPS 0..10 (48% promoters, 25% detractors) and CSAT 1..5. */
static const uint8_t bench_nps_weights[11] = {8, 4, 5, 6, 8, 14, 18, 30, 40, 52, 71};
static const uint8_t bench_csat_weights[5] = {13, 18, 38, 77, 110};

static inline void bench_table(uint8_t table[256], const uint8_t *weights, int n, int first)
{
    int b = 0;
    for (int s = 0; s < n; s++)
        for (int k = 0; k < weights[s]; k++)
            table[b++] = (uint8_t)(first + s);
}

typedef struct bench_data {
    size_t n;
    uint8_t *nps;    /* 0..10 */
    uint8_t *csat;   /* 1..5 */
    uint32_t *group; /* (z mod 2^32) mod groups, when groups > 0 */
} bench_data;

static inline bench_data bench_make(size_t n, uint32_t groups)
{
    uint8_t nps_t[256], csat_t[256];
    bench_table(nps_t, bench_nps_weights, 11, 0);
    bench_table(csat_t, bench_csat_weights, 5, 1);
    bench_data d = {n, bench_xmalloc(n), bench_xmalloc(n), NULL};
    if (groups)
        d.group = bench_xmalloc(n * sizeof *d.group);
    for (size_t i = 0; i < n; i++) {
        uint64_t z = bench_mix(i);
        d.nps[i] = nps_t[z >> 56];
        d.csat[i] = csat_t[(z >> 48) & 0xff];
        if (groups)
            d.group[i] = (uint32_t)(z & 0xffffffffu) % groups;
    }
    return d;
}

static inline void bench_free(bench_data *d)
{
    free(d->nps);
    free(d->csat);
    free(d->group);
}

/* Prints `label` with the heap bytes per accumulator: BENCH_ACCS accumulators of type
 * cxkpi_<kind> made by `make` (an expression using `accs_[i_]` as the out-parameter's
 * target), then freed. */
#define BENCH_ACCS 1000
#define BENCH_MEMORY(kind, label, make)                                                  \
    do {                                                                                 \
        static cxkpi_##kind *accs_[BENCH_ACCS];                                          \
        double before_ = bench_heap_in_use();                                            \
        for (int i_ = 0; i_ < BENCH_ACCS; i_++)                                          \
            bench_check((make), #kind " new");                                           \
        double after_ = bench_heap_in_use();                                             \
        if (after_ > 0)                                                                  \
            bench_row((label), (after_ - before_) / BENCH_ACCS, "bytes", "");            \
        for (int i_ = 0; i_ < BENCH_ACCS; i_++)                                          \
            cxkpi_##kind##_free(accs_[i_]);                                              \
    } while (0)

/* seconds = the time of `for (size_t i = 0; i < n; i++) status |= (expr);` (expr may use
 * i); exits if any call failed. */
#define BENCH_TIME_LOOP(seconds, n, expr, what)                                          \
    do {                                                                                 \
        int st_ = 0;                                                                     \
        const size_t n_ = (n);                                                           \
        double t0_ = bench_now();                                                        \
        for (size_t i = 0; i < n_; i++)                                                  \
            st_ |= (expr);                                                               \
        (seconds) = bench_now() - t0_;                                                   \
        bench_check(st_, (what));                                                        \
    } while (0)

/* Times merge (into a clone) of the accumulator `full` of kind `kind` (cxkpi_<kind>_...),
 * BENCH_OPS times, and prints "<label>: merge" in ns per operation. */
#define BENCH_OPS 200000
#define BENCH_MERGE_OPS(kind, label, full)                                               \
    do {                                                                                 \
        char row_[96];                                                                   \
        double t_;                                                                       \
        cxkpi_##kind *dst_;                                                              \
        bench_check(cxkpi_##kind##_clone((full), &dst_), #kind "_clone");                \
        BENCH_TIME_LOOP(t_, BENCH_OPS, cxkpi_##kind##_merge(dst_, (full)), #kind "_merge"); \
        cxkpi_##kind##_free(dst_);                                                       \
        snprintf(row_, sizeof row_, "%s: merge", (label));                               \
        bench_row(row_, t_ / BENCH_OPS * 1e9, "ns", "");                                 \
    } while (0)

/* Times serialize and deserialize (+ free), BENCH_OPS times each. */
#define BENCH_SERDE_OPS(kind, label, full)                                               \
    do {                                                                                 \
        char row_[96];                                                                   \
        double t_;                                                                       \
        int st2_;                                                                        \
        cxkpi_##kind *dst_;                                                              \
        size_t size_, written_;                                                          \
        bench_check(cxkpi_##kind##_serialized_size((full), &size_), #kind "_size");      \
        unsigned char *buf_ = bench_xmalloc(size_);                                      \
        BENCH_TIME_LOOP(t_, BENCH_OPS, cxkpi_##kind##_serialize((full), buf_, size_, &written_), \
                        #kind "_serialize");                                             \
        snprintf(row_, sizeof row_, "%s: serialize (%zu bytes)", (label), size_);        \
        bench_row(row_, t_ / BENCH_OPS * 1e9, "ns", "");                                 \
        BENCH_TIME_LOOP(t_, BENCH_OPS,                                                   \
                        (dst_ = NULL, st2_ = cxkpi_##kind##_deserialize(&dst_, buf_, written_), \
                         cxkpi_##kind##_free(dst_), st2_),                               \
                        #kind "_deserialize");                                           \
        snprintf(row_, sizeof row_, "%s: deserialize (+ free)", (label));                \
        bench_row(row_, t_ / BENCH_OPS * 1e9, "ns", "");                                 \
        free(buf_);                                                                      \
    } while (0)

#define BENCH_STATE_OPS(kind, label, full)                                               \
    do {                                                                                 \
        BENCH_MERGE_OPS(kind, label, full);                                              \
        BENCH_SERDE_OPS(kind, label, full);                                              \
    } while (0)

#endif
