/* Kaplan–Meier time to resolve (cxkpi/survival.h): a case worked by hand, the bucket
 * estimate against an exact product-limit estimate computed here on random censored data,
 * merge and serialization, bad input. */
#include <math.h>
#include <stdlib.h>

#include "cxkpi.h"
#include "common/frame.h"
#include "helpers.h"

#define H 3600.0

static cxkpi_survival *new_km(double alpha)
{
    cxkpi_survival *a = NULL;
    assert_int_equal(cxkpi_survival_new(&a, alpha, 0), CXKPI_OK);
    assert_non_null(a);
    return a;
}

static void assert_rep(double got, double t, double alpha)
{
    if (!(fabs(got - t) <= alpha * t)) {
        print_error("%.10g is not within alpha %g of %.10g\n", got, alpha, t);
        fail();
    }
}

/* Resolved after 1 h, 2 h, 4 h, 8 h; open at 3 h and 6 h (6 tickets). In time order:
 *   1 h resolved: r = 6, S = 5/6 = 0.8333   (Greenwood sum 1/(6*5) = 1/30)
 *   2 h resolved: r = 5, S = 4/6 = 0.6667   (+ 1/(5*4) = 1/20)
 *   3 h open:     r = 4 -> 3
 *   4 h resolved: r = 3, S = 4/6 * 2/3 = 8/18 = 0.4444   (+ 1/(3*2) = 1/6; sum 0.25)
 *   6 h open:     r = 2 -> 1
 *   8 h resolved: r = 1, S = 0
 * Median (S <= 0.5 first): 4 h; solved-only median would be 2 h (rank floor(0.5 * 3) of
 * 1, 2, 4, 8). Resolved within 5 h: 100 (1 - 8/18) = 55.56%. 95% band at 4 h:
 * 0.4444 exp(-+1.959964 sqrt(0.25)) = [0.166808, 1.184181 -> 1]. Median band: the lower
 * curve first reaches 0.5 at 2 h (0.6667 exp(-1.959964 sqrt(1/12)) = 0.378606; at 1 h it is
 * 0.582655), the upper curve at 8 h (S = 0): [2 h, 8 h]. */
static void worked_example(void **state)
{
    (void)state;
    cxkpi_survival *a = new_km(0.01);
    const double resolved[] = {1 * H, 2 * H, 4 * H, 8 * H}, open[] = {3 * H, 6 * H};
    assert_int_equal(cxkpi_survival_add_many(a, resolved, 4), CXKPI_OK);
    assert_int_equal(cxkpi_survival_add_open_many(a, open, 2), CXKPI_OK);
    uint64_t r, o;
    assert_int_equal(cxkpi_survival_counts(a, &r, &o), CXKPI_OK);
    assert_true(r == 4 && o == 2);
    double pct, lo, hi, t;
    assert_int_equal(cxkpi_survival_at(a, 5 * H, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_close(pct, 100.0 * 8 / 18, 1e-12);
    assert_close(lo, 16.680793662807844, 1e-9);
    assert_true(hi == 100.0);
    assert_int_equal(cxkpi_survival_at(a, 1.5 * H, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_close(pct, 100.0 * 5 / 6, 1e-12);
    assert_close(lo, 58.26547954771396, 1e-9);
    assert_int_equal(cxkpi_survival_at(a, 10 * H, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_true(pct == 0.0 && lo == 0.0 && hi == 0.0);
    assert_int_equal(cxkpi_survival_at(a, 0.5 * H, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_true(pct == 100.0 && lo == 100.0 && hi == 100.0);
    assert_int_equal(cxkpi_survival_at(a, -1, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_survival_percent_resolved_within(a, 5 * H, &pct), CXKPI_OK);
    assert_close(pct, 100.0 * (1 - 8.0 / 18), 1e-12);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, &t, &lo, &hi), CXKPI_OK);
    assert_rep(t, 4 * H, 0.01);
    assert_rep(lo, 2 * H, 0.01);
    assert_rep(hi, 8 * H, 0.01);
    assert_int_equal(cxkpi_survival_quantile(a, 0.9, 0.95, &t, &lo, &hi), CXKPI_OK);
    assert_rep(t, 8 * H, 0.01); /* S falls below 0.1 only at 8 h */
    /* one ticket per bucket, no censoring shares a bucket: the bracket is the estimate's
     * steps, [S after t's bucket, S before it] */
    assert_int_equal(cxkpi_survival_exact_bounds(a, 5 * H, &lo, &hi), CXKPI_OK);
    assert_close(lo, 100.0 * 8 / 18, 1e-12);
    assert_close(hi, 100.0 * 8 / 18, 1e-12);
    assert_int_equal(cxkpi_survival_exact_bounds(a, 4 * H, &lo, &hi), CXKPI_OK);
    assert_close(lo, 100.0 * 8 / 18, 1e-12);
    assert_close(hi, 100.0 * 4 / 6, 1e-12);
    cxkpi_survival_free(a);

    /* Every ticket resolved: the estimate is the empirical share, and its median the
     * solved-only one: 1, 2, 4, 8 h, S(2 h) = 0.5 -> 2 h. */
    a = new_km(0.01);
    assert_int_equal(cxkpi_survival_add_many(a, resolved, 4), CXKPI_OK);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, &t, &lo, &hi), CXKPI_OK);
    assert_rep(t, 2 * H, 0.01);
    cxkpi_survival_free(a);
}

/* Not reached: 1 resolved at 10 s, 5 open at 100 s: S stays at 5/6, no median. One ticket
 * resolved at 0 s: S(0) = 0, median 0. */
static void not_reached_and_zeros(void **state)
{
    (void)state;
    cxkpi_survival *a = new_km(0.01);
    double t = -1, lo = -1, hi = -1, pct;
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, &t, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_survival_add(a, 10), CXKPI_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(cxkpi_survival_add_open(a, 100), CXKPI_OK);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, &t, &lo, &hi), CXKPI_ENOTFOUND);
    assert_true(t == -1 && lo == -1 && hi == -1);
    assert_int_equal(cxkpi_survival_quantile(a, 0.1, 0.95, &t, &lo, &hi), CXKPI_OK);
    assert_rep(t, 10, 0.01);           /* S = 5/6 <= 0.9 */
    assert_true(isinf(hi) && hi > 0);  /* the upper curve (clipped at 1) never gets there */
    assert_int_equal(cxkpi_survival_percent_resolved_within(a, 1e9, &pct), CXKPI_OK);
    assert_close(pct, 100.0 / 6, 1e-12);
    cxkpi_survival_free(a);

    a = new_km(0.01);
    assert_int_equal(cxkpi_survival_add(a, 0.0), CXKPI_OK);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, &t, &lo, &hi), CXKPI_OK);
    assert_true(t == 0.0 && lo == 0.0 && hi == 0.0);
    assert_int_equal(cxkpi_survival_at(a, 0.0, 0.95, &pct, &lo, &hi), CXKPI_OK);
    assert_true(pct == 0.0);
    cxkpi_survival_free(a);
}

typedef struct obs {
    double t;
    int event;
} obs;

static int cmp_obs(const void *x, const void *y)
{
    const obs *a = x, *b = y;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return b->event - a->event; /* resolutions before censorings at equal times */
}

/* The exact product-limit estimate at t of sorted observations. */
static double exact_km(const obs *o, size_t n, double t)
{
    double s = 1.0;
    size_t at_risk = n, i = 0;
    while (i < n && o[i].t <= t) {
        size_t j = i, d = 0;
        while (j < n && o[j].t == o[i].t) {
            d += (size_t)o[j].event;
            j++;
        }
        if (d)
            s *= (double)(at_risk - d) / (double)at_risk;
        at_risk -= j - i;
        i = j;
    }
    return s;
}

/* The exact q-quantile: the first observed time where the exact estimate is <= 1 - q. */
static double exact_quantile(const obs *o, size_t n, double q)
{
    for (size_t i = 0; i < n; i++)
        if (o[i].event && exact_km(o, n, o[i].t) <= 1 - q + 1e-12)
            return o[i].t;
    return INFINITY;
}

static double unif(uint64_t *seed)
{
    return ((double)(test_rand(seed) >> 11) + 0.5) * 0x1p-53;
}

/* Random censored data: resolution times log-normal (median 4 h), each ticket observed
 * until a uniform cut-off in 0 .. 3 days (open past it: censored at the cut-off). The exact
 * estimate lies in the documented bracket at every t tried, the bucket estimate too, and
 * the median and p90 are within one bucket of the exact ones. The largest differences are
 * printed. */
static void bound_against_exact_km(void **state)
{
    (void)state;
    uint64_t seed = 1958;
    enum { N = 4000 };
    static obs o[N];
    const double alphas[] = {0.01, 0.002};
    for (size_t ai = 0; ai < 2; ai++) {
        const double alpha = alphas[ai];
        for (int round = 0; round < 3; round++) {
            cxkpi_survival *a = new_km(alpha);
            for (size_t i = 0; i < N; i++) {
                double u1 = unif(&seed), u2 = unif(&seed);
                double res = 4 * H * exp(1.2 * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2));
                double cut = 3 * 24 * H * unif(&seed);
                if (round == 2)
                    res = floor(res / 60) * 60, cut = floor(cut / 60) * 60; /* whole minutes: ties */
                o[i].event = res <= cut;
                o[i].t = o[i].event ? res : cut;
                assert_int_equal(o[i].event ? cxkpi_survival_add(a, o[i].t)
                                            : cxkpi_survival_add_open(a, o[i].t),
                                 CXKPI_OK);
            }
            qsort(o, N, sizeof o[0], cmp_obs);
            double worst = 0;
            for (int k = 0; k < 3000; k++) {
                double t = k < N / 2 ? o[k * 2].t : exp(log(60) + 9 * unif(&seed));
                double ex = 100 * exact_km(o, N, t), lo, hi, pct, blo, bhi;
                assert_int_equal(cxkpi_survival_exact_bounds(a, t, &lo, &hi), CXKPI_OK);
                assert_int_equal(cxkpi_survival_at(a, t, 0.95, &pct, &blo, &bhi), CXKPI_OK);
                if (!(ex >= lo - 1e-9 && ex <= hi + 1e-9 && pct >= lo - 1e-9 && pct <= hi + 1e-9)) {
                    print_error("alpha %g round %d t %.10g: exact %.9f, estimate %.9f, bracket [%.9f, %.9f]\n",
                                alpha, round, t, ex, pct, lo, hi);
                    fail();
                }
                worst = fabs(pct - ex) > worst ? fabs(pct - ex) : worst;
            }
            const double qs[] = {0.5, 0.9};
            for (int j = 0; j < 2; j++) {
                double t, lo, hi, ex = exact_quantile(o, N, qs[j]);
                cxkpi_status st = cxkpi_survival_quantile(a, qs[j], 0.95, &t, &lo, &hi);
                if (isinf(ex)) {
                    assert_int_equal(st, CXKPI_ENOTFOUND);
                    continue;
                }
                assert_int_equal(st, CXKPI_OK);
                const double g = (1 + alpha) / (1 - alpha);
                /* within alpha when the bracket is one bucket; allow one bucket more */
                if (!(t <= ex * g * (1 + alpha) && t >= ex / (g * (1 + alpha)))) {
                    print_error("alpha %g q %g: %.10g vs exact %.10g\n", alpha, qs[j], t, ex);
                    fail();
                }
                assert_true(lo <= t && t <= hi);
                print_message("alpha %g round %d: q %.1f %.1f s vs exact %.1f s (%.3f%%)\n",
                              alpha, round, qs[j], t, ex, 100 * (t - ex) / ex);
            }
            print_message("alpha %g round %d: largest |estimate - exact| %.4f points\n", alpha,
                          round, worst);
            cxkpi_survival_free(a);
        }
    }
}

/* Merging parts in any order, and a round trip through bytes, give the same bytes. */
static void merge_and_bytes(void **state)
{
    (void)state;
    uint64_t seed = 9;
    cxkpi_survival *all = new_km(0.01), *p[3];
    for (int k = 0; k < 3; k++)
        p[k] = new_km(0.01);
    for (int i = 0; i < 3000; i++) {
        double t = 60 * pow(10, 4 * unif(&seed));
        int open = unif(&seed) < 0.3, k = (int)(test_rand(&seed) % 3);
        assert_int_equal(open ? cxkpi_survival_add_open(all, t) : cxkpi_survival_add(all, t), CXKPI_OK);
        assert_int_equal(open ? cxkpi_survival_add_open(p[k], t) : cxkpi_survival_add(p[k], t), CXKPI_OK);
    }
    cxkpi_survival *m = new_km(0.01);
    for (int k = 2; k >= 0; k--)
        assert_int_equal(cxkpi_survival_merge(m, p[k]), CXKPI_OK);
    test_bytes x, y;
    TEST_SNAPSHOT(survival, all, x);
    TEST_SNAPSHOT(survival, m, y);
    assert_int_equal(x.n, y.n);
    assert_memory_equal(x.p, y.p, x.n);
    cxkpi_survival *back = NULL;
    assert_int_equal(cxkpi_survival_deserialize(&back, x.p, x.n), CXKPI_OK);
    TEST_ASSERT_UNCHANGED(survival, back, y);
    TEST_ENOSPC_WRITES_NOTHING(survival, all, x.n);
    TEST_REJECTS_DAMAGED(survival, x.p, x.n);
    test_free(x.p);
    /* self-merge doubles every count */
    assert_int_equal(cxkpi_survival_merge(back, back), CXKPI_OK);
    uint64_t r1, o1, r2, o2;
    assert_int_equal(cxkpi_survival_counts(all, &r1, &o1), CXKPI_OK);
    assert_int_equal(cxkpi_survival_counts(back, &r2, &o2), CXKPI_OK);
    assert_true(r2 == 2 * r1 && o2 == 2 * o1);
    /* clone, reset */
    cxkpi_survival *c = NULL;
    assert_int_equal(cxkpi_survival_clone(all, &c), CXKPI_OK);
    TEST_SNAPSHOT(survival, c, y);
    TEST_SNAPSHOT(survival, all, x);
    assert_memory_equal(x.p, y.p, x.n);
    test_free(x.p);
    test_free(y.p);
    assert_int_equal(cxkpi_survival_reset(c), CXKPI_OK);
    assert_int_equal(cxkpi_survival_counts(c, &r1, &o1), CXKPI_OK);
    assert_true(r1 == 0 && o1 == 0);
    double pct;
    assert_int_equal(cxkpi_survival_percent_resolved_within(c, 10, &pct), CXKPI_EEMPTY);
    cxkpi_survival_free(c);
    cxkpi_survival_free(back);
    cxkpi_survival_free(m);
    cxkpi_survival_free(all);
    for (int k = 0; k < 3; k++)
        cxkpi_survival_free(p[k]);
}

/* An empty state: two empty sketch parts (alpha, max_buckets, zeros, collapsed, encoding
 * 0); with the open part's alpha changed the configurations differ: EFORMAT. */
static void forged_states(void **state)
{
    (void)state;
    cxkpi_survival *a = new_km(0.01);
    test_bytes x;
    TEST_SNAPSHOT(survival, a, x);
    assert_int_equal(x.n, 16 + 2 * (8 + 4 + 8 + 1 + 1) + 4);
    uint8_t payload[44];
    memcpy(payload, x.p + 16, 44);
    double other = 0.02;
    memcpy(payload + 22, &other, 8); /* the open part's alpha (little-endian host) */
    uint8_t frame[64];
    size_t n = test_frame(frame, CXKPI__KIND_SURVIVAL, 1, payload, 44);
    cxkpi_survival *out = NULL;
    assert_int_equal(cxkpi_survival_deserialize(&out, frame, n), CXKPI_EFORMAT);
    n = test_frame(frame, CXKPI__KIND_SURVIVAL, 2, x.p + 16, 44);
    assert_int_equal(cxkpi_survival_deserialize(&out, frame, n), CXKPI_EVERSION);
    n = test_frame(frame, CXKPI__KIND_DURATION, 1, x.p + 16, 44);
    assert_int_equal(cxkpi_survival_deserialize(&out, frame, n), CXKPI_EFORMAT);
    assert_null(out);
    test_free(x.p);
    cxkpi_survival_free(a);
}

static void bad_input(void **state)
{
    (void)state;
    cxkpi_survival *a = NULL, *b = NULL;
    assert_int_equal(cxkpi_survival_new(NULL, 0.01, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_new(&a, 0.5, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_new(&a, NAN, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_new(&a, 0.01, 3), CXKPI_EINVAL);
    assert_null(a);
    a = new_km(0.01);
    b = new_km(0.02);
    double pct = 7, lo = 8, hi = 9, t = 10;
    assert_int_equal(cxkpi_survival_at(a, 5, 0.95, &pct, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_survival_exact_bounds(a, 5, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_survival_add(a, 100), CXKPI_OK);
    test_bytes before;
    TEST_SNAPSHOT(survival, a, before);
    const double bad[] = {-1, NAN, INFINITY, 2e18};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(cxkpi_survival_add(a, bad[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_survival_add_open(a, bad[i]), CXKPI_ERANGE);
    }
    const double batch[] = {5, 6, NAN};
    assert_int_equal(cxkpi_survival_add_many(a, batch, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_add_open_many(a, batch, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_add_many(a, NULL, 2), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_add_many(a, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_survival_add(NULL, 5), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_merge(a, b), CXKPI_EMISMATCH);
    assert_int_equal(cxkpi_survival_merge(a, NULL), CXKPI_EINVAL);
    TEST_ASSERT_UNCHANGED(survival, a, before);
    assert_int_equal(cxkpi_survival_at(a, NAN, 0.95, &pct, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_at(a, 5, 1.0, &pct, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_at(a, 5, 0.95, &pct, &lo, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_survival_percent_resolved_within(a, NAN, &pct), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_exact_bounds(a, NAN, &lo, &hi), CXKPI_ERANGE);
    const double bad_q[] = {0.0, 1.0, -0.1, NAN};
    for (int i = 0; i < 4; i++)
        assert_int_equal(cxkpi_survival_quantile(a, bad_q[i], 0.95, &t, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, NAN, &t, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_survival_quantile(a, 0.5, 0.95, NULL, &lo, &hi), CXKPI_EINVAL);
    assert_true(pct == 7 && lo == 8 && hi == 9 && t == 10);
    double alpha;
    uint32_t mb;
    assert_int_equal(cxkpi_survival_config(a, &alpha, &mb), CXKPI_OK);
    assert_true(alpha == 0.01 && mb == 2048);
    cxkpi_survival_free(a);
    cxkpi_survival_free(b);
    cxkpi_survival_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),
        cmocka_unit_test(not_reached_and_zeros),
        cmocka_unit_test(bound_against_exact_km),
        cmocka_unit_test(merge_and_bytes),
        cmocka_unit_test(forged_states),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
