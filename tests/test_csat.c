/* CSAT accumulator. Expected values are worked out by hand in the comments from the
 * definitions in cxkpi/csat.h: percent = 100 * satisfied / responses, mean = sum / responses. */
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
    assert_non_null(acc);
    return acc;
}

static void add_n(cxkpi_csat *acc, int32_t score, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cxkpi_csat_add(acc, score), CXKPI_OK);
}

/* The worked example of csat.h: 30 satisfied of 50 responses = 60 %. On a 1-5 scale with
 * top-two-box (4 and 5 satisfied): 20 x 5, 10 x 4, 8 x 3, 7 x 2, 5 x 1.
 * sum = 100 + 40 + 24 + 14 + 5 = 183, mean = 183 / 50 = 3.66. */
static void thirty_satisfied_of_fifty(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    add_n(acc, 5, 20);
    add_n(acc, 4, 10);
    add_n(acc, 3, 8);
    add_n(acc, 2, 7);
    add_n(acc, 1, 5);
    uint64_t n, sat, c;
    double pct, mean, lo, hi;
    assert_int_equal(cxkpi_csat_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 50);
    assert_int_equal(cxkpi_csat_satisfied(acc, &sat), CXKPI_OK);
    assert_int_equal(sat, 30);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 3.66);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 46.181437747589, 1e-12);
    assert_close(hi, 72.391610269743, 1e-12);
    static const uint64_t dist[6] = {0, 5, 7, 8, 10, 20};
    for (int32_t s = 1; s <= 5; s++) {
        assert_int_equal(cxkpi_csat_score_count(acc, s, &c), CXKPI_OK);
        assert_int_equal(c, dist[s]);
    }
    cxkpi_csat_free(acc);
}

/* Common set-ups named in cxkpi/csat.h. */
static void common_scales(void **state)
{
    (void)state;
    /* 1-10 with 8: scores 8, 9, 10 satisfied. 1..10 once each -> 3 of 10 = 30 %, mean 5.5 */
    cxkpi_csat *a = new_csat(1, 10, 8);
    for (int32_t s = 1; s <= 10; s++)
        add_n(a, s, 1);
    double pct, mean;
    assert_int_equal(cxkpi_csat_percent(a, &pct), CXKPI_OK);
    assert_true(pct == 30.0);
    assert_int_equal(cxkpi_csat_mean(a, &mean), CXKPI_OK);
    assert_true(mean == 5.5);
    cxkpi_csat_free(a);

    /* 0/1 (bad/good) with 1: 3 good, 1 bad -> 75 %, mean 0.75 */
    cxkpi_csat *b = new_csat(0, 1, 1);
    add_n(b, 1, 3);
    add_n(b, 0, 1);
    assert_int_equal(cxkpi_csat_percent(b, &pct), CXKPI_OK);
    assert_true(pct == 75.0);
    assert_int_equal(cxkpi_csat_mean(b, &mean), CXKPI_OK);
    assert_true(mean == 0.75);
    cxkpi_csat_free(b);

    /* 1-7 with 6: 6, 7, 7 satisfied, 5 and 1 not -> 3 of 5 = 60 %, mean 26/5 = 5.2 */
    cxkpi_csat *c = new_csat(1, 7, 6);
    int32_t scores[] = {6, 7, 7, 5, 1};
    assert_int_equal(cxkpi_csat_add_many(c, scores, 5), CXKPI_OK);
    assert_int_equal(cxkpi_csat_percent(c, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    assert_int_equal(cxkpi_csat_mean(c, &mean), CXKPI_OK);
    assert_true(mean == 5.2);
    cxkpi_csat_free(c);

    /* 0-100 with 100: the widest scale; only 100 is satisfied. 0, 50, 100 -> 1/3 */
    cxkpi_csat *d = new_csat(0, 100, 100);
    add_n(d, 0, 1);
    add_n(d, 50, 1);
    add_n(d, 100, 1);
    assert_int_equal(cxkpi_csat_percent(d, &pct), CXKPI_OK);
    assert_true(pct == 100.0 / 3.0);
    assert_int_equal(cxkpi_csat_mean(d, &mean), CXKPI_OK);
    assert_true(mean == 50.0);
    cxkpi_csat_free(d);
}

static void one_event_and_scale_extremes(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    double pct, mean, lo, hi;
    /* one response at the top: 100 %, Wilson upper exactly 100 */
    add_n(acc, 5, 1);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(hi == 100.0);
    assert_close(lo, 20.654931437723745, 1e-12); /* Wilson 1/1 at 95 % (mpmath) */
    /* one response at the bottom: 0 %, Wilson lower exactly 0 */
    assert_int_equal(cxkpi_csat_reset(acc), CXKPI_OK);
    add_n(acc, 1, 1);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 1.0);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 79.345068562276255, 1e-12);
    /* the threshold itself is satisfied, one below is not */
    assert_int_equal(cxkpi_csat_reset(acc), CXKPI_OK);
    add_n(acc, 4, 1);
    add_n(acc, 3, 1);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 50.0);
    cxkpi_csat_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    uint64_t n = 9, c = 9;
    double v = 7.0, lo = 7.0, hi = 7.0;
    assert_int_equal(cxkpi_csat_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cxkpi_csat_satisfied(acc, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cxkpi_csat_score_count(acc, 3, &c), CXKPI_OK);
    assert_int_equal(c, 0);
    assert_int_equal(cxkpi_csat_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_csat_mean(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_true(v == 7.0 && lo == 7.0 && hi == 7.0);
    /* add then remove: empty again */
    add_n(acc, 2, 1);
    assert_int_equal(cxkpi_csat_remove(acc, 2), CXKPI_OK);
    assert_int_equal(cxkpi_csat_percent(acc, &v), CXKPI_EEMPTY);
    cxkpi_csat_free(acc);
}

static void invalid_configurations(void **state)
{
    (void)state;
    cxkpi_csat *acc = (cxkpi_csat *)&acc; /* any non-NULL sentinel: must stay untouched */
    cxkpi_csat *const sentinel = acc;
    static const int32_t bad[][3] = {
        {-1, 5, 4},   /* min below 0 */
        {5, 5, 5},    /* min == max */
        {6, 5, 5},    /* min > max */
        {0, 101, 50}, /* max above 100 */
        {1, 5, 1},    /* threshold == min: everyone satisfied */
        {1, 5, 0},    /* threshold below the scale */
        {1, 5, 6},    /* threshold above the scale */
        {INT32_MIN, INT32_MAX, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_csat_new(&acc, bad[i][0], bad[i][1], bad[i][2]), CXKPI_EINVAL);
        assert_ptr_equal(acc, sentinel);
    }
    assert_int_equal(cxkpi_csat_new(NULL, 1, 5, 4), CXKPI_EINVAL);
    /* the boundaries that are valid */
    cxkpi_csat *ok = new_csat(0, 100, 100);
    int32_t a, b, c;
    assert_int_equal(cxkpi_csat_config(ok, &a, &b, &c), CXKPI_OK);
    assert_int_equal(a, 0);
    assert_int_equal(b, 100);
    assert_int_equal(c, 100);
    cxkpi_csat_free(ok);
    ok = new_csat(0, 1, 1);
    cxkpi_csat_free(ok);
}

static void out_of_scale_scores_count_nothing(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    add_n(acc, 3, 2);
    test_bytes before;
    TEST_SNAPSHOT(csat, acc, before);
    static const int32_t bad[] = {0, 6, -1, 100, INT32_MIN, INT32_MAX};
    uint64_t c;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_csat_add(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_csat_remove(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_csat_score_count(acc, bad[i], &c), CXKPI_ERANGE);
    }
    /* a batch with one bad score counts nothing (atomic) */
    int32_t batch[300];
    for (int i = 0; i < 300; i++)
        batch[i] = 1 + i % 5;
    batch[299] = 6;
    assert_int_equal(cxkpi_csat_add_many(acc, batch, 300), CXKPI_ERANGE);
    batch[299] = 5;
    batch[0] = 0;
    assert_int_equal(cxkpi_csat_add_many(acc, batch, 3), CXKPI_ERANGE);
    uint8_t bytes[300];
    for (int i = 0; i < 300; i++)
        bytes[i] = (uint8_t)(1 + i % 5);
    bytes[150] = 255;
    assert_int_equal(cxkpi_csat_add_many_u8(acc, bytes, 300), CXKPI_ERANGE);
    bytes[150] = 0;
    assert_int_equal(cxkpi_csat_add_many_u8(acc, bytes, 300), CXKPI_ERANGE);
    /* removing a score that has no count */
    assert_int_equal(cxkpi_csat_remove(acc, 5), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(csat, acc, before);
    cxkpi_csat_free(acc);
}

/* Batches have several implementations (lib/score_hist.h): the portable one, and vector
 * byte compares (SSE2, AVX2) on scales of up to 64 points, by blocks of up to 255 vectors
 * and 4 points per pass, int32 scores being range-checked and narrowed to bytes first.
 * Each one available here, for bytes and for int32, on every kind of scale and at every
 * block and vector boundary, counts exactly the scores given, and one score outside the
 * scale anywhere refuses the whole batch and changes nothing. */
static void batches_on_every_path(void **state)
{
    (void)state;
    static const int32_t scales[][2] = {{0, 1}, {1, 2}, {1, 3}, {1, 5}, {0, 7}, {0, 10},
                                        {1, 10}, {0, 15}, {0, 16}, {3, 19}, {0, 63}, {1, 64},
                                        {0, 64}, {36, 100}, {0, 100}, {99, 100}};
    static const size_t sizes[] = {0, 1, 15, 16, 17, 31, 32, 33, 255, 256, 257, 4079, 4080,
                                   4081, 8159, 8160, 8161, 8192, 20011};
    enum { MAX_N = 20011 };
    uint64_t seed = 7;
    uint8_t *b = malloc(MAX_N);
    int32_t *w = malloc(MAX_N * sizeof *w);
    assert_non_null(b);
    assert_non_null(w);
    for (int path = CXKPI__HIST_U8_PORTABLE; path <= CXKPI__HIST_U8_AVX2; path++) {
        if (!cxkpi__hist_u8_path_available((enum cxkpi__hist_u8_path)path))
            continue;
        const enum cxkpi__hist_u8_path p = (enum cxkpi__hist_u8_path)path;
        for (size_t sc = 0; sc < sizeof scales / sizeof scales[0]; sc++) {
            const int32_t lo = scales[sc][0], hi = scales[sc][1];
            const uint32_t points = (uint32_t)(hi - lo + 1);
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                const size_t n = sizes[z];
                for (int same = 0; same < 3; same++) {
                    /* random scores; or every score the lowest / the highest (the worst
                     * case for per-block byte counters: 255 vectors of one value) */
                    uint64_t expect[101] = {0};
                    for (size_t i = 0; i < n; i++) {
                        int32_t v = same == 0 ? lo + (int32_t)(test_rand(&seed) % points)
                                              : (same == 1 ? lo : hi);
                        b[i] = (uint8_t)v;
                        w[i] = v;
                        expect[v - lo]++;
                    }
                    uint64_t c8[101], c32[101];
                    cxkpi__score_hist h8, h32;
                    cxkpi__hist_init(&h8, c8, lo, points);
                    cxkpi__hist_init(&h32, c32, lo, points);
                    assert_int_equal(cxkpi__hist_add_many_u8_using(&h8, b, n, p), CXKPI_OK);
                    assert_int_equal(cxkpi__hist_add_many_i32_using(&h32, w, n, p), CXKPI_OK);
                    /* one bad score at the start, in the middle, at the end: ERANGE and
                     * nothing counted. Bytes: below the scale, just above it, 255. Int32
                     * also: values that wrap or saturate to a valid byte if narrowed
                     * unchecked (-1 -> 0, lo + 256, lo + 65536) and the extremes. */
                    const int32_t bad8[3] = {lo - 1, hi + 1, 255};
                    const int32_t bad32[8] = {lo - 1, hi + 1, -1, lo + 256, lo + 65536,
                                              INT32_MIN, INT32_MAX, INT32_MIN + lo};
                    const size_t at[3] = {0, n / 2, n - 1};
                    for (int k = 0; k < 8 && n > 0; k++) {
                        for (int q = 0; q < 3; q++) {
                            if (k < 3 && bad8[k] >= 0) {
                                uint8_t keep = b[at[q]];
                                b[at[q]] = (uint8_t)bad8[k];
                                assert_int_equal(cxkpi__hist_add_many_u8_using(&h8, b, n, p),
                                                 CXKPI_ERANGE);
                                b[at[q]] = keep;
                            }
                            int32_t keep = w[at[q]];
                            w[at[q]] = bad32[k];
                            assert_int_equal(cxkpi__hist_add_many_i32_using(&h32, w, n, p),
                                             CXKPI_ERANGE);
                            w[at[q]] = keep;
                        }
                    }
                    assert_int_equal(h8.total, n);
                    assert_int_equal(h32.total, n);
                    assert_memory_equal(c8, expect, points * sizeof c8[0]);
                    assert_memory_equal(c32, expect, points * sizeof c32[0]);
                }
            }
        }
    }
    free(b);
    free(w);
}

/* Batches (both element types, both the short and the laned path) count exactly what
 * adding one by one counts. */
static void batches_equal_single_adds(void **state)
{
    (void)state;
    uint64_t seed = 42;
    for (size_t n = 0; n < 3000; n = n * 2 + 1) {
        cxkpi_csat *one = new_csat(0, 10, 9);
        cxkpi_csat *i32 = new_csat(0, 10, 9);
        cxkpi_csat *u8 = new_csat(0, 10, 9);
        int32_t *s = malloc((n + 1) * sizeof *s);
        uint8_t *b = malloc(n + 1);
        uint64_t expect[11] = {0};
        for (size_t i = 0; i < n; i++) {
            s[i] = (int32_t)(test_rand(&seed) % 11);
            b[i] = (uint8_t)s[i];
            expect[s[i]]++;
            assert_int_equal(cxkpi_csat_add(one, s[i]), CXKPI_OK);
        }
        assert_int_equal(cxkpi_csat_add_many(i32, s, n), CXKPI_OK);
        assert_int_equal(cxkpi_csat_add_many_u8(u8, b, n), CXKPI_OK);
        for (int32_t k = 0; k <= 10; k++) {
            uint64_t c1, c2, c3;
            assert_int_equal(cxkpi_csat_score_count(one, k, &c1), CXKPI_OK);
            assert_int_equal(cxkpi_csat_score_count(i32, k, &c2), CXKPI_OK);
            assert_int_equal(cxkpi_csat_score_count(u8, k, &c3), CXKPI_OK);
            assert_int_equal(c1, expect[k]);
            assert_int_equal(c2, expect[k]);
            assert_int_equal(c3, expect[k]);
        }
        uint64_t total;
        assert_int_equal(cxkpi_csat_count(u8, &total), CXKPI_OK);
        assert_int_equal(total, n);
        free(s);
        free(b);
        cxkpi_csat_free(one);
        cxkpi_csat_free(i32);
        cxkpi_csat_free(u8);
    }
    /* n == 0 with a NULL array is an empty batch, not an error */
    cxkpi_csat *acc = new_csat(1, 5, 4);
    assert_int_equal(cxkpi_csat_add_many(acc, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add_many_u8(acc, NULL, 0), CXKPI_OK);
    cxkpi_csat_free(acc);
}

static void remove_retracts_a_rating(void **state)
{
    (void)state;
    /* A customer rated 2, then changed it to 5: 4, 4, 2 -> 4, 4, 5: 100 %, mean 13/3 */
    cxkpi_csat *acc = new_csat(1, 5, 4);
    add_n(acc, 4, 2);
    add_n(acc, 2, 1);
    double pct, mean;
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 200.0 / 3.0);
    assert_int_equal(cxkpi_csat_remove(acc, 2), CXKPI_OK);
    add_n(acc, 5, 1);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 13.0 / 3.0);
    assert_int_equal(cxkpi_csat_remove(acc, 2), CXKPI_ENOTFOUND);
    cxkpi_csat_free(acc);
}

static void merge_equals_one_accumulator(void **state)
{
    (void)state;
    /* A: 5, 5, 1  B: 4, 3  ->  A+B: 3 satisfied of 5 = 60 %, mean 18/5 = 3.6 */
    cxkpi_csat *a = new_csat(1, 5, 4), *b = new_csat(1, 5, 4);
    add_n(a, 5, 2);
    add_n(a, 1, 1);
    add_n(b, 4, 1);
    add_n(b, 3, 1);
    test_bytes b_before;
    TEST_SNAPSHOT(csat, b, b_before);
    assert_int_equal(cxkpi_csat_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(csat, b, b_before); /* src untouched */
    double pct, mean;
    uint64_t n;
    assert_int_equal(cxkpi_csat_percent(a, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    assert_int_equal(cxkpi_csat_mean(a, &mean), CXKPI_OK);
    assert_true(mean == 3.6);
    /* self-merge doubles every count: same percent, twice the responses */
    assert_int_equal(cxkpi_csat_merge(a, a), CXKPI_OK);
    assert_int_equal(cxkpi_csat_count(a, &n), CXKPI_OK);
    assert_int_equal(n, 10);
    assert_int_equal(cxkpi_csat_percent(a, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    /* merging an empty one changes nothing */
    cxkpi_csat *e = new_csat(1, 5, 4);
    assert_int_equal(cxkpi_csat_merge(a, e), CXKPI_OK);
    assert_int_equal(cxkpi_csat_count(a, &n), CXKPI_OK);
    assert_int_equal(n, 10);
    cxkpi_csat_free(a);
    cxkpi_csat_free(b);
    cxkpi_csat_free(e);
}

static void merge_of_different_configs_is_refused(void **state)
{
    (void)state;
    cxkpi_csat *a = new_csat(1, 5, 4);
    add_n(a, 5, 1);
    cxkpi_csat *others[] = {new_csat(1, 5, 5), new_csat(0, 5, 4), new_csat(1, 10, 4),
                            new_csat(1, 6, 4)};
    test_bytes before;
    TEST_SNAPSHOT(csat, a, before);
    for (size_t i = 0; i < 4; i++) {
        add_n(others[i], 4, 1);
        assert_int_equal(cxkpi_csat_merge(a, others[i]), CXKPI_EMISMATCH);
        cxkpi_csat_free(others[i]);
    }
    TEST_ASSERT_UNCHANGED(csat, a, before);
    cxkpi_csat_free(a);
}

static void clone_is_independent(void **state)
{
    (void)state;
    cxkpi_csat *a = new_csat(1, 5, 4);
    add_n(a, 5, 3);
    add_n(a, 2, 1);
    cxkpi_csat *b = NULL;
    assert_int_equal(cxkpi_csat_clone(a, &b), CXKPI_OK);
    add_n(b, 1, 4); /* the clone moves on alone */
    double pa, pb;
    assert_int_equal(cxkpi_csat_percent(a, &pa), CXKPI_OK);
    assert_int_equal(cxkpi_csat_percent(b, &pb), CXKPI_OK);
    assert_true(pa == 75.0);      /* 3 of 4 */
    assert_true(pb == 100.0 * 3.0 / 8.0); /* 3 of 8 */
    int32_t lo, hi, sat;
    assert_int_equal(cxkpi_csat_config(b, &lo, &hi, &sat), CXKPI_OK);
    assert_true(lo == 1 && hi == 5 && sat == 4);
    cxkpi_csat_free(a);
    cxkpi_csat_free(b);
}

static void serialize_round_trip(void **state)
{
    (void)state;
    cxkpi_csat *a = new_csat(1, 5, 4);
    add_n(a, 5, 20);
    add_n(a, 4, 10);
    add_n(a, 1, 20);
    size_t size, written;
    assert_int_equal(cxkpi_csat_serialized_size(a, &size), CXKPI_OK);
    /* frame 16 + payload (3 x i32 + 5 x u64 = 52) + crc 4 */
    assert_int_equal(size, 72);
    uint8_t buf[72];
    assert_int_equal(cxkpi_csat_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, 72);
    /* the payload as documented: config, then counts lowest score first */
    uint8_t expect[52], *p = expect;
    p = test_put_i32(p, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    static const uint64_t counts[5] = {20, 0, 0, 10, 20};
    for (int i = 0; i < 5; i++)
        p = test_put_u64(p, counts[i]);
    assert_memory_equal(buf + 16, expect, sizeof expect);
    cxkpi_csat *b = NULL;
    assert_int_equal(cxkpi_csat_deserialize(&b, buf, written), CXKPI_OK);
    double pct, mean;
    assert_int_equal(cxkpi_csat_percent(b, &pct), CXKPI_OK);
    assert_true(pct == 60.0);
    assert_int_equal(cxkpi_csat_mean(b, &mean), CXKPI_OK);
    assert_true(mean == (100.0 + 40.0 + 20.0) / 50.0);
    test_bytes again;
    TEST_SNAPSHOT(csat, b, again);
    assert_memory_equal(again.p, buf, 72);
    test_free(again.p);
    /* an empty accumulator round-trips too */
    cxkpi_csat *e = new_csat(0, 100, 50), *e2 = NULL;
    uint8_t big[16 + 12 + 101 * 8 + 4];
    assert_int_equal(cxkpi_csat_serialize(e, big, sizeof big, &written), CXKPI_OK);
    assert_int_equal(written, sizeof big);
    assert_int_equal(cxkpi_csat_deserialize(&e2, big, written), CXKPI_OK);
    uint64_t n;
    assert_int_equal(cxkpi_csat_count(e2, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    cxkpi_csat_free(a);
    cxkpi_csat_free(b);
    cxkpi_csat_free(e);
    cxkpi_csat_free(e2);
}

static void serialize_into_small_buffer_writes_nothing(void **state)
{
    (void)state;
    cxkpi_csat *a = new_csat(1, 5, 4);
    add_n(a, 5, 1);
    TEST_ENOSPC_WRITES_NOTHING(csat, a, 72);
    cxkpi_csat_free(a);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_csat *a = new_csat(1, 5, 4);
    add_n(a, 5, 3);
    uint8_t buf[72];
    size_t written;
    assert_int_equal(cxkpi_csat_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    TEST_REJECTS_DAMAGED(csat, buf, written);
    cxkpi_csat *sentinel = (cxkpi_csat *)&sentinel, *out = sentinel;

    uint8_t payload[12 + 101 * 8], frame[20 + sizeof payload], *p;
    size_t fn;
    /* an intact NPS frame is not a CSAT accumulator */
    cxkpi_nps *nps = NULL;
    assert_int_equal(cxkpi_nps_new(&nps), CXKPI_OK);
    assert_int_equal(cxkpi_nps_serialize(nps, frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_nps_free(nps);
    /* a newer format version */
    memcpy(payload, buf + 16, 52);
    fn = test_frame(frame, 1, 2, payload, 52);
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EVERSION);
    /* the same payload as version 1 is fine (the forging helper is right) */
    fn = test_frame(frame, 1, 1, payload, 52);
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_OK);
    cxkpi_csat_free(out);
    out = sentinel;
    /* an invalid configuration inside an intact frame */
    static const int32_t bad_cfg[][3] = {{5, 1, 4}, {1, 5, 1}, {-1, 3, 2}, {0, 200, 100}};
    for (size_t i = 0; i < 4; i++) {
        p = test_put_i32(payload, bad_cfg[i][0]);
        p = test_put_i32(p, bad_cfg[i][1]);
        p = test_put_i32(p, bad_cfg[i][2]);
        for (int k = 0; k < 5; k++)
            p = test_put_u64(p, 1);
        fn = test_frame(frame, 1, 1, payload, (size_t)(p - payload));
        assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    }
    /* counts that do not fit the scale's length */
    p = test_put_i32(payload, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    for (int k = 0; k < 6; k++)
        p = test_put_u64(p, 1);
    fn = test_frame(frame, 1, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    fn = test_frame(frame, 1, 1, payload, (size_t)(p - payload) - 16);
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* counts whose sum overflows 64 bits */
    p = test_put_i32(payload, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    p = test_put_u64(p, UINT64_MAX);
    p = test_put_u64(p, 1);
    for (int k = 0; k < 3; k++)
        p = test_put_u64(p, 0);
    fn = test_frame(frame, 1, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_csat_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    cxkpi_csat_free(a);
}

/* A CSAT 1-5 accumulator holding `counts`, forged through the documented format. */
static cxkpi_csat *forge(const uint64_t counts[5])
{
    uint8_t payload[52], frame[72], *p = payload;
    p = test_put_i32(p, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    for (int k = 0; k < 5; k++)
        p = test_put_u64(p, counts[k]);
    size_t fn = test_frame(frame, 1, 1, payload, sizeof payload);
    cxkpi_csat *acc = NULL;
    assert_int_equal(cxkpi_csat_deserialize(&acc, frame, fn), CXKPI_OK);
    return acc;
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    const uint64_t full[5] = {UINT64_MAX - 10, 10, 0, 0, 0}; /* total = 2^64 - 1 */
    cxkpi_csat *acc = forge(full);
    test_bytes before;
    TEST_SNAPSHOT(csat, acc, before);
    int32_t two[2] = {3, 3};
    uint8_t one[1] = {3};
    assert_int_equal(cxkpi_csat_add(acc, 3), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_csat_add_many(acc, two, 2), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_csat_add_many_u8(acc, one, 1), CXKPI_EOVERFLOW);
    cxkpi_csat *small = new_csat(1, 5, 4);
    add_n(small, 5, 1);
    assert_int_equal(cxkpi_csat_merge(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_csat_merge(acc, acc), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(csat, acc, before);
    /* an empty batch and an empty merge still succeed at the limit */
    cxkpi_csat *empty = new_csat(1, 5, 4);
    assert_int_equal(cxkpi_csat_merge(acc, empty), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add_many(acc, two, 0), CXKPI_OK);
    /* results at the limit: satisfied = 0 of 2^64 - 1; 10 scores of 2, the rest 1 */
    double pct, mean;
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_close(mean, 1.0, 1e-15);
    cxkpi_csat_free(acc);
    cxkpi_csat_free(small);
    cxkpi_csat_free(empty);

    /* sum(scores) past 2^64: 2^63 ones and 2^62 fives: mean = (2^63 + 5 * 2^62) / (3 * 2^62) = 7/3 */
    const uint64_t huge[5] = {1ull << 63, 0, 0, 0, 1ull << 62};
    acc = forge(huge);
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_close(mean, 7.0 / 3.0, 1e-15);
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_close(pct, 100.0 / 3.0, 1e-15);
    cxkpi_csat_free(acc);
}

static void bad_confidence(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4);
    add_n(acc, 5, 1);
    double lo = 3.0, hi = 4.0;
    static const double bad[] = {0.0, 1.0, -0.1, 1.1, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cxkpi_csat_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
    assert_true(lo == 3.0 && hi == 4.0);
    cxkpi_csat_free(acc);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_csat *acc = new_csat(1, 5, 4), *out = NULL;
    add_n(acc, 4, 1);
    uint64_t u;
    double d;
    int32_t i, s = 1;
    uint8_t b = 1, buf[128];
    size_t n;
    cxkpi_csat_free(NULL); /* no-op */
    assert_int_equal(cxkpi_csat_add(NULL, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many(NULL, &s, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many_u8(NULL, &b, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_many_u8(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_remove(NULL, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_count(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_count(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_satisfied(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_satisfied(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_mean(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_mean(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_score_count(NULL, 3, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_score_count(acc, 3, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent_interval(NULL, 0.95, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_config(NULL, &i, &i, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_config(acc, NULL, &i, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_config(acc, &i, NULL, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_config(acc, &i, &i, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_csat_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    cxkpi_csat_free(acc);
}

/* Found by fuzz_deserialize_csat: a state with ~7.4e18 responses, all but three
 * satisfied, reported a CSAT percentage of 100.00000000000001, outside [0, 100]. */
static void csat_percent_never_exceeds_100(void **state)
{
    (void)state;
    static const uint64_t counts[5] = {0, 0, 0, 0, TEST_N_PAST_100}; /* all satisfied */
    cxkpi_csat *acc = forge(counts);
    double pct, lo, hi;
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0); /* N of N satisfied */
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo <= 100.0 && hi == 100.0);
    cxkpi_csat_free(acc);
}

/* Found by fuzz_deserialize_csat: 15078125332963237 responses, all 5 on a 1-5 scale, gave
 * a mean of 5.0000000000000009 (sum and count rounded to double separately), above the
 * scale. */
static void mean_stays_on_the_scale(void **state)
{
    (void)state;
    static const uint64_t counts[5] = {0, 0, 0, 0, UINT64_C(15078125332963237)};
    cxkpi_csat *acc = forge(counts);
    double mean;
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 5.0); /* every score is 5 */
    cxkpi_csat_free(acc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thirty_satisfied_of_fifty),
        cmocka_unit_test(common_scales),
        cmocka_unit_test(one_event_and_scale_extremes),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(invalid_configurations),
        cmocka_unit_test(out_of_scale_scores_count_nothing),
        cmocka_unit_test(batches_equal_single_adds),
        cmocka_unit_test(batches_on_every_path),
        cmocka_unit_test(remove_retracts_a_rating),
        cmocka_unit_test(merge_equals_one_accumulator),
        cmocka_unit_test(merge_of_different_configs_is_refused),
        cmocka_unit_test(clone_is_independent),
        cmocka_unit_test(serialize_round_trip),
        cmocka_unit_test(serialize_into_small_buffer_writes_nothing),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(bad_confidence),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(csat_percent_never_exceeds_100),
        cmocka_unit_test(mean_stays_on_the_scale),
    };
    return cmocka_run_group_tests_name("csat", tests, NULL, NULL);
}
