/* Bucket indices of many values at once: one function per instruction set (portable,
 * SSE2, AVX2), each doing the operations of cxkpi__sketch_index() (store/sketch.h) in the
 * same order on every lane. They are the same IEEE-754 double operations, never fused (the
 * library is built with -ffp-contract=off), so every path gives every value the same
 * bucket: a batch fills a sketch exactly as single adds do. */
#include "store/sketch.h"

#include <math.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SKETCH_AVX2 1
#else
#define SKETCH_AVX2 0
#endif

static int32_t sketch_index_or_zero(const cxkpi__sketch *s, double v)
{
    return v < CXKPI__SKETCH_MIN_POSITIVE ? 0 : cxkpi__sketch_index(s, v);
}

static void sketch_index_many_portable(const cxkpi__sketch *s, const double *v, size_t n,
                                       int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = sketch_index_or_zero(s, v[i]);
}

#if defined(__SSE2__)
/* Two values per step. */
static void sketch_index_many_sse2(const cxkpi__sketch *s, const double *v, size_t n,
                                   int32_t *out)
{
    const __m128d inv_w = _mm_set1_pd(s->inv_w), one = _mm_set1_pd(1.0);
    const __m128i mantissa = _mm_set1_epi64x(0x000FFFFFFFFFFFFFll);
    const __m128i exponent_one = _mm_set1_epi64x(0x3FF0000000000000ll);
    const __m128i bias = _mm_set1_epi32(1023);
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        const __m128i u = _mm_castpd_si128(_mm_loadu_pd(v + i));
        uint64_t w[2];
        _mm_storeu_si128((__m128i *)(void *)w, u);
        const double *t0 = cxkpi__sketch_log2_table[(w[0] >> 45) & 127u];
        const double *t1 = cxkpi__sketch_log2_table[(w[1] >> 45) & 127u];
        /* the biased exponents, as int32 in lanes 0 and 1, then e = exponent - 1023 */
        __m128i ex = _mm_shuffle_epi32(_mm_srli_epi64(u, 52), _MM_SHUFFLE(2, 0, 2, 0));
        __m128d e = _mm_cvtepi32_pd(_mm_sub_epi32(ex, bias));
        __m128d m = _mm_castsi128_pd(_mm_or_si128(_mm_and_si128(u, mantissa), exponent_one));
        __m128d r = _mm_sub_pd(_mm_mul_pd(m, _mm_set_pd(t1[0], t0[0])), one);
        __m128d p = _mm_add_pd(_mm_set1_pd(CXKPI__SKETCH_LOG2_C3),
                               _mm_mul_pd(r, _mm_set1_pd(CXKPI__SKETCH_LOG2_C4)));
        p = _mm_add_pd(_mm_set1_pd(CXKPI__SKETCH_LOG2_C2), _mm_mul_pd(r, p));
        p = _mm_add_pd(_mm_set1_pd(CXKPI__SKETCH_LOG2_C1), _mm_mul_pd(r, p));
        p = _mm_mul_pd(r, p);
        __m128d l = _mm_add_pd(_mm_add_pd(e, _mm_set_pd(t1[1], t0[1])), p);
        __m128d x = _mm_mul_pd(l, inv_w);
        __m128i k = _mm_cvttpd_epi32(x); /* truncation, in lanes 0 and 1 */
        __m128d above = _mm_cmpgt_pd(x, _mm_cvtepi32_pd(k));
        /* ceil: add 1 where x > trunc(x) (the compare's all-ones lanes are -1) */
        k = _mm_sub_epi32(k, _mm_shuffle_epi32(_mm_castpd_si128(above), _MM_SHUFFLE(2, 0, 2, 0)));
        _mm_storel_epi64((__m128i *)(void *)(out + i), k);
    }
    sketch_index_many_portable(s, v + i, n - i, out + i);
}
#endif

#if SKETCH_AVX2
/* Four values per step, on a CPU with AVX2 (the caller checks). */
__attribute__((target("avx2"))) static void
sketch_index_many_avx2(const cxkpi__sketch *s, const double *v, size_t n, int32_t *out)
{
    const __m256i low32 = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6); /* the low dwords */
    const __m256d inv_w = _mm256_set1_pd(s->inv_w), one = _mm256_set1_pd(1.0);
    const __m256i mantissa = _mm256_set1_epi64x(0x000FFFFFFFFFFFFFll);
    const __m256i exponent_one = _mm256_set1_epi64x(0x3FF0000000000000ll);
    const __m128i bias = _mm_set1_epi32(1023);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256i u = _mm256_castpd_si256(_mm256_loadu_pd(v + i));
        uint64_t w[4];
        _mm256_storeu_si256((__m256i *)(void *)w, u);
        const double *t0 = cxkpi__sketch_log2_table[(w[0] >> 45) & 127u];
        const double *t1 = cxkpi__sketch_log2_table[(w[1] >> 45) & 127u];
        const double *t2 = cxkpi__sketch_log2_table[(w[2] >> 45) & 127u];
        const double *t3 = cxkpi__sketch_log2_table[(w[3] >> 45) & 127u];
        __m128i ex = _mm256_castsi256_si128(
            _mm256_permutevar8x32_epi32(_mm256_srli_epi64(u, 52), low32));
        __m256d e = _mm256_cvtepi32_pd(_mm_sub_epi32(ex, bias));
        __m256d m =
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(u, mantissa), exponent_one));
        __m256d r = _mm256_sub_pd(_mm256_mul_pd(m, _mm256_setr_pd(t0[0], t1[0], t2[0], t3[0])),
                                  one);
        __m256d p = _mm256_add_pd(_mm256_set1_pd(CXKPI__SKETCH_LOG2_C3),
                                  _mm256_mul_pd(r, _mm256_set1_pd(CXKPI__SKETCH_LOG2_C4)));
        p = _mm256_add_pd(_mm256_set1_pd(CXKPI__SKETCH_LOG2_C2), _mm256_mul_pd(r, p));
        p = _mm256_add_pd(_mm256_set1_pd(CXKPI__SKETCH_LOG2_C1), _mm256_mul_pd(r, p));
        p = _mm256_mul_pd(r, p);
        __m256d l =
            _mm256_add_pd(_mm256_add_pd(e, _mm256_setr_pd(t0[1], t1[1], t2[1], t3[1])), p);
        __m256d x = _mm256_mul_pd(l, inv_w);
        __m128i k = _mm256_cvttpd_epi32(x);
        __m256d above = _mm256_cmp_pd(x, _mm256_cvtepi32_pd(k), _CMP_GT_OQ);
        k = _mm_sub_epi32(k, _mm256_castsi256_si128(
                                 _mm256_permutevar8x32_epi32(_mm256_castpd_si256(above), low32)));
        _mm_storeu_si128((__m128i *)(void *)(out + i), k);
    }
    /* Clean upper halves before the SSE code that follows (the tail below, and the
     * caller's): compilers do not always insert this before a tail call, and SSE code
     * running with dirty upper halves was twice as slow on this machine's CPU. */
    _mm256_zeroupper();
    sketch_index_many_portable(s, v + i, n - i, out + i);
}
#endif

bool cxkpi__sketch_avx2_available(void)
{
#if SKETCH_AVX2
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

void cxkpi__sketch_index_many(const cxkpi__sketch *s, const double *v, size_t n, int32_t *out,
                              bool avx2)
{
#if SKETCH_AVX2
    if (avx2 && __builtin_cpu_supports("avx2")) {
        sketch_index_many_avx2(s, v, n, out);
        return;
    }
#else
    (void)avx2;
#endif
#if defined(__SSE2__)
    sketch_index_many_sse2(s, v, n, out);
#else
    sketch_index_many_portable(s, v, n, out);
#endif
}

int32_t cxkpi__sketch_index_libm(const cxkpi__sketch *s, double v)
{
    return (int32_t)ceil(log2(v) * s->inv_w);
}
