/* AHT accumulator: AHT = sum(talk + hold + after-call work) / contacts, each part and the
 * total kept as a duration accumulator. Expected values are worked out in the comments. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

static cxkpi_aht *new_aht(void)
{
    cxkpi_aht *acc = NULL;
    assert_int_equal(cxkpi_aht_new(&acc, CXKPI_DURATION_DEFAULT_ALPHA,
                                   CXKPI_DURATION_DEFAULT_BUCKETS), CXKPI_OK);
    assert_non_null(acc);
    return acc;
}

static void assert_within_alpha(double answer, double exact)
{
    assert_true(fabs(answer - exact) <= 0.01 * exact);
}

/* Three calls, (talk, hold, after-call work) in seconds:
 *   (300, 60, 120) -> 480;  (240, 0, 60) -> 300;  (420, 120, 180) -> 720.
 * AHT = (480 + 300 + 720) / 3 = 500 s; talk mean 960 / 3 = 320, hold 180 / 3 = 60,
 * after-call work 360 / 3 = 120 (and 320 + 60 + 120 = 500). Median total: rank
 * floor(0.5 * 2) = 1 of (300, 480, 720) -> 480. */
static void three_calls_by_hand(void **state)
{
    (void)state;
    cxkpi_aht *acc = new_aht();
    assert_int_equal(cxkpi_aht_add(acc, 300, 60, 120), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 240, 0, 60), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 420, 120, 180), CXKPI_OK);
    uint64_t n;
    double v;
    assert_int_equal(cxkpi_aht_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 3);
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_TOTAL, &v), CXKPI_OK);
    assert_true(v == 500.0);
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_TALK, &v), CXKPI_OK);
    assert_true(v == 320.0);
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_HOLD, &v), CXKPI_OK);
    assert_true(v == 60.0);
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_ACW, &v), CXKPI_OK);
    assert_true(v == 120.0);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TOTAL, 0.5, &v), CXKPI_OK);
    assert_within_alpha(v, 480.0);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TOTAL, 0.0, &v), CXKPI_OK);
    assert_true(v == 300.0);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TOTAL, 1.0, &v), CXKPI_OK);
    assert_true(v == 720.0);
    /* any duration getter through the component: hold min 0, max 120, sum 180 */
    const cxkpi_duration *hold = NULL;
    assert_int_equal(cxkpi_aht_component(acc, CXKPI_AHT_HOLD, &hold), CXKPI_OK);
    assert_int_equal(cxkpi_duration_min(hold, &v), CXKPI_OK);
    assert_true(v == 0.0);
    assert_int_equal(cxkpi_duration_max(hold, &v), CXKPI_OK);
    assert_true(v == 120.0);
    assert_int_equal(cxkpi_duration_sum(hold, &v), CXKPI_OK);
    assert_true(v == 180.0);
    assert_int_equal(cxkpi_duration_count(hold, &n), CXKPI_OK);
    assert_int_equal(n, 3);
    cxkpi_aht_free(acc);
}

/* The total's quantiles are those of the per-contact totals, not sums of quantiles:
 * (100, 0, 0) and (0, 0, 100) -> totals 100, 100: p100 total = 100, while the talk and
 * after-call work maxima add up to 200. */
static void total_is_per_contact(void **state)
{
    (void)state;
    cxkpi_aht *acc = new_aht();
    assert_int_equal(cxkpi_aht_add(acc, 100, 0, 0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 0, 0, 100), CXKPI_OK);
    double t, talk, acw;
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TOTAL, 1.0, &t), CXKPI_OK);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TALK, 1.0, &talk), CXKPI_OK);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_ACW, 1.0, &acw), CXKPI_OK);
    assert_true(t == 100.0 && talk == 100.0 && acw == 100.0);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TOTAL, 0.0, &t), CXKPI_OK);
    assert_true(t == 100.0);
    cxkpi_aht_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_aht *acc = new_aht();
    uint64_t n = 9;
    double v = 7.0;
    assert_int_equal(cxkpi_aht_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    for (int c = CXKPI_AHT_TALK; c <= CXKPI_AHT_TOTAL; c++) {
        assert_int_equal(cxkpi_aht_mean(acc, (cxkpi_aht_part)c, &v), CXKPI_EEMPTY);
        assert_int_equal(cxkpi_aht_quantile(acc, (cxkpi_aht_part)c, 0.5, &v), CXKPI_EEMPTY);
    }
    assert_true(v == 7.0);
    /* reset empties every part */
    assert_int_equal(cxkpi_aht_add(acc, 1, 2, 3), CXKPI_OK);
    assert_int_equal(cxkpi_aht_reset(acc), CXKPI_OK);
    assert_int_equal(cxkpi_aht_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    const cxkpi_duration *d;
    assert_int_equal(cxkpi_aht_component(acc, CXKPI_AHT_ACW, &d), CXKPI_OK);
    assert_int_equal(cxkpi_duration_count(d, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    cxkpi_aht_free(acc);
}

static void invalid_configuration_and_component(void **state)
{
    (void)state;
    cxkpi_aht *acc = (cxkpi_aht *)&acc;
    cxkpi_aht *const sentinel = acc;
    assert_int_equal(cxkpi_aht_new(&acc, 0.5, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_new(&acc, NAN, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_new(&acc, 0.01, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_new(NULL, 0.01, 0), CXKPI_EINVAL);
    assert_ptr_equal(acc, sentinel);
    acc = new_aht();
    assert_int_equal(cxkpi_aht_add(acc, 1, 2, 3), CXKPI_OK);
    const cxkpi_duration *d = NULL;
    double v = 5.0;
    assert_int_equal(cxkpi_aht_component(acc, (cxkpi_aht_part)4, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_component(acc, (cxkpi_aht_part)-1, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_mean(acc, (cxkpi_aht_part)4, &v), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_quantile(acc, (cxkpi_aht_part)4, 0.5, &v), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TALK, 1.5, &v), CXKPI_ERANGE);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TALK, NAN, &v), CXKPI_ERANGE);
    assert_null(d);
    assert_true(v == 5.0);
    cxkpi_aht_free(acc);
}

/* A contact with one bad part is not counted in any part; nor is a batch with one bad row. */
static void bad_durations_count_nothing(void **state)
{
    (void)state;
    cxkpi_aht *acc = new_aht();
    assert_int_equal(cxkpi_aht_add(acc, 10, 5, 2), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(aht, acc, before);
    static const double bad[] = {-1.0, NAN, INFINITY, -INFINITY, 2e18};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_aht_add(acc, bad[i], 5, 2), CXKPI_ERANGE);
        assert_int_equal(cxkpi_aht_add(acc, 5, bad[i], 2), CXKPI_ERANGE);
        assert_int_equal(cxkpi_aht_add(acc, 5, 2, bad[i]), CXKPI_ERANGE);
    }
    /* each part fine, the total 1.2e18 too large */
    assert_int_equal(cxkpi_aht_add(acc, 6e17, 6e17, 0), CXKPI_ERANGE);
    double talk[50], hold[50], acw[50];
    for (int i = 0; i < 50; i++) {
        talk[i] = 60.0 * (i + 1); /* would grow the buckets */
        hold[i] = i;
        acw[i] = 1e5 * i;
    }
    acw[49] = -0.5;
    assert_int_equal(cxkpi_aht_add_many(acc, talk, hold, acw, 50), CXKPI_ERANGE);
    TEST_ASSERT_UNCHANGED(aht, acc, before);
    cxkpi_aht_free(acc);
}

/* A batch counts exactly what adding one by one counts: the same bytes. */
static void batches_equal_single_adds(void **state)
{
    (void)state;
    uint64_t seed = 77;
    size_t n = 3000;
    double *t = malloc(n * sizeof *t), *h = malloc(n * sizeof *h), *w = malloc(n * sizeof *w);
    cxkpi_aht *one = new_aht(), *many = new_aht();
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)(test_rand(&seed) % 1800);
        h[i] = i % 3 ? 0.0 : (double)(test_rand(&seed) % 600);
        w[i] = (double)(test_rand(&seed) % 300) + 0.25;
        assert_int_equal(cxkpi_aht_add(one, t[i], h[i], w[i]), CXKPI_OK);
    }
    assert_int_equal(cxkpi_aht_add_many(many, t, h, w, n), CXKPI_OK);
    test_bytes a, b;
    TEST_SNAPSHOT(aht, one, a);
    TEST_SNAPSHOT(aht, many, b);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    test_free(a.p);
    test_free(b.p);
    assert_int_equal(cxkpi_aht_add_many(many, NULL, NULL, NULL, 0), CXKPI_OK);
    cxkpi_aht_free(one);
    cxkpi_aht_free(many);
    free(t);
    free(h);
    free(w);
}

static void assert_same_quantiles(const cxkpi_aht *a, const cxkpi_aht *b)
{
    for (int c = CXKPI_AHT_TALK; c <= CXKPI_AHT_TOTAL; c++)
        for (int j = 0; j <= 100; j++) {
            double va, vb;
            assert_int_equal(cxkpi_aht_quantile(a, (cxkpi_aht_part)c, j / 100.0, &va),
                             CXKPI_OK);
            assert_int_equal(cxkpi_aht_quantile(b, (cxkpi_aht_part)c, j / 100.0, &vb),
                             CXKPI_OK);
            assert_true(va == vb);
        }
}

static void merge_equals_one_accumulator(void **state)
{
    (void)state;
    uint64_t seed = 5;
    cxkpi_aht *a = new_aht(), *b = new_aht(), *all = new_aht();
    for (int i = 0; i < 5000; i++) {
        double t = (double)(test_rand(&seed) % 100000) / 10.0, h = (double)(i % 7) * 30.0,
               w = (double)(test_rand(&seed) % 500);
        assert_int_equal(cxkpi_aht_add(i % 3 ? a : b, t, h, w), CXKPI_OK);
        assert_int_equal(cxkpi_aht_add(all, t, h, w), CXKPI_OK);
    }
    test_bytes b_before;
    TEST_SNAPSHOT(aht, b, b_before);
    assert_int_equal(cxkpi_aht_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(aht, b, b_before);
    assert_same_quantiles(a, all);
    double ma, mall;
    assert_int_equal(cxkpi_aht_mean(a, CXKPI_AHT_TOTAL, &ma), CXKPI_OK);
    assert_int_equal(cxkpi_aht_mean(all, CXKPI_AHT_TOTAL, &mall), CXKPI_OK);
    assert_close(ma, mall, 1e-13);
    /* self-merge equals a clone merged with the original */
    cxkpi_aht *twice = NULL;
    assert_int_equal(cxkpi_aht_clone(all, &twice), CXKPI_OK);
    assert_int_equal(cxkpi_aht_merge(twice, all), CXKPI_OK);
    assert_int_equal(cxkpi_aht_merge(all, all), CXKPI_OK);
    assert_same_quantiles(all, twice);
    uint64_t n;
    assert_int_equal(cxkpi_aht_count(all, &n), CXKPI_OK);
    assert_int_equal(n, 10000);
    /* different configurations */
    cxkpi_aht *other = NULL;
    assert_int_equal(cxkpi_aht_new(&other, 0.02, 0), CXKPI_OK);
    test_bytes a_before;
    TEST_SNAPSHOT(aht, a, a_before);
    assert_int_equal(cxkpi_aht_merge(a, other), CXKPI_EMISMATCH);
    TEST_ASSERT_UNCHANGED(aht, a, a_before);
    cxkpi_aht_free(a);
    cxkpi_aht_free(b);
    cxkpi_aht_free(all);
    cxkpi_aht_free(twice);
    cxkpi_aht_free(other);
}

static void clone_and_round_trip(void **state)
{
    (void)state;
    cxkpi_aht *a = new_aht(), *c = NULL, *d = NULL;
    assert_int_equal(cxkpi_aht_add(a, 300, 60, 120), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(a, 0, 0, 0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(a, 86400, 3600, 1), CXKPI_OK);
    assert_int_equal(cxkpi_aht_clone(a, &c), CXKPI_OK);
    assert_same_quantiles(a, c);
    assert_int_equal(cxkpi_aht_add(c, 5, 5, 5), CXKPI_OK); /* independent */
    uint64_t na, nc;
    assert_int_equal(cxkpi_aht_count(a, &na), CXKPI_OK);
    assert_int_equal(cxkpi_aht_count(c, &nc), CXKPI_OK);
    assert_true(na == 3 && nc == 4);
    test_bytes bytes;
    TEST_SNAPSHOT(aht, a, bytes);
    assert_int_equal(cxkpi_aht_deserialize(&d, bytes.p, bytes.n), CXKPI_OK);
    assert_same_quantiles(a, d);
    TEST_ASSERT_UNCHANGED(aht, d, bytes);
    cxkpi_aht_free(c);
    cxkpi_aht_free(d);
    cxkpi_aht_free(a);
}

/* A serialized AHT whose parts are the given serialized durations. */
static size_t aht_frame_of(uint8_t *out, cxkpi_duration *const parts[4], uint16_t version)
{
    uint8_t payload[4096];
    size_t n = 0;
    for (int p = 0; p < 4; p++) {
        uint8_t buf[1024];
        size_t w;
        assert_int_equal(cxkpi_duration_serialize(parts[p], buf, sizeof buf, &w), CXKPI_OK);
        memcpy(payload + n, buf + 16, w - 20);
        n += w - 20;
    }
    return test_frame(out, 8, version, payload, n);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_aht *a = new_aht();
    assert_int_equal(cxkpi_aht_add(a, 300, 60, 120), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(a, 30, 0, 12), CXKPI_OK);
    uint8_t buf[4096];
    size_t written;
    assert_int_equal(cxkpi_aht_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    cxkpi_aht *sentinel = (cxkpi_aht *)&sentinel, *out = sentinel;
    for (size_t n = 0; n < written; n++)
        assert_int_equal(cxkpi_aht_deserialize(&out, buf, n), CXKPI_EFORMAT);
    for (size_t i = 0; i < written; i++) {
        buf[i] ^= 0x20;
        assert_int_equal(cxkpi_aht_deserialize(&out, buf, written), CXKPI_EFORMAT);
        buf[i] ^= 0x20;
    }
    /* a duration frame is not an AHT */
    cxkpi_duration *d[4];
    for (int p = 0; p < 4; p++)
        assert_int_equal(cxkpi_duration_new(&d[p], 0.01, 0), CXKPI_OK);
    uint8_t frame[4200];
    size_t fn;
    assert_int_equal(cxkpi_duration_serialize(d[0], frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* four empty parts: valid; as a newer version: EVERSION */
    fn = aht_frame_of(frame, d, 1);
    cxkpi_aht *ok = NULL;
    assert_int_equal(cxkpi_aht_deserialize(&ok, frame, fn), CXKPI_OK);
    cxkpi_aht_free(ok);
    fn = aht_frame_of(frame, d, 2);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, fn), CXKPI_EVERSION);
    /* parts with different counts */
    assert_int_equal(cxkpi_duration_add(d[2], 5.0), CXKPI_OK);
    fn = aht_frame_of(frame, d, 1);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* parts with different configurations (same counts) */
    cxkpi_duration_free(d[2]);
    assert_int_equal(cxkpi_duration_new(&d[2], 0.02, 0), CXKPI_OK);
    fn = aht_frame_of(frame, d, 1);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_duration_free(d[2]);
    assert_int_equal(cxkpi_duration_new(&d[2], 0.01, 4096), CXKPI_OK);
    fn = aht_frame_of(frame, d, 1);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* three parts only, and a fifth trailing part */
    cxkpi_duration_free(d[2]);
    assert_int_equal(cxkpi_duration_new(&d[2], 0.01, 0), CXKPI_OK);
    fn = aht_frame_of(frame, d, 1);
    size_t part = (fn - 20) / 4;
    uint8_t payload[4096];
    memcpy(payload, frame + 16, fn - 20);
    size_t n3 = test_frame(frame, 8, 1, payload, 3 * part);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, n3), CXKPI_EFORMAT);
    memcpy(payload + 4 * part, payload, part);
    size_t n5 = test_frame(frame, 8, 1, payload, 5 * part);
    assert_int_equal(cxkpi_aht_deserialize(&out, frame, n5), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    for (int p = 0; p < 4; p++)
        cxkpi_duration_free(d[p]);
    cxkpi_aht_free(a);
}

/* 2^64 - 1 contacts of zero seconds, forged: nothing more fits. */
static void counter_overflow_is_refused(void **state)
{
    (void)state;
    uint8_t part[128], *p = part, payload[512], frame[600];
    double alpha = 0.01;
    uint64_t alpha_bits;
    memcpy(&alpha_bits, &alpha, 8);
    p = test_put_u64(p, UINT64_MAX); /* count */
    for (int i = 0; i < 6; i++)
        p = test_put_u64(p, 0);      /* sum, compensation, mean, m2, min, max */
    p = test_put_u64(p, alpha_bits);
    p = test_put_i32(p, 2048);
    p = test_put_u64(p, UINT64_MAX); /* zeros */
    *p++ = 0;
    *p++ = 0;                        /* no buckets */
    size_t len = (size_t)(p - part);
    for (int i = 0; i < 4; i++)
        memcpy(payload + i * len, part, len);
    size_t fn = test_frame(frame, 8, 1, payload, 4 * len);
    cxkpi_aht *acc = NULL;
    assert_int_equal(cxkpi_aht_deserialize(&acc, frame, fn), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(aht, acc, before);
    double one = 1.0;
    assert_int_equal(cxkpi_aht_add(acc, 1, 1, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_aht_add_many(acc, &one, &one, &one, 1), CXKPI_EOVERFLOW);
    cxkpi_aht *small = new_aht();
    assert_int_equal(cxkpi_aht_add(small, 1, 1, 1), CXKPI_OK);
    assert_int_equal(cxkpi_aht_merge(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_aht_merge(acc, acc), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(aht, acc, before);
    double v;
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_TOTAL, &v), CXKPI_OK);
    assert_true(v == 0.0);
    cxkpi_aht_free(acc);
    cxkpi_aht_free(small);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_aht *acc = new_aht(), *out = NULL;
    assert_int_equal(cxkpi_aht_add(acc, 1, 2, 3), CXKPI_OK);
    double d = 1.0;
    uint64_t u;
    size_t n;
    uint8_t buf[1024];
    const cxkpi_duration *part;
    cxkpi_aht_free(NULL);
    assert_int_equal(cxkpi_aht_add(NULL, 1, 2, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_add_many(NULL, &d, &d, &d, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_add_many(acc, NULL, &d, &d, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_add_many(acc, &d, NULL, &d, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_add_many(acc, &d, &d, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_count(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_count(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_component(NULL, CXKPI_AHT_TALK, &part), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_component(acc, CXKPI_AHT_TALK, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_mean(NULL, CXKPI_AHT_TALK, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_mean(acc, CXKPI_AHT_TALK, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_quantile(NULL, CXKPI_AHT_TALK, 0.5, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_quantile(acc, CXKPI_AHT_TALK, 0.5, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_aht_serialize(acc, buf, n - 1, &n), CXKPI_ENOSPC);
    assert_int_equal(cxkpi_aht_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_aht_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    assert_true(d == 1.0);
    cxkpi_aht_free(acc);
}

/* Found by fuzz_deserialize_aht: a frame whose per-contact totals added up to more than
 * talk + hold + after-call work was accepted (AHT 2178.40003 s against components summing
 * to 2178.4 s). The totals must now match the components' sum. */
static void aht_deserialize_refuses_totals_that_do_not_add_up(void **state)
{
    (void)state;
    cxkpi_aht *acc = NULL;
    assert_int_equal(cxkpi_aht_new(&acc, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 300.0, 60.0, 40.0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 100.0, 0.0, 0.0), CXKPI_OK);
    uint8_t buf[4096], frame[4096];
    size_t n, offset = 0;
    assert_int_equal(cxkpi_aht_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    /* the payload is the four duration payloads, talk, hold, acw, total */
    for (int p = 0; p < 3; p++) {
        const cxkpi_duration *d = NULL;
        size_t size;
        assert_int_equal(cxkpi_aht_component(acc, (cxkpi_aht_part)p, &d), CXKPI_OK);
        assert_int_equal(cxkpi_duration_serialized_size(d, &size), CXKPI_OK);
        offset += size - 20;
    }
    cxkpi_aht_free(acc);
    uint8_t *payload = buf + 16;
    /* the total's sum: 400 + 100 = 500; 500.5 is still a possible sum of two totals in
     * [100, 400], so only the comparison with the components refuses it */
    test_put_f64(payload + offset + 8, 500.5);
    n = test_frame(frame, 8, 1, payload, n - 20);
    cxkpi_aht *back = NULL;
    assert_int_equal(cxkpi_aht_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    test_put_f64(payload + offset + 8, 500.0);
    n = test_frame(frame, 8, 1, payload, n - 20);
    assert_int_equal(cxkpi_aht_deserialize(&back, frame, n), CXKPI_OK);
    cxkpi_aht_free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_calls_by_hand),
        cmocka_unit_test(total_is_per_contact),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(invalid_configuration_and_component),
        cmocka_unit_test(bad_durations_count_nothing),
        cmocka_unit_test(batches_equal_single_adds),
        cmocka_unit_test(merge_equals_one_accumulator),
        cmocka_unit_test(clone_and_round_trip),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(aht_deserialize_refuses_totals_that_do_not_add_up),
    };
    return cmocka_run_group_tests_name("aht", tests, NULL, NULL);
}
