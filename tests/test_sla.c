/* SLA compliance accumulator. Expected values are worked out by hand in the comments from
 * cxkpi/sla.h: a finished ticket is met when elapsed <= target, else breached; an open ticket
 * is breached when elapsed > target, else in progress (not in compliance);
 * compliance = 100 * met / (met + breached); lateness = elapsed - target. Wilson bounds
 * were computed independently with mpmath at 40 digits from the p-hat form in stats.h. */
#include <float.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

#define SLA_KIND 5
#define SLA_FRAME 108 /* 16 header + 88 payload + 4 CRC */

static cxkpi_sla *new_sla(double target)
{
    cxkpi_sla *acc = NULL;
    assert_int_equal(cxkpi_sla_new(&acc, target), CXKPI_OK);
    assert_non_null(acc);
    return acc;
}

static void add_finished(cxkpi_sla *acc, double elapsed, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cxkpi_sla_add(acc, elapsed), CXKPI_OK);
}

static void add_open(cxkpi_sla *acc, double elapsed, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cxkpi_sla_add_open(acc, elapsed), CXKPI_OK);
}

static void expect_counts(const cxkpi_sla *acc, uint64_t met, uint64_t breached,
                          uint64_t breached_open, uint64_t in_progress)
{
    uint64_t v;
    assert_int_equal(cxkpi_sla_met(acc, &v), CXKPI_OK);
    assert_int_equal(v, met);
    assert_int_equal(cxkpi_sla_breached(acc, &v), CXKPI_OK);
    assert_int_equal(v, breached);
    assert_int_equal(cxkpi_sla_breached_open(acc, &v), CXKPI_OK);
    assert_int_equal(v, breached_open);
    assert_int_equal(cxkpi_sla_in_progress(acc, &v), CXKPI_OK);
    assert_int_equal(v, in_progress);
}

/* Exact comparison of the lateness report (every expected value here is exact in binary). */
static void expect_lateness(const cxkpi_sla *acc, bool finished_only, uint64_t count,
                            double total, double mean, double max)
{
    uint64_t c;
    double t, m, x;
    cxkpi_status st = finished_only ? cxkpi_sla_lateness_finished(acc, &c, &t, &m, &x)
                                    : cxkpi_sla_lateness(acc, &c, &t, &m, &x);
    assert_int_equal(st, CXKPI_OK);
    assert_int_equal(c, count);
    assert_true(t == total);
    assert_true(m == mean);
    assert_true(x == max);
}

/* The documented 88-byte payload. */
typedef struct forged {
    double target;
    uint64_t met, in_progress;
    uint64_t fcount;
    double fsum, fcomp, fmax;
    uint64_t ocount;
    double osum, ocomp, omax;
} forged;

static size_t forge_payload(uint8_t *out, const forged *f)
{
    uint8_t *p = test_put_f64(out, f->target);
    p = test_put_u64(p, f->met);
    p = test_put_u64(p, f->in_progress);
    p = test_put_u64(p, f->fcount);
    p = test_put_f64(p, f->fsum);
    p = test_put_f64(p, f->fcomp);
    p = test_put_f64(p, f->fmax);
    p = test_put_u64(p, f->ocount);
    p = test_put_f64(p, f->osum);
    p = test_put_f64(p, f->ocomp);
    p = test_put_f64(p, f->omax);
    return (size_t)(p - out);
}

static cxkpi_status deserialize_forged(const forged *f, cxkpi_sla **out)
{
    uint8_t payload[88], frame[SLA_FRAME];
    size_t pn = forge_payload(payload, f);
    assert_int_equal(pn, 88);
    size_t fn = test_frame(frame, SLA_KIND, 1, payload, pn);
    return cxkpi_sla_deserialize(out, frame, fn);
}

static cxkpi_sla *forge(const forged *f)
{
    cxkpi_sla *acc = NULL;
    assert_int_equal(deserialize_forged(f, &acc), CXKPI_OK);
    return acc;
}

/* Target 1 h = 3600 s. Finished 1800 (met), 3600 (met: the boundary), 5400 (late 1800),
 * 7200 (late 3600); open 600 (in progress), 4000 (breached, late 400 so far).
 * met 2, breached 3 (1 open), in progress 1; compliance = 100 * 2 / (2 + 3) = 40 %.
 * Lateness, all breaches: 1800 + 3600 + 400 = 5800, mean 5800 / 3, max 3600.
 * Finished only: 1800 + 3600 = 5400, mean 2700, max 3600. */
static void worked_example(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(3600.0);
    add_finished(acc, 1800.0, 1);
    add_finished(acc, 3600.0, 1);
    add_finished(acc, 5400.0, 1);
    add_finished(acc, 7200.0, 1);
    add_open(acc, 600.0, 1);
    add_open(acc, 4000.0, 1);
    expect_counts(acc, 2, 3, 1, 1);
    double pct, lo, hi, target;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 40.0);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 11.76207742326479, 1e-12); /* Wilson 2 of 5 at 95 % */
    assert_close(hi, 76.927571872398707, 1e-12);
    expect_lateness(acc, false, 3, 5800.0, 5800.0 / 3.0, 3600.0);
    expect_lateness(acc, true, 2, 5400.0, 2700.0, 3600.0);
    assert_int_equal(cxkpi_sla_target(acc, &target), CXKPI_OK);
    assert_true(target == 3600.0);
    cxkpi_sla_free(acc);
}

/* Open tickets on both sides of the target, and exactly on it. Target 24 h = 86400 s.
 * Finished: 80000 x 7 (met). Open: 86400 (exactly at target: in progress), 86399.5
 * (in progress), 86400.25 (over by 0.25: breached), 100000 (over by 13600: breached),
 * 0 (just opened: in progress).
 * met 7, breached 2 (both open), in progress 3; compliance = 100 * 7 / 9 = 77.77... %.
 * Lateness 0.25 + 13600 = 13600.25, mean 6800.125, max 13600; no finished breach. */
static void open_tickets_on_both_sides_of_the_target(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(86400.0);
    add_finished(acc, 80000.0, 7);
    add_open(acc, 86400.0, 1);
    add_open(acc, 86399.5, 1);
    add_open(acc, 86400.25, 1);
    add_open(acc, 100000.0, 1);
    add_open(acc, 0.0, 1);
    expect_counts(acc, 7, 2, 2, 3);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 700.0 / 9.0);
    expect_lateness(acc, false, 2, 13600.25, 6800.125, 13600.0);
    uint64_t c = 9;
    double t = 1.0, m = 2.0, x = 3.0;
    assert_int_equal(cxkpi_sla_lateness_finished(acc, &c, &t, &m, &x), CXKPI_EEMPTY);
    assert_true(c == 9 && t == 1.0 && m == 2.0 && x == 3.0);
    cxkpi_sla_free(acc);
}

/* The boundary to the last bit: elapsed == target is met (finished) or in progress
 * (open); the next double above the target is breached, late by one ulp of the target. */
static void boundaries(void **state)
{
    (void)state;
    const double target = 0.1; /* not exact in binary: the comparison is on the doubles */
    const double above = nextafter(target, INFINITY);
    cxkpi_sla *acc = new_sla(target);
    add_finished(acc, target, 1);
    add_open(acc, target, 1);
    expect_counts(acc, 1, 0, 0, 1);
    add_finished(acc, above, 1);
    add_open(acc, above, 1);
    expect_counts(acc, 1, 2, 1, 1);
    /* lateness = above - target, exact (Sterbenz): one ulp of 0.1, 2^-56 */
    expect_lateness(acc, true, 1, ldexp(1.0, -56), ldexp(1.0, -56), ldexp(1.0, -56));
    /* elapsed 0 is met; the largest elapsed is breached by MAX - 0.1 */
    assert_int_equal(cxkpi_sla_reset(acc), CXKPI_OK);
    add_finished(acc, 0.0, 1);
    add_finished(acc, CXKPI_SLA_MAX_SECONDS, 1);
    expect_counts(acc, 1, 1, 0, 0);
    expect_lateness(acc, false, 1, CXKPI_SLA_MAX_SECONDS - 0.1, CXKPI_SLA_MAX_SECONDS - 0.1,
                    CXKPI_SLA_MAX_SECONDS - 0.1);
    /* -0.0 compares equal to 0 and is counted as 0 s: met */
    add_finished(acc, -0.0, 1);
    expect_counts(acc, 2, 1, 0, 0);
    cxkpi_sla_free(acc);
    /* the extreme targets are valid */
    acc = new_sla(CXKPI_SLA_MAX_SECONDS);
    add_finished(acc, CXKPI_SLA_MAX_SECONDS, 1); /* == target: met */
    expect_counts(acc, 1, 0, 0, 0);
    cxkpi_sla_free(acc);
    acc = new_sla(DBL_TRUE_MIN);
    add_finished(acc, 0.0, 1);        /* met */
    add_finished(acc, DBL_MIN, 1);    /* breached, late by DBL_MIN - DBL_TRUE_MIN */
    expect_counts(acc, 1, 1, 0, 0);
    cxkpi_sla_free(acc);
}

/* One ticket at a time. */
static void one_ticket(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(60.0);
    double pct, lo, hi;
    /* one met: 100 %, Wilson 1 of 1 upper exactly 100 */
    add_finished(acc, 59.0, 1);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_close(lo, 20.654931437723739, 1e-12);
    assert_true(hi == 100.0);
    uint64_t c = 5;
    double t = 1.0, m = 1.0, x = 1.0;
    assert_int_equal(cxkpi_sla_lateness(acc, &c, &t, &m, &x), CXKPI_EEMPTY);
    assert_true(c == 5 && t == 1.0 && m == 1.0 && x == 1.0);
    /* one breached (late 61 - 60 = 1): 0 %, Wilson 0 of 1 lower exactly 0 */
    assert_int_equal(cxkpi_sla_reset(acc), CXKPI_OK);
    add_finished(acc, 61.0, 1);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 79.345068562276261, 1e-12);
    expect_lateness(acc, false, 1, 1.0, 1.0, 1.0);
    /* one open breach alone decides compliance too: 0 of 1 */
    assert_int_equal(cxkpi_sla_reset(acc), CXKPI_OK);
    add_open(acc, 90.0, 1);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    expect_lateness(acc, false, 1, 30.0, 30.0, 30.0);
    cxkpi_sla_free(acc);
}

static void empty_accumulator(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(3600.0);
    expect_counts(acc, 0, 0, 0, 0);
    double v = 7.0, lo = 7.0, hi = 7.0, t = 7.0, m = 7.0, x = 7.0;
    uint64_t c = 7;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_sla_lateness(acc, &c, &t, &m, &x), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_sla_lateness_finished(acc, &c, &t, &m, &x), CXKPI_EEMPTY);
    /* only tickets in progress: still nothing decided */
    add_open(acc, 10.0, 3);
    expect_counts(acc, 0, 0, 0, 3);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &v), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_true(v == 7.0 && lo == 7.0 && hi == 7.0 && c == 7 && t == 7.0 && m == 7.0 &&
                x == 7.0);
    /* add then remove: empty again */
    add_finished(acc, 4000.0, 1);
    assert_int_equal(cxkpi_sla_remove(acc, 4000.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &v), CXKPI_EEMPTY);
    cxkpi_sla_free(acc);
}

static void invalid_targets(void **state)
{
    (void)state;
    cxkpi_sla *acc = (cxkpi_sla *)&acc; /* any non-NULL sentinel: must stay untouched */
    cxkpi_sla *const sentinel = acc;
    const double bad[] = {0.0, -0.0, -1.0, -DBL_TRUE_MIN, NAN, -NAN, INFINITY, -INFINITY,
                          nextafter(CXKPI_SLA_MAX_SECONDS, INFINITY), DBL_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_sla_new(&acc, bad[i]), CXKPI_ERANGE);
        assert_ptr_equal(acc, sentinel);
    }
    assert_int_equal(cxkpi_sla_new(NULL, 3600.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_new(NULL, NAN), CXKPI_EINVAL);
}

/* Every way in refuses out-of-range times and leaves the state as it was. */
static void bad_elapsed_counts_nothing(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(3600.0);
    add_finished(acc, 100.0, 2);
    add_finished(acc, 4000.0, 1);
    add_open(acc, 100.0, 1);
    add_open(acc, 5000.0, 1);
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    const double bad[] = {-1.0, -DBL_TRUE_MIN, -DBL_MAX, NAN, -NAN, INFINITY, -INFINITY,
                          nextafter(CXKPI_SLA_MAX_SECONDS, INFINITY), DBL_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_sla_add(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_sla_add_open(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_sla_remove(acc, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_sla_remove_open(acc, bad[i]), CXKPI_ERANGE);
        /* one bad value anywhere in a batch counts nothing */
        double batch[5] = {10.0, 5000.0, 3600.0, 0.0, 7200.0};
        for (size_t pos = 0; pos < 5; pos++) {
            double keep = batch[pos];
            batch[pos] = bad[i];
            assert_int_equal(cxkpi_sla_add_many(acc, batch, 5), CXKPI_ERANGE);
            assert_int_equal(cxkpi_sla_add_open_many(acc, batch, 5), CXKPI_ERANGE);
            batch[pos] = keep;
        }
    }
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    cxkpi_sla_free(acc);
}

/* Retracting finished tickets (corrections), and what cannot be retracted. */
static void remove_retracts_a_ticket(void **state)
{
    (void)state;
    /* target 100: finished 50, 150 (late 50), 400 (late 300). A data fix says the 400 was
     * really 90: remove(400), add(90) -> met 2, breached 1, compliance 200/3 %,
     * lateness 50 (the max returns to 50 only once the class is empty; here it stays an
     * upper bound, 300). */
    cxkpi_sla *acc = new_sla(100.0);
    add_finished(acc, 50.0, 1);
    add_finished(acc, 150.0, 1);
    add_finished(acc, 400.0, 1);
    assert_int_equal(cxkpi_sla_remove(acc, 400.0), CXKPI_OK);
    add_finished(acc, 90.0, 1);
    expect_counts(acc, 2, 1, 0, 0);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 200.0 / 3.0);
    expect_lateness(acc, true, 1, 50.0, 50.0, 300.0);
    /* removing the last breach empties the class exactly: max and residue gone */
    assert_int_equal(cxkpi_sla_remove(acc, 150.0), CXKPI_OK);
    uint64_t c;
    double t, m, x;
    assert_int_equal(cxkpi_sla_lateness(acc, &c, &t, &m, &x), CXKPI_EEMPTY);
    add_finished(acc, 110.0, 1); /* late 10: max is 10 again, not 300 */
    expect_lateness(acc, true, 1, 10.0, 10.0, 10.0);
    cxkpi_sla_free(acc);

    /* retractions that cannot match anything counted change nothing */
    acc = new_sla(100.0);
    add_finished(acc, 110.0, 1); /* late 10 */
    add_finished(acc, 102.0, 1); /* late 2: total 12, max 10 */
    add_open(acc, 105.0, 1);     /* open, late 5 */
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    assert_int_equal(cxkpi_sla_remove(acc, 50.0), CXKPI_ENOTFOUND);      /* no met ticket */
    assert_int_equal(cxkpi_sla_remove(acc, 100.0), CXKPI_ENOTFOUND);     /* == target: met */
    assert_int_equal(cxkpi_sla_remove(acc, 111.0), CXKPI_ENOTFOUND);     /* late 11 > max 10 */
    assert_int_equal(cxkpi_sla_remove_open(acc, 50.0), CXKPI_ENOTFOUND); /* none in progress */
    assert_int_equal(cxkpi_sla_remove_open(acc, 106.0), CXKPI_ENOTFOUND);/* late 6 > max 5 */
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    /* remove late 10 (total 2 left), then late 10 again: 10 > total 2 */
    assert_int_equal(cxkpi_sla_remove(acc, 110.0), CXKPI_OK);
    TEST_SNAPSHOT(sla, acc, before);
    assert_int_equal(cxkpi_sla_remove(acc, 110.0), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    expect_lateness(acc, true, 1, 2.0, 2.0, 10.0);
    cxkpi_sla_free(acc);
}

/* Add then retract leaves the state exactly as a fresh one, for every class. */
static void add_then_remove_is_exact(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(0.3), *fresh = new_sla(0.3);
    const double times[] = {0.1, 0.3, 0.7, 1e9 + 0.1, 12345.678};
    for (size_t i = 0; i < 5; i++) {
        add_finished(acc, times[i], 1);
        add_open(acc, times[i], 1);
    }
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(cxkpi_sla_remove(acc, times[i]), CXKPI_OK);
        assert_int_equal(cxkpi_sla_remove_open(acc, times[i]), CXKPI_OK);
    }
    test_bytes expect;
    TEST_SNAPSHOT(sla, fresh, expect);
    TEST_ASSERT_UNCHANGED(sla, acc, expect);
    cxkpi_sla_free(acc);
    cxkpi_sla_free(fresh);
}

/* The documented ways of moving a ticket from open to finished. Target 3600. */
static void open_ticket_finishes(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(3600.0);
    /* Snapshot at t0: ticket A open 1000 s (in progress), B open 4000 s (breached, 400). */
    add_open(acc, 1000.0, 1);
    add_open(acc, 4000.0, 1);
    expect_counts(acc, 0, 1, 1, 1);
    /* A is refreshed at 2000 s: remove_open(1000), add_open(2000) -> still in progress */
    assert_int_equal(cxkpi_sla_remove_open(acc, 1000.0), CXKPI_OK);
    add_open(acc, 2000.0, 1);
    expect_counts(acc, 0, 1, 1, 1);
    /* A finishes at 3000 s: remove_open(2000), add(3000) -> met */
    assert_int_equal(cxkpi_sla_remove_open(acc, 2000.0), CXKPI_OK);
    add_finished(acc, 3000.0, 1);
    expect_counts(acc, 1, 1, 1, 0);
    /* B finishes at 5000 s: remove_open(4000), add(5000) -> finished breach, late 1400 */
    assert_int_equal(cxkpi_sla_remove_open(acc, 4000.0), CXKPI_OK);
    add_finished(acc, 5000.0, 1);
    expect_counts(acc, 1, 1, 0, 0);
    expect_lateness(acc, false, 1, 1400.0, 1400.0, 1400.0);
    expect_lateness(acc, true, 1, 1400.0, 1400.0, 1400.0);
    /* Periodic rebuild: open C 100 s and D 9000 s (late 5400), then clear_open and
     * re-report only D at 9600 s (late 6000): finished part untouched. */
    add_open(acc, 100.0, 1);
    add_open(acc, 9000.0, 1);
    expect_counts(acc, 1, 2, 1, 1);
    assert_int_equal(cxkpi_sla_clear_open(acc), CXKPI_OK);
    expect_counts(acc, 1, 1, 0, 0);
    add_open(acc, 9600.0, 1);
    expect_counts(acc, 1, 2, 1, 0);
    /* all breaches: 1400 + 6000 = 7400, mean 3700, max 6000 */
    expect_lateness(acc, false, 2, 7400.0, 3700.0, 6000.0);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0 / 3.0); /* 1 met of 1 + 2 */
    cxkpi_sla_free(acc);
}

/* Asserts that two accumulators hold the same state, bit for bit; frees both. */
static void assert_same_and_free(cxkpi_sla *one, cxkpi_sla *many)
{
    test_bytes a;
    TEST_SNAPSHOT(sla, one, a);
    TEST_ASSERT_UNCHANGED(sla, many, a);
    cxkpi_sla_free(one);
    cxkpi_sla_free(many);
}

/* Batches count exactly what one-by-one adds count. */
static void batches_equal_single_adds(void **state)
{
    (void)state;
    uint64_t seed = 7;
    for (size_t n = 0; n < 2000; n = n * 3 + 1) {
        cxkpi_sla *one = new_sla(1000.0), *many = new_sla(1000.0);
        double *e = malloc((n + 1) * sizeof *e);
        uint64_t met = 0, late_f = 0, late_o = 0, prog = 0;
        for (size_t i = 0; i < n; i++) {
            e[i] = (double)(test_rand(&seed) % 2001); /* whole seconds 0..2000 */
            met += e[i] <= 1000.0;
            late_f += e[i] > 1000.0;
            assert_int_equal(cxkpi_sla_add(one, e[i]), CXKPI_OK);
        }
        for (size_t i = 0; i < n / 2; i++) {
            late_o += e[i] > 1000.0;
            prog += e[i] <= 1000.0;
            assert_int_equal(cxkpi_sla_add_open(one, e[i]), CXKPI_OK);
        }
        assert_int_equal(cxkpi_sla_add_many(many, e, n), CXKPI_OK);
        assert_int_equal(cxkpi_sla_add_open_many(many, e, n / 2), CXKPI_OK);
        expect_counts(one, met, late_f + late_o, late_o, prog);
        assert_same_and_free(one, many);
        free(e);
    }
    cxkpi_sla *acc = new_sla(1.0);
    assert_int_equal(cxkpi_sla_add_many(acc, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_open_many(acc, NULL, 0), CXKPI_OK);
    expect_counts(acc, 0, 0, 0, 0);
    cxkpi_sla_free(acc);
}

/* Batches go by chunks of 256 (lateness gathered, then summed in order): with lateness
 * that rounds (fractions of every magnitude, so the compensation term moves) and sizes at
 * the chunk boundaries, finished and open, a batch still serializes bit for bit like the
 * same tickets added one by one. */
static void batches_round_like_single_adds(void **state)
{
    (void)state;
    uint64_t seed = 99;
    const size_t sizes[] = {255, 256, 257, 511, 512, 513, 3000};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        const size_t n = sizes[z];
        cxkpi_sla *one = new_sla(3600.0), *many = new_sla(3600.0);
        double *e = malloc(n * sizeof *e);
        for (size_t i = 0; i < n; i++) {
            /* 0 .. ~7200 s with random fractions, now and then a huge breach */
            double u = (double)(test_rand(&seed) >> 11) * 0x1p-53;
            e[i] = test_rand(&seed) % 50 == 0 ? 3600.0 + ldexp(1.0 + u, 40) : 7200.0 * u;
            assert_int_equal(cxkpi_sla_add(one, e[i]), CXKPI_OK);
        }
        for (size_t i = 0; i < n; i++)
            assert_int_equal(cxkpi_sla_add_open(one, e[n - 1 - i]), CXKPI_OK);
        double *r = malloc(n * sizeof *r);
        for (size_t i = 0; i < n; i++)
            r[i] = e[n - 1 - i];
        assert_int_equal(cxkpi_sla_add_many(many, e, n), CXKPI_OK);
        assert_int_equal(cxkpi_sla_add_open_many(many, r, n), CXKPI_OK);
        assert_same_and_free(one, many);
        free(e);
        free(r);
    }
}

/* The lateness total is a compensated sum: one breach late by 2^52 s followed by
 * 100000 breaches late by 0.5 s. A plain double running sum would drop every 0.5
 * (2^52 + 0.5 rounds back to 2^52); the exact total is 2^52 + 50000 = 4503599627420496,
 * which is a double. Target 1 s: elapsed 1 + 2^52 and 1.5. */
static void lateness_sum_is_compensated(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(1.0);
    add_finished(acc, 1.0 + 4503599627370496.0, 1);
    double half[1000];
    for (int i = 0; i < 1000; i++)
        half[i] = 1.5;
    for (int k = 0; k < 100; k++)
        assert_int_equal(cxkpi_sla_add_many(acc, half, 1000), CXKPI_OK);
    uint64_t c;
    double t, m, x;
    assert_int_equal(cxkpi_sla_lateness(acc, &c, &t, &m, &x), CXKPI_OK);
    assert_int_equal(c, 100001);
    assert_true(t == 4503599627420496.0);
    assert_close(m, 4503599627420496.0 / 100001.0, 1e-15);
    assert_true(x == 4503599627370496.0);
    /* the same through a merge of two halves */
    cxkpi_sla *a = new_sla(1.0), *b = new_sla(1.0);
    add_finished(a, 1.0 + 4503599627370496.0, 1);
    for (int k = 0; k < 100; k++)
        assert_int_equal(cxkpi_sla_add_many(b, half, 1000), CXKPI_OK);
    assert_int_equal(cxkpi_sla_merge(a, b), CXKPI_OK);
    assert_int_equal(cxkpi_sla_lateness(a, &c, &t, &m, &x), CXKPI_OK);
    assert_true(t == 4503599627420496.0);
    /* merging a source whose own compensation term is non-zero: b2 holds 2^52 and four
     * times 0.5 (its running sum stays 2^52, the 2 sit in the compensation); merged into
     * an empty accumulator and into one holding a 1 s breach: 2^52 + 2, and 2^52 + 3 */
    cxkpi_sla *b2 = new_sla(1.0), *e = new_sla(1.0), *one = new_sla(1.0);
    add_finished(b2, 1.0 + 4503599627370496.0, 1);
    add_finished(b2, 1.5, 4);
    add_finished(one, 2.0, 1);
    assert_int_equal(cxkpi_sla_merge(e, b2), CXKPI_OK);
    assert_int_equal(cxkpi_sla_lateness(e, &c, &t, &m, &x), CXKPI_OK);
    assert_true(t == 4503599627370498.0);
    assert_int_equal(cxkpi_sla_merge(one, b2), CXKPI_OK);
    assert_int_equal(cxkpi_sla_lateness(one, &c, &t, &m, &x), CXKPI_OK);
    assert_int_equal(c, 6);
    assert_true(t == 4503599627370499.0);
    cxkpi_sla_free(b2);
    cxkpi_sla_free(e);
    cxkpi_sla_free(one);
    cxkpi_sla_free(a);
    cxkpi_sla_free(b);
    cxkpi_sla_free(acc);
}

/* A: finished 100, 500 (late 200), open 50. B: finished 300 (met), 900 (late 600),
 * open 400 (late 100). Target 300. One accumulator fed both: met 2, breached 3 (1 open),
 * in progress 1, compliance 40 %, lateness 200 + 600 + 100 = 900, mean 300, max 600. */
static void merge_equals_one_accumulator(void **state)
{
    (void)state;
    cxkpi_sla *a = new_sla(300.0), *b = new_sla(300.0), *both = new_sla(300.0);
    add_finished(a, 100.0, 1);
    add_finished(a, 500.0, 1);
    add_open(a, 50.0, 1);
    add_finished(b, 300.0, 1);
    add_finished(b, 900.0, 1);
    add_open(b, 400.0, 1);
    const double fin[] = {100.0, 500.0, 300.0, 900.0}, opn[] = {50.0, 400.0};
    assert_int_equal(cxkpi_sla_add_many(both, fin, 4), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_open_many(both, opn, 2), CXKPI_OK);
    test_bytes b_before;
    TEST_SNAPSHOT(sla, b, b_before);
    assert_int_equal(cxkpi_sla_merge(a, b), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(sla, b, b_before); /* src untouched */
    expect_counts(a, 2, 3, 1, 1);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(a, &pct), CXKPI_OK);
    assert_true(pct == 40.0);
    expect_lateness(a, false, 3, 900.0, 300.0, 600.0);
    expect_lateness(a, true, 2, 800.0, 400.0, 600.0);
    test_bytes expect;
    TEST_SNAPSHOT(sla, both, expect);
    TEST_ASSERT_UNCHANGED(sla, a, expect); /* identical state: these sums are exact */
    /* self-merge doubles every count: 4 met, 6 breached (2 open), 2 in progress */
    assert_int_equal(cxkpi_sla_merge(a, a), CXKPI_OK);
    expect_counts(a, 4, 6, 2, 2);
    expect_lateness(a, false, 6, 1800.0, 300.0, 600.0);
    /* merging an empty one changes nothing */
    cxkpi_sla *e = new_sla(300.0);
    TEST_SNAPSHOT(sla, a, expect);
    assert_int_equal(cxkpi_sla_merge(a, e), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(sla, a, expect);
    /* merging into an empty one copies */
    assert_int_equal(cxkpi_sla_merge(e, both), CXKPI_OK);
    TEST_SNAPSHOT(sla, both, expect);
    TEST_ASSERT_UNCHANGED(sla, e, expect);
    cxkpi_sla_free(a);
    cxkpi_sla_free(b);
    cxkpi_sla_free(e);
    cxkpi_sla_free(both);
}

static void merge_of_different_targets_is_refused(void **state)
{
    (void)state;
    cxkpi_sla *a = new_sla(3600.0);
    add_finished(a, 10.0, 1);
    cxkpi_sla *others[] = {new_sla(3601.0), new_sla(nextafter(3600.0, 0.0)), new_sla(1.0)};
    test_bytes before;
    TEST_SNAPSHOT(sla, a, before);
    for (size_t i = 0; i < 3; i++) {
        add_finished(others[i], 5.0, 1);
        assert_int_equal(cxkpi_sla_merge(a, others[i]), CXKPI_EMISMATCH);
        cxkpi_sla_free(others[i]);
    }
    TEST_ASSERT_UNCHANGED(sla, a, before);
    cxkpi_sla_free(a);
}

/* A total across priorities with cxkpi_sla_merge_counts.
 * P1, target 3600: finished 3000 (met), 4000 (late 400); open 100 (in progress).
 * P2, target 14400: finished 20000 (late 5600), 10000 (met); open 15000 (late 600).
 * Total: met 2, breached 3 (1 open), in progress 1, compliance 100 * 2 / 5 = 40 %;
 * lateness 400 + 5600 + 600 = 6600, mean 2200, max 5600; finished 6000, mean 3000. */
static void merge_counts_across_targets(void **state)
{
    (void)state;
    cxkpi_sla *p1 = new_sla(3600.0), *p2 = new_sla(14400.0), *total = new_sla(1.0);
    add_finished(p1, 3000.0, 1);
    add_finished(p1, 4000.0, 1);
    add_open(p1, 100.0, 1);
    add_finished(p2, 20000.0, 1);
    add_finished(p2, 10000.0, 1);
    add_open(p2, 15000.0, 1);
    test_bytes p2_before;
    TEST_SNAPSHOT(sla, p2, p2_before);
    assert_int_equal(cxkpi_sla_merge_counts(total, p1), CXKPI_OK);
    assert_int_equal(cxkpi_sla_merge_counts(total, p2), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(sla, p2, p2_before);
    expect_counts(total, 2, 3, 1, 1);
    double pct, target;
    assert_int_equal(cxkpi_sla_compliance_percent(total, &pct), CXKPI_OK);
    assert_true(pct == 40.0);
    expect_lateness(total, false, 3, 6600.0, 2200.0, 5600.0);
    expect_lateness(total, true, 2, 6000.0, 3000.0, 5600.0);
    assert_int_equal(cxkpi_sla_target(total, &target), CXKPI_OK);
    assert_true(target == 1.0); /* the total keeps its own target */
    /* with equal targets merge_counts is merge: p1 into itself doubles it */
    assert_int_equal(cxkpi_sla_merge_counts(p1, p1), CXKPI_OK);
    expect_counts(p1, 2, 2, 0, 2);
    cxkpi_sla_free(p1);
    cxkpi_sla_free(p2);
    cxkpi_sla_free(total);
}

static void clone_is_independent(void **state)
{
    (void)state;
    cxkpi_sla *a = new_sla(60.0);
    add_finished(a, 30.0, 3);
    add_finished(a, 90.0, 1); /* late 30 */
    cxkpi_sla *b = NULL;
    assert_int_equal(cxkpi_sla_clone(a, &b), CXKPI_OK);
    add_finished(b, 120.0, 4); /* the clone moves on alone: 4 more, late 60 each */
    double pa, pb, t;
    assert_int_equal(cxkpi_sla_compliance_percent(a, &pa), CXKPI_OK);
    assert_int_equal(cxkpi_sla_compliance_percent(b, &pb), CXKPI_OK);
    assert_true(pa == 75.0);        /* 3 of 4 */
    assert_true(pb == 100.0 * 3.0 / 8.0); /* 3 of 8 */
    expect_lateness(a, true, 1, 30.0, 30.0, 30.0);
    expect_lateness(b, true, 5, 270.0, 54.0, 60.0); /* 30 + 4 * 60 = 270, / 5 = 54 */
    assert_int_equal(cxkpi_sla_target(b, &t), CXKPI_OK);
    assert_true(t == 60.0);
    cxkpi_sla_free(a);
    cxkpi_sla_free(b);
}

static void serialize_round_trip(void **state)
{
    (void)state;
    /* target 1800.5: finished 100 x2 (met), 1900.5 (late 100), 3800.5 (late 2000);
     * open 5 (in progress), 1801 (late 0.5) */
    cxkpi_sla *a = new_sla(1800.5);
    add_finished(a, 100.0, 2);
    add_finished(a, 1900.5, 1);
    add_finished(a, 3800.5, 1);
    add_open(a, 5.0, 1);
    add_open(a, 1801.0, 1);
    size_t size, written;
    assert_int_equal(cxkpi_sla_serialized_size(a, &size), CXKPI_OK);
    assert_int_equal(size, SLA_FRAME);
    uint8_t buf[SLA_FRAME];
    assert_int_equal(cxkpi_sla_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, SLA_FRAME);
    /* the payload as documented; these sums are exact, so the compensations are 0 */
    uint8_t expect[88];
    forged f = {1800.5, 2, 1, 2, 2100.0, 0.0, 2000.0, 1, 0.5, 0.0, 0.5};
    assert_int_equal(forge_payload(expect, &f), 88);
    assert_memory_equal(buf + 16, expect, sizeof expect);
    /* header: magic, kind 5, version 1, payload length 88 */
    assert_memory_equal(buf, "CXKP\x05\x00\x01\x00\x58\0\0\0\0\0\0\0", 16);
    cxkpi_sla *b = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&b, buf, written), CXKPI_OK);
    expect_counts(b, 2, 3, 1, 1);
    expect_lateness(b, false, 3, 2100.5, 2100.5 / 3.0, 2000.0);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(b, &pct), CXKPI_OK);
    assert_true(pct == 40.0); /* 2 of 5 */
    test_bytes again;
    TEST_SNAPSHOT(sla, b, again);
    assert_int_equal(again.n, SLA_FRAME);
    assert_memory_equal(again.p, buf, SLA_FRAME);
    test_free(again.p);
    /* an empty accumulator round-trips too */
    cxkpi_sla *e = new_sla(0.25), *e2 = NULL;
    assert_int_equal(cxkpi_sla_serialize(e, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(cxkpi_sla_deserialize(&e2, buf, written), CXKPI_OK);
    expect_counts(e2, 0, 0, 0, 0);
    double t;
    assert_int_equal(cxkpi_sla_target(e2, &t), CXKPI_OK);
    assert_true(t == 0.25);
    /* a state with a non-zero compensation term round-trips bit for bit */
    cxkpi_sla *c = new_sla(1.0), *c2 = NULL;
    add_finished(c, 1.0 + 4503599627370496.0, 1);
    add_finished(c, 1.5, 4); /* four late 0.5: 2^52 + 0.5 rounds to 2^52, so comp holds 2 */
    assert_int_equal(cxkpi_sla_serialize(c, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(cxkpi_sla_deserialize(&c2, buf, written), CXKPI_OK);
    /* the finished class's compensation (payload offset 40) holds the 4 x 0.5 = 2 */
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--)
        bits = bits << 8 | buf[16 + 40 + i];
    double comp;
    memcpy(&comp, &bits, sizeof comp);
    assert_true(comp == 2.0);
    TEST_SNAPSHOT(sla, c2, again);
    assert_int_equal(again.n, written);
    assert_memory_equal(again.p, buf, written);
    test_free(again.p);
    /* 2^52 + 4 * 0.5 = 4503599627370498, over 5 breaches */
    expect_lateness(c2, true, 5, 4503599627370498.0, 4503599627370498.0 / 5.0,
                    4503599627370496.0);
    cxkpi_sla_free(a);
    cxkpi_sla_free(b);
    cxkpi_sla_free(e);
    cxkpi_sla_free(e2);
    cxkpi_sla_free(c);
    cxkpi_sla_free(c2);
}

static void serialize_into_small_buffer_writes_nothing(void **state)
{
    (void)state;
    cxkpi_sla *a = new_sla(10.0);
    add_finished(a, 20.0, 1);
    TEST_ENOSPC_WRITES_NOTHING(sla, a, SLA_FRAME);
    cxkpi_sla_free(a);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_sla *a = new_sla(60.0);
    add_finished(a, 30.0, 2);
    add_finished(a, 100.0, 1);
    add_open(a, 70.0, 1);
    uint8_t buf[SLA_FRAME];
    size_t written;
    assert_int_equal(cxkpi_sla_serialize(a, buf, sizeof buf, &written), CXKPI_OK);
    TEST_REJECTS_DAMAGED(sla, buf, written);
    cxkpi_sla *sentinel = (cxkpi_sla *)&sentinel, *out = sentinel;

    uint8_t payload[100], frame[20 + sizeof payload];
    size_t fn;
    /* an intact CSAT frame is not an SLA accumulator */
    cxkpi_csat *csat = NULL;
    assert_int_equal(cxkpi_csat_new(&csat, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_serialize(csat, frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_sla_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_csat_free(csat);
    /* a newer format version; the same payload as version 1 is fine */
    memcpy(payload, buf + 16, 88);
    fn = test_frame(frame, SLA_KIND, 2, payload, 88);
    assert_int_equal(cxkpi_sla_deserialize(&out, frame, fn), CXKPI_EVERSION);
    fn = test_frame(frame, SLA_KIND, 1, payload, 88);
    assert_int_equal(cxkpi_sla_deserialize(&out, frame, fn), CXKPI_OK);
    cxkpi_sla_free(out);
    out = sentinel;
    /* payload one byte short or long */
    fn = test_frame(frame, SLA_KIND, 1, payload, 87);
    assert_int_equal(cxkpi_sla_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    payload[88] = 0;
    fn = test_frame(frame, SLA_KIND, 1, payload, 89);
    assert_int_equal(cxkpi_sla_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* impossible states inside intact frames */
    const forged good = {60.0, 2, 0, 1, 40.0, 0.0, 40.0, 1, 10.0, 0.0, 10.0};
    forged bad[32];
    size_t nb = 0;
    const double bad_targets[] = {0.0, -1.0, NAN, INFINITY, -INFINITY,
                                  nextafter(CXKPI_SLA_MAX_SECONDS, INFINITY)};
    for (size_t i = 0; i < sizeof bad_targets / sizeof bad_targets[0]; i++) {
        bad[nb] = good;
        bad[nb++].target = bad_targets[i];
    }
    bad[nb] = good; /* counts summing past 2^64 - 1: (2^64 - 3) + 0 + 1 + 1 + ... */
    bad[nb++].met = UINT64_MAX - 1;
    bad[nb] = good;
    bad[nb++].in_progress = UINT64_MAX - 3; /* 2 + (2^64 - 4) + 1 + 1 = 2^64 */
    bad[nb] = good; /* an empty class with statistics */
    bad[nb].fcount = 0;
    bad[nb++].fmax = 0.0; /* sum still 40 */
    bad[nb] = good;
    bad[nb].ocount = 0;
    bad[nb].osum = 0.0;
    bad[nb++].ocomp = 1.0; /* only the compensation left */
    bad[nb] = good;
    bad[nb].ocount = 0;
    bad[nb].osum = 0.0;
    bad[nb++].ocomp = 0.0; /* only the max left (10) */
    bad[nb] = good;
    bad[nb++].fsum = NAN;
    bad[nb] = good;
    bad[nb++].fcomp = INFINITY;
    bad[nb] = good;
    bad[nb++].osum = -1.0; /* negative total lateness */
    bad[nb] = good;
    bad[nb++].fmax = 0.0; /* a breach without a positive maximum */
    bad[nb] = good;
    bad[nb++].omax = -5.0;
    bad[nb] = good;
    bad[nb++].fmax = NAN;
    bad[nb] = good;
    bad[nb++].omax = nextafter(CXKPI_SLA_MAX_SECONDS, INFINITY);
    bad[nb] = good; /* one breach cannot be late by more than MAX */
    bad[nb++].fsum = 2.0 * CXKPI_SLA_MAX_SECONDS;
    for (size_t i = 0; i < nb; i++)
        assert_int_equal(deserialize_forged(&bad[i], &out), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    /* the good one is fine (the forging helper is right) */
    out = forge(&good);
    expect_counts(out, 2, 2, 1, 0);
    expect_lateness(out, false, 2, 50.0, 25.0, 40.0);
    cxkpi_sla_free(out);
    cxkpi_sla_free(a);
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    /* 2^62 met + (2^62 - 1) in progress + 2^62 finished breaches + 2^62 open breaches
     * = 2^64 - 1 tickets: full. Lateness: finished total 2^62 * 10, max 10; open 2^62 * 5. */
    const uint64_t q = 1ull << 62;
    const forged full = {100.0, q, q - 1, q, 10.0 * (double)q, 0.0, 10.0,
                         q, 5.0 * (double)q, 0.0, 5.0};
    cxkpi_sla *acc = forge(&full);
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    const double two[2] = {1.0, 200.0};
    assert_int_equal(cxkpi_sla_add(acc, 1.0), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_add(acc, 200.0), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_add_open(acc, 1.0), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_add_open(acc, 200.0), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_add_many(acc, two, 1), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_add_open_many(acc, two, 2), CXKPI_EOVERFLOW);
    cxkpi_sla *small = new_sla(100.0);
    add_finished(small, 5.0, 1);
    assert_int_equal(cxkpi_sla_merge(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_merge_counts(acc, small), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_merge(acc, acc), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_sla_merge(small, acc), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    /* an empty batch and an empty merge still succeed at the limit */
    cxkpi_sla *empty = new_sla(100.0);
    assert_int_equal(cxkpi_sla_merge(acc, empty), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_many(acc, two, 0), CXKPI_OK);
    /* results at the limit: compliance 100 * 2^62 / (2^62 + 2^63) = 100 / 3 */
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(acc, &pct), CXKPI_OK);
    assert_close(pct, 100.0 / 3.0, 1e-15);
    double lo, hi;
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo < pct && pct < hi && hi - lo < 1e-6);
    /* lateness: (10 + 5) * 2^62 over 2^63 breaches: mean 7.5, max 10 */
    expect_lateness(acc, false, 1ull << 63, 15.0 * (double)q, 7.5, 10.0);
    /* a retraction makes room for exactly one more */
    assert_int_equal(cxkpi_sla_remove(acc, 50.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(acc, 50.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(acc, 50.0), CXKPI_EOVERFLOW);
    cxkpi_sla_free(acc);
    cxkpi_sla_free(small);
    cxkpi_sla_free(empty);
}

static void bad_confidence(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(10.0);
    add_finished(acc, 5.0, 1);
    double lo = 3.0, hi = 4.0;
    const double bad[] = {0.0, 1.0, -0.1, 1.1, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, bad[i], &lo, &hi), CXKPI_ERANGE);
    assert_true(lo == 3.0 && hi == 4.0);
    /* a bad confidence is reported before emptiness */
    cxkpi_sla *e = new_sla(10.0);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(e, 2.0, &lo, &hi), CXKPI_ERANGE);
    assert_true(lo == 3.0 && hi == 4.0);
    cxkpi_sla_free(e);
    cxkpi_sla_free(acc);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_sla *acc = new_sla(10.0), *out = NULL;
    add_finished(acc, 20.0, 1);
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    uint64_t u;
    double d, e = 1.0;
    uint8_t buf[SLA_FRAME];
    size_t n;
    cxkpi_sla_free(NULL); /* no-op */
    assert_int_equal(cxkpi_sla_new(NULL, 1.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add(NULL, 1.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add(NULL, NAN), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add_many(NULL, &e, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add_many(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_remove(NULL, 1.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add_open(NULL, 1.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add_open_many(NULL, &e, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_add_open_many(acc, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_remove_open(NULL, 1.0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_clear_open(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_merge(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_merge(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_merge_counts(NULL, acc), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_merge_counts(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_clone(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_target(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_target(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_met(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_met(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_breached(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_breached(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_breached_open(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_breached_open(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_in_progress(NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_in_progress(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_compliance_percent(NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_compliance_percent(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(NULL, 0.95, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_compliance_percent_interval(acc, 0.95, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness(NULL, &u, &d, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness(acc, NULL, &d, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness(acc, &u, NULL, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness(acc, &u, &d, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness(acc, &u, &d, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness_finished(NULL, &u, &d, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness_finished(acc, NULL, &d, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness_finished(acc, &u, NULL, &d, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness_finished(acc, &u, &d, NULL, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_lateness_finished(acc, &u, &d, &d, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialized_size(acc, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialize(acc, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialize(acc, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_sla_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_sla_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    cxkpi_sla_free(acc);
}

/* Found by fuzz_api: SLA target 3600 s, two finished tickets 2293 s late (total 4586,
 * maximum 2293); retracting a ticket 452.5 s late was accepted and left one breach with a
 * total lateness of 4586 - 452.5 = 4133.5 s, above the 2293 s maximum (mean > max), a
 * state no history can produce. It is now CXKPI_ENOTFOUND and changes nothing. */
static void sla_retraction_cannot_leave_mean_above_max(void **state)
{
    (void)state;
    cxkpi_sla *acc = NULL;
    assert_int_equal(cxkpi_sla_new(&acc, 3600.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(acc, 3600.0 + 2293.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(acc, 3600.0 + 2293.0), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    assert_int_equal(cxkpi_sla_remove(acc, 3600.0 + 452.5), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    /* retracting one of the real ones still works: 1 breach, 2293 s late */
    assert_int_equal(cxkpi_sla_remove(acc, 3600.0 + 2293.0), CXKPI_OK);
    uint64_t n;
    double total, mean, max;
    assert_int_equal(cxkpi_sla_lateness(acc, &n, &total, &mean, &max), CXKPI_OK);
    assert_true(n == 1 && total == 2293.0 && mean == 2293.0 && max == 2293.0);
    cxkpi_sla_free(acc);
}

/* Found by fuzz_api: two open tickets at the largest elapsed time MAX (lateness MAX - 3600
 * each), then a retraction of a lateness of MAX - 9200, left one breach with a total
 * lateness of MAX + 2000, above the largest possible one: a state that
 * cxkpi_sla_deserialize() refuses, so serialize -> deserialize failed. Every retraction is
 * now checked against the same test as deserialization. */
static void sla_retraction_keeps_a_state_that_deserializes(void **state)
{
    (void)state;
    cxkpi_sla *acc = NULL;
    assert_int_equal(cxkpi_sla_new(&acc, 3600.0), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_open(acc, CXKPI_SLA_MAX_SECONDS), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_open(acc, CXKPI_SLA_MAX_SECONDS), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(sla, acc, before);
    /* 2 (MAX - 3600) - (MAX - 9200) = MAX + 2000 left for one ticket: too much */
    assert_int_equal(cxkpi_sla_remove_open(acc, CXKPI_SLA_MAX_SECONDS - 5600.0), CXKPI_ENOTFOUND);
    TEST_ASSERT_UNCHANGED(sla, acc, before);
    /* whatever is accepted still round-trips */
    uint8_t buf[128];
    size_t n;
    assert_int_equal(cxkpi_sla_remove_open(acc, CXKPI_SLA_MAX_SECONDS), CXKPI_OK);
    assert_int_equal(cxkpi_sla_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    cxkpi_sla *back = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&back, buf, n), CXKPI_OK);
    cxkpi_sla_free(back);
    cxkpi_sla_free(acc);
}

/* Found by fuzz_deserialize_sla: a frame whose finished breaches (12 of them, 29029 s late
 * in total) had a maximum lateness of 1e-320 s was accepted, giving a mean lateness far
 * above the maximum. Deserializing now checks total <= count * max. */
static void sla_deserialize_refuses_total_above_count_times_max(void **state)
{
    (void)state;
    uint8_t payload[88], *p = payload, frame[sizeof payload + 20];
    p = test_put_f64(p, 3600.0);          /* target */
    p = test_put_u64(p, 11);         /* met */
    p = test_put_u64(p, 9);          /* in progress */
    p = test_put_u64(p, 12);         /* finished breaches */
    p = test_put_f64(p, 29029.0);         /*   lateness sum */
    p = test_put_f64(p, 0.0);             /*   compensation */
    p = test_put_f64(p, 1e-320);          /*   maximum: 12 x 1e-320 < 29029 */
    p = test_put_u64(p, 0);          /* open breaches: none */
    p = test_put_f64(p, 0.0);
    p = test_put_f64(p, 0.0);
    p = test_put_f64(p, 0.0);
    size_t n = test_frame(frame, 5, 1, payload, sizeof payload);
    cxkpi_sla *acc = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&acc, frame, n), CXKPI_EFORMAT);
    assert_null(acc);
    /* the same with a maximum of 2419.09 s (>= the mean 29029 / 12) is a valid state */
    test_put_f64(payload + 48, 2419.09);
    n = test_frame(frame, 5, 1, payload, sizeof payload);
    assert_int_equal(cxkpi_sla_deserialize(&acc, frame, n), CXKPI_OK);
    cxkpi_sla_free(acc);
}

/* Found by fuzz_deserialize_sla: the same rounding as CSAT gave an SLA compliance of
 * 100.00000000000001 with TEST_N_PAST_100 tickets all met. */
static void compliance_percent_stays_in_range(void **state)
{
    (void)state;
    uint8_t payload[88], *p = payload, frame[sizeof payload + 20];
    p = test_put_f64(p, 3600.0);
    p = test_put_u64(p, TEST_N_PAST_100); /* met */
    memset(p, 0, (size_t)(payload + sizeof payload - p));
    size_t n = test_frame(frame, 5, 1, payload, sizeof payload);
    cxkpi_sla *sla = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&sla, frame, n), CXKPI_OK);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(sla, &pct), CXKPI_OK);
    assert_true(pct == 100.0); /* N of N met */
    cxkpi_sla_free(sla);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),
        cmocka_unit_test(open_tickets_on_both_sides_of_the_target),
        cmocka_unit_test(boundaries),
        cmocka_unit_test(one_ticket),
        cmocka_unit_test(empty_accumulator),
        cmocka_unit_test(invalid_targets),
        cmocka_unit_test(bad_elapsed_counts_nothing),
        cmocka_unit_test(remove_retracts_a_ticket),
        cmocka_unit_test(add_then_remove_is_exact),
        cmocka_unit_test(open_ticket_finishes),
        cmocka_unit_test(batches_equal_single_adds),
        cmocka_unit_test(batches_round_like_single_adds),
        cmocka_unit_test(lateness_sum_is_compensated),
        cmocka_unit_test(merge_equals_one_accumulator),
        cmocka_unit_test(merge_of_different_targets_is_refused),
        cmocka_unit_test(merge_counts_across_targets),
        cmocka_unit_test(clone_is_independent),
        cmocka_unit_test(serialize_round_trip),
        cmocka_unit_test(serialize_into_small_buffer_writes_nothing),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(bad_confidence),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(sla_retraction_cannot_leave_mean_above_max),
        cmocka_unit_test(sla_retraction_keeps_a_state_that_deserializes),
        cmocka_unit_test(sla_deserialize_refuses_total_above_count_times_max),
        cmocka_unit_test(compliance_percent_stays_in_range),
    };
    return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
