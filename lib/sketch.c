#include "sketch.h"

#include <math.h>
#include <string.h>

#include "alloc.h"
#include "counter.h"

/* Margin, in log2 units, between the approximate and the true bucket boundaries (see sketch.h).
 * Larger than the error of cxkpi__sketch_log2 (1.03e-9) plus every rounding involved. */
#define SKETCH_EPS 1e-8
#define SKETCH_MIN_GROWTH 64u

/* Encodings of the buckets in the serialized form. */
enum { ENC_NONE = 0, ENC_DENSE = 1, ENC_SPARSE = 2 };

bool cxkpi__sketch_config_valid(double alpha, uint32_t max_buckets)
{
    return alpha >= CXKPI__SKETCH_ALPHA_MIN && alpha <= CXKPI__SKETCH_ALPHA_MAX &&
           max_buckets >= CXKPI__SKETCH_BUCKETS_MIN && max_buckets <= CXKPI__SKETCH_BUCKETS_MAX;
}

static double sketch_log2_gamma(double alpha)
{
    return log2((1.0 + alpha) / (1.0 - alpha));
}

uint32_t cxkpi__sketch_default_buckets(double alpha)
{
    /* log2(1 year / 1 ms) = log2(3.1536e10) */
    double need = ceil(log2(3.1536e10) / (sketch_log2_gamma(alpha) - 2 * SKETCH_EPS)) + 1;
    uint32_t k = CXKPI__SKETCH_BUCKETS_MIN;
    while (k < CXKPI__SKETCH_BUCKETS_MAX && (double)k < need)
        k *= 2;
    return k;
}

void cxkpi__sketch_init(cxkpi__sketch *s, double alpha, uint32_t max_buckets)
{
    double gamma = (1.0 + alpha) / (1.0 - alpha);
    memset(s, 0, sizeof *s);
    s->alpha = alpha;
    s->w = sketch_log2_gamma(alpha) - 2 * SKETCH_EPS;
    s->inv_w = 1.0 / s->w;
    s->rep_factor = 2.0 / (gamma + 1.0);
    s->max_buckets = max_buckets;
}

void cxkpi__sketch_release(cxkpi__sketch *s)
{
    cxkpi__free(s->counts);
    s->counts = NULL;
    s->cap = 0;
}

void cxkpi__sketch_reset(cxkpi__sketch *s)
{
    if (s->counts && s->positive)
        memset(s->counts + (s->lo - s->base), 0, (size_t)(s->hi - s->lo + 1) * sizeof(uint64_t));
    s->positive = 0;
    s->zeros = 0;
    s->collapsed = false;
}

bool cxkpi__sketch_same_config(const cxkpi__sketch *a, const cxkpi__sketch *b)
{
    return a->alpha == b->alpha && a->max_buckets == b->max_buckets;
}

static uint32_t sketch_span(const cxkpi__sketch *s)
{
    return s->positive ? (uint32_t)(s->hi - s->lo + 1) : 0;
}

cxkpi_status cxkpi__sketch_copy(cxkpi__sketch *dst, const cxkpi__sketch *src)
{
    uint32_t span = sketch_span(src);
    uint64_t *counts = NULL;
    if (span) {
        counts = cxkpi__alloc_array(span, sizeof *counts);
        if (!counts)
            return CXKPI_ENOMEM;
        memcpy(counts, src->counts + (src->lo - src->base), span * sizeof *counts);
    }
    *dst = *src;
    dst->counts = counts;
    dst->cap = span;
    dst->base = src->lo;
    return CXKPI_OK;
}

int32_t cxkpi__sketch_index_libm(const cxkpi__sketch *s, double v)
{
    return (int32_t)ceil(log2(v) * s->inv_w);
}

/* Lays the counts out in `buf` (`bcap` counters, which may be s->counts itself) for the
 * indices [nbase, nbase + bcap), which must cover [nlo, s->hi] (when there are counts),
 * folding every count with an index below nlo into nlo. Sets base; lo/hi are the caller's. */
static void sketch_relayout(cxkpi__sketch *s, uint64_t *buf, uint32_t bcap, int32_t nbase,
                            int32_t nlo)
{
    uint64_t fold = 0;
    int32_t keep_lo = 0, keep_hi = -1;
    if (s->positive) {
        for (int32_t i = s->lo; i < nlo && i <= s->hi; i++)
            fold += s->counts[i - s->base];
        keep_lo = s->lo > nlo ? s->lo : nlo;
        keep_hi = s->hi;
    }
    size_t kept = keep_lo <= keep_hi ? (size_t)(keep_hi - keep_lo + 1) : 0;
    size_t at = kept ? (size_t)(keep_lo - nbase) : 0;
    if (kept)
        memmove(buf + at, s->counts + (keep_lo - s->base), kept * sizeof *buf);
    memset(buf, 0, at * sizeof *buf);
    memset(buf + at + kept, 0, (bcap - at - kept) * sizeof *buf);
    if (fold)
        buf[nlo - nbase] += fold;
    s->base = nbase;
}

/* Makes the window cover [nlo, nhi] (span <= max_buckets), folding counts below nlo into
 * nlo; allocates when the span exceeds the capacity. On CXKPI_ENOMEM nothing changes. */
static cxkpi_status sketch_cover(cxkpi__sketch *s, int32_t nlo, int32_t nhi)
{
    uint32_t span = (uint32_t)(nhi - nlo + 1);
    bool fold = s->positive && s->lo < nlo;
    if (!fold && s->counts && nlo >= s->base && (int64_t)nhi < (int64_t)s->base + s->cap)
        return CXKPI_OK;
    uint64_t *buf = s->counts;
    uint32_t bcap = s->cap;
    if (span > bcap) {
        bcap = bcap > s->max_buckets / 2 ? s->max_buckets : 2 * bcap;
        if (bcap < SKETCH_MIN_GROWTH)
            bcap = SKETCH_MIN_GROWTH < s->max_buckets ? SKETCH_MIN_GROWTH : s->max_buckets;
        if (bcap < span)
            bcap = span;
        buf = cxkpi__alloc_array(bcap, sizeof *buf);
        if (!buf)
            return CXKPI_ENOMEM;
    }
    /* Leave the spare room on the side the range grows towards. */
    int64_t nbase;
    if (!s->positive)
        nbase = (int64_t)nlo - (int64_t)(bcap - span) / 2;
    else if (nhi > s->hi)
        nbase = nlo;
    else
        nbase = (int64_t)nhi - bcap + 1;
    sketch_relayout(s, buf, bcap, (int32_t)nbase, nlo);
    if (buf != s->counts) {
        cxkpi__free(s->counts);
        s->counts = buf;
        s->cap = bcap;
    }
    return CXKPI_OK;
}

cxkpi_status cxkpi__sketch_add_slow(cxkpi__sketch *s, int32_t index, uint64_t count)
{
    int32_t nlo = index, nhi = index;
    if (s->positive) {
        nlo = s->lo < index ? s->lo : index;
        nhi = s->hi > index ? s->hi : index;
    }
    bool collapse = (int64_t)nhi - nlo + 1 > (int64_t)s->max_buckets;
    if (collapse)
        nlo = nhi - (int32_t)s->max_buckets + 1;
    cxkpi_status st = sketch_cover(s, nlo, nhi);
    if (st != CXKPI_OK)
        return st;
    s->counts[(index < nlo ? nlo : index) - s->base] += count;
    s->positive += count;
    s->lo = nlo;
    s->hi = nhi;
    s->collapsed |= collapse;
    return CXKPI_OK;
}

void cxkpi__sketch_range_add(const cxkpi__sketch *s, double v, cxkpi__sketch_range *r)
{
    if (v < CXKPI__SKETCH_MIN_POSITIVE)
        return;
    int32_t i = cxkpi__sketch_index(s, v);
    if (!r->any) {
        r->lo = r->hi = i;
        r->any = true;
    } else if (i < r->lo) {
        r->lo = i;
    } else if (i > r->hi) {
        r->hi = i;
    }
}

cxkpi_status cxkpi__sketch_reserve(cxkpi__sketch *s, const cxkpi__sketch_range *r)
{
    cxkpi__sketch_range u = *r;
    if (s->positive) {
        if (!u.any || s->lo < u.lo)
            u.lo = s->lo;
        if (!u.any || s->hi > u.hi)
            u.hi = s->hi;
        u.any = true;
    }
    if (!u.any)
        return CXKPI_OK;
    int64_t span = (int64_t)u.hi - u.lo + 1;
    uint32_t need = span > (int64_t)s->max_buckets ? s->max_buckets : (uint32_t)span;
    if (need <= s->cap)
        return CXKPI_OK;
    uint64_t *buf = cxkpi__alloc_array(need, sizeof *buf);
    if (!buf)
        return CXKPI_ENOMEM;
    if (s->positive) {
        sketch_relayout(s, buf, need, s->lo, s->lo);
    } else {
        memset(buf, 0, (size_t)need * sizeof *buf);
        s->base = u.lo;
    }
    cxkpi__free(s->counts);
    s->counts = buf;
    s->cap = need;
    return CXKPI_OK;
}

cxkpi_status cxkpi__sketch_merge_reserve(cxkpi__sketch *dst, const cxkpi__sketch *src)
{
    cxkpi__sketch_range r = {src->lo, src->hi, src->positive > 0};
    return cxkpi__sketch_reserve(dst, &r);
}

void cxkpi__sketch_merge(cxkpi__sketch *dst, const cxkpi__sketch *src)
{
    if (dst == src) {
        for (int32_t i = dst->lo; dst->positive && i <= dst->hi; i++)
            dst->counts[i - dst->base] *= 2;
        dst->positive *= 2;
        dst->zeros *= 2;
        return;
    }
    for (int32_t i = src->lo; src->positive && i <= src->hi; i++) {
        uint64_t c = src->counts[i - src->base];
        if (c) /* cannot fail: merge_reserve made room for the whole span */
            (void)cxkpi__sketch_add_slow(dst, i, c);
    }
    dst->zeros += src->zeros;
    dst->collapsed |= src->collapsed;
}

double cxkpi__sketch_value_at_rank(const cxkpi__sketch *s, uint64_t k)
{
    if (k < s->zeros)
        return 0.0;
    k -= s->zeros;
    int32_t i = s->lo;
    uint64_t below = 0;
    for (; i < s->hi; i++) {
        below += s->counts[i - s->base];
        if (below > k)
            break;
    }
    return exp2((double)i * s->w + SKETCH_EPS) * s->rep_factor;
}

size_t cxkpi__sketch_memory(const cxkpi__sketch *s)
{
    return (size_t)s->cap * sizeof(uint64_t);
}

/* Part layout: f64 alpha, u32 max_buckets, u64 zeros, u8 collapsed, u8 encoding, then
 *   ENC_NONE   (no positive value): nothing;
 *   ENC_DENSE  : i32 lo, u32 span, span x u64 count (index lo + j);
 *   ENC_SPARSE : i32 lo, u32 span, u32 m, m x (u32 offset from lo, u64 count),
 *                offsets strictly increasing, counts non-zero.
 * The first and last buckets of the span are non-empty. The writer picks the smaller. */
static uint32_t sketch_nonzero(const cxkpi__sketch *s)
{
    uint32_t m = 0;
    for (int32_t i = s->lo; s->positive && i <= s->hi; i++)
        m += s->counts[i - s->base] != 0;
    return m;
}

static int sketch_encoding(const cxkpi__sketch *s, uint32_t *m)
{
    if (!s->positive)
        return ENC_NONE;
    *m = sketch_nonzero(s);
    return 4 + 12 * (uint64_t)*m < 8 * (uint64_t)sketch_span(s) ? ENC_SPARSE : ENC_DENSE;
}

size_t cxkpi__sketch_payload_size(const cxkpi__sketch *s)
{
    size_t head = 8 + 4 + 8 + 1 + 1;
    uint32_t m = 0;
    switch (sketch_encoding(s, &m)) {
    case ENC_DENSE:
        return head + 8 + (size_t)sketch_span(s) * 8;
    case ENC_SPARSE:
        return head + 12 + (size_t)m * 12;
    default:
        return head;
    }
}

void cxkpi__sketch_write(const cxkpi__sketch *s, cxkpi__writer *w)
{
    uint32_t m = 0;
    int enc = sketch_encoding(s, &m);
    cxkpi__put_f64(w, s->alpha);
    cxkpi__put_u32(w, s->max_buckets);
    cxkpi__put_u64(w, s->zeros);
    cxkpi__put_u8(w, s->collapsed);
    cxkpi__put_u8(w, (uint8_t)enc);
    if (enc == ENC_NONE)
        return;
    cxkpi__put_i32(w, s->lo);
    cxkpi__put_u32(w, sketch_span(s));
    if (enc == ENC_SPARSE)
        cxkpi__put_u32(w, m);
    for (int32_t i = s->lo; i <= s->hi; i++) {
        uint64_t c = s->counts[i - s->base];
        if (enc == ENC_DENSE) {
            cxkpi__put_u64(w, c);
        } else if (c) {
            cxkpi__put_u32(w, (uint32_t)(i - s->lo));
            cxkpi__put_u64(w, c);
        }
    }
}

/* Adds c to the running total; false when it is zero or overflows. */
static bool sketch_take(uint64_t *total, uint64_t c)
{
    return c != 0 && cxkpi__u64_add(*total, c, total);
}

static cxkpi_status sketch_read_counts(cxkpi__sketch *s, cxkpi__reader *r, int enc)
{
    int32_t lo = cxkpi__get_i32(r);
    uint32_t span = cxkpi__get_u32(r);
    uint32_t m = enc == ENC_SPARSE ? cxkpi__get_u32(r) : span;
    size_t entry = enc == ENC_SPARSE ? 12 : 8;
    /* Every index must be one a value in [MIN_POSITIVE, MAX_VALUE] can map to, the span must
     * fit the bound, and the entries must fit the bytes left, before anything is allocated. */
    int64_t hi = (int64_t)lo + span - 1;
    if (r->bad || span == 0 || span > s->max_buckets || m == 0 || m > span ||
        lo < cxkpi__sketch_index(s, CXKPI__SKETCH_MIN_POSITIVE) ||
        hi > cxkpi__sketch_index(s, CXKPI__SKETCH_MAX_VALUE) ||
        cxkpi__reader_left(r) / entry < m)
        return CXKPI_EFORMAT;
    s->counts = cxkpi__alloc_zeroed(span, sizeof *s->counts);
    if (!s->counts)
        return CXKPI_ENOMEM;
    s->cap = span;
    s->base = s->lo = lo;
    s->hi = (int32_t)hi;
    uint64_t total = 0;
    bool ok = true;
    if (enc == ENC_DENSE) {
        for (uint32_t j = 0; j < span; j++) {
            uint64_t c = cxkpi__get_u64(r);
            s->counts[j] = c;
            ok &= c == 0 || sketch_take(&total, c);
        }
    } else {
        int64_t prev = -1;
        for (uint32_t j = 0; j < m && ok; j++) {
            uint32_t off = cxkpi__get_u32(r);
            uint64_t c = cxkpi__get_u64(r);
            ok = (int64_t)off > prev && off < span && sketch_take(&total, c);
            if (ok)
                s->counts[off] = c;
            prev = off;
        }
    }
    /* canonical: the span is exactly [lowest, highest] non-empty bucket */
    if (!ok || r->bad || s->counts[0] == 0 || s->counts[span - 1] == 0)
        return CXKPI_EFORMAT;
    s->positive = total;
    return CXKPI_OK;
}

cxkpi_status cxkpi__sketch_read(cxkpi__sketch *s, cxkpi__reader *r)
{
    double alpha = cxkpi__get_f64(r);
    uint32_t max_buckets = cxkpi__get_u32(r);
    uint64_t zeros = cxkpi__get_u64(r);
    uint8_t collapsed = cxkpi__get_u8(r);
    uint8_t enc = cxkpi__get_u8(r);
    if (r->bad || !cxkpi__sketch_config_valid(alpha, max_buckets) || collapsed > 1 ||
        enc > ENC_SPARSE || (collapsed && enc == ENC_NONE))
        return CXKPI_EFORMAT;
    cxkpi__sketch_init(s, alpha, max_buckets);
    s->zeros = zeros;
    s->collapsed = collapsed;
    if (enc == ENC_NONE)
        return CXKPI_OK;
    cxkpi_status st = sketch_read_counts(s, r, enc);
    if (st == CXKPI_OK && !cxkpi__u64_room(s->positive, zeros))
        st = CXKPI_EFORMAT;
    if (st != CXKPI_OK)
        cxkpi__sketch_release(s);
    return st;
}
