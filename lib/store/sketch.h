/* A relative-error quantile sketch over non-negative doubles, in the manner of DDSketch
 * (Masson, Rim, Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019). Shared by the duration accumulator and any KPI
 * that needs percentiles of a positive quantity.
 *
 * Mapping. With gamma = (1 + alpha) / (1 - alpha), a value v >= CXKPI__SKETCH_MIN_POSITIVE
 * goes to bucket i = ceil(L(v) / w), where L(v) is a fast approximation of log2(v)
 * (|L(v) - log2(v)| <= 1e-11, see cxkpi__sketch_log2) and w = log2(gamma) - 2 * EPS with
 * EPS = 1e-8 > 1e-11. So the true log2(v) of every value in bucket i lies within
 * ((i-1) w - EPS, i w + EPS], an interval of width exactly log2(gamma), and the bucket's
 * representative 2^(i w + EPS) * 2 / (gamma + 1) is within alpha * v of every v in it. The
 * margin EPS - 1e-11 absorbs the float rounding of the index and of the representative,
 * so the guarantee holds after rounding, not only in exact arithmetic.
 *
 * Values below CXKPI__SKETCH_MIN_POSITIVE (zero and anything under 1 ns) are counted
 * exactly in a separate zero counter.
 *
 * Memory. The counts form a dense window of `cap` counters for the indices
 * [base, base + cap), covering the lowest and highest non-empty indices [lo, hi]. Counters
 * are 32-bit while the sketch holds at most 2^32 - 1 positive values (so no bucket can
 * overflow), and are widened to 64-bit, once, when an add or a merge would go past that:
 * 4 bytes per bucket in practice, so that 1 ms .. 1 year at alpha 0.01 (1,210 buckets)
 * fits in 8 KiB. The window moves (memmove, no allocation) when a new index falls outside
 * it but the span still fits; it is reallocated (capacity grown by half, at most
 * max_buckets) only when the span hi - lo + 1 exceeds the capacity. When the span would exceed max_buckets, every bucket
 * with index <= hi - max_buckets + 1 is folded into that one (the lowest buckets collapse).
 * The state is a function of the multiset of values only (never of their order), which is
 * what makes merging exact. */
#ifndef CXKPI_STORE_SKETCH_H
#define CXKPI_STORE_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"
#include "common/frame.h"

#define CXKPI__SKETCH_MIN_POSITIVE 1e-9 /* smaller values count as zeros */
#define CXKPI__SKETCH_MAX_VALUE 1e18    /* largest value a sketch accepts */
#define CXKPI__SKETCH_ALPHA_MIN 1e-4
#define CXKPI__SKETCH_ALPHA_MAX 0.1
#define CXKPI__SKETCH_BUCKETS_MIN 16u
#define CXKPI__SKETCH_BUCKETS_MAX (1u << 20) /* > the whole index range at alpha 1e-4 */

typedef struct cxkpi__sketch {
    double alpha;       /* the relative-error guarantee */
    double inv_w;       /* 1 / w, w = log2(gamma) - 2 EPS: the bucket width in log2 units */
    double w;
    double rep_factor;  /* 2 / (gamma + 1) */
    uint32_t max_buckets;
    uint32_t cap;       /* counters allocated */
    int32_t base;       /* index of counts[0] */
    int32_t lo, hi;     /* lowest and highest non-empty index; meaningful when positive > 0 */
    bool collapsed;     /* bucket lo holds values of lower indices (folded) */
    bool wide;          /* 64-bit counters; 32-bit ones only while positive <= UINT32_MAX */
    uint64_t zeros;     /* values < CXKPI__SKETCH_MIN_POSITIVE */
    uint64_t positive;  /* values in the buckets */
    union {
        uint32_t *n32;  /* when !wide */
        uint64_t *n64;  /* when wide */
        void *any;
    } counts;           /* cap counters, NULL while cap == 0 */
} cxkpi__sketch;

/* A range of bucket indices that a batch will touch; `any` is false for an empty range.
 * `n` counts the positive values the batch will add (it decides whether the counters must
 * widen first); a plain reservation of a range of durations leaves it 0. */
typedef struct cxkpi__sketch_range {
    int32_t lo, hi;
    bool any;
    uint64_t n;
} cxkpi__sketch_range;

bool cxkpi__sketch_config_valid(double alpha, uint32_t max_buckets);
/* The default bucket bound for alpha: enough for 1 ms .. 1 year without collapsing, rounded
 * up to a power of two (2048 at alpha = 0.01). */
uint32_t cxkpi__sketch_default_buckets(double alpha);
/* Initialises an empty sketch for a valid configuration; allocates nothing. */
void cxkpi__sketch_init(cxkpi__sketch *s, double alpha, uint32_t max_buckets);
void cxkpi__sketch_release(cxkpi__sketch *s);
void cxkpi__sketch_reset(cxkpi__sketch *s);
/* dst: initialised with src's configuration and a copy of its counts (capacity = span). */
cxkpi_status cxkpi__sketch_copy(cxkpi__sketch *dst, const cxkpi__sketch *src);
bool cxkpi__sketch_same_config(const cxkpi__sketch *a, const cxkpi__sketch *b);

/* {1 / c_j, log2(c_j)} for c_j = 1 + j / 128, j = 0..127, rounded to double; the
 * second column is -log2 of the rounded first column (so that the identity below is exact). */
extern const double cxkpi__sketch_log2_table[128][2];

/* The coefficients of the series of log2(1 + r) below: 1/ln 2, -1/(2 ln 2), 1/(3 ln 2),
 * -1/(4 ln 2), rounded to double. */
#define CXKPI__SKETCH_LOG2_C1 1.4426950408889634
#define CXKPI__SKETCH_LOG2_C2 -0.7213475204444817
#define CXKPI__SKETCH_LOG2_C3 0.48089834696298783
#define CXKPI__SKETCH_LOG2_C4 -0.36067376022224085

/* log2(v) for a positive normal double, within 1e-11, without calling log(): the IEEE
 * exponent, plus log2 of the mantissa m in [1, 2) as log2(c_j) + log2(1 + r) where c_j is
 * the start of m's 1/128-wide slice, r = m / c_j - 1 (0 <= r < 1/128) and log2(1 + r) is
 * the series r - r^2/2 + r^3/3 - r^4/4 over ln 2, whose remainder is below
 * r^5 / (5 ln 2) < 8.5e-12. Exact (an integer) for powers of two. Only +, - and * on
 * doubles, never fused (the library is built with -ffp-contract=off): the same result on
 * every IEEE-754 platform, so sketches built on different machines put a value in the same
 * bucket. */
static inline double cxkpi__sketch_log2(double v)
{
    union {
        double d;
        uint64_t u;
    } x = {v};
    int e = (int)(x.u >> 52) - 1023;
    const double *t = cxkpi__sketch_log2_table[(x.u >> 45) & 127u];
    x.u = (x.u & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull; /* m in [1, 2) */
    double r = x.d * t[0] - 1.0;
    double p = r * (CXKPI__SKETCH_LOG2_C1 +
                    r * (CXKPI__SKETCH_LOG2_C2 +
                         r * (CXKPI__SKETCH_LOG2_C3 + r * CXKPI__SKETCH_LOG2_C4)));
    return (double)e + t[1] + p;
}

/* Bucket index of v (CXKPI__SKETCH_MIN_POSITIVE <= v <= CXKPI__SKETCH_MAX_VALUE). */
static inline int32_t cxkpi__sketch_index(const cxkpi__sketch *s, double v)
{
    double x = cxkpi__sketch_log2(v) * s->inv_w;
    int32_t i = (int32_t)x; /* truncation; |x| < 2^22 */
    return i + (x > (double)i); /* ceil */
}

/* The bucket indices of the n values at v into out, with the same operations in the same
 * order on every value as cxkpi__sketch_index() (hence the same results), several values
 * at once with SSE2, or AVX2 when `avx2` is true and the CPU has it (store/sketch_index.c).
 * For a value below CXKPI__SKETCH_MIN_POSITIVE the index is meaningless (such values are
 * counted as zeros). */
void cxkpi__sketch_index_many(const cxkpi__sketch *s, const double *v, size_t n, int32_t *out,
                              bool avx2);

/* Whether cxkpi__sketch_index_many() can use AVX2 on this CPU: for tests. */
bool cxkpi__sketch_avx2_available(void);

/* The same index through libm's log2(): the reference the bench compares against. */
int32_t cxkpi__sketch_index_libm(const cxkpi__sketch *s, double v);

/* The count of bucket `index`, which must lie in the window [base, base + cap). */
static inline uint64_t cxkpi__sketch_count(const cxkpi__sketch *s, int32_t index)
{
    size_t j = (size_t)(index - s->base);
    return s->wide ? s->counts.n64[j] : s->counts.n32[j];
}

cxkpi_status cxkpi__sketch_add_slow(cxkpi__sketch *s, int32_t index, uint64_t count);

/* Counts one value in [0, CXKPI__SKETCH_MAX_VALUE]. Fails only with CXKPI_ENOMEM, when the
 * span of indices outgrows the capacity and the reallocation fails; nothing changes then.
 * The caller has checked that the total count cannot overflow. */
static inline cxkpi_status cxkpi__sketch_add(cxkpi__sketch *s, double v)
{
    if (v < CXKPI__SKETCH_MIN_POSITIVE) {
        s->zeros++;
        return CXKPI_OK;
    }
    int32_t i = cxkpi__sketch_index(s, v);
    if (s->positive && i >= s->lo && i <= s->hi && (s->wide || s->positive < UINT32_MAX)) {
        if (s->wide)
            s->counts.n64[i - s->base]++;
        else
            s->counts.n32[i - s->base]++;
        s->positive++;
        return CXKPI_OK;
    }
    return cxkpi__sketch_add_slow(s, i, 1);
}

/* Adding a reserved batch (see cxkpi__sketch_reserve) with the sketch's hot fields in a
 * local copy, which the compiler keeps in registers: begin, add each value, end. */
typedef struct cxkpi__sketch_batch {
    int32_t base, lo, hi;
    bool wide;
    void *counts;
    uint64_t positive, zeros;
} cxkpi__sketch_batch;

static inline void cxkpi__sketch_batch_begin(const cxkpi__sketch *s, cxkpi__sketch_batch *b)
{
    b->base = s->base;
    b->lo = s->lo;
    b->hi = s->hi;
    b->wide = s->wide;
    b->counts = s->counts.any;
    b->positive = s->positive;
    b->zeros = s->zeros;
}

static inline void cxkpi__sketch_batch_end(cxkpi__sketch *s, const cxkpi__sketch_batch *b)
{
    s->positive = b->positive;
    s->zeros = b->zeros;
}

/* cxkpi__sketch_add() for a value the reservation covers, whose index i is given (when
 * v >= CXKPI__SKETCH_MIN_POSITIVE): it cannot fail (the counters already have the width the
 * whole batch needs, and the capacity its span). */
static inline void cxkpi__sketch_batch_add_at(cxkpi__sketch *s, cxkpi__sketch_batch *b,
                                              double v, int32_t i)
{
    if (v < CXKPI__SKETCH_MIN_POSITIVE) {
        b->zeros++;
        return;
    }
    if (b->positive && i >= b->lo && i <= b->hi) {
        if (b->wide)
            ((uint64_t *)b->counts)[i - b->base]++;
        else
            ((uint32_t *)b->counts)[i - b->base]++;
        b->positive++;
        return;
    }
    cxkpi__sketch_batch_end(s, b); /* the window grows or moves: the general path */
    (void)cxkpi__sketch_add_slow(s, i, 1);
    cxkpi__sketch_batch_begin(s, b);
}

static inline void cxkpi__sketch_batch_add(cxkpi__sketch *s, cxkpi__sketch_batch *b, double v)
{
    cxkpi__sketch_batch_add_at(s, b, v, v < CXKPI__SKETCH_MIN_POSITIVE ? 0 : cxkpi__sketch_index(s, v));
}

/* Sets r to the buckets of every value in [lo, hi] (CXKPI__SKETCH_MIN_POSITIVE <= lo <= hi):
 * [index(lo), index(hi)], except that a side is widened by one bucket when lo's (hi's)
 * scaled logarithm lies within 1e-10 / w of the bucket edge there. Indices only grow with
 * the value, up to the log approximation's error (1e-11 per value), so a value above lo
 * can fall one bucket lower than lo only that close to an edge (and symmetrically for
 * hi). Leaves r->n as it is. */
void cxkpi__sketch_bounds(const cxkpi__sketch *s, double lo, double hi, cxkpi__sketch_range *r);

/* Widens r to include v's bucket (nothing for values counted as zeros). */
void cxkpi__sketch_range_add(const cxkpi__sketch *s, double v, cxkpi__sketch_range *r);
/* Makes sure that counting r.n values whose indices lie in r (and merging, see below)
 * cannot allocate: widens the counters if r.n more values could need it, and grows the
 * capacity to the span of [lo, hi] and r (at most max_buckets). CXKPI_ENOMEM leaves the
 * counts as they were; success only changes the capacity and the counters' width. */
cxkpi_status cxkpi__sketch_reserve(cxkpi__sketch *s, const cxkpi__sketch_range *r);
/* Merge in two steps so that a caller merging several sketches can stay atomic:
 * reserve (may fail with CXKPI_ENOMEM, counts unchanged), then merge (cannot fail).
 * Same configuration (checked by the caller); src == dst doubles every count. */
cxkpi_status cxkpi__sketch_merge_reserve(cxkpi__sketch *dst, const cxkpi__sketch *src);
void cxkpi__sketch_merge(cxkpi__sketch *dst, const cxkpi__sketch *src);

/* The value at 0-based rank k (k < zeros + positive) of the counted multiset: 0 for a rank
 * among the zeros, else the representative of the bucket holding rank k. */
double cxkpi__sketch_value_at_rank(const cxkpi__sketch *s, uint64_t k);

/* How many counted values are at most x: every value <= x is counted, and none above
 * x * gamma * (1 + 1e-9) (the buckets up to x's, plus the next one when x lies within the
 * logarithm's error of its bucket's upper edge). For x below CXKPI__SKETCH_MIN_POSITIVE the
 * zeros are counted as they are (values under 1 ns, not compared with x); for x below the
 * lowest bucket of a collapsed sketch, the collapsed bucket counts whole. (sketch_query.c) */
uint64_t cxkpi__sketch_count_at_most(const cxkpi__sketch *s, double x);

/* The representative of bucket i, 2^(i w + EPS) * 2 / (gamma + 1): within alpha of every
 * value the bucket can hold (the value cxkpi__sketch_value_at_rank() answers). (sketch.c) */
double cxkpi__sketch_bucket_value(const cxkpi__sketch *s, int32_t i);

/* Bytes of counter storage currently allocated. */
size_t cxkpi__sketch_memory(const cxkpi__sketch *s);

/* Payload part (see the format in cxkpi/duration.h). */
size_t cxkpi__sketch_payload_size(const cxkpi__sketch *s);
void cxkpi__sketch_write(const cxkpi__sketch *s, cxkpi__writer *w);
/* Reads a sketch part into s (initialised empty, with the configuration already read and
 * validated). CXKPI_EFORMAT for anything malformed (s is then released);
 * CXKPI_ENOMEM when the counts cannot be allocated. */
cxkpi_status cxkpi__sketch_read(cxkpi__sketch *s, cxkpi__reader *r);

#endif
