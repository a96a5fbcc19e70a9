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
 * Memory. The counts form a dense window of `cap` u64 counters for the indices
 * [base, base + cap), covering the lowest and highest non-empty indices [lo, hi]. The window
 * moves (memmove, no allocation) when a new index falls outside it but the span still fits;
 * it is reallocated (capacity doubled, at most max_buckets) only when the span
 * hi - lo + 1 exceeds the capacity. When the span would exceed max_buckets, every bucket
 * with index <= hi - max_buckets + 1 is folded into that one (the lowest buckets collapse).
 * The state is a function of the multiset of values only (never of their order), which is
 * what makes merging exact. */
#ifndef CXKPI_SKETCH_H
#define CXKPI_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"
#include "frame.h"

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
    uint64_t zeros;     /* values < CXKPI__SKETCH_MIN_POSITIVE */
    uint64_t positive;  /* values in the buckets */
    uint64_t *counts;   /* cap counters, NULL while cap == 0 */
} cxkpi__sketch;

/* A range of bucket indices that a batch will touch; `any` is false for an empty range. */
typedef struct cxkpi__sketch_range {
    int32_t lo, hi;
    bool any;
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
    double p = r * (1.4426950408889634 +
                    r * (-0.7213475204444817 + r * (0.48089834696298783 + r * -0.36067376022224085)));
    return (double)e + t[1] + p;
}

/* Bucket index of v (CXKPI__SKETCH_MIN_POSITIVE <= v <= CXKPI__SKETCH_MAX_VALUE). */
static inline int32_t cxkpi__sketch_index(const cxkpi__sketch *s, double v)
{
    double x = cxkpi__sketch_log2(v) * s->inv_w;
    int32_t i = (int32_t)x; /* truncation; |x| < 2^22 */
    return i + (x > (double)i); /* ceil */
}

/* The same index through libm's log2(): the reference the bench compares against. */
int32_t cxkpi__sketch_index_libm(const cxkpi__sketch *s, double v);

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
    if (s->positive && i >= s->lo && i <= s->hi) {
        s->counts[i - s->base]++;
        s->positive++;
        return CXKPI_OK;
    }
    return cxkpi__sketch_add_slow(s, i, 1);
}

/* Widens r to include v's bucket (nothing for values counted as zeros). */
void cxkpi__sketch_range_add(const cxkpi__sketch *s, double v, cxkpi__sketch_range *r);
/* Makes sure that counting values whose indices lie in r (and merging, see below) cannot
 * allocate: grows the capacity to the span of [lo, hi] and r (at most max_buckets).
 * CXKPI_ENOMEM leaves the counts as they were; success only changes the capacity. */
cxkpi_status cxkpi__sketch_reserve(cxkpi__sketch *s, const cxkpi__sketch_range *r);
/* Merge in two steps so that a caller merging several sketches can stay atomic:
 * reserve (may fail with CXKPI_ENOMEM, counts unchanged), then merge (cannot fail).
 * Same configuration (checked by the caller); src == dst doubles every count. */
cxkpi_status cxkpi__sketch_merge_reserve(cxkpi__sketch *dst, const cxkpi__sketch *src);
void cxkpi__sketch_merge(cxkpi__sketch *dst, const cxkpi__sketch *src);

/* The value at 0-based rank k (k < zeros + positive) of the counted multiset: 0 for a rank
 * among the zeros, else the representative of the bucket holding rank k. */
double cxkpi__sketch_value_at_rank(const cxkpi__sketch *s, uint64_t k);

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
