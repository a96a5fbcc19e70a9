#include "store/sketch.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/counter.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Margin, in log2 units, between the approximate and the true bucket boundaries (see sketch.h).
 * Far larger than the error of cxkpi__sketch_log2 (1e-11) plus every rounding involved; it
 * costs 7e-7 of the bucket width at alpha 0.01 (7e-5 at alpha 1e-4). */
#define SKETCH_EPS 1e-8
#define SKETCH_MIN_GROWTH 64u

/* Encodings of the buckets in the serialized form. */
enum { ENC_NONE = 0, ENC_DENSE = 1, ENC_SPARSE = 2 };

/* Made by: for j in 0..127: inv = double(1 / (1 + j / 128)); row = {inv, -log2(inv)}
 * with log2 evaluated in 120-bit arithmetic (mpmath) and rounded to double. */
const double cxkpi__sketch_log2_table[128][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.fc07f01fc07f0p-1, 0x1.6fe50b6ef085dp-7},
    {0x1.f81f81f81f820p-1, 0x1.6e79685c2d212p-6},
    {0x1.f44659e4a4271p-1, 0x1.11cd1d513341bp-5},
    {0x1.f07c1f07c1f08p-1, 0x1.6bad3758efd81p-5},
    {0x1.ecc07b301ecc0p-1, 0x1.c4dfab90aab6ap-5},
    {0x1.e9131abf0b767p-1, 0x1.0eb389fa29f9dp-4},
    {0x1.e573ac901e574p-1, 0x1.3aa2fdd27f1bfp-4},
    {0x1.e1e1e1e1e1e1ep-1, 0x1.663f6fac91318p-4},
    {0x1.de5d6e3f8868ap-1, 0x1.918a16e46335ep-4},
    {0x1.dae6076b981dbp-1, 0x1.bc84240adabb9p-4},
    {0x1.d77b654b82c34p-1, 0x1.e72ec117fa5adp-4},
    {0x1.d41d41d41d41dp-1, 0x1.08c588cda79e5p-3},
    {0x1.d0cb58f6ec074p-1, 0x1.1dcd197552b7dp-3},
    {0x1.cd85689039b0bp-1, 0x1.32ae9e278ae19p-3},
    {0x1.ca4b3055ee191p-1, 0x1.476a9f983f74dp-3},
    {0x1.c71c71c71c71cp-1, 0x1.5c01a39fbd68bp-3},
    {0x1.c3f8f01c3f8f0p-1, 0x1.70742d4ef0280p-3},
    {0x1.c0e070381c0e0p-1, 0x1.84c2bd02f03b6p-3},
    {0x1.bdd2b899406f7p-1, 0x1.98edd077e70e1p-3},
    {0x1.bacf914c1bad0p-1, 0x1.acf5e2db4ec91p-3},
    {0x1.b7d6c3dda338bp-1, 0x1.c0db6cdd94defp-3},
    {0x1.b4e81b4e81b4fp-1, 0x1.d49ee4c32596cp-3},
    {0x1.b2036406c80d9p-1, 0x1.e840be74e6a4dp-3},
    {0x1.af286bca1af28p-1, 0x1.fbc16b902680dp-3},
    {0x1.ac5701ac5701bp-1, 0x1.0790adbb03009p-2},
    {0x1.a98ef606a63bep-1, 0x1.11307dad30b74p-2},
    {0x1.a6d01a6d01a6dp-1, 0x1.1ac05b291f070p-2},
    {0x1.a41a41a41a41ap-1, 0x1.24407ab0e073ap-2},
    {0x1.a16d3f97a4b02p-1, 0x1.2db10fc4d9aaep-2},
    {0x1.9ec8e951033d9p-1, 0x1.37124cea4cdedp-2},
    {0x1.9c2d14ee4a102p-1, 0x1.406463b1b0448p-2},
    {0x1.999999999999ap-1, 0x1.49a784bcd1b8ap-2},
    {0x1.970e4f80cb872p-1, 0x1.52dbdfc4c96b5p-2},
    {0x1.948b0fcd6e9e0p-1, 0x1.5c01a39fbd689p-2},
    {0x1.920fb49d0e229p-1, 0x1.6518fe4677ba6p-2},
    {0x1.8f9c18f9c18fap-1, 0x1.6e221cd9d0cddp-2},
    {0x1.8d3018d3018d3p-1, 0x1.771d2ba7efb3cp-2},
    {0x1.8acb90f6bf3aap-1, 0x1.800a563161c53p-2},
    {0x1.886e5f0abb04ap-1, 0x1.88e9c72e0b224p-2},
    {0x1.8618618618618p-1, 0x1.91bba891f170ap-2},
    {0x1.83c977ab2beddp-1, 0x1.9a802391e2330p-2},
    {0x1.8181818181818p-1, 0x1.a33760a7f6051p-2},
    {0x1.7f405fd017f40p-1, 0x1.abe18797f1f4ap-2},
    {0x1.7d05f417d05f4p-1, 0x1.b47ebf73882a1p-2},
    {0x1.7ad2208e0ecc3p-1, 0x1.bd0f2e9e79032p-2},
    {0x1.78a4c8178a4c8p-1, 0x1.c592fad295b57p-2},
    {0x1.767dce434a9b1p-1, 0x1.ce0a4923a587dp-2},
    {0x1.745d1745d1746p-1, 0x1.d6753e032ea0ep-2},
    {0x1.724287f46debcp-1, 0x1.ded3fd442364cp-2},
    {0x1.702e05c0b8170p-1, 0x1.e726aa1e754d3p-2},
    {0x1.6e1f76b4337c7p-1, 0x1.ef6d67328e220p-2},
    {0x1.6c16c16c16c17p-1, 0x1.f7a8568cb06cep-2},
    {0x1.6a13cd1537290p-1, 0x1.ffd799a83ff9cp-2},
    {0x1.6816816816817p-1, 0x1.03fda8b97997ep-1},
    {0x1.661ec6a5122f9p-1, 0x1.0809cf27f703dp-1},
    {0x1.642c8590b2164p-1, 0x1.0c10500d63aa7p-1},
    {0x1.623fa77016240p-1, 0x1.10113b153c8eap-1},
    {0x1.6058160581606p-1, 0x1.140c9faa1e543p-1},
    {0x1.5e75bb8d015e7p-1, 0x1.18028cf72976bp-1},
    {0x1.5c9882b931057p-1, 0x1.1bf311e95d00ep-1},
    {0x1.5ac056b015ac0p-1, 0x1.1fde3d30e8127p-1},
    {0x1.58ed2308158edp-1, 0x1.23c41d42727c8p-1},
    {0x1.571ed3c506b3ap-1, 0x1.27a4c0585cbf7p-1},
    {0x1.5555555555555p-1, 0x1.2b803473f7ad2p-1},
    {0x1.5390948f40febp-1, 0x1.2f56875eb3f26p-1},
    {0x1.51d07eae2f815p-1, 0x1.3327c6ab49ca7p-1},
    {0x1.5015015015015p-1, 0x1.36f3ffb6d9162p-1},
    {0x1.4e5e0a72f0539p-1, 0x1.3abb3faa02168p-1},
    {0x1.4cab88725af6ep-1, 0x1.3e7d9379f7017p-1},
    {0x1.4afd6a052bf5bp-1, 0x1.423b07e986aa8p-1},
    {0x1.49539e3b2d067p-1, 0x1.45f3a98a20738p-1},
    {0x1.47ae147ae147bp-1, 0x1.49a784bcd1b8bp-1},
    {0x1.460cbc7f5cf9ap-1, 0x1.4d56a5b33cec5p-1},
    {0x1.446f86562d9fbp-1, 0x1.510118708a8f9p-1},
    {0x1.42d6625d51f87p-1, 0x1.54a6e8ca5438ep-1},
    {0x1.4141414141414p-1, 0x1.5848226989d34p-1},
    {0x1.3fb013fb013fbp-1, 0x1.5be4d0cb51435p-1},
    {0x1.3e22cbce4a902p-1, 0x1.5f7cff41e09b0p-1},
    {0x1.3c995a47babe7p-1, 0x1.6310b8f553049p-1},
    {0x1.3b13b13b13b14p-1, 0x1.66a008e4788cbp-1},
    {0x1.3991c2c187f63p-1, 0x1.6a2af9e5a0f0bp-1},
    {0x1.3813813813814p-1, 0x1.6db196a761949p-1},
    {0x1.3698df3de0748p-1, 0x1.7133e9b156c7bp-1},
    {0x1.3521cfb2b78c1p-1, 0x1.74b1fd64e0754p-1},
    {0x1.33ae45b57bcb2p-1, 0x1.782bdbfdda657p-1},
    {0x1.323e34a2b10bfp-1, 0x1.7ba18f93502e5p-1},
    {0x1.30d190130d190p-1, 0x1.7f1322182cf16p-1},
    {0x1.2f684bda12f68p-1, 0x1.82809d5be7074p-1},
    {0x1.2e025c04b8097p-1, 0x1.85ea0b0b27b26p-1},
    {0x1.2c9fb4d812ca0p-1, 0x1.894f74b06ef8bp-1},
    {0x1.2b404ad012b40p-1, 0x1.8cb0e3b4b3bbep-1},
    {0x1.29e4129e4129ep-1, 0x1.900e6160002cep-1},
    {0x1.288b01288b013p-1, 0x1.9367f6da0ab2dp-1},
    {0x1.27350b8812735p-1, 0x1.96bdad2acb5f6p-1},
    {0x1.25e22708092f1p-1, 0x1.9a0f8d3b0e050p-1},
    {0x1.2492492492492p-1, 0x1.9d5d9fd5010b4p-1},
    {0x1.23456789abcdfp-1, 0x1.a0a7eda4c112dp-1},
    {0x1.21fb78121fb78p-1, 0x1.a3ee7f38e181fp-1},
    {0x1.20b470c67c0d9p-1, 0x1.a7315d02f20c7p-1},
    {0x1.1f7047dc11f70p-1, 0x1.aa708f58014d4p-1},
    {0x1.1e2ef3b3fb874p-1, 0x1.adac1e711c833p-1},
    {0x1.1cf06ada2811dp-1, 0x1.b0e4126bcc86cp-1},
    {0x1.1bb4a4046ed29p-1, 0x1.b418734a9008cp-1},
    {0x1.1a7b9611a7b96p-1, 0x1.b74948f5532dap-1},
    {0x1.19453808ca29cp-1, 0x1.ba769b39e4964p-1},
    {0x1.1811811811812p-1, 0x1.bda071cc67e6cp-1},
    {0x1.16e0689427379p-1, 0x1.c0c6d447c5dd3p-1},
    {0x1.15b1e5f75270dp-1, 0x1.c3e9ca2e1a055p-1},
    {0x1.1485f0e0acd3bp-1, 0x1.c7095ae91e1c8p-1},
    {0x1.135c81135c811p-1, 0x1.ca258dca93317p-1},
    {0x1.12358e75d3033p-1, 0x1.cd3e6a0ca8908p-1},
    {0x1.1111111111111p-1, 0x1.d053f6d260897p-1},
    {0x1.0fef010fef011p-1, 0x1.d3663b27f31d5p-1},
    {0x1.0ecf56be69c90p-1, 0x1.d6753e032ea0fp-1},
    {0x1.0db20a88f4696p-1, 0x1.d9810643d6614p-1},
    {0x1.0c9714fbcda3bp-1, 0x1.dc899ab3ff56cp-1},
    {0x1.0b7e6ec259dc8p-1, 0x1.df8f02086af2bp-1},
    {0x1.0a6810a6810a7p-1, 0x1.e29142e0e013fp-1},
    {0x1.0953f39010954p-1, 0x1.e59063c8822cep-1},
    {0x1.0842108421084p-1, 0x1.e88c6b3626a73p-1},
    {0x1.073260a47f7c6p-1, 0x1.eb855f8ca88fcp-1},
    {0x1.0624dd2f1a9fcp-1, 0x1.ee7b471b3a950p-1},
    {0x1.05197f7d73404p-1, 0x1.f16e281db7630p-1},
    {0x1.0410410410410p-1, 0x1.f45e08bcf0656p-1},
    {0x1.03091b51f5e1ap-1, 0x1.f74aef0efafafp-1},
    {0x1.0204081020408p-1, 0x1.fa34e1177c234p-1},
    {0x1.0101010101010p-1, 0x1.fd1be4c7f2af9p-1},
};

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
    cxkpi__free(s->counts.any);
    s->counts.any = NULL;
    s->cap = 0;
}

/* Counters of `wide` (8 bytes) or narrow (4 bytes) width in a raw buffer. */
static size_t sketch_width(bool wide)
{
    return wide ? sizeof(uint64_t) : sizeof(uint32_t);
}

static uint64_t sketch_get(const void *buf, bool wide, size_t j)
{
    return wide ? ((const uint64_t *)buf)[j] : ((const uint32_t *)buf)[j];
}

/* buf[j] += c; for narrow counters the caller knows that the sum fits (every count is at
 * most `positive`, which stays <= UINT32_MAX while the counters are narrow). */
static void sketch_put(void *buf, bool wide, size_t j, uint64_t c)
{
    if (wide)
        ((uint64_t *)buf)[j] += c;
    else
        ((uint32_t *)buf)[j] += (uint32_t)c;
}

static unsigned char *sketch_at(void *buf, bool wide, size_t j)
{
    return (unsigned char *)buf + j * sketch_width(wide);
}

/* Makes the counters 64-bit (allocates when there are any). On CXKPI_ENOMEM nothing changes. */
static cxkpi_status sketch_widen(cxkpi__sketch *s)
{
    if (s->wide)
        return CXKPI_OK;
    if (s->cap) {
        uint64_t *buf = cxkpi__alloc_array(s->cap, sizeof *buf);
        if (!buf)
            return CXKPI_ENOMEM;
        for (uint32_t j = 0; j < s->cap; j++)
            buf[j] = s->counts.n32[j];
        cxkpi__free(s->counts.any);
        s->counts.n64 = buf;
    }
    s->wide = true;
    return CXKPI_OK;
}

/* Widens the counters if `more` positive values could take the total past UINT32_MAX. */
static cxkpi_status sketch_room(cxkpi__sketch *s, uint64_t more)
{
    return !s->wide && more > UINT32_MAX - s->positive ? sketch_widen(s) : CXKPI_OK;
}

void cxkpi__sketch_reset(cxkpi__sketch *s)
{
    if (s->counts.any && s->positive)
        memset(sketch_at(s->counts.any, s->wide, (size_t)(s->lo - s->base)), 0,
               (size_t)(s->hi - s->lo + 1) * sketch_width(s->wide));
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
    void *counts = NULL;
    if (span) {
        counts = cxkpi__alloc_array(span, sketch_width(src->wide));
        if (!counts)
            return CXKPI_ENOMEM;
        memcpy(counts, sketch_at(src->counts.any, src->wide, (size_t)(src->lo - src->base)),
               span * sketch_width(src->wide));
    }
    *dst = *src;
    dst->counts.any = counts;
    dst->cap = span;
    dst->base = src->lo;
    return CXKPI_OK;
}

/* Lays the counts out in `buf` (`bcap` counters of the sketch's width, which may be
 * s->counts itself) for the indices [nbase, nbase + bcap), which must cover [nlo, s->hi]
 * (when there are counts), folding every count with an index below nlo into nlo. Sets
 * base; lo/hi are the caller's. */
static void sketch_relayout(cxkpi__sketch *s, void *buf, uint32_t bcap, int32_t nbase,
                            int32_t nlo)
{
    const bool wide = s->wide;
    const size_t width = sketch_width(wide);
    uint64_t fold = 0;
    int32_t keep_lo = 0, keep_hi = -1;
    if (s->positive) {
        for (int32_t i = s->lo; i < nlo && i <= s->hi; i++)
            fold += cxkpi__sketch_count(s, i);
        keep_lo = s->lo > nlo ? s->lo : nlo;
        keep_hi = s->hi;
    }
    size_t kept = keep_lo <= keep_hi ? (size_t)(keep_hi - keep_lo + 1) : 0;
    size_t at = kept ? (size_t)(keep_lo - nbase) : 0;
    if (kept)
        memmove(sketch_at(buf, wide, at),
                sketch_at(s->counts.any, wide, (size_t)(keep_lo - s->base)), kept * width);
    memset(buf, 0, at * width);
    memset(sketch_at(buf, wide, at + kept), 0, (bcap - at - kept) * width);
    if (fold)
        sketch_put(buf, wide, (size_t)(nlo - nbase), fold);
    s->base = nbase;
}

/* Makes the window cover [nlo, nhi] (span <= max_buckets), folding counts below nlo into
 * nlo; allocates when the span exceeds the capacity. On CXKPI_ENOMEM nothing changes. */
static cxkpi_status sketch_cover(cxkpi__sketch *s, int32_t nlo, int32_t nhi)
{
    uint32_t span = (uint32_t)(nhi - nlo + 1);
    bool fold = s->positive && s->lo < nlo;
    if (!fold && s->counts.any && nlo >= s->base && (int64_t)nhi < (int64_t)s->base + s->cap)
        return CXKPI_OK;
    void *buf = s->counts.any;
    uint32_t bcap = s->cap;
    if (span > bcap) {
        /* grow by half: the capacity never overshoots the span by more than 50% (1 ms ..
         * 1 year at alpha 0.01 stays within 8 KiB however the values arrive) */
        bcap = bcap > s->max_buckets / 3 * 2 ? s->max_buckets : bcap + bcap / 2;
        if (bcap < SKETCH_MIN_GROWTH)
            bcap = SKETCH_MIN_GROWTH < s->max_buckets ? SKETCH_MIN_GROWTH : s->max_buckets;
        if (bcap < span)
            bcap = span;
        buf = cxkpi__alloc_array(bcap, sketch_width(s->wide));
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
    if (buf != s->counts.any) {
        cxkpi__free(s->counts.any);
        s->counts.any = buf;
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
    cxkpi_status st = sketch_room(s, count);
    if (st == CXKPI_OK)
        st = sketch_cover(s, nlo, nhi);
    if (st != CXKPI_OK)
        return st; /* a widening alone changes no count */
    sketch_put(s->counts.any, s->wide, (size_t)((index < nlo ? nlo : index) - s->base), count);
    s->positive += count;
    s->lo = nlo;
    s->hi = nhi;
    s->collapsed |= collapse;
    return CXKPI_OK;
}

void cxkpi__sketch_bounds(const cxkpi__sketch *s, double lo, double hi, cxkpi__sketch_range *r)
{
    const double slack = 1e-10 * s->inv_w; /* > twice the approximation error, in buckets */
    int32_t il = cxkpi__sketch_index(s, lo), ih = cxkpi__sketch_index(s, hi);
    double xl = cxkpi__sketch_log2(lo) * s->inv_w, xh = cxkpi__sketch_log2(hi) * s->inv_w;
    r->lo = il - (xl - (double)(il - 1) <= slack);
    r->hi = ih + ((double)ih - xh <= slack);
    r->any = true;
}

void cxkpi__sketch_range_add(const cxkpi__sketch *s, double v, cxkpi__sketch_range *r)
{
    if (v < CXKPI__SKETCH_MIN_POSITIVE)
        return;
    int32_t i = cxkpi__sketch_index(s, v);
    r->n++;
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
    cxkpi_status st = sketch_room(s, r->n);
    if (st != CXKPI_OK)
        return st;
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
    void *buf = cxkpi__alloc_array(need, sketch_width(s->wide));
    if (!buf)
        return CXKPI_ENOMEM;
    if (s->positive) {
        sketch_relayout(s, buf, need, s->lo, s->lo);
    } else {
        memset(buf, 0, (size_t)need * sketch_width(s->wide));
        s->base = u.lo;
    }
    cxkpi__free(s->counts.any);
    s->counts.any = buf;
    s->cap = need;
    return CXKPI_OK;
}

cxkpi_status cxkpi__sketch_merge_reserve(cxkpi__sketch *dst, const cxkpi__sketch *src)
{
    /* dst == src: the counts double, which the widening check covers too */
    cxkpi__sketch_range r = {src->lo, src->hi, src->positive > 0, src->positive};
    return cxkpi__sketch_reserve(dst, &r);
}

/* d[k] += c[k] for k < n, counters of the given widths (d's can hold every sum). */
static void sketch_add_counts(void *d, bool dwide, const void *c, bool cwide, uint32_t n)
{
    if (dwide == cwide) {
        /* same width: 16 bytes at a time (SSE2 where there is, so even an -O2 build, which
         * GCC does not vectorize, adds a 1 ms .. 1 year window in ~0.2 us), then the rest */
        size_t k = 0; /* bytes done, then counters done */
#if defined(__SSE2__)
        const size_t bytes = (size_t)n * sketch_width(dwide);
        unsigned char *dp = d;
        const unsigned char *cp = c;
        if (dwide) {
            for (; k + 16 <= bytes; k += 16)
                _mm_storeu_si128((__m128i *)(void *)(dp + k),
                                 _mm_add_epi64(_mm_loadu_si128((const __m128i *)(const void *)(dp + k)),
                                               _mm_loadu_si128((const __m128i *)(const void *)(cp + k))));
        } else {
            for (; k + 16 <= bytes; k += 16)
                _mm_storeu_si128((__m128i *)(void *)(dp + k),
                                 _mm_add_epi32(_mm_loadu_si128((const __m128i *)(const void *)(dp + k)),
                                               _mm_loadu_si128((const __m128i *)(const void *)(cp + k))));
        }
#endif
        for (k /= sketch_width(dwide); k < n; k++)
            sketch_put(d, dwide, k, sketch_get(c, cwide, k));
    } else if (dwide) { /* a wide total taking a narrow part: the common mixed case */
        uint64_t *dd = d;
        const uint32_t *cc = c;
        uint32_t k = 0;
#if defined(__SSE2__)
        const __m128i zero = _mm_setzero_si128();
        for (; k + 4 <= n; k += 4) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(cc + k));
            __m128i *lo = (__m128i *)(void *)(dd + k), *hi = (__m128i *)(void *)(dd + k + 2);
            _mm_storeu_si128(lo, _mm_add_epi64(_mm_loadu_si128(lo), _mm_unpacklo_epi32(v, zero)));
            _mm_storeu_si128(hi, _mm_add_epi64(_mm_loadu_si128(hi), _mm_unpackhi_epi32(v, zero)));
        }
#endif
        for (; k < n; k++)
            dd[k] += cc[k];
    } else {
        uint32_t *dd = d;
        const uint64_t *cc = c;
        for (uint32_t k = 0; k < n; k++)
            dd[k] += (uint32_t)cc[k]; /* fits: the sum is at most dst's new total */
    }
}

void cxkpi__sketch_merge(cxkpi__sketch *dst, const cxkpi__sketch *src)
{
    if (dst == src) {
        /* An empty window may have no buffer at all: no pointer arithmetic on it then. */
        if (dst->positive) {
            void *d = sketch_at(dst->counts.any, dst->wide, (size_t)(dst->lo - dst->base));
            sketch_add_counts(d, dst->wide, d, dst->wide, sketch_span(dst));
        }
        dst->positive *= 2;
        dst->zeros *= 2;
        return;
    }
    if (src->positive) {
        int32_t nlo = src->lo, nhi = src->hi;
        if (dst->positive) {
            nlo = dst->lo < nlo ? dst->lo : nlo;
            nhi = dst->hi > nhi ? dst->hi : nhi;
        }
        if ((int64_t)nhi - nlo + 1 <= (int64_t)dst->max_buckets &&
            sketch_cover(dst, nlo, nhi) == CXKPI_OK) {
            /* No collapse: the window now covers both spans (merge_reserve made room, so
             * sketch_cover only moved it), and the buckets add up one to one. */
            sketch_add_counts(
                sketch_at(dst->counts.any, dst->wide, (size_t)(src->lo - dst->base)), dst->wide,
                sketch_at(src->counts.any, src->wide, (size_t)(src->lo - src->base)), src->wide,
                sketch_span(src));
            dst->positive += src->positive;
            dst->lo = nlo;
            dst->hi = nhi;
        } else {
            for (int32_t i = src->lo; i <= src->hi; i++) {
                uint64_t c = cxkpi__sketch_count(src, i);
                if (c) /* cannot fail: merge_reserve made room for the whole span */
                    (void)cxkpi__sketch_add_slow(dst, i, c);
            }
        }
    }
    dst->zeros += src->zeros;
    dst->collapsed |= src->collapsed;
}

double cxkpi__sketch_value_at_rank(const cxkpi__sketch *s, uint64_t k)
{
    if (k < s->zeros)
        return 0.0;
    k -= s->zeros;
    int32_t i;
    if (k < s->positive / 2) {
        /* the first bucket whose count, with those below it, exceeds k */
        uint64_t below = 0;
        for (i = s->lo; i < s->hi; i++) {
            below += cxkpi__sketch_count(s, i);
            if (below > k)
                break;
        }
    } else {
        /* the same bucket found from the top (p90, p99 read a few buckets): the last one
         * whose count, with those above it, exceeds j = the rank counted from the top */
        const uint64_t j = s->positive - 1 - k;
        uint64_t above = 0;
        for (i = s->hi; i > s->lo; i--) {
            above += cxkpi__sketch_count(s, i);
            if (above > j)
                break;
        }
    }
    return exp2((double)i * s->w + SKETCH_EPS) * s->rep_factor;
}

size_t cxkpi__sketch_memory(const cxkpi__sketch *s)
{
    return (size_t)s->cap * sketch_width(s->wide);
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
        m += cxkpi__sketch_count(s, i) != 0;
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
        uint64_t c = cxkpi__sketch_count(s, i);
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

/* Reads the m dense or sparse entries into counts (when not NULL; zeroed, of width `wide`);
 * false when an entry is malformed. *total receives the sum of the counts. */
static bool sketch_read_entries(cxkpi__reader *r, int enc, uint32_t span, uint32_t m,
                                void *counts, bool wide, uint64_t *total)
{
    bool ok = true;
    *total = 0;
    if (enc == ENC_DENSE) {
        for (uint32_t j = 0; j < span; j++) {
            uint64_t c = cxkpi__get_u64(r);
            ok &= c == 0 || sketch_take(total, c);
            ok &= (j != 0 && j != span - 1) || c != 0; /* the span's edges are non-empty */
            if (counts && ok)
                sketch_put(counts, wide, j, c);
        }
    } else {
        int64_t prev = -1;
        for (uint32_t j = 0; j < m && ok; j++) {
            uint32_t off = cxkpi__get_u32(r);
            uint64_t c = cxkpi__get_u64(r);
            ok = (int64_t)off > prev && off < span && sketch_take(total, c) &&
                 (j != 0 || off == 0) && (j != m - 1 || off == span - 1);
            if (counts && ok)
                sketch_put(counts, wide, off, c);
            prev = off;
        }
    }
    return ok && !r->bad;
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
    /* First pass: check every entry and total the counts, which decide the counters' width
     * (canonical: the span is exactly [lowest, highest] non-empty bucket); second pass:
     * store them. */
    cxkpi__reader probe = *r;
    uint64_t total;
    if (!sketch_read_entries(&probe, enc, span, m, NULL, false, &total))
        return CXKPI_EFORMAT;
    s->wide = total > UINT32_MAX;
    s->counts.any = cxkpi__alloc_zeroed(span, sketch_width(s->wide));
    if (!s->counts.any)
        return CXKPI_ENOMEM;
    s->cap = span;
    s->base = s->lo = lo;
    s->hi = (int32_t)hi;
    (void)sketch_read_entries(r, enc, span, m, s->counts.any, s->wide, &total);
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

double cxkpi__sketch_bucket_value(const cxkpi__sketch *s, int32_t i)
{
    return exp2((double)i * s->w + SKETCH_EPS) * s->rep_factor;
}
