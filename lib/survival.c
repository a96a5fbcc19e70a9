/* Kaplan–Meier over log buckets: resolutions (events) and open tickets' ages (censorings)
 * counted in two sketches of the same configuration. Definitions in cxkpi/survival.h. */
#include "cxkpi/survival.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/counter.h"
#include "common/frame.h"
#include "common/percent.h"
#include "cxkpi/duration.h"
#include "cxkpi/stats.h"
#include "store/sketch.h"

#define SURVIVAL_FORMAT_VERSION 1
/* a survival within this of 1 - q counts as having reached it (rounding of the product) */
#define SURVIVAL_REACHED_SLACK 1e-12

struct cxkpi_survival {
    cxkpi__sketch ev;   /* resolution times */
    cxkpi__sketch cens; /* open tickets' ages */
};

static bool survival_time_valid(double s)
{
    return s >= 0.0 && s <= CXKPI__SKETCH_MAX_VALUE; /* false for NaN */
}

static uint64_t survival_total(const cxkpi_survival *a)
{
    return a->ev.zeros + a->ev.positive + a->cens.zeros + a->cens.positive;
}

cxkpi_status cxkpi_survival_new(cxkpi_survival **out, double alpha, uint32_t max_buckets)
{
    if (!out || !(alpha >= CXKPI__SKETCH_ALPHA_MIN && alpha <= CXKPI__SKETCH_ALPHA_MAX))
        return CXKPI_EINVAL;
    if (max_buckets == 0)
        max_buckets = cxkpi__sketch_default_buckets(alpha);
    if (!cxkpi__sketch_config_valid(alpha, max_buckets))
        return CXKPI_EINVAL;
    cxkpi_survival *a = cxkpi__alloc(sizeof *a);
    if (!a)
        return CXKPI_ENOMEM;
    cxkpi__sketch_init(&a->ev, alpha, max_buckets);
    cxkpi__sketch_init(&a->cens, alpha, max_buckets);
    *out = a;
    return CXKPI_OK;
}

void cxkpi_survival_free(cxkpi_survival *acc)
{
    if (!acc)
        return;
    cxkpi__sketch_release(&acc->ev);
    cxkpi__sketch_release(&acc->cens);
    cxkpi__free(acc);
}

/* Validates, reserves, then counts: atomic. */
static cxkpi_status survival_add_to(cxkpi_survival *acc, cxkpi__sketch *s, const double *v,
                                    size_t n)
{
    if (!acc || (n && !v))
        return CXKPI_EINVAL;
    cxkpi__sketch_range r = {0, 0, false, 0};
    for (size_t i = 0; i < n; i++) {
        if (!survival_time_valid(v[i]))
            return CXKPI_ERANGE;
        cxkpi__sketch_range_add(s, v[i], &r);
    }
    if ((uint64_t)n > UINT64_MAX - survival_total(acc))
        return CXKPI_EOVERFLOW;
    cxkpi_status st = cxkpi__sketch_reserve(s, &r);
    if (st != CXKPI_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        (void)cxkpi__sketch_add(s, v[i] + 0.0); /* cannot fail: reserved (+0.0: no -0) */
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_add(cxkpi_survival *acc, double seconds)
{
    return survival_add_to(acc, acc ? &acc->ev : NULL, &seconds, 1);
}

cxkpi_status cxkpi_survival_add_many(cxkpi_survival *acc, const double *seconds, size_t n)
{
    return survival_add_to(acc, acc ? &acc->ev : NULL, seconds, n);
}

cxkpi_status cxkpi_survival_add_open(cxkpi_survival *acc, double seconds)
{
    return survival_add_to(acc, acc ? &acc->cens : NULL, &seconds, 1);
}

cxkpi_status cxkpi_survival_add_open_many(cxkpi_survival *acc, const double *seconds, size_t n)
{
    return survival_add_to(acc, acc ? &acc->cens : NULL, seconds, n);
}

cxkpi_status cxkpi_survival_merge(cxkpi_survival *dst, const cxkpi_survival *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    if (!cxkpi__sketch_same_config(&dst->ev, &src->ev))
        return CXKPI_EMISMATCH;
    if (!cxkpi__u64_room(survival_total(dst), survival_total(src)))
        return CXKPI_EOVERFLOW;
    /* reserving changes no count, so a failure of the second leaves dst as it was */
    cxkpi_status st = cxkpi__sketch_merge_reserve(&dst->ev, &src->ev);
    if (st == CXKPI_OK)
        st = cxkpi__sketch_merge_reserve(&dst->cens, &src->cens);
    if (st != CXKPI_OK)
        return st;
    cxkpi__sketch_merge(&dst->ev, &src->ev);
    cxkpi__sketch_merge(&dst->cens, &src->cens);
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_reset(cxkpi_survival *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    cxkpi__sketch_reset(&acc->ev);
    cxkpi__sketch_reset(&acc->cens);
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_clone(const cxkpi_survival *src, cxkpi_survival **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_survival *a = cxkpi__alloc(sizeof *a);
    if (!a)
        return CXKPI_ENOMEM;
    if (cxkpi__sketch_copy(&a->ev, &src->ev) != CXKPI_OK) {
        cxkpi__free(a);
        return CXKPI_ENOMEM;
    }
    if (cxkpi__sketch_copy(&a->cens, &src->cens) != CXKPI_OK) {
        cxkpi__sketch_release(&a->ev);
        cxkpi__free(a);
        return CXKPI_ENOMEM;
    }
    *out = a;
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_counts(const cxkpi_survival *acc, uint64_t *resolved, uint64_t *open)
{
    if (!acc || !resolved || !open)
        return CXKPI_EINVAL;
    *resolved = acc->ev.zeros + acc->ev.positive;
    *open = acc->cens.zeros + acc->cens.positive;
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_config(const cxkpi_survival *acc, double *alpha, uint32_t *max_buckets)
{
    if (!acc || !alpha || !max_buckets)
        return CXKPI_EINVAL;
    *alpha = acc->ev.alpha;
    *max_buckets = acc->ev.max_buckets;
    return CXKPI_OK;
}

/* ---- the product-limit walk ------------------------------------------------------------ */

/* Buckets are visited in time order: first the zeros (times under 1 ns), then every index
 * from the lowest to the highest non-empty one of either sketch. A position names a point
 * of that order: POS_NONE before everything, POS_ZERO for the zeros, else a bucket index. */
#define POS_NONE INT64_MIN
#define POS_ZERO (INT64_MIN + 1)

typedef struct km_state {
    uint64_t at_risk;  /* r: neither resolved nor censored in an earlier bucket */
    double s_hat;      /* Ŝ: censorings after the bucket's resolutions */
    double s_low;      /* Š: censorings before them */
    double greenwood;  /* sum of d / (r (r - d)) while r > d */
} km_state;

static uint64_t sketch_count_at(const cxkpi__sketch *s, int64_t pos)
{
    if (pos == POS_ZERO)
        return s->zeros;
    return s->positive && pos >= s->lo && pos <= s->hi ? cxkpi__sketch_count(s, (int32_t)pos)
                                                       : 0;
}

static void km_step(km_state *k, uint64_t d, uint64_t c)
{
    if (d) {
        const double r = (double)k->at_risk, dd = (double)d;
        k->s_hat *= (double)(k->at_risk - d) / r;
        const uint64_t r_low = k->at_risk - c; /* >= d */
        k->s_low *= (double)(r_low - d) / (double)r_low;
        if (k->at_risk > d)
            k->greenwood += dd / (r * (r - dd));
    }
    k->at_risk -= d + c;
}

/* The bucket indices holding counts, [*first, *last]; false when there is none. */
static bool km_span(const cxkpi_survival *a, int64_t *first, int64_t *last)
{
    if (!a->ev.positive && !a->cens.positive)
        return false;
    *first = INT32_MAX;
    *last = INT32_MIN;
    if (a->ev.positive) {
        *first = a->ev.lo;
        *last = a->ev.hi;
    }
    if (a->cens.positive) {
        *first = a->cens.lo < *first ? a->cens.lo : *first;
        *last = a->cens.hi > *last ? a->cens.hi : *last;
    }
    return true;
}

/* The state after every bucket up to and including position `upto`. */
static km_state km_until(const cxkpi_survival *a, int64_t upto)
{
    km_state k = {survival_total(a), 1.0, 1.0, 0.0};
    if (upto == POS_NONE)
        return k;
    km_step(&k, a->ev.zeros, a->cens.zeros);
    int64_t first, last;
    if (upto == POS_ZERO || !km_span(a, &first, &last))
        return k;
    for (int64_t i = first; i <= upto && i <= last; i++)
        km_step(&k, sketch_count_at(&a->ev, i), sketch_count_at(&a->cens, i));
    return k;
}

/* The position of time t (not NaN), and the positions every value equal to t may occupy,
 * [*lo_pos, *hi_pos] (one bucket more either way near an edge, see cxkpi__sketch_bounds()). */
static void km_position(const cxkpi_survival *a, double t, int64_t *pos, int64_t *lo_pos,
                        int64_t *hi_pos)
{
    if (t < 0.0) {
        *pos = *lo_pos = *hi_pos = POS_NONE;
    } else if (t < CXKPI__SKETCH_MIN_POSITIVE) {
        *pos = *lo_pos = *hi_pos = POS_ZERO;
    } else {
        const double x = t > CXKPI__SKETCH_MAX_VALUE ? CXKPI__SKETCH_MAX_VALUE : t;
        cxkpi__sketch_range r;
        cxkpi__sketch_bounds(&a->ev, x, x, &r);
        *pos = cxkpi__sketch_index(&a->ev, x);
        *lo_pos = r.lo;
        *hi_pos = r.hi;
    }
}

static cxkpi_status km_ready(const cxkpi_survival *acc, double t, const void *o1, const void *o2)
{
    if (!acc || !o1 || !o2)
        return CXKPI_EINVAL;
    if (isnan(t))
        return CXKPI_ERANGE;
    return survival_total(acc) ? CXKPI_OK : CXKPI_EEMPTY;
}

/* The log-transformed Greenwood band of a survival s in [0, 1]: s exp(-+z sqrt(greenwood)).
 * s is 0 exactly once every ticket at risk was resolved; the band is then [0, 0]. */
static void km_band(double s, double greenwood, double z, double *lo, double *hi)
{
    if (s <= 0.0) {
        *lo = *hi = 0.0;
        return;
    }
    const double f = exp(z * sqrt(greenwood));
    *lo = s / f;
    *hi = s * f > 1.0 ? 1.0 : s * f;
}

cxkpi_status cxkpi_survival_at(const cxkpi_survival *acc, double seconds, double confidence,
                               double *percent, double *lo, double *hi)
{
    cxkpi_status st = km_ready(acc, seconds, percent, lo);
    double z;
    if (st == CXKPI_OK && !hi)
        st = CXKPI_EINVAL;
    if (st == CXKPI_OK)
        st = cxkpi_normal_z(confidence, &z);
    if (st != CXKPI_OK)
        return st;
    int64_t pos, lp, hp;
    km_position(acc, seconds, &pos, &lp, &hp);
    const km_state k = km_until(acc, pos);
    double l, h;
    km_band(k.s_hat, k.greenwood, z, &l, &h);
    const double pc = cxkpi__clamp(100.0 * k.s_hat, 0.0, 100.0);
    *lo = cxkpi__clamp(100.0 * l, 0.0, pc);
    *hi = cxkpi__clamp(100.0 * h, pc, 100.0);
    *percent = pc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_percent_resolved_within(const cxkpi_survival *acc, double seconds,
                                                    double *percent)
{
    cxkpi_status st = km_ready(acc, seconds, percent, percent);
    if (st != CXKPI_OK)
        return st;
    int64_t pos, lp, hp;
    km_position(acc, seconds, &pos, &lp, &hp);
    *percent = cxkpi__clamp(100.0 * (1.0 - km_until(acc, pos).s_hat), 0.0, 100.0);
    return CXKPI_OK;
}

cxkpi_status cxkpi_survival_exact_bounds(const cxkpi_survival *acc, double seconds, double *lo,
                                         double *hi)
{
    cxkpi_status st = km_ready(acc, seconds, lo, hi);
    if (st != CXKPI_OK)
        return st;
    int64_t pos, lp, hp;
    km_position(acc, seconds, &pos, &lp, &hp);
    /* every time in a position below lp is below t; the one just below lp: */
    int64_t below = lp == POS_NONE || lp == POS_ZERO ? POS_NONE : lp - 1;
    int64_t first, last;
    if (below != POS_NONE && (!km_span(acc, &first, &last) || below < first))
        below = POS_ZERO;
    const double l = km_until(acc, hp).s_low, h = km_until(acc, below).s_hat;
    const double pl = cxkpi__clamp(100.0 * l, 0.0, 100.0);
    *hi = cxkpi__clamp(100.0 * h, pl, 100.0);
    *lo = pl;
    return CXKPI_OK;
}

/* the time a position stands for */
static double km_time(const cxkpi_survival *a, int64_t pos)
{
    return pos == POS_ZERO ? 0.0 : cxkpi__sketch_bucket_value(&a->ev, (int32_t)pos);
}

typedef struct km_quantile {
    double target, z;
    bool have_est, have_lo, have_hi;
    double est, lo, hi;
} km_quantile;

/* After the step of position pos: note where the band's lower curve, the estimate and the
 * band's upper curve first reach the target (the quantile's lower end, value, upper end). */
static void km_quantile_visit(const cxkpi_survival *a, const km_state *k, int64_t pos,
                              km_quantile *m)
{
    double bl, bh;
    km_band(k->s_hat, k->greenwood, m->z, &bl, &bh);
    /* bl <= s_hat <= bh: the lower curve reaches the target first */
    if (!m->have_lo && bl <= m->target) {
        m->have_lo = true;
        m->lo = km_time(a, pos);
    }
    if (!m->have_est && k->s_hat <= m->target) {
        m->have_est = true;
        m->est = km_time(a, pos);
    }
    if (!m->have_hi && bh <= m->target) {
        m->have_hi = true;
        m->hi = km_time(a, pos);
    }
}

cxkpi_status cxkpi_survival_quantile(const cxkpi_survival *acc, double q, double confidence,
                                     double *seconds, double *lo, double *hi)
{
    if (!acc || !seconds || !lo || !hi)
        return CXKPI_EINVAL;
    if (!(q > 0.0 && q < 1.0))
        return CXKPI_ERANGE;
    km_quantile m = {1.0 - q + SURVIVAL_REACHED_SLACK, 0.0, false, false, false, 0.0, 0.0, INFINITY};
    cxkpi_status st = cxkpi_normal_z(confidence, &m.z);
    if (st != CXKPI_OK)
        return st;
    if (!survival_total(acc))
        return CXKPI_EEMPTY;
    km_state k = {survival_total(acc), 1.0, 1.0, 0.0};
    km_step(&k, acc->ev.zeros, acc->cens.zeros);
    km_quantile_visit(acc, &k, POS_ZERO, &m);
    int64_t first, last;
    if (km_span(acc, &first, &last)) {
        for (int64_t i = first; i <= last && !m.have_hi; i++) {
            km_step(&k, sketch_count_at(&acc->ev, i), sketch_count_at(&acc->cens, i));
            km_quantile_visit(acc, &k, i, &m);
        }
    }
    if (!m.have_est)
        return CXKPI_ENOTFOUND;
    *seconds = m.est;
    *lo = m.have_lo && m.lo <= m.est ? m.lo : m.est;
    *hi = m.hi >= m.est ? m.hi : m.est;
    return CXKPI_OK;
}

/* ---- serialized form (docs/FORMAT.md, kind 9) ------------------------------------------- */

static size_t survival_payload_size(const cxkpi_survival *a)
{
    return cxkpi__sketch_payload_size(&a->ev) + cxkpi__sketch_payload_size(&a->cens);
}

static void survival_write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_survival *a = obj;
    cxkpi__sketch_write(&a->ev, w);
    cxkpi__sketch_write(&a->cens, w);
}

cxkpi_status cxkpi_survival_serialized_size(const cxkpi_survival *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(survival_payload_size(acc), size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_survival_serialize(const cxkpi_survival *acc, void *buf, size_t capacity,
                                      size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_SURVIVAL, SURVIVAL_FORMAT_VERSION,
                              survival_payload_size(acc), survival_write_payload, acc, buf,
                              capacity, written);
}

cxkpi_status cxkpi_survival_deserialize(cxkpi_survival **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_SURVIVAL, SURVIVAL_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_survival tmp;
    memset(&tmp, 0, sizeof tmp);
    st = cxkpi__sketch_read(&tmp.ev, &r);
    if (st != CXKPI_OK)
        return st;
    st = cxkpi__sketch_read(&tmp.cens, &r);
    if (st != CXKPI_OK) {
        cxkpi__sketch_release(&tmp.ev);
        return st;
    }
    /* one configuration, every byte read, and a total that fits 64 bits */
    const uint64_t ne = tmp.ev.zeros + tmp.ev.positive; /* the reader checked each sum */
    if (!cxkpi__sketch_same_config(&tmp.ev, &tmp.cens) || !cxkpi__reader_done(&r) ||
        !cxkpi__u64_room(ne, tmp.cens.zeros + tmp.cens.positive))
        st = CXKPI_EFORMAT;
    cxkpi_survival *a = st == CXKPI_OK ? cxkpi__alloc(sizeof *a) : NULL;
    if (st == CXKPI_OK && !a)
        st = CXKPI_ENOMEM;
    if (st != CXKPI_OK) {
        cxkpi__sketch_release(&tmp.ev);
        cxkpi__sketch_release(&tmp.cens);
        return st;
    }
    *a = tmp;
    *out = a;
    return CXKPI_OK;
}
