/* Churn accumulator. Expected values are worked out by hand in the comments from the
 * definitions of cxkpi/churn.h: churn_percent = 100 * lost / at_start, net_growth =
 * 100 * (gained - lost) / at_start, at_end = at_start + gained - lost. Wilson bounds were
 * computed independently with mpmath at 40 digits from the p-hat form in stats.h. */
#include <math.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

#define CHURN_KIND 7
#define CHURN_FRAME 44 /* 16 header + 24 payload + 4 CRC */

static cxkpi_churn *new_churn(uint64_t at_start, uint64_t gained, uint64_t lost)
{
    cxkpi_churn *acc = NULL;
    assert_int_equal(cxkpi_churn_new(&acc), CXKPI_OK);
    assert_non_null(acc);
    assert_int_equal(cxkpi_churn_add_start(acc, at_start), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_gained(acc, gained), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(acc, lost), CXKPI_OK);
    return acc;
}

static void expect_counts(const cxkpi_churn *acc, uint64_t at_start, uint64_t gained,
                          uint64_t lost, uint64_t at_end)
{
    uint64_t s, g, l, e;
    assert_int_equal(cxkpi_churn_counts(acc, &s, &g, &l), CXKPI_OK);
    assert_int_equal(s, at_start);
    assert_int_equal(g, gained);
    assert_int_equal(l, lost);
    assert_int_equal(cxkpi_churn_at_end(acc, &e), CXKPI_OK);
    assert_int_equal(e, at_end);
}

/* Exact rate and net growth (every expected value here is exact in binary or the same
 * one division the definition makes). */
static void expect_rates(const cxkpi_churn *acc, double rate, double growth)
{
    double r, g;
    assert_int_equal(cxkpi_churn_percent(acc, &r), CXKPI_OK);
    assert_true(r == rate);
    assert_int_equal(cxkpi_churn_net_growth(acc, &g), CXKPI_OK);
    assert_true(g == growth);
}

/* A churn state forged through the documented payload: at_start, gained, lost. */
static cxkpi_status deserialize_forged(uint64_t at_start, uint64_t gained, uint64_t lost,
                                       size_t payload_size, cxkpi_churn **out)
{
    uint8_t payload[32] = {0}, frame[20 + sizeof payload], *p = payload;
    p = test_put_u64(p, at_start);
    p = test_put_u64(p, gained);
    test_put_u64(p, lost);
    size_t fn = test_frame(frame, CHURN_KIND, 1, payload, payload_size);
    return cxkpi_churn_deserialize(out, frame, fn);
}

static cxkpi_churn *forge(uint64_t at_start, uint64_t gained, uint64_t lost)
{
    cxkpi_churn *acc = NULL;
    assert_int_equal(deserialize_forged(at_start, gained, lost, 24, &acc), CXKPI_OK);
    return acc;
}

/* 200 customers at the start, 10 lost, 25 gained: churn 100 * 10 / 200 = 5 %,
 * net growth 100 * (25 - 10) / 200 = 7.5 %, at the end 200 + 25 - 10 = 215. */
static void worked_example(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(200, 25, 10);
    expect_counts(acc, 200, 25, 10, 215);
    expect_rates(acc, 5.0, 7.5);
    double lo, hi;
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 2.7382645600763923, 1e-12); /* Wilson 10 of 200 at 95 % */
    assert_close(hi, 8.9578148138775997, 1e-12);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.90, &lo, &hi), CXKPI_OK);
    assert_close(lo, 3.0120611671088661, 1e-12); /* at 90 % */
    assert_close(hi, 8.1891832918209408, 1e-12);
    cxkpi_churn_free(acc);
}

/* The extremes of the rate: everyone lost (100 %, net growth -100 %, 0 at the end) and
 * nobody lost (0 %, Wilson lower exactly 0). */
static void extremes(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(10, 0, 10);
    expect_counts(acc, 10, 0, 10, 0);
    expect_rates(acc, 100.0, -100.0);
    double lo, hi;
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 72.246720013711075, 1e-12); /* Wilson 10 of 10 */
    assert_true(hi == 100.0);
    cxkpi_churn_free(acc);

    /* 50 at start, none lost, 100 gained: 0 %, net growth 100 * 100 / 50 = 200 % */
    acc = new_churn(50, 100, 0);
    expect_counts(acc, 50, 100, 0, 150);
    expect_rates(acc, 0.0, 200.0);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 7.134759913335873, 1e-12); /* Wilson 0 of 50 */
    cxkpi_churn_free(acc);

    /* more lost than gained: 3 at start, 1 gained, 2 lost -> churn 100 * 2 / 3 = 66.6... %,
     * net growth 100 * (1 - 2) / 3 = -33.3... %, at the end 3 + 1 - 2 = 2 */
    acc = new_churn(3, 1, 2);
    expect_rates(acc, 200.0 / 3.0, -100.0 / 3.0);
    expect_counts(acc, 3, 1, 2, 2);
    cxkpi_churn_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(0, 0, 0);
    expect_counts(acc, 0, 0, 0, 0);
    double v = 7.0, lo = 7.0, hi = 7.0;
    assert_int_equal(cxkpi_churn_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_churn_net_growth(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    /* customers gained but none at the start: still no rate, 5 at the end */
    assert_int_equal(cxkpi_churn_add_gained(acc, 5), CXKPI_OK);
    expect_counts(acc, 0, 5, 0, 5);
    assert_int_equal(cxkpi_churn_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_churn_net_growth(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_true(v == 7.0 && lo == 7.0 && hi == 7.0);
    /* adding zero of anything is allowed and changes nothing */
    assert_int_equal(cxkpi_churn_add_start(acc, 0), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(acc, 0), CXKPI_OK);
    assert_int_equal(cxkpi_churn_remove_lost(acc, 0), CXKPI_OK);
    expect_counts(acc, 0, 5, 0, 5);
    cxkpi_churn_free(acc);
}

/* lost may never exceed at_start; nothing changes when it would. */
static void more_lost_than_at_start_is_refused(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(0, 0, 0);
    test_bytes before;
    TEST_SNAPSHOT(churn, acc, before);
    assert_int_equal(cxkpi_churn_add_lost(acc, 1), CXKPI_ERANGE); /* before any start */
    assert_int_equal(cxkpi_churn_add_lost(acc, UINT64_MAX), CXKPI_ERANGE);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    /* start 10, gained 100: losing 11 is refused (gained customers are not the cohort) */
    assert_int_equal(cxkpi_churn_add_start(acc, 10), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_gained(acc, 100), CXKPI_OK);
    TEST_SNAPSHOT(churn, acc, before);
    assert_int_equal(cxkpi_churn_add_lost(acc, 11), CXKPI_ERANGE);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    /* 7 then 3 reach exactly 10; one more is refused */
    assert_int_equal(cxkpi_churn_add_lost(acc, 7), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(acc, 3), CXKPI_OK);
    TEST_SNAPSHOT(churn, acc, before);
    assert_int_equal(cxkpi_churn_add_lost(acc, 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_churn_add_lost(acc, UINT64_MAX), CXKPI_ERANGE);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    expect_counts(acc, 10, 100, 10, 100);
    cxkpi_churn_free(acc);
}

/* 40 at start, 5 lost, then 2 of them turn out to have renewed: 3 lost -> 7.5 %. */
static void remove_lost_retracts(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(40, 0, 5);
    assert_int_equal(cxkpi_churn_remove_lost(acc, 2), CXKPI_OK);
    expect_counts(acc, 40, 0, 3, 37);
    double rate, lo, hi;
    assert_int_equal(cxkpi_churn_percent(acc, &rate), CXKPI_OK);
    assert_true(rate == 7.5);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 2.58360257745882, 1e-12); /* Wilson 3 of 40 */
    assert_close(hi, 19.864233524310546, 1e-12);
    test_bytes before;
    TEST_SNAPSHOT(churn, acc, before);
    assert_int_equal(cxkpi_churn_remove_lost(acc, 4), CXKPI_ENOTFOUND); /* only 3 lost */
    assert_int_equal(cxkpi_churn_remove_lost(acc, UINT64_MAX), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    assert_int_equal(cxkpi_churn_remove_lost(acc, 3), CXKPI_OK);
    assert_int_equal(cxkpi_churn_percent(acc, &rate), CXKPI_OK);
    assert_true(rate == 0.0);
    cxkpi_churn_free(acc);
}

/* Two regions of one period: A 120 at start, 5 gained, 6 lost; B 80, 20 gained, 4 lost.
 * Together: 200, 25, 10 -> the worked example (5 %, 7.5 %, 215). */
static void merge_equals_one_accumulator(void **state)
{
    (void)state;
    cxkpi_churn *a = new_churn(120, 5, 6), *b = new_churn(80, 20, 4);
    cxkpi_churn *both = new_churn(120, 5, 6);
    assert_int_equal(cxkpi_churn_add_start(both, 80), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_gained(both, 20), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(both, 4), CXKPI_OK);
    test_bytes b_before, expect;
    TEST_SNAPSHOT(churn, b, b_before);
    assert_int_equal(cxkpi_churn_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(churn, b, b_before); /* src untouched */
    expect_counts(a, 200, 25, 10, 215);
    TEST_SNAPSHOT(churn, both, expect);
    TEST_ASSERT_UNCHANGED(churn, a, expect);
    double rate;
    assert_int_equal(cxkpi_churn_percent(a, &rate), CXKPI_OK);
    assert_true(rate == 5.0);
    /* self-merge doubles every count: 400, 50, 20 -> still 5 % */
    assert_int_equal(cxkpi_churn_merge(a, a), CXKPI_OK);
    expect_counts(a, 400, 50, 20, 430);
    assert_int_equal(cxkpi_churn_percent(a, &rate), CXKPI_OK);
    assert_true(rate == 5.0);
    /* merging an empty one changes nothing */
    cxkpi_churn *e = new_churn(0, 0, 0);
    TEST_SNAPSHOT(churn, a, expect);
    assert_int_equal(cxkpi_churn_merge(a, e), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(churn, a, expect);
    cxkpi_churn_free(a);
    cxkpi_churn_free(b);
    cxkpi_churn_free(e);
    cxkpi_churn_free(both);
}

static void reset_and_clone(void **state)
{
    (void)state;
    cxkpi_churn *a = new_churn(100, 10, 20), *b = NULL;
    assert_int_equal(cxkpi_churn_clone(a, &b), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(b, 30), CXKPI_OK); /* the clone moves on alone */
    double ra, rb;
    assert_int_equal(cxkpi_churn_percent(a, &ra), CXKPI_OK);
    assert_int_equal(cxkpi_churn_percent(b, &rb), CXKPI_OK);
    assert_true(ra == 20.0); /* 20 of 100 */
    assert_true(rb == 50.0); /* 50 of 100 */
    assert_int_equal(cxkpi_churn_reset(b), CXKPI_OK);
    expect_counts(b, 0, 0, 0, 0);
    assert_int_equal(cxkpi_churn_percent(b, &rb), CXKPI_EEMPTY);
    expect_counts(a, 100, 10, 20, 90);
    cxkpi_churn_free(a);
    cxkpi_churn_free(b);
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    /* at_start 2^64 - 6 and gained 5: at_start + gained = 2^64 - 1, full */
    cxkpi_churn *acc = forge(UINT64_MAX - 5, 5, 0);
    test_bytes before;
    TEST_SNAPSHOT(churn, acc, before);
    assert_int_equal(cxkpi_churn_add_start(acc, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_churn_add_gained(acc, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_churn_add_start(acc, UINT64_MAX), CXKPI_EOVERFLOW);
    cxkpi_churn *small = new_churn(1, 0, 0), *gain = new_churn(0, 1, 0);
    assert_int_equal(cxkpi_churn_merge(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_churn_merge(acc, gain), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_churn_merge(small, acc), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_churn_merge(acc, acc), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    /* zero additions and an empty merge succeed at the limit */
    cxkpi_churn *empty = new_churn(0, 0, 0);
    assert_int_equal(cxkpi_churn_merge(acc, empty), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_start(acc, 0), CXKPI_OK);
    /* at the end 2^64 - 6 + 5 - 0 = 2^64 - 1, exactly */
    expect_counts(acc, UINT64_MAX - 5, 5, 0, UINT64_MAX);
    /* losing 2^63 of 2^64 - 6: rate 100 * 2^63 / (2^64 - 6) = 50 % to 1e-15 */
    assert_int_equal(cxkpi_churn_add_lost(acc, 1ull << 63), CXKPI_OK);
    double rate, growth;
    assert_int_equal(cxkpi_churn_percent(acc, &rate), CXKPI_OK);
    assert_close(rate, 50.0, 1e-15);
    /* net growth 100 * (5 - 2^63) / (2^64 - 6) = -50 % to 1e-15 */
    assert_int_equal(cxkpi_churn_net_growth(acc, &growth), CXKPI_OK);
    assert_close(growth, -50.0, 1e-15);
    expect_counts(acc, UINT64_MAX - 5, 5, 1ull << 63, UINT64_MAX - (1ull << 63));
    cxkpi_churn_free(acc);
    cxkpi_churn_free(small);
    cxkpi_churn_free(gain);
    cxkpi_churn_free(empty);
}

static void serialize_round_trip(void **state)
{
    (void)state;
    cxkpi_churn *a = new_churn(200, 25, 10);
    size_t size, written;
    assert_int_equal(cxkpi_churn_serialized_size(a, &size), CXKPI_OK);
    assert_int_equal(size, CHURN_FRAME);
    uint8_t buf[CHURN_FRAME];
    assert_int_equal(cxkpi_churn_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, CHURN_FRAME);
    /* header: magic, kind 7, version 1, payload length 24; payload as documented */
    assert_memory_equal(buf, "CXKP\x07\x00\x01\x00\x18\0\0\0\0\0\0\0", 16);
    uint8_t expect[24], *p = expect;
    p = test_put_u64(p, 200);
    p = test_put_u64(p, 25);
    test_put_u64(p, 10);
    assert_memory_equal(buf + 16, expect, sizeof expect);
    cxkpi_churn *b = NULL;
    assert_int_equal(cxkpi_churn_deserialize(&b, buf, written), CXKPI_OK);
    expect_counts(b, 200, 25, 10, 215);
    test_bytes again;
    TEST_SNAPSHOT(churn, b, again);
    assert_memory_equal(again.p, buf, CHURN_FRAME);
    test_free(again.p);
    /* an empty accumulator round-trips too */
    cxkpi_churn *e = new_churn(0, 0, 0), *e2 = NULL;
    assert_int_equal(cxkpi_churn_serialize(e, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(cxkpi_churn_deserialize(&e2, buf, written), CXKPI_OK);
    expect_counts(e2, 0, 0, 0, 0);
    cxkpi_churn_free(a);
    cxkpi_churn_free(b);
    cxkpi_churn_free(e);
    cxkpi_churn_free(e2);
}

static void serialize_into_small_buffer_writes_nothing(void **state)
{
    (void)state;
    cxkpi_churn *a = new_churn(5, 1, 1);
    TEST_ENOSPC_WRITES_NOTHING(churn, a, CHURN_FRAME);
    cxkpi_churn_free(a);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_churn *a = new_churn(9, 3, 2);
    uint8_t buf[CHURN_FRAME];
    size_t written;
    assert_int_equal(cxkpi_churn_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    TEST_REJECTS_DAMAGED(churn, buf, written);
    cxkpi_churn *sentinel = (cxkpi_churn *)&sentinel, *out = sentinel;
    uint8_t frame[200];
    size_t fn;
    /* an intact SLA frame is not a churn accumulator */
    cxkpi_sla *sla = NULL;
    assert_int_equal(cxkpi_sla_new(&sla, 60.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_serialize(sla, frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_churn_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_sla_free(sla);
    /* a newer format version; the same payload as version 1 is fine */
    fn = test_frame(frame, CHURN_KIND, 2, buf + 16, 24);
    assert_int_equal(cxkpi_churn_deserialize(&out, frame, fn), CXKPI_EVERSION);
    fn = test_frame(frame, CHURN_KIND, 1, buf + 16, 24);
    assert_int_equal(cxkpi_churn_deserialize(&out, frame, fn), CXKPI_OK);
    expect_counts(out, 9, 3, 2, 10);
    cxkpi_churn_free(out);
    out = sentinel;
    /* payload one count short, or a byte too long / short */
    assert_int_equal(deserialize_forged(9, 3, 2, 16, &out), CXKPI_EFORMAT);
    assert_int_equal(deserialize_forged(9, 3, 2, 23, &out), CXKPI_EFORMAT);
    assert_int_equal(deserialize_forged(9, 3, 2, 25, &out), CXKPI_EFORMAT);
    /* impossible counts: lost > at_start; at_start + gained past 2^64 - 1 */
    assert_int_equal(deserialize_forged(9, 3, 10, 24, &out), CXKPI_EFORMAT);
    assert_int_equal(deserialize_forged(0, 0, 1, 24, &out), CXKPI_EFORMAT);
    assert_int_equal(deserialize_forged(UINT64_MAX, 1, 0, 24, &out), CXKPI_EFORMAT);
    assert_int_equal(deserialize_forged(1ull << 63, 1ull << 63, 0, 24, &out), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    /* the largest valid state is accepted */
    out = forge(UINT64_MAX, 0, UINT64_MAX);
    expect_counts(out, UINT64_MAX, 0, UINT64_MAX, 0);
    cxkpi_churn_free(out);
    cxkpi_churn_free(a);
}

static void bad_confidence(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(10, 0, 1), *empty = new_churn(0, 0, 0);
    double lo = 3.0, hi = 4.0;
    const double bad[] = {0.0, 1.0, -0.1, 1.1, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_churn_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
        assert_int_equal(cxkpi_churn_percent_interval(empty, bad[i], &lo, &hi), CXKPI_ERANGE);
    }
    assert_true(lo == 3.0 && hi == 4.0);
    cxkpi_churn_free(acc);
    cxkpi_churn_free(empty);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_churn *acc = new_churn(10, 2, 1), *out = NULL;
    test_bytes before;
    TEST_SNAPSHOT(churn, acc, before);
    uint64_t u;
    double d;
    uint8_t buf[CHURN_FRAME];
    size_t n;
    cxkpi_churn_free(NULL); /* no-op */
    assert_int_equal(cxkpi_churn_new(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_add_start(NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_add_gained(NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_add_lost(NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_remove_lost(NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_counts(NULL, &u, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_counts(acc, NULL, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_counts(acc, &u, NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_counts(acc, &u, &u, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_at_end(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_at_end(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_percent(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_percent(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_percent_interval(NULL, 0.95, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_percent_interval(acc, 0.95, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_net_growth(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_net_growth(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_churn_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_churn_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    TEST_ASSERT_UNCHANGED(churn, acc, before);
    cxkpi_churn_free(acc);
}

/* The rounding found by fuzz_deserialize_csat, in churn's formula: with TEST_N_PAST_100
 * customers, all lost, the churn percent is 100 and the net growth -100, exactly. */
static void percents_stay_in_range_with_huge_counts(void **state)
{
    (void)state;
    cxkpi_churn *churn = NULL;
    assert_int_equal(cxkpi_churn_new(&churn), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_start(churn, TEST_N_PAST_100), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(churn, TEST_N_PAST_100), CXKPI_OK);
    double percent, growth;
    assert_int_equal(cxkpi_churn_percent(churn, &percent), CXKPI_OK);
    assert_true(percent == 100.0); /* everyone lost */
    assert_int_equal(cxkpi_churn_net_growth(churn, &growth), CXKPI_OK);
    assert_true(growth == -100.0); /* (0 - N) / N */
    cxkpi_churn_free(churn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),
        cmocka_unit_test(extremes),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(more_lost_than_at_start_is_refused),
        cmocka_unit_test(remove_lost_retracts),
        cmocka_unit_test(merge_equals_one_accumulator),
        cmocka_unit_test(reset_and_clone),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(serialize_round_trip),
        cmocka_unit_test(serialize_into_small_buffer_writes_nothing),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(bad_confidence),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(percents_stay_in_range_with_huge_counts),
    };
    return cmocka_run_group_tests_name("churn", tests, NULL, NULL);
}
