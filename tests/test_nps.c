/* NPS accumulator. Definitions (cxkpi/nps.h): promoters 9-10, passives 7-8, detractors 0-6;
 * nps = 100 (P - D) / n; variance = p + d - (p - d)^2; se = 100 sqrt(variance / n);
 * margin = z(c) se. Reference decimals computed with mpmath at 30 digits. */
#include <math.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

static cxkpi_nps *new_nps(void)
{
    cxkpi_nps *acc = NULL;
    assert_int_equal(cxkpi_nps_new(&acc), CXKPI_OK);
    assert_non_null(acc);
    return acc;
}

static void add_n(cxkpi_nps *acc, int32_t score, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cxkpi_nps_add(acc, score), CXKPI_OK);
}

/* The example: 50 promoters, 30 passives, 20 detractors (n = 100).
 * nps = 100 (50 - 20) / 100 = 30. p = .5, d = .2, variance = .7 - .3^2 = .61,
 * se = 100 sqrt(.61 / 100) = 7.81024967590665439, margin95 = 1.95996398454005 * se
 * = 15.3078080750426706, margin99 = 20.1178699832336631. */
static void fifty_thirty_twenty(void **state)
{
    (void)state;
    cxkpi_nps *acc = new_nps();
    add_n(acc, 10, 25);
    add_n(acc, 9, 25);
    add_n(acc, 8, 10);
    add_n(acc, 7, 20);
    add_n(acc, 6, 5);
    add_n(acc, 3, 5);
    add_n(acc, 0, 10);
    uint64_t n, pro, pas, det;
    double score, se, moe, pp, pa, pd;
    assert_int_equal(cxkpi_nps_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 100);
    assert_int_equal(cxkpi_nps_groups(acc, &pro, &pas, &det), CXKPI_OK);
    assert_int_equal(pro, 50);
    assert_int_equal(pas, 30);
    assert_int_equal(det, 20);
    assert_int_equal(cxkpi_nps_group_percents(acc, &pp, &pa, &pd), CXKPI_OK);
    assert_true(pp == 50.0 && pa == 30.0 && pd == 20.0);
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == 30.0);
    assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
    assert_close(se, 7.81024967590665439, 1e-14);
    assert_close(se, 7.810249675907, 1e-12); /* the rounding */
    assert_int_equal(cxkpi_nps_margin(acc, 0.95, &moe), CXKPI_OK);
    assert_close(moe, 15.3078080750426706, 1e-13);
    assert_close(moe, 15.307808075043, 1e-12);
    assert_int_equal(cxkpi_nps_margin(acc, 0.99, &moe), CXKPI_OK);
    assert_close(moe, 20.1178699832336631, 1e-13);
    uint64_t c;
    assert_int_equal(cxkpi_nps_score_count(acc, 7, &c), CXKPI_OK);
    assert_int_equal(c, 20);
    assert_int_equal(cxkpi_nps_score_count(acc, 5, &c), CXKPI_OK);
    assert_int_equal(c, 0);
    cxkpi_nps_free(acc);
}

/* Every score lands in the right group: 0..6 detractors, 7..8 passives, 9..10 promoters. */
static void group_boundaries(void **state)
{
    (void)state;
    for (int32_t s = 0; s <= 10; s++) {
        cxkpi_nps *acc = new_nps();
        add_n(acc, s, 1);
        uint64_t pro, pas, det;
        double score, se;
        assert_int_equal(cxkpi_nps_groups(acc, &pro, &pas, &det), CXKPI_OK);
        assert_int_equal(pro, s >= 9);
        assert_int_equal(pas, s == 7 || s == 8);
        assert_int_equal(det, s <= 6);
        /* one response: nps is +100, 0 or -100, and its standard error 0 */
        assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
        assert_true(score == (s >= 9 ? 100.0 : s >= 7 ? 0.0 : -100.0));
        assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
        assert_true(se == 0.0);
        cxkpi_nps_free(acc);
    }
}

static void extremes_and_small_cases(void **state)
{
    (void)state;
    double score, se, moe;
    /* all detractors: -100 exactly, se 0 */
    cxkpi_nps *acc = new_nps();
    add_n(acc, 0, 7);
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == -100.0);
    assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
    assert_true(se == 0.0);
    /* one promoter, one detractor: nps 0, p = d = .5, variance = 1 - 0 = 1,
     * se = 100 sqrt(1 / 2) = 70.7106781186547524 */
    assert_int_equal(cxkpi_nps_reset(acc), CXKPI_OK);
    add_n(acc, 10, 1);
    add_n(acc, 6, 1);
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == 0.0);
    assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
    assert_close(se, 70.7106781186547524, 1e-14);
    /* 3 promoters, 1 passive: nps 75, p = .75, d = 0, variance = .75 - .5625 = .1875,
     * se = 100 sqrt(.1875 / 4) = 21.6506350946109662, margin90 = 35.6121256611736916 */
    assert_int_equal(cxkpi_nps_reset(acc), CXKPI_OK);
    add_n(acc, 9, 3);
    add_n(acc, 8, 1);
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == 75.0);
    assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
    assert_close(se, 21.6506350946109662, 1e-14);
    assert_int_equal(cxkpi_nps_margin(acc, 0.9, &moe), CXKPI_OK);
    assert_close(moe, 35.6121256611736916, 1e-13);
    /* 2 detractors, 1 promoter: nps = 100 (1 - 2) / 3 = -33.33.. */
    assert_int_equal(cxkpi_nps_reset(acc), CXKPI_OK);
    add_n(acc, 1, 2);
    add_n(acc, 9, 1);
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == -100.0 / 3.0);
    cxkpi_nps_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_nps *acc = new_nps();
    uint64_t n = 5, a = 5, b = 5, c = 5;
    double v = 9.0, x = 9.0, y = 9.0;
    assert_int_equal(cxkpi_nps_count(acc, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cxkpi_nps_groups(acc, &a, &b, &c), CXKPI_OK);
    assert_true(a == 0 && b == 0 && c == 0);
    assert_int_equal(cxkpi_nps_score(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_stderr(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_margin(acc, 0.95, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_group_percents(acc, &v, &x, &y), CXKPI_EEMPTY);
    assert_true(v == 9.0 && x == 9.0 && y == 9.0);
    cxkpi_nps_free(acc);
}

static void out_of_range_scores_count_nothing(void **state)
{
    (void)state;
    cxkpi_nps *acc = new_nps();
    add_n(acc, 9, 2);
    add_n(acc, 2, 1);
    test_bytes before;
    TEST_SNAPSHOT(nps, acc, before);
    static const int32_t bad[] = {-1, 11, 100, INT32_MIN, INT32_MAX};
    uint64_t c;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_nps_add(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_nps_remove(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_nps_score_count(acc, bad[i], &c), CXKPI_ERANGE);
    }
    int32_t batch[400];
    uint8_t bytes[400];
    for (int i = 0; i < 400; i++) {
        batch[i] = i % 11;
        bytes[i] = (uint8_t)(i % 11);
    }
    batch[399] = 11;
    bytes[0] = 11;
    assert_int_equal(cxkpi_nps_add_many(acc, batch, 400), CXKPI_ERANGE);
    assert_int_equal(cxkpi_nps_add_many_u8(acc, bytes, 400), CXKPI_ERANGE);
    batch[1] = -1;
    assert_int_equal(cxkpi_nps_add_many(acc, batch, 5), CXKPI_ERANGE);
    assert_int_equal(cxkpi_nps_remove(acc, 10), CXKPI_ENOTFOUND); /* never counted */
    TEST_ASSERT_UNCHANGED(nps, acc, before);
    cxkpi_nps_free(acc);
}

static void batches_and_remove(void **state)
{
    (void)state;
    /* 0..10 once each, 40 times over (440 responses, the laned path):
     * promoters 80, passives 80, detractors 280 -> nps = 100 (80 - 280) / 440 */
    uint8_t bytes[440];
    int32_t ints[440];
    for (int i = 0; i < 440; i++) {
        bytes[i] = (uint8_t)(i % 11);
        ints[i] = i % 11;
    }
    cxkpi_nps *a = new_nps(), *b = new_nps();
    assert_int_equal(cxkpi_nps_add_many_u8(a, bytes, 440), CXKPI_OK);
    assert_int_equal(cxkpi_nps_add_many(b, ints, 440), CXKPI_OK);
    double sa, sb;
    assert_int_equal(cxkpi_nps_score(a, &sa), CXKPI_OK);
    assert_int_equal(cxkpi_nps_score(b, &sb), CXKPI_OK);
    assert_true(sa == 100.0 * -200.0 / 440.0);
    assert_true(sb == sa);
    /* a customer moves from 3 to 10: remove 3, add 10 -> P 81, D 279 */
    assert_int_equal(cxkpi_nps_remove(a, 3), CXKPI_OK);
    assert_int_equal(cxkpi_nps_add(a, 10), CXKPI_OK);
    assert_int_equal(cxkpi_nps_score(a, &sa), CXKPI_OK);
    assert_true(sa == 100.0 * -198.0 / 440.0);
    assert_int_equal(cxkpi_nps_add_many(a, NULL, 0), CXKPI_OK);
    cxkpi_nps_free(a);
    cxkpi_nps_free(b);
}

static void merge_clone_reset(void **state)
{
    (void)state;
    /* A: 10, 10, 0   B: 8, 5  ->  A+B: P 2, D 2, n 5: nps 0 */
    cxkpi_nps *a = new_nps(), *b = new_nps(), *c = NULL;
    add_n(a, 10, 2);
    add_n(a, 0, 1);
    add_n(b, 8, 1);
    add_n(b, 5, 1);
    test_bytes b_before;
    TEST_SNAPSHOT(nps, b, b_before);
    assert_int_equal(cxkpi_nps_clone(a, &c), CXKPI_OK);
    assert_int_equal(cxkpi_nps_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(nps, b, b_before);
    double s;
    uint64_t n;
    assert_int_equal(cxkpi_nps_score(a, &s), CXKPI_OK);
    assert_true(s == 0.0);
    /* the clone kept A's state: P 2, D 1, n 3 -> 33.3.. */
    assert_int_equal(cxkpi_nps_score(c, &s), CXKPI_OK);
    assert_true(s == 100.0 / 3.0);
    assert_int_equal(cxkpi_nps_merge(c, c), CXKPI_OK);
    assert_int_equal(cxkpi_nps_count(c, &n), CXKPI_OK);
    assert_int_equal(n, 6);
    assert_int_equal(cxkpi_nps_reset(a), CXKPI_OK);
    assert_int_equal(cxkpi_nps_count(a, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    cxkpi_nps_free(a);
    cxkpi_nps_free(b);
    cxkpi_nps_free(c);
}

static void serialize_round_trip_and_hostile_bytes(void **state)
{
    (void)state;
    cxkpi_nps *a = new_nps(), *b = NULL;
    add_n(a, 10, 3);
    add_n(a, 4, 2);
    size_t size, written;
    assert_int_equal(cxkpi_nps_serialized_size(a, &size), CXKPI_OK);
    assert_int_equal(size, 16 + 11 * 8 + 4);
    uint8_t buf[108], copy[108];
    memset(buf, 0x33, sizeof buf);
    assert_int_equal(cxkpi_nps_serialize(a, buf, 107, &written), CXKPI_ENOSPC);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0x33);
    assert_int_equal(cxkpi_nps_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, 108);
    uint8_t expect[88], *p = expect;
    for (int s = 0; s <= 10; s++)
        p = test_put_u64(p, s == 10 ? 3 : s == 4 ? 2 : 0);
    assert_memory_equal(buf + 16, expect, 88);
    assert_int_equal(cxkpi_nps_deserialize(&b, buf, written), CXKPI_OK);
    double s;
    assert_int_equal(cxkpi_nps_score(b, &s), CXKPI_OK);
    assert_true(s == 20.0); /* 100 (3 - 2) / 5 */
    cxkpi_nps_free(b);

    cxkpi_nps *sentinel = (cxkpi_nps *)&sentinel, *out = sentinel;
    memcpy(copy, buf, sizeof buf);
    for (size_t n = 0; n < written; n++)
        assert_int_equal(cxkpi_nps_deserialize(&out, buf, n), CXKPI_EFORMAT);
    for (size_t i = 0; i < written; i++) {
        buf[i] ^= 0x01;
        assert_int_equal(cxkpi_nps_deserialize(&out, buf, written), CXKPI_EFORMAT);
        buf[i] ^= 0x01;
    }
    assert_memory_equal(buf, copy, sizeof buf);
    uint8_t frame[20 + 96];
    size_t fn = test_frame(frame, 2, 2, expect, 88); /* newer version */
    assert_int_equal(cxkpi_nps_deserialize(&out, frame, fn), CXKPI_EVERSION);
    fn = test_frame(frame, 1, 1, expect, 88); /* CSAT kind */
    assert_int_equal(cxkpi_nps_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    fn = test_frame(frame, 2, 1, expect, 80); /* ten counts, not eleven */
    assert_int_equal(cxkpi_nps_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    uint8_t wide[96];
    memcpy(wide, expect, 88);
    test_put_u64(wide + 88, 0);
    fn = test_frame(frame, 2, 1, wide, 96); /* twelve */
    assert_int_equal(cxkpi_nps_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    p = expect;
    p = test_put_u64(p, UINT64_MAX); /* counts summing past 2^64 - 1 */
    fn = test_frame(frame, 2, 1, expect, 88);
    assert_int_equal(cxkpi_nps_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    cxkpi_nps_free(a);
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    /* forged: 2^64 - 1 responses, all 10 */
    uint8_t payload[88], frame[108], *p = payload;
    for (int s = 0; s <= 10; s++)
        p = test_put_u64(p, s == 10 ? UINT64_MAX : 0);
    size_t fn = test_frame(frame, 2, 1, payload, 88);
    cxkpi_nps *acc = NULL, *one = new_nps();
    assert_int_equal(cxkpi_nps_deserialize(&acc, frame, fn), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(nps, acc, before);
    int32_t s5 = 5;
    uint8_t b5 = 5;
    add_n(one, 1, 1);
    assert_int_equal(cxkpi_nps_add(acc, 5), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_nps_add_many(acc, &s5, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_nps_add_many_u8(acc, &b5, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_nps_merge(acc, one), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(nps, acc, before);
    double score, se;
    assert_int_equal(cxkpi_nps_score(acc, &score), CXKPI_OK);
    assert_true(score == 100.0);
    assert_int_equal(cxkpi_nps_stderr(acc, &se), CXKPI_OK);
    assert_true(se == 0.0);
    cxkpi_nps_free(acc);
    cxkpi_nps_free(one);
}

static void bad_confidence_and_nulls(void **state)
{
    (void)state;
    cxkpi_nps *acc = new_nps(), *out = NULL;
    add_n(acc, 9, 1);
    double d = 1.0;
    static const double bad[] = {0.0, 1.0, -1.0, 2.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cxkpi_nps_margin(acc, bad[i], &d), CXKPI_ERANGE);
    assert_true(d == 1.0);
    uint64_t u;
    int32_t s = 1;
    uint8_t b = 1, buf[128];
    size_t n;
    cxkpi_nps_free(NULL);
    assert_int_equal(cxkpi_nps_new(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add(NULL, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many(NULL, &s, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_u8(NULL, &b, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_add_many_u8(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_remove(NULL, 3), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_count(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_count(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_groups(NULL, &u, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_groups(acc, NULL, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_groups(acc, &u, NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_groups(acc, &u, &u, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_group_percents(NULL, &d, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_group_percents(acc, NULL, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_group_percents(acc, &d, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_group_percents(acc, &d, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_score_count(NULL, 1, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_score_count(acc, 1, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_score(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_score(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_stderr(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_stderr(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_margin(NULL, 0.95, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_margin(acc, 0.95, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_nps_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    cxkpi_nps_free(acc);
}

/* The rounding of TEST_N_PAST_100 (helpers.h) in NPS: when every response is a promoter,
 * the score is 100 and the promoters 100 %, not 100.00000000000001; when every response is
 * a detractor, the score is exactly -100. */
static void nps_percents_never_leave_their_range(void **state)
{
    (void)state;
    for (int32_t score = 0; score <= 10; score += 10) {
        uint8_t payload[11 * 8], *p = payload, frame[sizeof payload + 20];
        for (int32_t s = 0; s <= 10; s++)
            p = test_put_u64(p, s == score ? TEST_N_PAST_100 : 0);
        size_t n = test_frame(frame, 2, 1, payload, sizeof payload);
        cxkpi_nps *acc = NULL;
        assert_int_equal(cxkpi_nps_deserialize(&acc, frame, n), CXKPI_OK);
        double nps, pro, pas, det;
        assert_int_equal(cxkpi_nps_score(acc, &nps), CXKPI_OK);
        assert_int_equal(cxkpi_nps_group_percents(acc, &pro, &pas, &det), CXKPI_OK);
        if (score == 10) {
            assert_true(nps == 100.0 && pro == 100.0 && pas == 0.0 && det == 0.0);
        } else {
            assert_true(nps == -100.0 && pro == 0.0 && pas == 0.0 && det == 100.0);
        }
        cxkpi_nps_free(acc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fifty_thirty_twenty),
        cmocka_unit_test(group_boundaries),
        cmocka_unit_test(extremes_and_small_cases),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(out_of_range_scores_count_nothing),
        cmocka_unit_test(batches_and_remove),
        cmocka_unit_test(merge_clone_reset),
        cmocka_unit_test(serialize_round_trip_and_hostile_bytes),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(bad_confidence_and_nulls),
        cmocka_unit_test(nps_percents_never_leave_their_range),
    };
    return cmocka_run_group_tests_name("nps", tests, NULL, NULL);
}
