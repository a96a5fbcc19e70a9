#include "cxkpi/duration.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/compsum.h"
#include "common/counter.h"
#include "common/frame.h"
#include "common/percent.h"
#include "duration_internal.h"
#include "store/quantile_rank.h"
#include "store/sketch.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define DURATION_FORMAT_VERSION 1

/* The exact running statistics of the values counted. */
typedef struct duration_stats {
    uint64_t n;
    cxkpi__compsum sum; /* compensated: cxkpi__compsum_value() */
    double mean, m2;    /* Welford: running mean and sum of squared deviations */
} duration_stats;

struct cxkpi_duration {
    duration_stats st;
    double min, max; /* exact; 0 while empty */
    cxkpi__sketch sk;
};

bool cxkpi__duration_valid(double seconds)
{
    return seconds >= 0.0 && seconds <= CXKPI__SKETCH_MAX_VALUE; /* false for NaN */
}

cxkpi_duration *cxkpi__duration_create(double alpha, uint32_t max_buckets)
{
    cxkpi_duration *d = cxkpi__alloc(sizeof *d);
    if (!d)
        return NULL;
    memset(d, 0, sizeof *d);
    cxkpi__sketch_init(&d->sk, alpha, max_buckets);
    return d;
}

cxkpi_status cxkpi_duration_new(cxkpi_duration **out, double alpha, uint32_t max_buckets)
{
    if (!out || !(alpha >= CXKPI__SKETCH_ALPHA_MIN && alpha <= CXKPI__SKETCH_ALPHA_MAX))
        return CXKPI_EINVAL;
    if (max_buckets == CXKPI_DURATION_DEFAULT_BUCKETS)
        max_buckets = cxkpi__sketch_default_buckets(alpha);
    if (!cxkpi__sketch_config_valid(alpha, max_buckets))
        return CXKPI_EINVAL;
    cxkpi_duration *d = cxkpi__duration_create(alpha, max_buckets);
    if (!d)
        return CXKPI_ENOMEM;
    *out = d;
    return CXKPI_OK;
}

void cxkpi_duration_free(cxkpi_duration *acc)
{
    if (!acc)
        return;
    cxkpi__sketch_release(&acc->sk);
    cxkpi__free(acc);
}

/* One value into the running count, mean, m2 and sum. A batch runs it on a local copy of
 * the statistics (kept in registers), a single add on the accumulator's own: the same
 * operations in the same order, so both give the same bits. min and max are exact
 * whatever the order, so a batch takes them from its first pass. */
static inline void stats_step(duration_stats *s, double x)
{
    uint64_t n = ++s->n;
    double delta = x - s->mean;
    /* times 1/n rather than over n: the reciprocal does not depend on the running mean, so
     * the division leaves the mean's chain of dependent operations (one more rounding,
     * within an ulp of Welford's update) */
    s->mean += delta * (1.0 / (double)n);
    s->m2 += delta * (x - s->mean);
    cxkpi__compsum_add(&s->sum, x);
}

static void stats_add(cxkpi_duration *d, double x)
{
    stats_step(&d->st, x);
    if (d->st.n == 1 || x < d->min)
        d->min = x;
    if (d->st.n == 1 || x > d->max)
        d->max = x;
}

cxkpi_status cxkpi_duration_add(cxkpi_duration *acc, double seconds)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!cxkpi__duration_valid(seconds))
        return CXKPI_ERANGE;
    if (acc->st.n == UINT64_MAX)
        return CXKPI_EOVERFLOW;
    seconds += 0.0; /* -0.0 becomes +0.0 */
    cxkpi_status st = cxkpi__sketch_add(&acc->sk, seconds);
    if (st != CXKPI_OK)
        return st;
    stats_add(acc, seconds);
    return CXKPI_OK;
}

void cxkpi__duration_range_add(const cxkpi_duration *d, double seconds, cxkpi__sketch_range *r)
{
    cxkpi__sketch_range_add(&d->sk, seconds, r);
}

cxkpi_status cxkpi__duration_reserve(cxkpi_duration *d, const cxkpi__sketch_range *r)
{
    return cxkpi__sketch_reserve(&d->sk, r);
}

void cxkpi__duration_add_reserved(cxkpi_duration *d, double seconds)
{
    seconds += 0.0;
    (void)cxkpi__sketch_add(&d->sk, seconds); /* cannot fail: the bucket is reserved */
    stats_add(d, seconds);
}

uint64_t cxkpi__duration_n(const cxkpi_duration *d)
{
    return d->st.n;
}

/* A batch's second pass: values already validated and their buckets reserved. Bucket
 * indices a chunk at a time (cxkpi__sketch_index_many: the same buckets as one value at a
 * time, with the vector instructions `avx2` allows), then each value in order into the
 * sketch and into the statistics, both kept in locals. */
#define DURATION_CHUNK 256

static void duration_count(cxkpi_duration *acc, const double *seconds, size_t n, bool avx2,
                           duration_stats *stats_io, cxkpi__sketch_batch *b_io)
{
    duration_stats st = *stats_io; /* locals: kept in registers */
    cxkpi__sketch_batch b = *b_io;
    int32_t idx[DURATION_CHUNK];
    for (size_t i = 0; i < n;) {
        const double *x = seconds + i;
        size_t m = n - i < DURATION_CHUNK ? n - i : DURATION_CHUNK;
        /* -0.0 gets a meaningless index like every value counted as a zero */
        cxkpi__sketch_index_many(&acc->sk, x, m, idx, avx2);
        for (size_t k = 0; k < m; k++) {
            double v = x[k] + 0.0; /* -0.0 becomes +0.0 */
            cxkpi__sketch_batch_add_at(&acc->sk, &b, v, idx[k]);
            stats_step(&st, v);
        }
        i += m;
    }
    *stats_io = st;
    *b_io = b;
}

/* A batch's first pass: all valid?, how many values go to buckets, the smallest of those
 * (lo), the smallest and the largest value (+0.0 for zeros of either sign). With SSE2,
 * two values at a time; min and max are exact in any order. */
typedef struct duration_scan {
    bool ok;
    uint64_t positive;
    double lo, least, hi;
} duration_scan;

static duration_scan duration_scan_batch(const double *v, size_t n)
{
    duration_scan r = {true, 0, CXKPI__SKETCH_MAX_VALUE, CXKPI__SKETCH_MAX_VALUE, 0.0};
    size_t i = 0;
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd(), top = _mm_set1_pd(CXKPI__SKETCH_MAX_VALUE);
    const __m128d tiny = _mm_set1_pd(CXKPI__SKETCH_MIN_POSITIVE);
    __m128d valid = _mm_castsi128_pd(_mm_set1_epi32(-1)), lo = top, least = top, hi = zero;
    __m128i count = _mm_setzero_si128();
    for (; i + 2 <= n; i += 2) {
        __m128d x = _mm_loadu_pd(v + i);
        __m128d pos = _mm_cmpge_pd(x, tiny); /* false for NaN, as the scalar compare */
        valid = _mm_and_pd(valid, _mm_and_pd(_mm_cmpge_pd(x, zero), _mm_cmple_pd(x, top)));
        count = _mm_sub_epi64(count, _mm_castpd_si128(pos)); /* all-ones lanes are -1 */
        lo = _mm_min_pd(lo, _mm_or_pd(_mm_and_pd(pos, x), _mm_andnot_pd(pos, top)));
        least = _mm_min_pd(least, x);
        hi = _mm_max_pd(hi, x);
    }
    double l[2], m[2], h[2];
    uint64_t c[2];
    _mm_storeu_pd(l, lo);
    _mm_storeu_pd(m, least);
    _mm_storeu_pd(h, hi);
    _mm_storeu_si128((__m128i *)(void *)c, count);
    r.ok = _mm_movemask_pd(valid) == 3;
    r.positive = c[0] + c[1];
    r.lo = l[0] < l[1] ? l[0] : l[1];
    r.least = m[0] < m[1] ? m[0] : m[1];
    r.hi = h[0] > h[1] ? h[0] : h[1];
#endif
    for (; i < n; i++) {
        double x = v[i];
        bool pos = x >= CXKPI__SKETCH_MIN_POSITIVE;
        double in_bucket = pos ? x : CXKPI__SKETCH_MAX_VALUE;
        r.ok &= cxkpi__duration_valid(x);
        r.positive += pos;
        r.lo = in_bucket < r.lo ? in_bucket : r.lo;
        r.least = x < r.least ? x : r.least;
        r.hi = x > r.hi ? x : r.hi;
    }
    r.least += 0.0; /* -0.0 becomes +0.0, as each value does */
    r.hi += 0.0;
    return r;
}

cxkpi_status cxkpi_duration_add_many(cxkpi_duration *acc, const double *seconds, size_t n)
{
    return cxkpi__duration_add_many_using(acc, seconds, n, true);
}

cxkpi_status cxkpi__duration_add_many_using(cxkpi_duration *acc, const double *seconds, size_t n,
                                            bool avx2)
{
    if (!acc || (!seconds && n))
        return CXKPI_EINVAL;
    /* First pass, no logarithm: validity, and the smallest and largest value that goes to a
     * bucket. Reserving their bucket range (cxkpi__sketch_bounds) makes the second pass
     * allocation-free. */
    duration_scan sc = duration_scan_batch(seconds, n);
    if (!sc.ok)
        return CXKPI_ERANGE;
    const uint64_t positive = sc.positive;
    const double lo = sc.lo, hi = sc.hi, least = sc.least;
    if (!cxkpi__u64_room(acc->st.n, (uint64_t)n))
        return CXKPI_EOVERFLOW;
    cxkpi__sketch_range r = {0, 0, false, positive};
    if (positive)
        cxkpi__sketch_bounds(&acc->sk, lo, hi, &r);
    cxkpi_status st = cxkpi__sketch_reserve(&acc->sk, &r);
    if (st != CXKPI_OK)
        return st;
    /* Second pass, with the running statistics and the sketch's hot fields in locals (in
     * registers): the same operations, in the same order, as one cxkpi_duration_add() per
     * value. */
    duration_stats stats = acc->st;
    cxkpi__sketch_batch b;
    cxkpi__sketch_batch_begin(&acc->sk, &b);
    duration_count(acc, seconds, n, avx2, &stats, &b);
    cxkpi__sketch_batch_end(&acc->sk, &b);
    if (n) {
        acc->min = acc->st.n == 0 || least < acc->min ? least : acc->min;
        acc->max = acc->st.n == 0 || hi > acc->max ? hi : acc->max;
    }
    acc->st = stats;
    return CXKPI_OK;
}

/* A grouped batch, prepared: the values sorted by group (stably, so each group keeps its
 * input order) into `sorted`, group g's slice starting at start[g]; each value and group
 * index checked, each group's count checked and its buckets reserved, so that counting
 * the slices cannot fail. */
static cxkpi_status duration_prepare_grouped(cxkpi_duration *const *accs, size_t groups,
                                             const uint32_t *group, const double *seconds,
                                             size_t n, size_t *start, double *sorted)
{
    /* a counting sort: sizes, then starts, then a stable scatter */
    memset(start, 0, (groups + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        if (group[i] >= groups)
            return CXKPI_ERANGE;
        start[group[i] + 1]++;
    }
    for (size_t g = 0; g < groups; g++)
        start[g + 1] += start[g];
    for (size_t i = 0; i < n; i++)
        sorted[start[group[i]]++] = seconds[i];
    for (size_t g = groups; g > 0; g--) /* the scatter moved each start to the next one's */
        start[g] = start[g - 1];
    start[0] = 0;
    for (size_t g = 0; g < groups; g++) {
        const size_t m = start[g + 1] - start[g];
        duration_scan sc = duration_scan_batch(sorted + start[g], m);
        if (!sc.ok)
            return CXKPI_ERANGE;
        if (!cxkpi__u64_room(accs[g]->st.n, (uint64_t)m))
            return CXKPI_EOVERFLOW;
    }
    for (size_t g = 0; g < groups; g++) {
        const size_t m = start[g + 1] - start[g];
        duration_scan sc = duration_scan_batch(sorted + start[g], m);
        cxkpi__sketch_range r = {0, 0, false, sc.positive};
        if (sc.positive)
            cxkpi__sketch_bounds(&accs[g]->sk, sc.lo, sc.hi, &r);
        /* a failure here leaves only capacity changed in the earlier groups */
        cxkpi_status st = cxkpi__sketch_reserve(&accs[g]->sk, &r);
        if (st != CXKPI_OK)
            return st;
    }
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_add_grouped(cxkpi_duration *const *accs, size_t groups,
                                        const uint32_t *group, const double *seconds, size_t n)
{
    if (!accs || (n && (!group || !seconds)))
        return CXKPI_EINVAL;
    for (size_t g = 0; g < groups; g++)
        if (!accs[g])
            return CXKPI_EINVAL;
    if (groups == SIZE_MAX)
        return CXKPI_ENOMEM;
    size_t *start = cxkpi__alloc_array(groups + 1, sizeof *start);
    double *sorted = cxkpi__alloc_array(n ? n : 1, sizeof *sorted);
    cxkpi_status st = start && sorted
                          ? duration_prepare_grouped(accs, groups, group, seconds, n, start, sorted)
                          : CXKPI_ENOMEM;
    /* Each slice through the batch path: the same operations, in the same order, as one
     * cxkpi_duration_add() per value; its checks pass and its buckets are reserved. */
    for (size_t g = 0; g < groups && st == CXKPI_OK; g++)
        st = cxkpi_duration_add_many(accs[g], sorted + start[g], start[g + 1] - start[g]);
    cxkpi__free(start);
    cxkpi__free(sorted);
    return st;
}

cxkpi_status cxkpi_duration_reserve(cxkpi_duration *acc, double min_seconds, double max_seconds)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!cxkpi__duration_valid(min_seconds) || !cxkpi__duration_valid(max_seconds) ||
        min_seconds > max_seconds)
        return CXKPI_ERANGE;
    cxkpi__sketch_range r = {0, 0, false, 0};
    /* zeros need no bucket; a range reaching below 1 ns needs the lowest one. The same
     * buckets as a batch of values in the range would reserve, so such batches never
     * allocate after this. */
    if (max_seconds >= CXKPI__SKETCH_MIN_POSITIVE)
        cxkpi__sketch_bounds(&acc->sk,
                             min_seconds < CXKPI__SKETCH_MIN_POSITIVE ? CXKPI__SKETCH_MIN_POSITIVE
                                                                      : min_seconds,
                             max_seconds, &r);
    return cxkpi__sketch_reserve(&acc->sk, &r);
}

cxkpi_status cxkpi__duration_merge_prepare(cxkpi_duration *dst, const cxkpi_duration *src)
{
    if (!cxkpi__sketch_same_config(&dst->sk, &src->sk))
        return CXKPI_EMISMATCH;
    if (!cxkpi__u64_room(dst->st.n, src->st.n))
        return CXKPI_EOVERFLOW;
    return cxkpi__sketch_merge_reserve(&dst->sk, &src->sk);
}

void cxkpi__duration_merge_commit(cxkpi_duration *dst, const cxkpi_duration *src)
{
    const cxkpi_duration s = *src; /* dst may be src */
    if (s.st.n == 0)
        return;
    cxkpi__sketch_merge(&dst->sk, &src->sk);
    if (dst->st.n == 0) {
        dst->st = s.st;
        dst->min = s.min;
        dst->max = s.max;
        return;
    }
    /* Chan, Golub, LeVeque: the pairwise update of the mean and of m2. */
    double na = (double)dst->st.n, nb = (double)s.st.n, n = na + nb;
    double delta = s.st.mean - dst->st.mean;
    dst->st.mean += delta * (nb / n);
    dst->st.m2 += s.st.m2 + delta * delta * (na * (nb / n));
    cxkpi__compsum_merge(&dst->st.sum, &s.st.sum);
    dst->st.n += s.st.n;
    if (s.min < dst->min)
        dst->min = s.min;
    if (s.max > dst->max)
        dst->max = s.max;
}

cxkpi_status cxkpi_duration_merge(cxkpi_duration *dst, const cxkpi_duration *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    cxkpi_status st = cxkpi__duration_merge_prepare(dst, src);
    if (st == CXKPI_OK)
        cxkpi__duration_merge_commit(dst, src);
    return st;
}

cxkpi_status cxkpi_duration_reset(cxkpi_duration *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    cxkpi__sketch_reset(&acc->sk);
    cxkpi__sketch sk = acc->sk;
    memset(acc, 0, sizeof *acc);
    acc->sk = sk;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_clone(const cxkpi_duration *src, cxkpi_duration **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_duration *d = cxkpi__alloc(sizeof *d);
    if (!d)
        return CXKPI_ENOMEM;
    *d = *src;
    if (cxkpi__sketch_copy(&d->sk, &src->sk) != CXKPI_OK) {
        cxkpi__free(d);
        return CXKPI_ENOMEM;
    }
    *out = d;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_count(const cxkpi_duration *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    *count = acc->st.n;
    return CXKPI_OK;
}

/* Checks the pointers and that something was counted. */
static cxkpi_status duration_ready(const cxkpi_duration *acc, const void *out)
{
    if (!acc || !out)
        return CXKPI_EINVAL;
    return acc->st.n ? CXKPI_OK : CXKPI_EEMPTY;
}

cxkpi_status cxkpi_duration_sum(const cxkpi_duration *acc, double *sum)
{
    cxkpi_status st = duration_ready(acc, sum);
    if (st == CXKPI_OK)
        *sum = cxkpi__compsum_value(&acc->st.sum);
    return st;
}

cxkpi_status cxkpi_duration_mean(const cxkpi_duration *acc, double *mean)
{
    cxkpi_status st = duration_ready(acc, mean);
    if (st == CXKPI_OK) /* rounding can leave sum / n an ulp outside: 3 x 0.1 s gives
                         * 0.30000000000000004 / 3 = 0.10000000000000002 > max */
        *mean = cxkpi__clamp(cxkpi__compsum_value(&acc->st.sum) / (double)acc->st.n, acc->min,
                             acc->max);
    return st;
}

cxkpi_status cxkpi_duration_min(const cxkpi_duration *acc, double *min)
{
    cxkpi_status st = duration_ready(acc, min);
    if (st == CXKPI_OK)
        *min = acc->min;
    return st;
}

cxkpi_status cxkpi_duration_max(const cxkpi_duration *acc, double *max)
{
    cxkpi_status st = duration_ready(acc, max);
    if (st == CXKPI_OK)
        *max = acc->max;
    return st;
}

cxkpi_status cxkpi_duration_stddev(const cxkpi_duration *acc, double *stddev)
{
    cxkpi_status st = duration_ready(acc, stddev);
    if (st == CXKPI_OK)
        *stddev = acc->st.m2 > 0.0 ? sqrt(acc->st.m2 / (double)acc->st.n) : 0.0;
    return st;
}

static double duration_quantile(const cxkpi_duration *acc, double q)
{
    uint64_t k = cxkpi__quantile_rank(q, acc->st.n);
    if (k == 0)
        return acc->min;
    if (k == acc->st.n - 1)
        return acc->max;
    double v = cxkpi__sketch_value_at_rank(&acc->sk, k);
    return v < acc->min ? acc->min : v > acc->max ? acc->max : v;
}

static bool duration_q_valid(double q)
{
    return q >= 0.0 && q <= 1.0;
}

cxkpi_status cxkpi_duration_quantile(const cxkpi_duration *acc, double q, double *value)
{
    if (!acc || !value)
        return CXKPI_EINVAL;
    if (!duration_q_valid(q))
        return CXKPI_ERANGE;
    if (acc->st.n == 0)
        return CXKPI_EEMPTY;
    *value = duration_quantile(acc, q);
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_quantiles(const cxkpi_duration *acc, const double *qs, size_t n,
                                      double *values)
{
    if (!acc || (n && (!qs || !values)))
        return CXKPI_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!duration_q_valid(qs[i]))
            return CXKPI_ERANGE;
    if (n && acc->st.n == 0)
        return CXKPI_EEMPTY;
    for (size_t i = 0; i < n; i++)
        values[i] = duration_quantile(acc, qs[i]);
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_zero_count(const cxkpi_duration *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    *count = acc->sk.zeros;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_collapsed_count(const cxkpi_duration *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    *count = acc->sk.collapsed ? cxkpi__sketch_count(&acc->sk, acc->sk.lo) : 0;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_config(const cxkpi_duration *acc, double *alpha, uint32_t *max_buckets)
{
    if (!acc || !alpha || !max_buckets)
        return CXKPI_EINVAL;
    *alpha = acc->sk.alpha;
    *max_buckets = acc->sk.max_buckets;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_memory_usage(const cxkpi_duration *acc, size_t *bytes)
{
    if (!acc || !bytes)
        return CXKPI_EINVAL;
    *bytes = sizeof *acc + cxkpi__sketch_memory(&acc->sk);
    return CXKPI_OK;
}

/* Payload v1: see cxkpi/duration.h. */
size_t cxkpi__duration_payload_size(const cxkpi_duration *d)
{
    return 8 + 6 * 8 + cxkpi__sketch_payload_size(&d->sk);
}

void cxkpi__duration_write(const cxkpi_duration *d, cxkpi__writer *w)
{
    cxkpi__put_u64(w, d->st.n);
    cxkpi__put_f64(w, d->st.sum.sum);
    cxkpi__put_f64(w, d->st.sum.comp);
    cxkpi__put_f64(w, d->st.mean);
    cxkpi__put_f64(w, d->st.m2);
    cxkpi__put_f64(w, d->min);
    cxkpi__put_f64(w, d->max);
    cxkpi__sketch_write(&d->sk, w);
}

static void duration_write_payload(const void *obj, cxkpi__writer *w)
{
    cxkpi__duration_write(obj, w);
}

static bool duration_near(int32_t a, int32_t b)
{
    return a - b <= 1 && b - a <= 1;
}

/* The statistics agree with each other and with the sketch. */
static bool duration_consistent(const cxkpi_duration *d)
{
    const cxkpi__sketch *s = &d->sk;
    if (d->st.n != s->zeros + s->positive) /* the sketch read checked this sum for overflow */
        return false;
    const duration_stats *st = &d->st;
    if (st->n == 0)
        return st->sum.sum == 0.0 && st->sum.comp == 0.0 && st->mean == 0.0 && st->m2 == 0.0 &&
               d->min == 0.0 && d->max == 0.0;
    if (!(isfinite(st->sum.sum) && isfinite(st->sum.comp) && isfinite(st->mean) &&
          isfinite(st->m2) && st->sum.sum >= 0.0 && st->mean >= 0.0 && st->m2 >= 0.0 &&
          cxkpi__duration_valid(d->min) && cxkpi__duration_valid(d->max) && d->min <= d->max))
        return false;
    /* n values in [min, max] add up to [n min, n max], their running mean stays in
     * [min, max], and their variance m2 / n is at most ((max - min) / 2)^2. The slack (and
     * the 1e-12 max widening the spread) is far above any rounding of a state the library
     * wrote. */
    const double n = (double)d->st.n, slack = 1e-9, total = cxkpi__compsum_value(&d->st.sum);
    const double half_spread = (d->max - d->min) / 2.0 + d->max * 1e-12;
    if (!(total >= n * d->min * (1.0 - slack) && total <= n * d->max * (1.0 + slack) &&
          d->st.mean >= d->min * (1.0 - slack) && d->st.mean <= d->max * (1.0 + slack) &&
          d->st.m2 <= n * half_spread * half_spread * (1.0 + slack)))
        return false;
    /* Sharper, with their mean mu: m2 / n <= (mu - min)(max - mu) (Bhatia and Davis 2000).
     * Without it a state could hold a mean that its spread cannot produce, and adding one
     * more value would give a state that breaks the bound above. The edges widen by 1e-6 max
     * for the rounding of the running mean; a widened interval still holds after any add or
     * merge, so what the library writes is always read back. */
    const double edge = d->max * 1e-6;
    if (!(d->st.m2 <= n * (d->st.mean - d->min + edge) * (d->max - d->st.mean + edge) *
                          (1.0 + slack)))
        return false;
    /* one value is its own minimum and maximum (quantiles rely on it) */
    if (d->st.n == 1 && !(d->min == d->max && d->st.m2 == 0.0))
        return false;
    /* min is in the zeros or the lowest bucket (or below it, when collapsed), max in the
     * highest bucket or in the zeros. One bucket of slack: bytes written on a platform whose
     * floating point rounds differently (x87 excess precision) must not be refused. */
    const double tiny = CXKPI__SKETCH_MIN_POSITIVE;
    if ((s->zeros > 0) != (d->min < tiny) || (s->positive > 0) != (d->max >= tiny))
        return false;
    if (s->positive && !duration_near(cxkpi__sketch_index(s, d->max), s->hi))
        return false;
    if (s->positive && !s->zeros) {
        int32_t i = cxkpi__sketch_index(s, d->min);
        if (s->collapsed ? i > s->lo + 1 : !duration_near(i, s->lo))
            return false;
    }
    return true;
}

cxkpi_status cxkpi__duration_read(cxkpi_duration **out, cxkpi__reader *r)
{
    cxkpi_duration tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.st.n = cxkpi__get_u64(r);
    tmp.st.sum.sum = cxkpi__get_f64(r);
    tmp.st.sum.comp = cxkpi__get_f64(r);
    tmp.st.mean = cxkpi__get_f64(r);
    tmp.st.m2 = cxkpi__get_f64(r);
    tmp.min = cxkpi__get_f64(r);
    tmp.max = cxkpi__get_f64(r);
    if (r->bad)
        return CXKPI_EFORMAT;
    cxkpi_status st = cxkpi__sketch_read(&tmp.sk, r);
    if (st != CXKPI_OK)
        return st;
    if (!duration_consistent(&tmp)) {
        cxkpi__sketch_release(&tmp.sk);
        return CXKPI_EFORMAT;
    }
    cxkpi_duration *d = cxkpi__alloc(sizeof *d);
    if (!d) {
        cxkpi__sketch_release(&tmp.sk);
        return CXKPI_ENOMEM;
    }
    *d = tmp;
    *out = d;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_serialized_size(const cxkpi_duration *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(cxkpi__duration_payload_size(acc), size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_duration_serialize(const cxkpi_duration *acc, void *buf, size_t capacity,
                                      size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_DURATION, DURATION_FORMAT_VERSION,
                              cxkpi__duration_payload_size(acc), duration_write_payload, acc,
                              buf, capacity, written);
}

cxkpi_status cxkpi_duration_deserialize(cxkpi_duration **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_DURATION, DURATION_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_duration *d = NULL;
    st = cxkpi__reader_finish(&r, cxkpi__duration_read(&d, &r));
    if (st != CXKPI_OK)
        cxkpi_duration_free(d); /* NULL when the read itself failed */
    else
        *out = d;
    return st;
}

cxkpi_status cxkpi_duration_add_weighted(cxkpi_duration *acc, double seconds, uint64_t weight)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!cxkpi__duration_valid(seconds))
        return CXKPI_ERANGE;
    if (weight <= 1) /* one copy: exactly cxkpi_duration_add() */
        return weight ? cxkpi_duration_add(acc, seconds) : CXKPI_OK;
    if (!cxkpi__u64_room(acc->st.n, weight))
        return CXKPI_EOVERFLOW;
    if (seconds >= CXKPI__SKETCH_MIN_POSITIVE) {
        cxkpi_status st =
            cxkpi__sketch_add_slow(&acc->sk, cxkpi__sketch_index(&acc->sk, seconds), weight);
        if (st != CXKPI_OK)
            return st;
    } else {
        acc->sk.zeros += weight;
    }
    /* `weight` copies of `seconds` are a part with mean `seconds` and m2 0, merged with the
     * pairwise update; their sum is the product and its rounding error (fma). */
    const double w = (double)weight, product = seconds * w, err = fma(seconds, w, -product);
    duration_stats *st = &acc->st;
    if (st->n == 0) {
        st->mean = acc->min = acc->max = seconds;
        st->sum = (cxkpi__compsum){product, err};
    } else {
        const double na = (double)st->n, n = na + w, delta = seconds - st->mean;
        st->mean += delta * (w / n);
        st->m2 += delta * delta * (na * (w / n));
        cxkpi__compsum_merge(&st->sum, &(cxkpi__compsum){product, err});
        acc->min = seconds < acc->min ? seconds : acc->min;
        acc->max = seconds > acc->max ? seconds : acc->max;
    }
    st->n += weight;
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_percent_at_most(const cxkpi_duration *acc, double seconds,
                                            double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    if (isnan(seconds))
        return CXKPI_ERANGE;
    if (acc->st.n == 0)
        return CXKPI_EEMPTY;
    /* exact at the ends: nothing is below the minimum, everything is at most the maximum */
    uint64_t c = seconds < acc->min ? 0
                 : seconds >= acc->max ? acc->st.n
                                       : cxkpi__sketch_count_at_most(&acc->sk, seconds);
    *percent = cxkpi__percent(c, acc->st.n);
    return CXKPI_OK;
}
