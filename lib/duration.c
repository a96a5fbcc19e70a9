#include "cxkpi/duration.h"

#include <math.h>
#include <string.h>

#include "alloc.h"
#include "counter.h"
#include "duration_impl.h"
#include "frame.h"
#include "percent.h"
#include "sketch.h"

#define DURATION_FORMAT_VERSION 1

struct cxkpi_duration {
    uint64_t n;
    double sum, sum_c; /* Neumaier-compensated sum: the sum is sum + sum_c */
    double mean, m2;   /* Welford: running mean and sum of squared deviations */
    double min, max;   /* exact; 0 while empty */
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

/* The exact statistics: count, compensated sum, Welford's mean and m2, min, max. */
static void sum_add(double *sum, double *comp, double x)
{
    double t = *sum + x;
    *comp += fabs(*sum) >= fabs(x) ? (*sum - t) + x : (x - t) + *sum;
    *sum = t;
}

static void stats_add(cxkpi_duration *d, double x)
{
    uint64_t n = ++d->n;
    double delta = x - d->mean;
    d->mean += delta / (double)n;
    d->m2 += delta * (x - d->mean);
    sum_add(&d->sum, &d->sum_c, x);
    if (n == 1 || x < d->min)
        d->min = x;
    if (n == 1 || x > d->max)
        d->max = x;
}

cxkpi_status cxkpi_duration_add(cxkpi_duration *acc, double seconds)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!cxkpi__duration_valid(seconds))
        return CXKPI_ERANGE;
    if (acc->n == UINT64_MAX)
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
    return d->n;
}

cxkpi_status cxkpi_duration_add_many(cxkpi_duration *acc, const double *seconds, size_t n)
{
    if (!acc || (!seconds && n))
        return CXKPI_EINVAL;
    cxkpi__sketch_range r = {0, 0, false};
    for (size_t i = 0; i < n; i++) {
        if (!cxkpi__duration_valid(seconds[i]))
            return CXKPI_ERANGE;
        cxkpi__sketch_range_add(&acc->sk, seconds[i], &r);
    }
    if (!cxkpi__u64_room(acc->n, (uint64_t)n))
        return CXKPI_EOVERFLOW;
    cxkpi_status st = cxkpi__sketch_reserve(&acc->sk, &r);
    if (st != CXKPI_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        cxkpi__duration_add_reserved(acc, seconds[i]);
    return CXKPI_OK;
}

cxkpi_status cxkpi_duration_reserve(cxkpi_duration *acc, double min_seconds, double max_seconds)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!cxkpi__duration_valid(min_seconds) || !cxkpi__duration_valid(max_seconds) ||
        min_seconds > max_seconds)
        return CXKPI_ERANGE;
    cxkpi__sketch_range r = {0, 0, false};
    /* zeros need no bucket; a range reaching below 1 ns needs the lowest one */
    if (min_seconds < CXKPI__SKETCH_MIN_POSITIVE)
        min_seconds = max_seconds < CXKPI__SKETCH_MIN_POSITIVE ? 0.0 : CXKPI__SKETCH_MIN_POSITIVE;
    cxkpi__sketch_range_add(&acc->sk, min_seconds, &r);
    cxkpi__sketch_range_add(&acc->sk, max_seconds, &r);
    return cxkpi__sketch_reserve(&acc->sk, &r);
}

cxkpi_status cxkpi__duration_merge_prepare(cxkpi_duration *dst, const cxkpi_duration *src)
{
    if (!cxkpi__sketch_same_config(&dst->sk, &src->sk))
        return CXKPI_EMISMATCH;
    if (!cxkpi__u64_room(dst->n, src->n))
        return CXKPI_EOVERFLOW;
    return cxkpi__sketch_merge_reserve(&dst->sk, &src->sk);
}

void cxkpi__duration_merge_commit(cxkpi_duration *dst, const cxkpi_duration *src)
{
    const cxkpi_duration s = *src; /* dst may be src */
    if (s.n == 0)
        return;
    cxkpi__sketch_merge(&dst->sk, &src->sk);
    if (dst->n == 0) {
        dst->n = s.n;
        dst->sum = s.sum;
        dst->sum_c = s.sum_c;
        dst->mean = s.mean;
        dst->m2 = s.m2;
        dst->min = s.min;
        dst->max = s.max;
        return;
    }
    /* Chan, Golub, LeVeque: the pairwise update of the mean and of m2. */
    double na = (double)dst->n, nb = (double)s.n, n = na + nb;
    double delta = s.mean - dst->mean;
    dst->mean += delta * (nb / n);
    dst->m2 += s.m2 + delta * delta * (na * (nb / n));
    sum_add(&dst->sum, &dst->sum_c, s.sum);
    sum_add(&dst->sum, &dst->sum_c, s.sum_c);
    dst->n += s.n;
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
    *count = acc->n;
    return CXKPI_OK;
}

/* Checks the pointers and that something was counted. */
static cxkpi_status duration_ready(const cxkpi_duration *acc, const void *out)
{
    if (!acc || !out)
        return CXKPI_EINVAL;
    return acc->n ? CXKPI_OK : CXKPI_EEMPTY;
}

cxkpi_status cxkpi_duration_sum(const cxkpi_duration *acc, double *sum)
{
    cxkpi_status st = duration_ready(acc, sum);
    if (st == CXKPI_OK)
        *sum = acc->sum + acc->sum_c;
    return st;
}

cxkpi_status cxkpi_duration_mean(const cxkpi_duration *acc, double *mean)
{
    cxkpi_status st = duration_ready(acc, mean);
    if (st == CXKPI_OK) /* rounding can leave sum / n an ulp outside: 3 x 0.1 s gives
                         * 0.30000000000000004 / 3 = 0.10000000000000002 > max */
        *mean = cxkpi__clamp((acc->sum + acc->sum_c) / (double)acc->n, acc->min, acc->max);
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
        *stddev = acc->m2 > 0.0 ? sqrt(acc->m2 / (double)acc->n) : 0.0;
    return st;
}

/* floor(q * (n - 1)), exactly while n - 1 is a double (n <= 2^53): when the rounded product
 * is an integer, fma() gives the sign of the rounding error. */
static uint64_t duration_rank(double q, uint64_t n)
{
    uint64_t m = n - 1;
    double dm = (double)m;
    double p = q * dm;
    double f = floor(p);
    if (f == p && f > 0.0 && fma(q, dm, -p) < 0.0)
        f -= 1.0;
    return f >= dm ? m : (uint64_t)f;
}

static double duration_quantile(const cxkpi_duration *acc, double q)
{
    uint64_t k = duration_rank(q, acc->n);
    if (k == 0)
        return acc->min;
    if (k == acc->n - 1)
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
    if (acc->n == 0)
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
    if (n && acc->n == 0)
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
    *count = acc->sk.collapsed ? acc->sk.counts[acc->sk.lo - acc->sk.base] : 0;
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

cxkpi_status cxkpi_duration_memory(const cxkpi_duration *acc, size_t *bytes)
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
    cxkpi__put_u64(w, d->n);
    cxkpi__put_f64(w, d->sum);
    cxkpi__put_f64(w, d->sum_c);
    cxkpi__put_f64(w, d->mean);
    cxkpi__put_f64(w, d->m2);
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
    if (d->n != s->zeros + s->positive) /* the sketch read checked this sum for overflow */
        return false;
    if (d->n == 0)
        return d->sum == 0.0 && d->sum_c == 0.0 && d->mean == 0.0 && d->m2 == 0.0 &&
               d->min == 0.0 && d->max == 0.0;
    if (!(isfinite(d->sum) && isfinite(d->sum_c) && isfinite(d->mean) && isfinite(d->m2) &&
          d->sum >= 0.0 && d->mean >= 0.0 && d->m2 >= 0.0 && cxkpi__duration_valid(d->min) &&
          cxkpi__duration_valid(d->max) && d->min <= d->max))
        return false;
    /* n values in [min, max] add up to [n min, n max], their running mean stays in
     * [min, max], and their variance m2 / n is at most ((max - min) / 2)^2. The slack (and
     * the 1e-12 max widening the spread) is far above any rounding of a state the library
     * wrote. */
    const double n = (double)d->n, slack = 1e-9, total = d->sum + d->sum_c;
    const double half_spread = (d->max - d->min) / 2.0 + d->max * 1e-12;
    if (!(total >= n * d->min * (1.0 - slack) && total <= n * d->max * (1.0 + slack) &&
          d->mean >= d->min * (1.0 - slack) && d->mean <= d->max * (1.0 + slack) &&
          d->m2 <= n * half_spread * half_spread * (1.0 + slack)))
        return false;
    /* one value is its own minimum and maximum (quantiles rely on it) */
    if (d->n == 1 && !(d->min == d->max && d->m2 == 0.0))
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
    tmp.n = cxkpi__get_u64(r);
    tmp.sum = cxkpi__get_f64(r);
    tmp.sum_c = cxkpi__get_f64(r);
    tmp.mean = cxkpi__get_f64(r);
    tmp.m2 = cxkpi__get_f64(r);
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
    st = cxkpi__duration_read(&d, &r);
    if (st == CXKPI_OK && !cxkpi__reader_done(&r)) {
        cxkpi_duration_free(d);
        st = CXKPI_EFORMAT;
    }
    if (st == CXKPI_OK)
        *out = d;
    return st;
}
