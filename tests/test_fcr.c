/* FCR ticket-outcomes accumulator. Expected values are worked out by hand in the comments
 * from cxkpi/fcr.h: fcr = 100 * resolved / issues, net = 100 * resolved / (issues - excluded),
 * escalation = 100 * escalated / issues, reopen = 100 * reopened / issues. Wilson bounds
 * were computed independently (Python: statistics.NormalDist z, the textbook formula). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

#define R CXKPI_FCR_RESOLVED_FIRST_CONTACT
#define E CXKPI_FCR_ESCALATED
#define O CXKPI_FCR_REOPENED
#define X CXKPI_FCR_EXCLUDED

static cxkpi_fcr *new_fcr(void)
{
    cxkpi_fcr *acc = NULL;
    assert_int_equal(cxkpi_fcr_new(&acc), CXKPI_OK);
    assert_non_null(acc);
    return acc;
}

static void add_n(cxkpi_fcr *acc, uint32_t flags, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cxkpi_fcr_add(acc, flags), CXKPI_OK);
}

static void assert_counts(const cxkpi_fcr *acc, uint64_t issues, uint64_t fcr, uint64_t esc,
                          uint64_t reo, uint64_t exc)
{
    uint64_t a, b, c, d, e;
    assert_int_equal(cxkpi_fcr_counts(acc, &a, &b, &c, &d, &e), CXKPI_OK);
    assert_int_equal(a, issues);
    assert_int_equal(b, fcr);
    assert_int_equal(c, esc);
    assert_int_equal(d, reo);
    assert_int_equal(e, exc);
}

/* The issue's example: 100 issues, 72 resolved on first contact -> 72 %; 10 of the others
 * excluded -> net 72 / 90 = 80 %. The other 18: 8 escalated, 5 escalated and reopened,
 * 5 reopened -> escalated 13 (13 %), reopened 10 (10 %). */
static void seventy_two_of_a_hundred(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    add_n(acc, R, 72);
    add_n(acc, X, 10);
    add_n(acc, E, 8);
    add_n(acc, E | O, 5);
    add_n(acc, O, 5);
    assert_counts(acc, 100, 72, 13, 10, 10);
    double v, lo, hi;
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 72.0);
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_OK);
    assert_true(v == 80.0);
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &v), CXKPI_OK);
    assert_true(v == 13.0);
    assert_int_equal(cxkpi_fcr_reopen_percent(acc, &v), CXKPI_OK);
    assert_true(v == 10.0);
    assert_int_equal(cxkpi_fcr_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 62.5119712900788, 1e-12); /* Wilson 72/100 */
    assert_close(hi, 79.8603147888138, 1e-12);
    assert_int_equal(cxkpi_fcr_net_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 70.5862636488575, 1e-12); /* Wilson 72/90 */
    assert_close(hi, 86.9575988172829, 1e-12);
    assert_int_equal(cxkpi_fcr_escalation_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 7.75716742724051, 1e-12); /* Wilson 13/100 */
    assert_close(hi, 20.9803514400764, 1e-12);
    assert_int_equal(cxkpi_fcr_reopen_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 5.52291370606751, 1e-12); /* Wilson 10/100 */
    assert_close(hi, 17.4365661504913, 1e-12);
    uint64_t c;
    assert_int_equal(cxkpi_fcr_combination_count(acc, E | O, &c), CXKPI_OK);
    assert_int_equal(c, 5);
    assert_int_equal(cxkpi_fcr_combination_count(acc, 0, &c), CXKPI_OK);
    assert_int_equal(c, 0);
    cxkpi_fcr_free(acc);
}

/* Every one of the nine valid combinations once: issues 9, resolved 1 (only flag 1),
 * escalated 4 (2, 6, 10, 14), reopened 4 (4, 6, 12, 14), excluded 4 (8, 10, 12, 14).
 * gross 1/9, net 1/(9-4) = 20 %, escalation 4/9, reopen 4/9. */
static void every_valid_combination(void **state)
{
    (void)state;
    static const uint32_t valid[] = {0, R, E, O, E | O, X, E | X, O | X, E | O | X};
    cxkpi_fcr *acc = new_fcr();
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(cxkpi_fcr_add(acc, valid[i]), CXKPI_OK);
    assert_counts(acc, 9, 1, 4, 4, 4);
    for (size_t i = 0; i < 9; i++) {
        uint64_t c;
        assert_int_equal(cxkpi_fcr_combination_count(acc, valid[i], &c), CXKPI_OK);
        assert_int_equal(c, 1);
    }
    double v;
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 100.0 / 9.0);
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_OK);
    assert_true(v == 20.0);
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &v), CXKPI_OK);
    assert_true(v == 400.0 / 9.0);
    assert_int_equal(cxkpi_fcr_reopen_percent(acc, &v), CXKPI_OK);
    assert_true(v == 400.0 / 9.0);
    cxkpi_fcr_free(acc);
}

static void one_issue_extremes(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    double v, lo, hi;
    /* one resolved issue: 100 %, Wilson 1/1 = [20.6549314377237, 100] */
    add_n(acc, R, 1);
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 100.0);
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_OK);
    assert_true(v == 100.0);
    assert_int_equal(cxkpi_fcr_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 20.6549314377237, 1e-12);
    assert_true(hi == 100.0);
    /* nothing escalated: 0 %, Wilson 0/1 = [0, 79.3450685622763] */
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &v), CXKPI_OK);
    assert_true(v == 0.0);
    assert_int_equal(cxkpi_fcr_escalation_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 79.3450685622763, 1e-12);
    /* one excluded issue alone: gross 0 %, net has no denominator */
    assert_int_equal(cxkpi_fcr_reset(acc), CXKPI_OK);
    add_n(acc, X, 1);
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 0.0);
    v = 5.0;
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_net_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_true(v == 5.0);
    /* 2 resolved of 3 after a plain issue: Wilson 2/3 = [20.7659600802048, 93.8508055279604] */
    assert_int_equal(cxkpi_fcr_reset(acc), CXKPI_OK);
    add_n(acc, R, 2);
    add_n(acc, 0, 1);
    assert_int_equal(cxkpi_fcr_net_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 20.7659600802048, 1e-12);
    assert_close(hi, 93.8508055279604, 1e-12);
    cxkpi_fcr_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    assert_counts(acc, 0, 0, 0, 0, 0);
    double v = 7.0, lo = 7.0, hi = 7.0;
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_reopen_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_net_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_escalation_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_reopen_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_true(v == 7.0 && lo == 7.0 && hi == 7.0);
    add_n(acc, E, 1);
    assert_int_equal(cxkpi_fcr_remove(acc, E), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_EEMPTY);
    cxkpi_fcr_free(acc);
}

/* The refused combinations: RESOLVED with ESCALATED, REOPENED or EXCLUDED (3, 5, 7, 9, 11,
 * 13, 15) and anything with a bit above 8. */
static void contradictory_flags_count_nothing(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    add_n(acc, R, 2);
    add_n(acc, E | O | X, 1);
    test_bytes before;
    TEST_SNAPSHOT(fcr, acc, before);
    static const uint32_t bad[] = {R | E, R | O, R | X, R | E | O, R | E | X, R | O | X,
                                   R | E | O | X, 16, 17, 32, 0x80000000u, UINT32_MAX};
    uint64_t c = 99;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_fcr_add(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_remove(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_combination_count(acc, bad[i], &c), CXKPI_ERANGE);
        uint32_t batch[4] = {R, E, 0, bad[i]};
        assert_int_equal(cxkpi_fcr_add_many(acc, batch, 4), CXKPI_ERANGE);
        /* long batches take the vectorized path: the bad word first, in the middle, last */
        static uint32_t many[5000];
        for (size_t k = 0; k < 5000; k++)
            many[k] = k % 3 ? R : E | O;
        for (size_t at = 0; at < 5000; at += 2499) {
            many[at] = bad[i];
            assert_int_equal(cxkpi_fcr_add_many(acc, many, 5000), CXKPI_ERANGE);
            many[at] = R;
        }
    }
    assert_int_equal(c, 99);
    /* a retraction of a combination never added */
    assert_int_equal(cxkpi_fcr_remove(acc, E), CXKPI_ENOTFOUND);
    assert_int_equal(cxkpi_fcr_remove(acc, 0), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(fcr, acc, before);
    cxkpi_fcr_free(acc);
}

static void batches_equal_single_adds(void **state)
{
    (void)state;
    static const uint32_t valid[] = {0, R, E, O, E | O, X, E | X, O | X, E | O | X};
    uint64_t seed = 7;
    for (size_t n = 0; n < 5000; n = n * 3 + 1) {
        cxkpi_fcr *one = new_fcr(), *many = new_fcr();
        uint32_t *f = malloc((n + 1) * sizeof *f);
        uint64_t expect[9] = {0};
        for (size_t i = 0; i < n; i++) {
            size_t k = (size_t)(test_rand(&seed) % 9);
            f[i] = valid[k];
            expect[k]++;
            assert_int_equal(cxkpi_fcr_add(one, f[i]), CXKPI_OK);
        }
        assert_int_equal(cxkpi_fcr_add_many(many, f, n), CXKPI_OK);
        for (size_t k = 0; k < 9; k++) {
            uint64_t c1, c2;
            assert_int_equal(cxkpi_fcr_combination_count(one, valid[k], &c1), CXKPI_OK);
            assert_int_equal(cxkpi_fcr_combination_count(many, valid[k], &c2), CXKPI_OK);
            assert_int_equal(c1, expect[k]);
            assert_int_equal(c2, expect[k]);
        }
        /* resolved = expect[1]; escalated = slots of 2, 6, 10, 14; reopened = 4, 6, 12, 14;
         * excluded = 8, 10, 12, 14 */
        assert_counts(many, n, expect[1], expect[2] + expect[4] + expect[6] + expect[8],
                      expect[3] + expect[4] + expect[7] + expect[8],
                      expect[5] + expect[6] + expect[7] + expect[8]);
        free(f);
        cxkpi_fcr_free(one);
        cxkpi_fcr_free(many);
    }
    cxkpi_fcr *acc = new_fcr();
    assert_int_equal(cxkpi_fcr_add_many(acc, NULL, 0), CXKPI_OK);
    assert_counts(acc, 0, 0, 0, 0, 0);
    cxkpi_fcr_free(acc);
}

/* An issue recorded as resolved on first contact is reopened: remove R, add O.
 * 3 x R, 1 x E -> 2 x R, 1 x E, 1 x O: gross 2/4 = 50 %, reopen 1/4 = 25 %. */
static void remove_corrects_an_outcome(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    add_n(acc, R, 3);
    add_n(acc, E, 1);
    double v;
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 75.0);
    assert_int_equal(cxkpi_fcr_remove(acc, R), CXKPI_OK);
    add_n(acc, O, 1);
    assert_counts(acc, 4, 2, 1, 1, 0);
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_true(v == 50.0);
    assert_int_equal(cxkpi_fcr_reopen_percent(acc, &v), CXKPI_OK);
    assert_true(v == 25.0);
    /* exact combination needed: an E|O issue was never added */
    assert_int_equal(cxkpi_fcr_remove(acc, E | O), CXKPI_ENOTFOUND);
    cxkpi_fcr_free(acc);
}

static void merge_equals_one_accumulator(void **state)
{
    (void)state;
    /* A: 3 R, 1 X   B: 1 R, 1 E|O   -> 6 issues, 4 resolved, net 4/5 = 80 % */
    cxkpi_fcr *a = new_fcr(), *b = new_fcr();
    add_n(a, R, 3);
    add_n(a, X, 1);
    add_n(b, R, 1);
    add_n(b, E | O, 1);
    test_bytes b_before;
    TEST_SNAPSHOT(fcr, b, b_before);
    assert_int_equal(cxkpi_fcr_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(fcr, b, b_before);
    assert_counts(a, 6, 4, 1, 1, 1);
    double v;
    assert_int_equal(cxkpi_fcr_net_percent(a, &v), CXKPI_OK);
    assert_true(v == 80.0);
    /* self-merge doubles every count */
    assert_int_equal(cxkpi_fcr_merge(a, a), CXKPI_OK);
    assert_counts(a, 12, 8, 2, 2, 2);
    cxkpi_fcr *e = new_fcr();
    assert_int_equal(cxkpi_fcr_merge(a, e), CXKPI_OK);
    assert_counts(a, 12, 8, 2, 2, 2);
    cxkpi_fcr_free(a);
    cxkpi_fcr_free(b);
    cxkpi_fcr_free(e);
}

static void clone_is_independent(void **state)
{
    (void)state;
    cxkpi_fcr *a = new_fcr(), *b = NULL;
    add_n(a, R, 3);
    add_n(a, E, 1);
    assert_int_equal(cxkpi_fcr_clone(a, &b), CXKPI_OK);
    add_n(b, 0, 4);
    double pa, pb;
    assert_int_equal(cxkpi_fcr_percent(a, &pa), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_percent(b, &pb), CXKPI_OK);
    assert_true(pa == 75.0);       /* 3 of 4 */
    assert_true(pb == 37.5);       /* 3 of 8 */
    assert_int_equal(cxkpi_fcr_remove(b, E), CXKPI_OK);
    assert_counts(a, 4, 3, 1, 0, 0);
    assert_counts(b, 7, 3, 0, 0, 0);
    cxkpi_fcr_free(a);
    cxkpi_fcr_free(b);
}

static void serialize_round_trip(void **state)
{
    (void)state;
    cxkpi_fcr *a = new_fcr();
    add_n(a, R, 7);
    add_n(a, E | O | X, 2);
    add_n(a, O, 1);
    size_t size, written;
    assert_int_equal(cxkpi_fcr_serialized_size(a, &size), CXKPI_OK);
    assert_int_equal(size, 92); /* 16 header + 9 x 8 counts + 4 crc */
    uint8_t buf[92];
    assert_int_equal(cxkpi_fcr_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, 92);
    /* the documented payload: counts of flags 0, 1, 2, 4, 6, 8, 10, 12, 14 */
    uint8_t expect[72], *p = expect;
    static const uint64_t counts[9] = {0, 7, 0, 1, 0, 0, 0, 0, 2};
    for (int i = 0; i < 9; i++)
        p = test_put_u64(p, counts[i]);
    assert_memory_equal(buf + 16, expect, sizeof expect);
    assert_int_equal(buf[4], 3); /* kind 3 */
    cxkpi_fcr *b = NULL;
    assert_int_equal(cxkpi_fcr_deserialize(&b, buf, written), CXKPI_OK);
    assert_counts(b, 10, 7, 2, 3, 2);
    test_bytes again;
    TEST_SNAPSHOT(fcr, b, again);
    assert_memory_equal(again.p, buf, 92);
    test_free(again.p);
    /* the restored one keeps working */
    add_n(b, R, 1);
    assert_counts(b, 11, 8, 2, 3, 2);
    cxkpi_fcr_free(a);
    cxkpi_fcr_free(b);
}

static void serialize_into_small_buffer_writes_nothing(void **state)
{
    (void)state;
    cxkpi_fcr *a = new_fcr();
    add_n(a, R, 1);
    uint8_t buf[92];
    memset(buf, 0x5A, sizeof buf);
    size_t written = 777;
    assert_int_equal(cxkpi_fcr_serialize(a, buf, 91, &written), CXKPI_ENOSPC);
    assert_int_equal(cxkpi_fcr_serialize(a, buf, 0, &written), CXKPI_ENOSPC);
    assert_int_equal(written, 777);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0x5A);
    cxkpi_fcr_free(a);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_fcr *a = new_fcr();
    add_n(a, R, 3);
    add_n(a, E, 1);
    uint8_t buf[92];
    size_t written;
    assert_int_equal(cxkpi_fcr_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    cxkpi_fcr *sentinel = (cxkpi_fcr *)&sentinel, *out = sentinel;
    for (size_t n = 0; n < written; n++)
        assert_int_equal(cxkpi_fcr_deserialize(&out, buf, n), CXKPI_EFORMAT);
    for (size_t i = 0; i < written; i++) {
        buf[i] ^= 0x01;
        assert_int_equal(cxkpi_fcr_deserialize(&out, buf, written), CXKPI_EFORMAT);
        buf[i] ^= 0x01;
    }
    assert_ptr_equal(out, sentinel);
    uint8_t payload[80], frame[120];
    size_t fn;
    /* a CSAT frame is not an FCR accumulator */
    cxkpi_csat *csat = NULL;
    assert_int_equal(cxkpi_csat_new(&csat, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_serialize(csat, frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_csat_free(csat);
    /* a newer version; the same payload as version 1 is fine */
    memcpy(payload, buf + 16, 72);
    fn = test_frame(frame, 3, 2, payload, 72);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_EVERSION);
    fn = test_frame(frame, 3, 1, payload, 72);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_OK);
    cxkpi_fcr_free(out);
    out = sentinel;
    /* a payload of the wrong length (one count short, one count too many) */
    fn = test_frame(frame, 3, 1, payload, 64);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    memset(payload + 72, 0, 8);
    fn = test_frame(frame, 3, 1, payload, 80);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* counts whose sum overflows */
    uint8_t *p = test_put_u64(payload, UINT64_MAX);
    p = test_put_u64(p, 1);
    for (int k = 0; k < 7; k++)
        p = test_put_u64(p, 0);
    fn = test_frame(frame, 3, 1, payload, 72);
    assert_int_equal(cxkpi_fcr_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    cxkpi_fcr_free(a);
}

/* An accumulator holding `counts` (in serialized slot order), forged through the format. */
static cxkpi_fcr *forge(const uint64_t counts[9])
{
    uint8_t payload[72], frame[92], *p = payload;
    for (int k = 0; k < 9; k++)
        p = test_put_u64(p, counts[k]);
    size_t fn = test_frame(frame, 3, 1, payload, sizeof payload);
    cxkpi_fcr *acc = NULL;
    assert_int_equal(cxkpi_fcr_deserialize(&acc, frame, fn), CXKPI_OK);
    return acc;
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    /* 2^64 - 11 resolved, 10 excluded: total 2^64 - 1 */
    const uint64_t full[9] = {0, UINT64_MAX - 10, 0, 0, 0, 10, 0, 0, 0};
    cxkpi_fcr *acc = forge(full);
    test_bytes before;
    TEST_SNAPSHOT(fcr, acc, before);
    uint32_t two[2] = {R, E};
    assert_int_equal(cxkpi_fcr_add(acc, R), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_fcr_add_many(acc, two, 2), CXKPI_EOVERFLOW);
    cxkpi_fcr *small = new_fcr();
    add_n(small, E, 1);
    assert_int_equal(cxkpi_fcr_merge(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_fcr_merge(acc, acc), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(fcr, acc, before);
    cxkpi_fcr *empty = new_fcr();
    assert_int_equal(cxkpi_fcr_merge(acc, empty), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_add_many(acc, two, 0), CXKPI_OK);
    /* net: (2^64 - 11) / (2^64 - 11) = 100 % exactly; gross within rounding of 100 % */
    double v;
    assert_int_equal(cxkpi_fcr_net_percent(acc, &v), CXKPI_OK);
    assert_true(v == 100.0);
    assert_int_equal(cxkpi_fcr_percent(acc, &v), CXKPI_OK);
    assert_close(v, 100.0, 1e-15);
    assert_counts(acc, UINT64_MAX, UINT64_MAX - 10, 0, 0, 10);
    /* removal works at the limit, and then one add fits again */
    assert_int_equal(cxkpi_fcr_remove(acc, X), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_add(acc, E), CXKPI_OK);
    assert_counts(acc, UINT64_MAX, UINT64_MAX - 10, 1, 0, 9);
    cxkpi_fcr_free(acc);
    cxkpi_fcr_free(small);
    cxkpi_fcr_free(empty);
}

static void bad_confidence(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr();
    add_n(acc, R, 1);
    double lo = 3.0, hi = 4.0;
    static const double bad[] = {0.0, 1.0, -0.1, 1.1, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_fcr_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_net_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_escalation_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_reopen_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
    }
    assert_true(lo == 3.0 && hi == 4.0);
    cxkpi_fcr_free(acc);
}

typedef cxkpi_status (*rate_fn)(const cxkpi_fcr *, double *);
typedef cxkpi_status (*interval_fn)(const cxkpi_fcr *, double, double *, double *);

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_fcr *acc = new_fcr(), *out = NULL;
    add_n(acc, R, 1);
    uint64_t u;
    double d;
    uint32_t f = R;
    uint8_t buf[128];
    size_t n;
    cxkpi_fcr_free(NULL);
    assert_int_equal(cxkpi_fcr_new(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_add(NULL, R), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_add_many(NULL, &f, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_add_many(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_remove(NULL, R), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(NULL, &u, &u, &u, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(acc, NULL, &u, &u, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(acc, &u, NULL, &u, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(acc, &u, &u, NULL, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(acc, &u, &u, &u, NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_counts(acc, &u, &u, &u, &u, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_combination_count(NULL, R, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_combination_count(acc, R, NULL), CXKPI_EINVAL);
    const rate_fn rates[] = {cxkpi_fcr_percent, cxkpi_fcr_net_percent,
                             cxkpi_fcr_escalation_percent, cxkpi_fcr_reopen_percent};
    const interval_fn intervals[] = {cxkpi_fcr_percent_interval, cxkpi_fcr_net_percent_interval,
                                     cxkpi_fcr_escalation_percent_interval, cxkpi_fcr_reopen_percent_interval};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(rates[i](NULL, &d), CXKPI_EINVAL);
        assert_int_equal(rates[i](acc, NULL), CXKPI_EINVAL);
        assert_int_equal(intervals[i](NULL, 0.95, &d, &d), CXKPI_EINVAL);
        assert_int_equal(intervals[i](acc, 0.95, NULL, &d), CXKPI_EINVAL);
        assert_int_equal(intervals[i](acc, 0.95, &d, NULL), CXKPI_EINVAL);
    }
    assert_int_equal(cxkpi_fcr_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    assert_counts(acc, 1, 1, 0, 0, 0);
    cxkpi_fcr_free(acc);
}

/* Found by fuzz_deserialize_fcr: the rounding of TEST_N_PAST_100 (helpers.h) gave an
 * escalation percent of 100.00000000000001 with that many issues, all escalated (flags 2
 * only). */
static void fcr_rates_stay_in_range(void **state)
{
    (void)state;
    /* slot 2 of the serialized order is flags 2, "escalated" */
    static const uint64_t counts[9] = {0, 0, TEST_N_PAST_100, 0, 0, 0, 0, 0, 0};
    cxkpi_fcr *acc = forge(counts);
    double rate;
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &rate), CXKPI_OK);
    assert_true(rate == 100.0); /* N of N escalated */
    cxkpi_fcr_free(acc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seventy_two_of_a_hundred),
        cmocka_unit_test(every_valid_combination),
        cmocka_unit_test(one_issue_extremes),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(contradictory_flags_count_nothing),
        cmocka_unit_test(batches_equal_single_adds),
        cmocka_unit_test(remove_corrects_an_outcome),
        cmocka_unit_test(merge_equals_one_accumulator),
        cmocka_unit_test(clone_is_independent),
        cmocka_unit_test(serialize_round_trip),
        cmocka_unit_test(serialize_into_small_buffer_writes_nothing),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(bad_confidence),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(fcr_rates_stay_in_range),
    };
    return cmocka_run_group_tests_name("fcr", tests, NULL, NULL);
}
