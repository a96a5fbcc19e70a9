/* Differences of NPS and of proportions (cxkpi/compare.h). Expected values are worked out
 * in the comments from the definitions, or taken from Newcombe (1998), Table II (method 10,
 * the hybrid score interval, to the paper's 4 decimals), and for the pooled z-test from the
 * identity z^2 = Pearson's chi-square without continuity correction (R's
 * prop.test(correct = FALSE)), checked with an independent normal CDF. */
#include <math.h>
#include <stdlib.h>

#include "cxkpi.h"
#include "helpers.h"

/* |actual - expected| <= tol */
#define assert_near(actual, expected, tol)                                                   \
    do {                                                                                     \
        double a_ = (actual), e_ = (expected);                                               \
        if (!(fabs(a_ - e_) <= (tol))) {                                                     \
            print_error("%s = %.10g, expected %.10g (+- %g)\n", #actual, a_, e_, (double)(tol)); \
            fail();                                                                          \
        }                                                                                    \
    } while (0)

/* The example: a = 20 detractors, 30 passives, 50 promoters: NPS 30, per-response
 * variance p + d - (p - d)^2 = 0.5 + 0.2 - 0.09 = 0.61. b = 30, 30, 40: NPS 10, variance
 * 0.4 + 0.3 - 0.01 = 0.69. se = 100 sqrt(0.61/100 + 0.69/100) = 100 sqrt(0.013) = 11.401754;
 * z(0.95) = 1.959964: 20 -+ 22.347028 = [-2.347028, 42.347028]; |20 / 11.401754| = 1.754116,
 * p = 2 (1 - Phi(1.754116)) = 0.0794106. */
static void nps_worked_example(void **state)
{
    (void)state;
    double d, se, lo, hi, p;
    assert_int_equal(cxkpi_nps_difference_counts(50, 30, 20, 40, 30, 30, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_near(d, 20.0, 1e-12);
    assert_near(se, 11.401754, 5e-7);
    assert_near(lo, -2.347028, 5e-7);
    assert_near(hi, 42.347028, 5e-7);
    assert_near(p, 0.0794106, 5e-8);
    /* b against a: the sign flips, the rest is symmetric */
    assert_int_equal(cxkpi_nps_difference_counts(40, 30, 30, 50, 30, 20, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_near(d, -20.0, 1e-12);
    assert_near(se, 11.401754, 5e-7);
    assert_near(lo, -42.347028, 5e-7);
    assert_near(hi, 2.347028, 5e-7);
    assert_near(p, 0.0794106, 5e-8);

    /* The same through accumulators. */
    cxkpi_nps *a, *b;
    assert_int_equal(cxkpi_nps_new(&a), CXKPI_OK);
    assert_int_equal(cxkpi_nps_new(&b), CXKPI_OK);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(cxkpi_nps_add(a, i < 20 ? 3 : i < 50 ? 7 : 10), CXKPI_OK);
        assert_int_equal(cxkpi_nps_add(b, i < 30 ? 0 : i < 60 ? 8 : 9), CXKPI_OK);
    }
    assert_int_equal(cxkpi_nps_difference(a, b, 0.95, &d, &se, &lo, &hi, &p), CXKPI_OK);
    assert_near(d, 20.0, 1e-12);
    assert_near(se, 11.401754, 5e-7);
    assert_near(p, 0.0794106, 5e-8);
    /* a against itself: no difference, p = 1; se = 100 sqrt(2 * 0.61 / 100) */
    assert_int_equal(cxkpi_nps_difference(a, a, 0.95, &d, &se, &lo, &hi, &p), CXKPI_OK);
    assert_near(d, 0.0, 0.0);
    assert_near(se, 100.0 * sqrt(0.0122), 1e-9);
    assert_near(p, 1.0, 0.0);
    cxkpi_nps_free(a);
    cxkpi_nps_free(b);
}

/* Small samples, by hand: a = 1 promoter, 1 detractor (NPS 0, variance 1 + ... : p = d = 0.5,
 * 0.5 + 0.5 - 0 = 1); b = 1 promoter, 1 passive (NPS 50, p = 0.5, d = 0: 0.5 - 0.25 = 0.25).
 * se = 100 sqrt(1/2 + 0.25/2) = 100 sqrt(0.625) = 79.0569415; difference -50; 90% interval
 * with z(0.90) = 1.6448536: -50 -+ 130.0370970 = [-180.0370970, 80.0370970] (not clipped);
 * p = 2 (1 - Phi(0.6324555)) = 0.5270893. */
static void nps_small_samples(void **state)
{
    (void)state;
    double d, se, lo, hi, p;
    assert_int_equal(cxkpi_nps_difference_counts(1, 0, 1, 1, 1, 0, 0.90, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_near(d, -50.0, 1e-12);
    assert_near(se, 79.0569415, 5e-8);
    assert_near(lo, -180.0370970, 5e-7);
    assert_near(hi, 80.0370970, 5e-7);
    assert_near(p, 0.5270893, 5e-8);
    /* se = 0: both all promoters (difference 0, p 1) or all promoters against all
     * detractors (difference 200, p 0); the interval is the point */
    assert_int_equal(cxkpi_nps_difference_counts(10, 0, 0, 5, 0, 0, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_true(d == 0.0 && se == 0.0 && lo == 0.0 && hi == 0.0 && p == 1.0);
    assert_int_equal(cxkpi_nps_difference_counts(3, 0, 0, 0, 0, 7, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_true(d == 200.0 && se == 0.0 && lo == 200.0 && hi == 200.0 && p == 0.0);
    /* one response each: 1 promoter against 1 passive, difference 100, se 0, p 0 */
    assert_int_equal(cxkpi_nps_difference_counts(1, 0, 0, 0, 1, 0, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_OK);
    assert_true(d == 100.0 && se == 0.0 && p == 0.0);
}

/* Newcombe (1998), Table II, method 10 (score interval for the difference, no continuity
 * correction), 95%: the paper's limits to 4 decimals, in percentage points here. */
static void newcombe_table_ii(void **state)
{
    (void)state;
    static const struct {
        uint64_t xa, na, xb, nb;
        double lo, hi;
    } ex[] = {
        {56, 70, 48, 80, 5.24, 33.39},  /* (a) */
        {9, 10, 3, 10, 17.05, 80.90},   /* (b) */
        {6, 7, 2, 7, 5.82, 80.62},      /* (c) */
        {5, 56, 0, 29, -3.81, 19.26},   /* (d) */
        {0, 10, 0, 20, -16.11, 27.75},  /* (e) */
        {10, 10, 0, 20, 67.91, 100.00}, /* (f) */
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        double d, lo, hi, p;
        assert_int_equal(cxkpi_proportion_difference(ex[i].xa, ex[i].na, ex[i].xb, ex[i].nb, 0.95,
                                                     &d, &lo, &hi, &p),
                         CXKPI_OK);
        assert_near(d, 100.0 * ((double)ex[i].xa / (double)ex[i].na -
                                (double)ex[i].xb / (double)ex[i].nb), 1e-12);
        assert_near(lo, ex[i].lo, 0.005 + 1e-9);
        assert_near(hi, ex[i].hi, 0.005 + 1e-9);
        assert_true(lo <= d && d <= hi);
    }
}

/* Pooled two-proportion z-test. (b) 9/10 against 3/10: P = 12/20 = 0.6,
 * z = 0.6 / sqrt(0.6 * 0.4 * (1/10 + 1/10)) = 0.6 / sqrt(0.048) = 2.7386128; z^2 = 7.5 is
 * R's prop.test(c(9, 3), c(10, 10), correct = FALSE) X-squared, p = 0.0061699.
 * (a) 56/70 against 48/80: P = 104/150, z = 0.2 / sqrt(P (1 - P) (1/70 + 1/80)) = 2.6501720,
 * p = 0.0080451. (f) 10/10 against 0/20: P = 1/3, z = 1 / sqrt(2/9 * 0.15) = 5.4772256,
 * p = 4.3205e-8. (d) 5/56 against 0/29: z = 1.6586489, p = 0.0971866. */
static void pooled_z_test(void **state)
{
    (void)state;
    static const struct {
        uint64_t xa, na, xb, nb;
        double p, tol;
    } ex[] = {
        {9, 10, 3, 10, 0.0061699, 5e-8},
        {56, 70, 48, 80, 0.0080451, 5e-8},
        {10, 10, 0, 20, 4.3205e-8, 5e-12},
        {5, 56, 0, 29, 0.0971866, 5e-8},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        double d, lo, hi, p;
        assert_int_equal(cxkpi_proportion_difference(ex[i].xa, ex[i].na, ex[i].xb, ex[i].nb, 0.95,
                                                     &d, &lo, &hi, &p),
                         CXKPI_OK);
        assert_near(p, ex[i].p, ex[i].tol);
        /* the test is symmetric */
        assert_int_equal(cxkpi_proportion_difference(ex[i].xb, ex[i].nb, ex[i].xa, ex[i].na, 0.95,
                                                     &d, &lo, &hi, &p),
                         CXKPI_OK);
        assert_near(p, ex[i].p, ex[i].tol);
    }
    /* no success anywhere, or all successes: P is 0 or 1, no evidence of a difference */
    double d, lo, hi, p;
    assert_int_equal(cxkpi_proportion_difference(0, 10, 0, 20, 0.95, &d, &lo, &hi, &p), CXKPI_OK);
    assert_true(d == 0.0 && p == 1.0);
    assert_int_equal(cxkpi_proportion_difference(7, 7, 3, 3, 0.95, &d, &lo, &hi, &p), CXKPI_OK);
    assert_true(d == 0.0 && p == 1.0 && lo < 0.0 && hi > 0.0);
    /* extremes: 2^64 - 1 trials on each side stay finite */
    assert_int_equal(cxkpi_proportion_difference(UINT64_MAX, UINT64_MAX, 0, UINT64_MAX, 0.95, &d,
                                                 &lo, &hi, &p),
                     CXKPI_OK);
    assert_true(d == 100.0 && hi == 100.0 && lo > 99.999 && p == 0.0);
}

/* Every bad input is an error and leaves every output as it was. */
static void bad_input(void **state)
{
    (void)state;
    double d = 1, se = 2, lo = 3, hi = 4, p = 5;
    const double nan = NAN;
    const double bad_conf[] = {0.0, 1.0, -0.5, 1.5, nan, INFINITY};
    for (size_t i = 0; i < sizeof bad_conf / sizeof bad_conf[0]; i++) {
        assert_int_equal(cxkpi_proportion_difference(1, 2, 1, 2, bad_conf[i], &d, &lo, &hi, &p),
                         CXKPI_ERANGE);
        assert_int_equal(cxkpi_nps_difference_counts(1, 1, 1, 1, 1, 1, bad_conf[i], &d, &se, &lo,
                                                     &hi, &p),
                         CXKPI_ERANGE);
    }
    assert_int_equal(cxkpi_proportion_difference(1, 0, 1, 2, 0.95, &d, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_proportion_difference(0, 0, 1, 2, 0.95, &d, &lo, &hi, &p), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_proportion_difference(0, 2, 0, 0, 0.95, &d, &lo, &hi, &p), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_proportion_difference(3, 2, 1, 2, 0.95, &d, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_proportion_difference(1, 2, 1, 2, 0.95, NULL, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_proportion_difference(1, 2, 1, 2, 0.95, &d, NULL, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_proportion_difference(1, 2, 1, 2, 0.95, &d, &lo, NULL, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_proportion_difference(1, 2, 1, 2, 0.95, &d, &lo, &hi, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_difference_counts(0, 0, 0, 1, 1, 1, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_difference_counts(1, 1, 1, 0, 0, 0, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_difference_counts(UINT64_MAX, 1, 0, 1, 1, 1, 0.95, &d, &se, &lo, &hi, &p),
                     CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_nps_difference_counts(1, 1, 1, UINT64_MAX - 1, 1, 1, 0.95, &d, &se, &lo,
                                                 &hi, &p),
                     CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_nps_difference_counts(1, 1, 1, 1, 1, 1, 0.95, &d, NULL, &lo, &hi, &p),
                     CXKPI_EINVAL);
    assert_true(d == 1 && se == 2 && lo == 3 && hi == 4 && p == 5);

    /* accumulators: NULL, empty, different configurations */
    cxkpi_nps *n1, *n2;
    cxkpi_csat *c1, *c2, *c3;
    cxkpi_sla *s1, *s2, *s3;
    cxkpi_fcr *f1, *f2;
    assert_int_equal(cxkpi_nps_new(&n1), CXKPI_OK);
    assert_int_equal(cxkpi_nps_new(&n2), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&c1, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&c2, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&c3, 1, 5, 5), CXKPI_OK);
    assert_int_equal(cxkpi_sla_new(&s1, 3600), CXKPI_OK);
    assert_int_equal(cxkpi_sla_new(&s2, 3600), CXKPI_OK);
    assert_int_equal(cxkpi_sla_new(&s3, 7200), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_new(&f1), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_new(&f2), CXKPI_OK);
    assert_int_equal(cxkpi_nps_add(n1, 9), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add(c1, 5), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add(c3, 5), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(s1, 10), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add(s3, 10), CXKPI_OK);
    assert_int_equal(cxkpi_sla_add_open(s2, 10), CXKPI_OK); /* in progress only: empty */
    assert_int_equal(cxkpi_fcr_add(f1, CXKPI_FCR_RESOLVED_FIRST_CONTACT), CXKPI_OK);
    assert_int_equal(cxkpi_nps_difference(n1, n2, 0.95, &d, &se, &lo, &hi, &p), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_nps_difference(NULL, n1, 0.95, &d, &se, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_nps_difference(n1, n1, 1.0, &d, &se, &lo, &hi, &p), CXKPI_ERANGE);
    assert_int_equal(cxkpi_csat_percent_difference(c1, c2, 0.95, &d, &lo, &hi, &p), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_csat_percent_difference(c1, c3, 0.95, &d, &lo, &hi, &p), CXKPI_EMISMATCH);
    assert_int_equal(cxkpi_csat_percent_difference(c1, NULL, 0.95, &d, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_percent_difference(c1, c1, nan, &d, &lo, &hi, &p), CXKPI_ERANGE);
    assert_int_equal(cxkpi_sla_compliance_percent_difference(s1, s2, 0.95, &d, &lo, &hi, &p),
                     CXKPI_EEMPTY);
    assert_int_equal(cxkpi_sla_compliance_percent_difference(s1, s3, 0.95, &d, &lo, &hi, &p),
                     CXKPI_EMISMATCH);
    assert_int_equal(cxkpi_sla_compliance_percent_difference(NULL, s1, 0.95, &d, &lo, &hi, &p),
                     CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_percent_difference(f1, f2, 0.95, &d, &lo, &hi, &p), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_fcr_percent_difference(f1, NULL, 0.95, &d, &lo, &hi, &p), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_percent_difference(f1, f1, 0.95, &d, &lo, &hi, NULL), CXKPI_EINVAL);
    assert_true(d == 1 && se == 2 && lo == 3 && hi == 4 && p == 5);
    cxkpi_nps_free(n1);
    cxkpi_nps_free(n2);
    cxkpi_csat_free(c1);
    cxkpi_csat_free(c2);
    cxkpi_csat_free(c3);
    cxkpi_sla_free(s1);
    cxkpi_sla_free(s2);
    cxkpi_sla_free(s3);
    cxkpi_fcr_free(f1);
    cxkpi_fcr_free(f2);
}

/* The accumulator forms count what their percentages count: CSAT satisfied of responses,
 * gross FCR resolved on first contact of issues, SLA met of met + breached (open breaches
 * included, tickets in progress left out). Each is set up as Newcombe's example (a),
 * 56/70 against 48/80: difference 20, [5.24, 33.39], p 0.0080451. */
static void accumulator_forms(void **state)
{
    (void)state;
    cxkpi_csat *ca, *cb;
    cxkpi_fcr *fa, *fb;
    cxkpi_sla *sa, *sb;
    assert_int_equal(cxkpi_csat_new(&ca, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&cb, 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_new(&fa), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_new(&fb), CXKPI_OK);
    assert_int_equal(cxkpi_sla_new(&sa, 3600), CXKPI_OK);
    assert_int_equal(cxkpi_sla_new(&sb, 3600), CXKPI_OK);
    for (int i = 0; i < 80; i++) {
        if (i < 70) {
            assert_int_equal(cxkpi_csat_add(ca, i < 56 ? 4 : 3), CXKPI_OK);
            assert_int_equal(cxkpi_fcr_add(fa, i < 56 ? CXKPI_FCR_RESOLVED_FIRST_CONTACT : 0), CXKPI_OK);
            if (i < 56)
                assert_int_equal(cxkpi_sla_add(sa, 60), CXKPI_OK);
            else /* breaches: finished late, or open and already late */
                assert_int_equal(i % 2 ? cxkpi_sla_add(sa, 4000) : cxkpi_sla_add_open(sa, 5000),
                                 CXKPI_OK);
        }
        assert_int_equal(cxkpi_csat_add(cb, i < 48 ? 5 : 1), CXKPI_OK);
        assert_int_equal(cxkpi_fcr_add(fb, i < 48 ? CXKPI_FCR_RESOLVED_FIRST_CONTACT
                                                  : CXKPI_FCR_ESCALATED),
                         CXKPI_OK);
        assert_int_equal(i < 48 ? cxkpi_sla_add(sb, 3600) : cxkpi_sla_add(sb, 3601), CXKPI_OK);
    }
    for (int i = 0; i < 5; i++) /* in progress: not part of compliance */
        assert_int_equal(cxkpi_sla_add_open(sb, 100), CXKPI_OK);
    double d[3], lo[3], hi[3], p[3];
    assert_int_equal(cxkpi_csat_percent_difference(ca, cb, 0.95, &d[0], &lo[0], &hi[0], &p[0]), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_percent_difference(fa, fb, 0.95, &d[1], &lo[1], &hi[1], &p[1]), CXKPI_OK);
    assert_int_equal(cxkpi_sla_compliance_percent_difference(sa, sb, 0.95, &d[2], &lo[2], &hi[2], &p[2]),
                     CXKPI_OK);
    for (int k = 0; k < 3; k++) {
        assert_near(d[k], 20.0, 1e-9);
        assert_near(lo[k], 5.24, 0.005);
        assert_near(hi[k], 33.39, 0.005);
        assert_near(p[k], 0.0080451, 5e-8);
    }
    cxkpi_csat_free(ca);
    cxkpi_csat_free(cb);
    cxkpi_fcr_free(fa);
    cxkpi_fcr_free(fb);
    cxkpi_sla_free(sa);
    cxkpi_sla_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nps_worked_example),
        cmocka_unit_test(nps_small_samples),
        cmocka_unit_test(newcombe_table_ii),
        cmocka_unit_test(pooled_z_test),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(accumulator_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
