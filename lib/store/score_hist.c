#include "store/score_hist.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/counter.h"
#include "common/percent.h"

/* The byte-batch fast path (x86 SSE2, plus AVX2 when the CPU has it) is GNU C: vector
 * intrinsics and a per-function target attribute; elsewhere the portable path runs. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HIST_SIMD 1
#else
#define HIST_SIMD 0
#endif

void cxkpi__hist_init(cxkpi__score_hist *h, uint64_t *counts, int32_t min, uint32_t bins)
{
    h->min = min;
    h->bins = bins;
    h->counts = counts;
    cxkpi__hist_reset(h);
}

void cxkpi__hist_reset(cxkpi__score_hist *h)
{
    h->total = 0;
    memset(h->counts, 0, h->bins * sizeof h->counts[0]);
}

/* Batches below this size count straight into the histogram; larger ones count into four
 * interleaved local histograms first, so that runs of equal scores do not serialize on
 * one counter's store-to-load dependency, and are folded in at the end. */
#define HIST_LANES 4
#define HIST_SPLIT_MIN 256

/* The offset from the scale's lowest score of score i of a batch of bytes or of int32:
 * below bins exactly when the score is on the scale (a score below the minimum wraps
 * around to a large unsigned value). */
static inline uint32_t hist_offset(const void *scores, bool bytes, size_t i, uint32_t base)
{
    return (bytes ? (uint32_t)((const uint8_t *)scores)[i]
                  : (uint32_t)((const int32_t *)scores)[i]) - base;
}

/* The portable batch add, for bytes or int32 scores. */
static cxkpi_status hist_add_many_lanes(cxkpi__score_hist *h, const void *scores, bool bytes,
                                        size_t n)
{
    /* Validate the whole batch first: the batch is atomic. */
    uint32_t bad = 0;
    const uint32_t bins = h->bins, base = (uint32_t)h->min;
    for (size_t i = 0; i < n; i++)
        bad |= hist_offset(scores, bytes, i, base) >= bins;
    if (bad)
        return CXKPI_ERANGE;
    if ((uint64_t)n > UINT64_MAX - h->total)
        return CXKPI_EOVERFLOW;
    if (n < HIST_SPLIT_MIN) {
        for (size_t i = 0; i < n; i++)
            h->counts[hist_offset(scores, bytes, i, base)]++;
    } else {
        uint64_t lane[HIST_LANES][CXKPI__HIST_MAX_BINS];
        memset(lane, 0, sizeof lane);
        size_t i = 0;
        for (; i + HIST_LANES <= n; i += HIST_LANES) {
            lane[0][hist_offset(scores, bytes, i, base)]++;
            lane[1][hist_offset(scores, bytes, i + 1, base)]++;
            lane[2][hist_offset(scores, bytes, i + 2, base)]++;
            lane[3][hist_offset(scores, bytes, i + 3, base)]++;
        }
        for (; i < n; i++)
            lane[0][hist_offset(scores, bytes, i, base)]++;
        for (uint32_t b = 0; b < bins; b++)
            h->counts[b] += lane[0][b] + lane[1][b] + lane[2][b] + lane[3][b];
    }
    h->total += n;
    return CXKPI_OK;
}

#if HIST_SIMD
/* Byte batches on scales of at most HIST_SIMD_MAX_BINS points, in one pass and without a
 * separate validation pass: count, with vector compares, how many bytes equal each
 * scale point into local counters; the batch is valid exactly when those counts add up
 * to n (a byte outside the scale matches no point), and only then are they committed.
 *
 * The data goes by blocks of at most 255 vectors (4 KiB with SSE2, 8 KiB with AVX2, so a
 * block stays in L1); each block is read once per group of 4 scale points. For each
 * point, the 0 / -1 results of a byte compare are subtracted from a vector of byte
 * counters, which cannot wrap within a block, and are summed into 64-bit counts at the
 * end of the block (psadbw). Four counters per pass keep everything in registers (a
 * wider pass made GCC 12 spill them); points beyond the scale in the last group count
 * bytes that are invalid anyway and are ignored. */
#define HIST_SIMD_MAX_BINS 64u
#define HIST_GROUP 4u
#define HIST_BLOCK_VECTORS 255u

typedef void (*hist_count4_fn)(const uint8_t *s, size_t vectors, uint32_t first, uint64_t *out);

/* hist_count4_<isa>(s, vectors, first, out): out[j] += the number of bytes of the
 * `vectors` vectors at s (vectors <= 255) equal to first + j, for j < 4. One function per
 * instruction set, the same steps in each. */
static void hist_count4_sse2(const uint8_t *s, size_t vectors, uint32_t first, uint64_t *out)
{
    const __m128i zero = _mm_setzero_si128();
    const __m128i w0 = _mm_set1_epi8((char)first), w1 = _mm_set1_epi8((char)(first + 1));
    const __m128i w2 = _mm_set1_epi8((char)(first + 2)), w3 = _mm_set1_epi8((char)(first + 3));
    __m128i c0 = zero, c1 = zero, c2 = zero, c3 = zero;
    for (size_t k = 0; k < vectors; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + k * 16));
        c0 = _mm_sub_epi8(c0, _mm_cmpeq_epi8(v, w0));
        c1 = _mm_sub_epi8(c1, _mm_cmpeq_epi8(v, w1));
        c2 = _mm_sub_epi8(c2, _mm_cmpeq_epi8(v, w2));
        c3 = _mm_sub_epi8(c3, _mm_cmpeq_epi8(v, w3));
    }
    const __m128i sums[HIST_GROUP] = {_mm_sad_epu8(c0, zero), _mm_sad_epu8(c1, zero),
                                      _mm_sad_epu8(c2, zero), _mm_sad_epu8(c3, zero)};
    for (unsigned j = 0; j < HIST_GROUP; j++) {
        uint64_t part[2];
        _mm_storeu_si128((__m128i *)(void *)part, sums[j]);
        out[j] += part[0] + part[1];
    }
}

#if defined(__x86_64__) || defined(__i386__)
#define HIST_AVX2 1
__attribute__((target("avx2"))) static void hist_count4_avx2(const uint8_t *s, size_t vectors,
                                                             uint32_t first, uint64_t *out)
{
    const __m256i zero = _mm256_setzero_si256();
    const __m256i w0 = _mm256_set1_epi8((char)first), w1 = _mm256_set1_epi8((char)(first + 1));
    const __m256i w2 = _mm256_set1_epi8((char)(first + 2));
    const __m256i w3 = _mm256_set1_epi8((char)(first + 3));
    __m256i c0 = zero, c1 = zero, c2 = zero, c3 = zero;
    for (size_t k = 0; k < vectors; k++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + k * 32));
        c0 = _mm256_sub_epi8(c0, _mm256_cmpeq_epi8(v, w0));
        c1 = _mm256_sub_epi8(c1, _mm256_cmpeq_epi8(v, w1));
        c2 = _mm256_sub_epi8(c2, _mm256_cmpeq_epi8(v, w2));
        c3 = _mm256_sub_epi8(c3, _mm256_cmpeq_epi8(v, w3));
    }
    const __m256i sums[HIST_GROUP] = {_mm256_sad_epu8(c0, zero), _mm256_sad_epu8(c1, zero),
                                      _mm256_sad_epu8(c2, zero), _mm256_sad_epu8(c3, zero)};
    for (unsigned j = 0; j < HIST_GROUP; j++) {
        uint64_t part[4];
        _mm256_storeu_si256((__m256i *)(void *)part, sums[j]);
        out[j] += part[0] + part[1] + part[2] + part[3];
    }
}
#else
#define HIST_AVX2 0
#endif

/* Adds to local[b] the number of the n bytes at s equal to base + b, for b < bins
 * (local has room for bins rounded up to a whole group). */
static void hist_count_bytes(const uint8_t *s, size_t n, uint32_t base, uint32_t bins,
                             uint64_t *local, hist_count4_fn count4, size_t width)
{
    size_t i = 0;
    while (n - i >= width) {
        size_t vectors = (n - i) / width;
        if (vectors > HIST_BLOCK_VECTORS)
            vectors = HIST_BLOCK_VECTORS;
        for (uint32_t g = 0; g < bins; g += HIST_GROUP)
            count4(s + i, vectors, base + g, local + g);
        i += vectors * width;
    }
    for (; i < n; i++) {
        uint32_t x = (uint32_t)s[i] - base;
        if (x < bins)
            local[x]++;
    }
}

/* Commits local counts of a batch of n scores: only if every score was counted (none was
 * outside the scale) and the total cannot overflow. */
static cxkpi_status hist_commit(cxkpi__score_hist *h, const uint64_t *local, size_t n)
{
    uint64_t counted = 0;
    for (uint32_t b = 0; b < h->bins; b++)
        counted += local[b];
    if (counted != (uint64_t)n)
        return CXKPI_ERANGE;
    if ((uint64_t)n > UINT64_MAX - h->total)
        return CXKPI_EOVERFLOW;
    for (uint32_t b = 0; b < h->bins; b++)
        h->counts[b] += local[b];
    h->total += n;
    return CXKPI_OK;
}

static cxkpi_status hist_add_many_u8_simd(cxkpi__score_hist *h, const uint8_t *scores, size_t n,
                                          hist_count4_fn count4, size_t width)
{
    uint64_t local[HIST_SIMD_MAX_BINS + HIST_GROUP] = {0};
    hist_count_bytes(scores, n, (uint32_t)h->min, h->bins, local, count4, width);
    return hist_commit(h, local, n);
}

/* int32 batches: each chunk is checked and narrowed to bytes `score - min` (SSE2: 16 at a
 * time, with an unsigned range compare done as a signed one on sign-flipped values), then
 * counted like a byte batch on the scale 0..bins-1. */
#define HIST_I32_CHUNK (HIST_BLOCK_VECTORS * 32u)

static bool hist_narrow_sse2(const int32_t *s, size_t n, uint32_t base, uint32_t bins, uint8_t *out)
{
    const __m128i vbase = _mm_set1_epi32((int)base), flip = _mm_set1_epi32(INT32_MIN);
    const __m128i limit = _mm_set1_epi32(INT32_MIN + (int32_t)(bins - 1));
    __m128i bad = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i x[4];
        for (int k = 0; k < 4; k++) {
            x[k] = _mm_sub_epi32(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 4 * k)),
                                 vbase);
            bad = _mm_or_si128(bad, _mm_cmpgt_epi32(_mm_xor_si128(x[k], flip), limit));
        }
        __m128i lo = _mm_packs_epi32(x[0], x[1]), hi = _mm_packs_epi32(x[2], x[3]);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(lo, hi));
    }
    uint32_t tail_bad = 0;
    for (; i < n; i++) {
        uint32_t x = (uint32_t)s[i] - base;
        tail_bad |= x >= bins;
        out[i] = (uint8_t)x;
    }
    return _mm_movemask_epi8(bad) == 0 && !tail_bad;
}

static cxkpi_status hist_add_many_i32_simd(cxkpi__score_hist *h, const int32_t *scores, size_t n,
                                           hist_count4_fn count4, size_t width)
{
    uint64_t local[HIST_SIMD_MAX_BINS + HIST_GROUP] = {0};
    uint8_t narrow[HIST_I32_CHUNK];
    for (size_t i = 0; i < n;) {
        size_t m = n - i < HIST_I32_CHUNK ? n - i : HIST_I32_CHUNK;
        if (!hist_narrow_sse2(scores + i, m, (uint32_t)h->min, h->bins, narrow))
            return CXKPI_ERANGE;
        hist_count_bytes(narrow, m, 0, h->bins, local, count4, width);
        i += m;
    }
    return hist_commit(h, local, n);
}

/* The vector kernel for `path`, when it applies to this batch. */
static bool hist_pick(const cxkpi__score_hist *h, size_t n, enum cxkpi__hist_u8_path path,
                      hist_count4_fn *count4, size_t *width)
{
    if (path == CXKPI__HIST_U8_PORTABLE || h->bins > HIST_SIMD_MAX_BINS || n < HIST_SPLIT_MIN)
        return false;
#if HIST_AVX2
    if (path == CXKPI__HIST_U8_AVX2) {
        *count4 = hist_count4_avx2;
        *width = sizeof(__m256i);
        return true;
    }
#endif
    *count4 = hist_count4_sse2;
    *width = sizeof(__m128i);
    return true;
}
#endif

bool cxkpi__hist_u8_path_available(enum cxkpi__hist_u8_path path)
{
    switch (path) {
    case CXKPI__HIST_U8_PORTABLE:
        return true;
#if HIST_SIMD
    case CXKPI__HIST_U8_SSE2:
        return true;
#if HIST_AVX2
    case CXKPI__HIST_U8_AVX2:
        return __builtin_cpu_supports("avx2");
#endif
#endif
    default:
        return false;
    }
}

static enum cxkpi__hist_u8_path hist_best_path(void)
{
    return cxkpi__hist_u8_path_available(CXKPI__HIST_U8_AVX2) ? CXKPI__HIST_U8_AVX2
                                                               : CXKPI__HIST_U8_SSE2;
}

/* A byte or int32 batch through the vector kernel of `path` when it applies, else the
 * portable one. */
static cxkpi_status hist_add_many_using(cxkpi__score_hist *h, const void *scores, bool bytes,
                                        size_t n, enum cxkpi__hist_u8_path path)
{
#if HIST_SIMD
    hist_count4_fn count4;
    size_t width;
    if (hist_pick(h, n, path, &count4, &width))
        return bytes ? hist_add_many_u8_simd(h, (const uint8_t *)scores, n, count4, width)
                     : hist_add_many_i32_simd(h, (const int32_t *)scores, n, count4, width);
#else
    (void)path;
#endif
    return hist_add_many_lanes(h, scores, bytes, n);
}

cxkpi_status cxkpi__hist_add_many_u8_using(cxkpi__score_hist *h, const uint8_t *scores, size_t n,
                                           enum cxkpi__hist_u8_path path)
{
    return hist_add_many_using(h, scores, true, n, path);
}

cxkpi_status cxkpi__hist_add_many_i32_using(cxkpi__score_hist *h, const int32_t *scores, size_t n,
                                            enum cxkpi__hist_u8_path path)
{
    return hist_add_many_using(h, scores, false, n, path);
}

cxkpi_status cxkpi__hist_add_many_u8(cxkpi__score_hist *h, const uint8_t *scores, size_t n)
{
    if (!h || (!scores && n))
        return CXKPI_EINVAL;
    return cxkpi__hist_add_many_u8_using(h, scores, n, hist_best_path());
}

cxkpi_status cxkpi__hist_add_many_i32(cxkpi__score_hist *h, const int32_t *scores, size_t n)
{
    if (!h || (!scores && n))
        return CXKPI_EINVAL;
    return cxkpi__hist_add_many_i32_using(h, scores, n, hist_best_path());
}

/* Wide batches: int64 and double scores, the types data tools and most FFI languages hold.
 * Each chunk is checked and narrowed to bytes `score - min` (a NaN double, "no answer", to
 * HIST_NO_ANSWER, which is no point of any scale), then counted like a byte batch. Nothing
 * is committed until every chunk has passed, so a bad score anywhere counts nothing. */
#define HIST_WIDE_CHUNK (255u * 32u)
#define HIST_NO_ANSWER 255u

/* Narrows scores[first .. first + m) into out; false when one of them is not acceptable. */
typedef bool (*hist_narrow_fn)(const void *scores, size_t first, size_t m, int32_t min,
                               uint32_t bins, uint8_t *out);

static bool hist_narrow_i64_portable(const void *scores, size_t first, size_t m, int32_t min,
                                     uint32_t bins, uint8_t *out)
{
    const int64_t *s = (const int64_t *)scores + first;
    uint64_t bad = 0;
    for (size_t i = 0; i < m; i++) {
        uint64_t x = (uint64_t)s[i] - (uint64_t)(int64_t)min;
        bad |= x >= bins;
        out[i] = (uint8_t)x;
    }
    return !bad;
}

/* A double is a score when it is integral and on the scale; NaN is no answer; anything
 * else (a fraction, an infinity, a value off the scale) is refused. */
static bool hist_narrow_f64_portable(const void *scores, size_t first, size_t m, int32_t min,
                                     uint32_t bins, uint8_t *out)
{
    const double *s = (const double *)scores + first;
    const double lo = (double)min, hi = (double)(min + (int32_t)bins - 1);
    for (size_t i = 0; i < m; i++) {
        double x = s[i];
        if (isnan(x)) {
            out[i] = HIST_NO_ANSWER;
            continue;
        }
        if (!(x >= lo && x <= hi)) /* the range check makes the conversion defined */
            return false;
        int32_t k = (int32_t)x;
        if ((double)k != x)
            return false;
        out[i] = (uint8_t)(k - min);
    }
    return true;
}

#if HIST_SIMD
/* SSE2 has no 64-bit compare: the low and high halves of `score - min` are split apart
 * (shuffles); the high halves must all be zero and the low ones below bins (checked as in
 * hist_narrow_sse2). Sixteen scores per round, packed to bytes like int32. */
static bool hist_narrow_i64_sse2(const void *scores, size_t first, size_t m, int32_t min,
                                 uint32_t bins, uint8_t *out)
{
    const int64_t *s = (const int64_t *)scores + first;
    const __m128i vbase = _mm_set1_epi64x((long long)min), flip = _mm_set1_epi32(INT32_MIN);
    const __m128i limit = _mm_set1_epi32(INT32_MIN + (int32_t)(bins - 1));
    __m128i bad = _mm_setzero_si128(), high = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= m; i += 16) {
        __m128i x[4];
        for (int k = 0; k < 4; k++) {
            const int64_t *p = s + i + 4 * k;
            __m128 a = _mm_castsi128_ps(
                _mm_sub_epi64(_mm_loadu_si128((const __m128i *)(const void *)p), vbase));
            __m128 b = _mm_castsi128_ps(
                _mm_sub_epi64(_mm_loadu_si128((const __m128i *)(const void *)(p + 2)), vbase));
            x[k] = _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
            high = _mm_or_si128(high, _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1))));
            bad = _mm_or_si128(bad, _mm_cmpgt_epi32(_mm_xor_si128(x[k], flip), limit));
        }
        __m128i lo = _mm_packs_epi32(x[0], x[1]), hi = _mm_packs_epi32(x[2], x[3]);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(lo, hi));
    }
    bool ok = _mm_movemask_epi8(bad) == 0 &&
              _mm_movemask_epi8(_mm_cmpeq_epi32(high, _mm_setzero_si128())) == 0xFFFF;
    return ok && hist_narrow_i64_portable(s + i, 0, m - i, min, bins, out + i);
}

/* Doubles two at a time: truncated to int32 (an out-of-range or NaN input gives INT32_MIN,
 * no undefined behaviour), converted back; a score is a lane on the scale whose round trip
 * is exact. NaN lanes become HIST_NO_ANSWER. */
static bool hist_narrow_f64_sse2(const void *scores, size_t first, size_t m, int32_t min,
                                 uint32_t bins, uint8_t *out)
{
    const double *s = (const double *)scores + first;
    const __m128d lo = _mm_set1_pd((double)min);
    const __m128d hi = _mm_set1_pd((double)(min + (int32_t)bins - 1));
    const __m128i vbase = _mm_set1_epi32(min), none = _mm_set1_epi32((int)HIST_NO_ANSWER);
    __m128d good = _mm_castsi128_pd(_mm_set1_epi32(-1));
    size_t i = 0;
    for (; i + 16 <= m; i += 16) {
        __m128i x[4];
        for (int k = 0; k < 4; k++) {
            const double *p = s + i + 4 * k;
            __m128d a = _mm_loadu_pd(p), b = _mm_loadu_pd(p + 2);
            __m128i ka = _mm_cvttpd_epi32(a), kb = _mm_cvttpd_epi32(b);
            __m128d na = _mm_cmpunord_pd(a, a), nb = _mm_cmpunord_pd(b, b);
            __m128d oka = _mm_and_pd(_mm_and_pd(_mm_cmpge_pd(a, lo), _mm_cmple_pd(a, hi)),
                                     _mm_cmpeq_pd(_mm_cvtepi32_pd(ka), a));
            __m128d okb = _mm_and_pd(_mm_and_pd(_mm_cmpge_pd(b, lo), _mm_cmple_pd(b, hi)),
                                     _mm_cmpeq_pd(_mm_cvtepi32_pd(kb), b));
            good = _mm_and_pd(good, _mm_and_pd(_mm_or_pd(oka, na), _mm_or_pd(okb, nb)));
            __m128i nan4 = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(na), _mm_castpd_ps(nb),
                                                           _MM_SHUFFLE(2, 0, 2, 0)));
            __m128i k4 = _mm_sub_epi32(_mm_unpacklo_epi64(ka, kb), vbase);
            x[k] = _mm_or_si128(_mm_andnot_si128(nan4, k4), _mm_and_si128(nan4, none));
        }
        __m128i l = _mm_packs_epi32(x[0], x[1]), h = _mm_packs_epi32(x[2], x[3]);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(l, h));
    }
    return _mm_movemask_pd(good) == 3 &&
           hist_narrow_f64_portable(s + i, 0, m - i, min, bins, out + i);
}

#if HIST_AVX2
/* int64 on AVX2 machines, four at a time: AVX2 has the 64-bit compare, so the range check
 * is one unsigned compare (done as a signed one on sign-flipped values) of `score - min`
 * against bins - 1, and a permute gathers the low halves for the byte packing. */
__attribute__((target("avx2"))) static bool
hist_narrow_i64_avx2(const void *scores, size_t first, size_t m, int32_t min, uint32_t bins,
                     uint8_t *out)
{
    const int64_t *s = (const int64_t *)scores + first;
    const __m256i vbase = _mm256_set1_epi64x((long long)min);
    const __m256i flip = _mm256_set1_epi64x(INT64_MIN);
    const __m256i limit = _mm256_set1_epi64x(INT64_MIN + (int64_t)(bins - 1));
    const __m256i lows = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    __m256i bad = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 16 <= m; i += 16) {
        __m128i x[4];
        for (int k = 0; k < 4; k++) {
            __m256i v = _mm256_sub_epi64(
                _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 4 * k)), vbase);
            bad = _mm256_or_si256(bad, _mm256_cmpgt_epi64(_mm256_xor_si256(v, flip), limit));
            x[k] = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(v, lows));
        }
        __m128i l = _mm_packs_epi32(x[0], x[1]), h = _mm_packs_epi32(x[2], x[3]);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(l, h));
    }
    return _mm256_testz_si256(bad, bad) &&
           hist_narrow_i64_portable(s + i, 0, m - i, min, bins, out + i);
}

/* The same for doubles, four at a time (AVX2 machines). */
__attribute__((target("avx2"))) static bool
hist_narrow_f64_avx2(const void *scores, size_t first, size_t m, int32_t min, uint32_t bins,
                     uint8_t *out)
{
    const double *s = (const double *)scores + first;
    const __m256d lo = _mm256_set1_pd((double)min);
    const __m256d hi = _mm256_set1_pd((double)(min + (int32_t)bins - 1));
    const __m256d gap = _mm256_set1_pd((double)min + HIST_NO_ANSWER);
    const __m128i vbase = _mm_set1_epi32(min);
    __m256d good = _mm256_castsi256_pd(_mm256_set1_epi32(-1));
    size_t i = 0;
    for (; i + 16 <= m; i += 16) {
        __m128i x[4];
        for (int k = 0; k < 4; k++) {
            __m256d a = _mm256_loadu_pd(s + i + 4 * k);
            __m256d nan = _mm256_cmp_pd(a, a, _CMP_UNORD_Q);
            __m256d t = _mm256_blendv_pd(a, gap, nan);
            __m256d ok = _mm256_and_pd(
                _mm256_and_pd(_mm256_cmp_pd(t, lo, _CMP_GE_OQ), _mm256_cmp_pd(t, hi, _CMP_LE_OQ)),
                _mm256_cmp_pd(_mm256_round_pd(t, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC), t,
                              _CMP_EQ_OQ));
            good = _mm256_and_pd(good, _mm256_or_pd(ok, nan));
            x[k] = _mm_sub_epi32(_mm256_cvttpd_epi32(t), vbase);
        }
        __m128i l = _mm_packs_epi32(x[0], x[1]), h = _mm_packs_epi32(x[2], x[3]);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(l, h));
    }
    return _mm256_movemask_pd(good) == 15 &&
           hist_narrow_f64_portable(s + i, 0, m - i, min, bins, out + i);
}
#endif
#endif

/* Counts narrowed bytes (b < bins is a score; HIST_NO_ANSWER is not) into local. */
static void hist_count_narrow_portable(const uint8_t *s, size_t n, uint64_t *local)
{
    uint64_t lane[HIST_LANES][256];
    memset(lane, 0, sizeof lane);
    size_t i = 0;
    for (; i + HIST_LANES <= n; i += HIST_LANES) {
        lane[0][s[i]]++;
        lane[1][s[i + 1]]++;
        lane[2][s[i + 2]]++;
        lane[3][s[i + 3]]++;
    }
    for (; i < n; i++)
        lane[0][s[i]]++;
    for (uint32_t b = 0; b < CXKPI__HIST_MAX_BINS; b++)
        local[b] += lane[0][b] + lane[1][b] + lane[2][b] + lane[3][b];
}

static cxkpi_status hist_add_many_wide(cxkpi__score_hist *h, const void *scores, size_t n,
                                       hist_narrow_fn narrow, enum cxkpi__hist_u8_path path,
                                       size_t *skipped)
{
    uint64_t local[CXKPI__HIST_MAX_BINS + 4] = {0}; /* room for the vector kernel's groups */
    uint8_t buf[HIST_WIDE_CHUNK];
#if HIST_SIMD
    hist_count4_fn count4;
    size_t width;
    const bool simd = hist_pick(h, n, path, &count4, &width);
#else
    (void)path;
#endif
    for (size_t i = 0; i < n;) {
        size_t m = n - i < HIST_WIDE_CHUNK ? n - i : HIST_WIDE_CHUNK;
        if (!narrow(scores, i, m, h->min, h->bins, buf))
            return CXKPI_ERANGE;
#if HIST_SIMD
        if (simd)
            hist_count_bytes(buf, m, 0, h->bins, local, count4, width);
        else
#endif
        if (m < HIST_SPLIT_MIN) {
            for (size_t j = 0; j < m; j++)
                local[buf[j] < h->bins ? buf[j] : CXKPI__HIST_MAX_BINS]++;
        } else {
            hist_count_narrow_portable(buf, m, local);
        }
        i += m;
    }
    uint64_t counted = 0;
    for (uint32_t b = 0; b < h->bins; b++)
        counted += local[b];
    if (counted > UINT64_MAX - h->total)
        return CXKPI_EOVERFLOW;
    for (uint32_t b = 0; b < h->bins; b++)
        h->counts[b] += local[b];
    h->total += counted;
    *skipped = n - (size_t)counted;
    return CXKPI_OK;
}

static hist_narrow_fn hist_narrow_for(bool is_double, enum cxkpi__hist_u8_path path)
{
#if HIST_SIMD
#if HIST_AVX2
    if (path == CXKPI__HIST_U8_AVX2)
        return is_double ? hist_narrow_f64_avx2 : hist_narrow_i64_avx2;
#endif
    if (path != CXKPI__HIST_U8_PORTABLE)
        return is_double ? hist_narrow_f64_sse2 : hist_narrow_i64_sse2;
#else
    (void)path;
#endif
    return is_double ? hist_narrow_f64_portable : hist_narrow_i64_portable;
}

cxkpi_status cxkpi__hist_add_many_i64_using(cxkpi__score_hist *h, const int64_t *scores, size_t n,
                                            enum cxkpi__hist_u8_path path)
{
    size_t skipped;
    return hist_add_many_wide(h, scores, n, hist_narrow_for(false, path), path, &skipped);
}

cxkpi_status cxkpi__hist_add_many_f64_using(cxkpi__score_hist *h, const double *scores, size_t n,
                                            size_t *skipped, enum cxkpi__hist_u8_path path)
{
    size_t none;
    cxkpi_status st = hist_add_many_wide(h, scores, n, hist_narrow_for(true, path), path, &none);
    if (st == CXKPI_OK && skipped)
        *skipped = none;
    return st;
}

cxkpi_status cxkpi__hist_add_many_i64(cxkpi__score_hist *h, const int64_t *scores, size_t n)
{
    if (!h || (!scores && n))
        return CXKPI_EINVAL;
    return cxkpi__hist_add_many_i64_using(h, scores, n, hist_best_path());
}

cxkpi_status cxkpi__hist_add_many_f64(cxkpi__score_hist *h, const double *scores, size_t n,
                                      size_t *skipped)
{
    if (!h || (!scores && n))
        return CXKPI_EINVAL;
    return cxkpi__hist_add_many_f64_using(h, scores, n, skipped, hist_best_path());
}

void cxkpi__hist_copy(cxkpi__score_hist *dst, const cxkpi__score_hist *src)
{
    memcpy(dst->counts, src->counts, src->bins * sizeof src->counts[0]);
    dst->total = src->total;
}

/* One group of a grouped batch: where its counts start in the batch's table, and its
 * scale (doubles are checked against lo..hi before any conversion). */
typedef struct hist_group {
    size_t off;
    double lo, hi;
    int32_t min;
    uint32_t bins;
} hist_group;

/* The single pass of a grouped batch: counts into table (one row of bins per group) and
 * checks everything; nothing outside table and *gaps is written. */
static cxkpi_status hist_count_grouped(const hist_group *q, size_t groups, const uint32_t *group,
                                       const void *values, size_t n, const uint8_t *map,
                                       uint64_t *table, size_t *gaps)
{
    if (!map) {
        const double *x = values;
        for (size_t i = 0; i < n; i++) {
            const uint32_t g = group[i];
            if (g >= groups)
                return CXKPI_ERANGE;
            const double v = x[i];
            if (isnan(v)) {
                ++*gaps;
                continue;
            }
            if (!(v >= q[g].lo && v <= q[g].hi)) /* makes the conversion defined */
                return CXKPI_ERANGE;
            const int32_t k = (int32_t)v;
            if ((double)k != v)
                return CXKPI_ERANGE;
            table[q[g].off + (uint32_t)(k - q[g].min)]++;
        }
        return CXKPI_OK;
    }
    const uint32_t *w = values;
    for (size_t i = 0; i < n; i++) {
        const uint32_t g = group[i];
        if (g >= groups)
            return CXKPI_ERANGE;
        const uint32_t b = w[i] < CXKPI__HIST_MAP_SIZE ? map[w[i]] : CXKPI__HIST_NO_BIN;
        if (b >= q[g].bins)
            return CXKPI_ERANGE;
        table[q[g].off + b]++;
    }
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_add_grouped(const void *accs, cxkpi__hist_at_fn at, size_t groups,
                                     const uint32_t *group, const void *values, size_t n,
                                     const uint8_t *map, size_t *skipped)
{
    if (!accs || (n && (!group || !values)))
        return CXKPI_EINVAL;
    cxkpi__score_hist **h = cxkpi__alloc_array(groups ? groups : 1, sizeof *h);
    hist_group *q = cxkpi__alloc_array(groups ? groups : 1, sizeof *q);
    size_t cells = 0;
    cxkpi_status st = h && q ? CXKPI_OK : CXKPI_ENOMEM;
    for (size_t g = 0; g < groups && st == CXKPI_OK; g++) {
        if (!(h[g] = at(accs, g))) {
            st = CXKPI_EINVAL;
            break;
        }
        q[g] = (hist_group){cells, (double)h[g]->min,
                            (double)(h[g]->min + (int32_t)h[g]->bins - 1), h[g]->min,
                            h[g]->bins};
        cells += h[g]->bins; /* at most 101 a group: the allocation below fails first */
    }
    uint64_t *table = NULL;
    if (st == CXKPI_OK && !(table = cxkpi__alloc_zeroed(cells ? cells : 1, sizeof *table)))
        st = CXKPI_ENOMEM;
    size_t gaps = 0;
    if (st == CXKPI_OK)
        st = hist_count_grouped(q, groups, group, values, n, map, table, &gaps);
    /* Every group's count must stay below 2^64 before anything is committed. */
    for (size_t g = 0; g < groups && st == CXKPI_OK; g++) {
        uint64_t add = 0;
        for (uint32_t b = 0; b < q[g].bins; b++)
            add += table[q[g].off + b];
        if (add > UINT64_MAX - h[g]->total)
            st = CXKPI_EOVERFLOW;
    }
    for (size_t g = 0; g < groups && st == CXKPI_OK; g++) {
        for (uint32_t b = 0; b < q[g].bins; b++) {
            h[g]->counts[b] += table[q[g].off + b];
            h[g]->total += table[q[g].off + b];
        }
    }
    if (st == CXKPI_OK && skipped)
        *skipped = gaps;
    cxkpi__free(table);
    cxkpi__free(q);
    cxkpi__free(h);
    return st;
}

cxkpi_status cxkpi__hist_remove(cxkpi__score_hist *h, int32_t score)
{
    if (!h)
        return CXKPI_EINVAL;
    uint32_t i = cxkpi__hist_index(h, score);
    if (i >= h->bins)
        return CXKPI_ERANGE;
    if (h->counts[i] == 0)
        return CXKPI_ENOTFOUND;
    h->counts[i]--;
    h->total--;
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_merge(cxkpi__score_hist *dst, const cxkpi__score_hist *src)
{
    uint64_t total;
    if (!cxkpi__u64_add(dst->total, src->total, &total))
        return CXKPI_EOVERFLOW;
    for (uint32_t b = 0; b < dst->bins; b++)
        dst->counts[b] += src->counts[b];
    dst->total = total;
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_count_of(const cxkpi__score_hist *h, int32_t score, uint64_t *count)
{
    uint32_t i = cxkpi__hist_index(h, score);
    if (i >= h->bins)
        return CXKPI_ERANGE;
    *count = h->counts[i];
    return CXKPI_OK;
}

uint64_t cxkpi__hist_count_between(const cxkpi__score_hist *h, int32_t lo, int32_t hi)
{
    int64_t first = (int64_t)lo - h->min, last = (int64_t)hi - h->min;
    if (first < 0)
        first = 0;
    if (last > (int64_t)h->bins - 1)
        last = (int64_t)h->bins - 1;
    uint64_t sum = 0;
    for (int64_t b = first; b <= last; b++)
        sum += h->counts[b]; /* a sub-sum of total: cannot overflow */
    return sum;
}

/* The mean of integer scores on [min, max]; the two roundings (sum and total to double,
 * then the quotient) can land one ulp outside the scale (1.5e16 fives give 5.0000000000000009),
 * so the result is clamped back onto it. */
static double hist_mean_raw(const cxkpi__score_hist *h);

double cxkpi__hist_mean(const cxkpi__score_hist *h)
{
    return cxkpi__clamp(hist_mean_raw(h), (double)h->min,
                        (double)(h->min + (int32_t)h->bins - 1));
}

static double hist_mean_raw(const cxkpi__score_hist *h)
{
    /* Exact integer sum when it fits (it does below ~1.8e17 responses), so the mean is
     * one correctly rounded division, as sum(scores) / n computed by hand would be. */
    uint64_t sum = 0;
    bool exact = true;
    for (uint32_t b = 0; b < h->bins && exact; b++) {
        uint64_t term;
        exact = cxkpi__u64_mul((uint64_t)(h->min + (int32_t)b), h->counts[b], &term) &&
                cxkpi__u64_add(sum, term, &sum);
    }
    if (exact)
        return (double)sum / (double)h->total;
    long double wide = 0.0L;
    for (uint32_t b = 0; b < h->bins; b++)
        wide += (long double)(h->min + (int32_t)b) * (long double)h->counts[b];
    return (double)(wide / (long double)h->total);
}

size_t cxkpi__hist_payload_size(const cxkpi__score_hist *h)
{
    return (size_t)h->bins * 8u;
}

void cxkpi__hist_write(const cxkpi__score_hist *h, cxkpi__writer *w)
{
    for (uint32_t b = 0; b < h->bins; b++)
        cxkpi__put_u64(w, h->counts[b]);
}

cxkpi_status cxkpi__hist_read(cxkpi__score_hist *h, cxkpi__reader *r)
{
    uint64_t total = 0;
    for (uint32_t b = 0; b < h->bins; b++) {
        h->counts[b] = cxkpi__get_u64(r);
        if (!cxkpi__u64_add(total, h->counts[b], &total))
            return CXKPI_EFORMAT;
    }
    if (r->bad)
        return CXKPI_EFORMAT;
    h->total = total;
    return CXKPI_OK;
}
