/* Batches of int64 and double scores for CSAT and NPS (the types NumPy, pandas and the
 * FFI of JavaScript, Ruby and PHP hand over). The rule for doubles: an integral value on
 * the scale is that score, NaN is "no answer" (not counted, reported as skipped), anything
 * else refuses the whole batch. Expected values are worked out by hand in the comments:
 * CSAT percent = 100 * satisfied / responses, NPS = 100 * (promoters - detractors) / n. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"
#include "store/score_hist.h"

static cxkpi_csat *new_csat(int32_t lo, int32_t hi, int32_t sat)
{
    cxkpi_csat *acc = NULL;
    assert_int_equal(cxkpi_csat_new(&acc, lo, hi, sat), CXKPI_OK);
    return acc;
}

static uint64_t csat_count(const cxkpi_csat *acc)
{
    uint64_t n;
    assert_int_equal(cxkpi_csat_count(acc, &n), CXKPI_OK);
    return n;
}

/* 1-5 scale, 4 and 5 satisfied: 5, 4, 2, 5, 3 -> 3 satisfied of 5 = 60 %, mean 19 / 5 = 3.8. */
static void csat_int64_scores(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    const int64_t scores[5] = {5, 4, 2, 5, 3};
    assert_int_equal(cxkpi_csat_add_many_i64(acc, scores, 5), CXKPI_OK);
    double pct, mean;
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 3.8);
    /* Off the scale, including values whose low 32 or 8 bits would be a valid score if
     * they were truncated: nothing of the batch is counted. */
    const int64_t bad[] = {0, 6, -1, INT64_MIN, INT64_MAX, ((int64_t)1 << 32) + 4,
                           -((int64_t)1 << 32) + 4, 256 + 4, INT64_MIN + 4};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const int64_t batch[3] = {4, bad[k], 5};
        assert_int_equal(cxkpi_csat_add_many_i64(acc, batch, 3), CXKPI_ERANGE);
        assert_int_equal(cxkpi_csat_add_many_i64(acc, &bad[k], 1), CXKPI_ERANGE);
    }
    assert_int_equal(csat_count(acc), 5);
    /* empty batches, with and without an array */
    assert_int_equal(cxkpi_csat_add_many_i64(acc, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add_many_i64(acc, scores, 0), CXKPI_OK);
    assert_int_equal(csat_count(acc), 5);
    cxkpi_csat_free(acc);
}

static void csat_double_rule(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    size_t skipped = 99;
    double pct, mean;

    /* empty batch: nothing counted, nothing skipped */
    assert_int_equal(cxkpi_csat_add_many_f64(acc, NULL, 0, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 0);
    assert_int_equal(csat_count(acc), 0);

    /* NaN only: three skipped, still empty, so the percentage is EEMPTY */
    const double gaps[3] = {NAN, NAN, -NAN};
    skipped = 99;
    assert_int_equal(cxkpi_csat_add_many_f64(acc, gaps, 3, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 3);
    assert_int_equal(csat_count(acc), 0);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_EEMPTY);

    /* mixed: 5, gap, 4, 2, 3, gap -> 4 answers, 2 satisfied = 50 %, mean 14 / 4 = 3.5 */
    const double mixed[6] = {5.0, NAN, 4.0, 2.0, 3.0, NAN};
    assert_int_equal(cxkpi_csat_add_many_f64(acc, mixed, 6, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 2);
    assert_int_equal(csat_count(acc), 4);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 50.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 3.5);

    /* skipped may be NULL: 1.0 and a gap -> 5 answers, 2 satisfied = 40 % */
    const double more[2] = {1.0, NAN};
    assert_int_equal(cxkpi_csat_add_many_f64(acc, more, 2, NULL), CXKPI_OK);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 40.0);

    /* refused: a fraction, infinities, off the scale (below, above, far away), the
     * smallest fraction above a score; wherever it sits in the batch, nothing is counted
     * and skipped is not written */
    const double bad[] = {4.5, 0.999999, nextafter(4.0, 5.0), INFINITY, -INFINITY, 0.0, 6.0,
                          -1.0, 1e300, -1e300, 4294967300.0, 2147483652.0, 261.0, 5e-324};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const double batch[4] = {NAN, 4.0, bad[k], 5.0};
        skipped = 77;
        assert_int_equal(cxkpi_csat_add_many_f64(acc, batch, 4, &skipped), CXKPI_ERANGE);
        assert_int_equal(skipped, 77);
        assert_int_equal(cxkpi_csat_add_many_f64(acc, &bad[k], 1, &skipped), CXKPI_ERANGE);
    }
    assert_int_equal(csat_count(acc), 5);

    /* -0.0 is the integral value 0: the score 0 on a 0-10 scale */
    cxkpi_csat *z = new_csat(0, 10, 9);
    const double zero[2] = {-0.0, 10.0};
    assert_int_equal(cxkpi_csat_add_many_f64(z, zero, 2, &skipped), CXKPI_OK);
    uint64_t c;
    assert_int_equal(cxkpi_csat_score_count(z, 0, &c), CXKPI_OK);
    assert_int_equal(c, 1);
    assert_int_equal(cxkpi_csat_score_count(z, 10, &c), CXKPI_OK);
    assert_int_equal(c, 1);
    cxkpi_csat_free(z);
    cxkpi_csat_free(acc);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_csat *c = new_csat(1, 5, 4);
    cxkpi_nps *p = NULL;
    assert_int_equal(cxkpi_nps_new(&p), CXKPI_OK);
    const int64_t i = 4;
    const double d = 4.0;
    size_t skipped = 5;
    assert_int_equal(cxkpi_csat_add_many_i64(NULL, &i, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many_i64(c, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many_f64(NULL, &d, 1, &skipped), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many_f64(c, NULL, 1, &skipped), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_i64(NULL, &i, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_i64(p, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_f64(NULL, &d, 1, &skipped), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_f64(p, NULL, 1, &skipped), CXKPI_EINVAL);
    assert_int_equal(skipped, 5);
    assert_int_equal(csat_count(c), 0);
    cxkpi_csat_free(c);
    cxkpi_nps_free(p);
}

/* NPS: 10, 9, gap, 8, 7, 6, 0, gap, 10 -> promoters 3, passives 2, detractors 2 of 7:
 * NPS = 100 * (3 - 2) / 7 = 14.285714...; the int64 batch of the same scores agrees. */
static void nps_int64_and_double(void **state)
{
    (void)state;
    cxkpi_nps *a = NULL, *b = NULL;
    assert_int_equal(cxkpi_nps_new(&a), CXKPI_OK);
    assert_int_equal(cxkpi_nps_new(&b), CXKPI_OK);
    const double d[9] = {10.0, 9.0, NAN, 8.0, 7.0, 6.0, 0.0, NAN, 10.0};
    const int64_t i[7] = {10, 9, 8, 7, 6, 0, 10};
    size_t skipped = 0;
    assert_int_equal(cxkpi_nps_add_many_f64(a, d, 9, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 2);
    assert_int_equal(cxkpi_nps_add_many_i64(b, i, 7), CXKPI_OK);
    uint64_t pro, pas, det;
    double score;
    for (int k = 0; k < 2; k++) {
        cxkpi_nps *acc = k ? b : a;
        assert_int_equal(cxkpi_nps_groups(acc, &pro, &pas, &det), CXKPI_OK);
        assert_int_equal(pro, 3);
        assert_int_equal(pas, 2);
        assert_int_equal(det, 2);
        assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
        assert_true(score == 100.0 / 7.0);
    }
    const double badd[] = {11.0, -1.0, 9.5, INFINITY, -INFINITY};
    const int64_t badi[] = {11, -1, INT64_MIN, INT64_MAX, ((int64_t)1 << 32) + 9};
    for (size_t k = 0; k < 5; k++) {
        assert_int_equal(cxkpi_nps_add_many_f64(a, &badd[k], 1, &skipped), CXKPI_ERANGE);
        assert_int_equal(cxkpi_nps_add_many_i64(b, &badi[k], 1), CXKPI_ERANGE);
    }
    uint64_t n;
    assert_int_equal(cxkpi_nps_count(a, &n), CXKPI_OK);
    assert_int_equal(n, 7);
    assert_int_equal(cxkpi_nps_count(b, &n), CXKPI_OK);
    assert_int_equal(n, 7);
    cxkpi_nps_free(a);
    cxkpi_nps_free(b);
}

/* A state at the counter limit (forged: 2^64 - 1 responses of score 1) refuses any batch
 * that adds a response, and a batch of gaps only is still fine. */
static void counter_overflow_is_refused(void **state)
{
    (void)state;
    uint8_t payload[52], frame[72], *p = payload;
    p = test_put_i32(p, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    p = test_put_u64(p, UINT64_MAX);
    for (int k = 1; k < 5; k++)
        p = test_put_u64(p, 0);
    size_t fn = test_frame(frame, 1, 1, payload, sizeof payload);
    cxkpi_csat *acc = NULL;
    assert_int_equal(cxkpi_csat_deserialize(&acc, frame, fn), CXKPI_OK);
    const int64_t i = 3;
    const double d[2] = {3.0, NAN};
    size_t skipped = 9;
    assert_int_equal(cxkpi_csat_add_many_i64(acc, &i, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_csat_add_many_f64(acc, d, 2, &skipped), CXKPI_EOVERFLOW);
    assert_int_equal(skipped, 9);
    assert_int_equal(cxkpi_csat_add_many_f64(acc, d + 1, 1, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 1);
    assert_int_equal(csat_count(acc), UINT64_MAX);
    uint64_t c;
    assert_int_equal(cxkpi_csat_score_count(acc, 3, &c), CXKPI_OK);
    assert_int_equal(c, 0);
    cxkpi_csat_free(acc);
}

/* Every kernel available here (portable; SSE2 narrowing with SSE2 or AVX2 counting), on
 * scales of every kind and batch sizes at every vector, chunk and block boundary, counts
 * exactly the scores given (10 % gaps in the doubles), and one bad value anywhere refuses
 * the batch and changes nothing. */
static void every_path(void **state)
{
    (void)state;
    static const int32_t scales[][2] = {{0, 1}, {1, 5}, {0, 10}, {0, 63}, {1, 64},
                                        {0, 64}, {0, 100}, {99, 100}};
    static const size_t sizes[] = {0, 1, 15, 16, 17, 33, 255, 256, 257, 8159, 8160, 8161,
                                   20011};
    enum { MAX_N = 20011 };
    uint64_t seed = 11;
    int64_t *w = malloc(MAX_N * sizeof *w);
    double *f = malloc(MAX_N * sizeof *f);
    assert_non_null(w);
    assert_non_null(f);
    for (int path = CXKPI__HIST_U8_PORTABLE; path <= CXKPI__HIST_U8_AVX2; path++) {
        if (!cxkpi__hist_u8_path_available((enum cxkpi__hist_u8_path)path))
            continue;
        const enum cxkpi__hist_u8_path pth = (enum cxkpi__hist_u8_path)path;
        for (size_t sc = 0; sc < sizeof scales / sizeof scales[0]; sc++) {
            const int32_t lo = scales[sc][0], hi = scales[sc][1];
            const uint32_t points = (uint32_t)(hi - lo + 1);
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                const size_t n = sizes[z];
                uint64_t expect[101] = {0};
                size_t gaps = 0;
                for (size_t i = 0; i < n; i++) {
                    int32_t v = lo + (int32_t)(test_rand(&seed) % points);
                    w[i] = v;
                    expect[v - lo]++;
                    f[i] = (double)v;
                }
                uint64_t fexpect[101];
                memcpy(fexpect, expect, sizeof expect);
                for (size_t i = 0; i < n; i++) {
                    if (test_rand(&seed) % 10 == 0) {
                        fexpect[(int32_t)f[i] - lo]--;
                        f[i] = NAN;
                        gaps++;
                    }
                }
                uint64_t c64[101], cf[101];
                cxkpi__score_hist h64, hf;
                cxkpi__hist_init(&h64, c64, lo, points);
                cxkpi__hist_init(&hf, cf, lo, points);
                size_t skipped = 0;
                assert_int_equal(cxkpi__hist_add_many_i64_using(&h64, w, n, pth), CXKPI_OK);
                assert_int_equal(cxkpi__hist_add_many_f64_using(&hf, f, n, &skipped, pth),
                                 CXKPI_OK);
                assert_int_equal(skipped, gaps);
                const int64_t badi[] = {lo - 1, hi + 1, -1, lo + 256, lo + 65536,
                                        lo + ((int64_t)1 << 32), INT64_MIN, INT64_MAX};
                const double badf[] = {lo - 1.0, hi + 1.0, lo + 0.5, INFINITY, -INFINITY,
                                       lo + 256.0, lo + 4294967296.0, -2147483648.0};
                const size_t at[3] = {0, n / 2, n - 1};
                for (size_t k = 0; k < 8 && n > 0; k++) {
                    for (int q = 0; q < 3; q++) {
                        int64_t keepi = w[at[q]];
                        double keepf = f[at[q]];
                        w[at[q]] = badi[k];
                        f[at[q]] = badf[k];
                        assert_int_equal(cxkpi__hist_add_many_i64_using(&h64, w, n, pth),
                                         CXKPI_ERANGE);
                        assert_int_equal(
                            cxkpi__hist_add_many_f64_using(&hf, f, n, &skipped, pth),
                            CXKPI_ERANGE);
                        w[at[q]] = keepi;
                        f[at[q]] = keepf;
                    }
                }
                assert_int_equal(h64.total, n);
                assert_int_equal(hf.total, n - gaps);
                assert_memory_equal(c64, expect, points * sizeof c64[0]);
                assert_memory_equal(cf, fexpect, points * sizeof cf[0]);
            }
        }
    }
    free(w);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csat_int64_scores),
        cmocka_unit_test(csat_double_rule),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(nps_int64_and_double),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(every_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
