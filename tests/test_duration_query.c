/* Duration queries beyond quantiles: the share at most a threshold, checked against an exact
 * count over the raw values with the bound of cxkpi/duration.h; and the weighted add,
 * checked against the same value added one by one. */
#include <math.h>
#include <stdlib.h>

#include "cxkpi.h"
#include "helpers.h"

static double unif(uint64_t *seed)
{
    return ((double)(test_rand(seed) >> 11) + 0.5) * 0x1p-53;
}

/* how many of v[0..n) are <= x */
static size_t exact_at_most(const double *v, size_t n, double x)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += v[i] <= x;
    return c;
}

/* 60 s, 2 min, 30 min, 1 h, 2 h: at most 1 h are 4 of 5, 80%; at most 59 s none (below the
 * minimum, exact); at most 2 h all. 3599 s: the 1 h ticket is within a factor gamma of the
 * threshold, so the bound allows it to be counted (80) or not (60). */
static void worked_example(void **state)
{
    (void)state;
    cxkpi_duration *d = NULL;
    assert_int_equal(cxkpi_duration_new(&d, 0.01, 0), CXKPI_OK);
    double pct = -1;
    assert_int_equal(cxkpi_duration_percent_at_most(d, 10, &pct), CXKPI_EEMPTY);
    const double v[] = {60, 120, 1800, 3600, 7200};
    assert_int_equal(cxkpi_duration_add_many(d, v, 5), CXKPI_OK);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 3600, &pct), CXKPI_OK);
    assert_true(pct == 80.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 3599, &pct), CXKPI_OK);
    assert_true(pct == 80.0 || pct == 60.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 59.999, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 60, &pct), CXKPI_OK);
    assert_true(pct == 20.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 7200, &pct), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, INFINITY, &pct), CXKPI_OK);
    assert_true(pct == 100.0);
    assert_int_equal(cxkpi_duration_percent_at_most(d, -1, &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    pct = 42;
    assert_int_equal(cxkpi_duration_percent_at_most(d, NAN, &pct), CXKPI_ERANGE);
    assert_int_equal(cxkpi_duration_percent_at_most(NULL, 1, &pct), CXKPI_EINVAL);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 1, NULL), CXKPI_EINVAL);
    assert_true(pct == 42);
    /* zeros: 0 and 0.5 ns are under 1 ns; at most 1 ns: both zeros, 2 of 7 */
    assert_int_equal(cxkpi_duration_add(d, 0.0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(d, 5e-10), CXKPI_OK);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 1e-9, &pct), CXKPI_OK);
    assert_true(fabs(pct - 100.0 * 2 / 7) < 1e-12);
    assert_int_equal(cxkpi_duration_percent_at_most(d, 0.0, &pct), CXKPI_OK); /* >= min */
    assert_true(fabs(pct - 100.0 * 2 / 7) < 1e-12);
    cxkpi_duration_free(d);
}

/* Random data of several shapes and alphas, thresholds at the values themselves, between
 * them and around bucket edges: exact(<= x) <= answer <= exact(<= x gamma (1 + 1e-9)). */
static void bound_on_random_data(void **state)
{
    (void)state;
    uint64_t seed = 16;
    const double alphas[] = {0.01, 0.001, 0.05};
    enum { N = 3000 };
    static double v[N];
    for (size_t a = 0; a < 3; a++) {
        const double alpha = alphas[a], gamma = (1 + alpha) / (1 - alpha);
        for (int shape = 0; shape < 3; shape++) {
            cxkpi_duration *d = NULL;
            assert_int_equal(cxkpi_duration_new(&d, alpha, 0), CXKPI_OK);
            for (size_t i = 0; i < N; i++) {
                double u = unif(&seed);
                v[i] = shape == 0 ? 3600 * u                         /* uniform, 0 .. 1 h */
                       : shape == 1 ? -300 * log(u)                  /* exponential */
                                    : floor(exp(2 + 10 * u));        /* whole seconds, wide */
            }
            assert_int_equal(cxkpi_duration_add_many(d, v, N), CXKPI_OK);
            for (int t = 0; t < 2000; t++) {
                double x = t < N / 2 ? v[t] * (t % 3 == 0 ? 1.0 : t % 3 == 1 ? 1.0000000001 : 0.9999999999)
                                     : exp(log(1e-3) + 18 * unif(&seed));
                double pct;
                assert_int_equal(cxkpi_duration_percent_at_most(d, x, &pct), CXKPI_OK);
                double lo = 100.0 * (double)exact_at_most(v, N, x) / N;
                double hi = 100.0 * (double)exact_at_most(v, N, x * gamma * (1 + 1e-9)) / N;
                if (!(pct >= lo - 1e-9 && pct <= hi + 1e-9)) {
                    print_error("alpha %g shape %d x %.17g: %.6f not in [%.6f, %.6f]\n", alpha,
                                shape, x, pct, lo, hi);
                    fail();
                }
            }
            cxkpi_duration_free(d);
        }
    }
}

/* The serialized bytes of an accumulator's sketch part, to compare counts exactly: the
 * state minus its first 20 + 8 + 6 * 8 bytes (frame header, count, the floating-point
 * statistics); the last 4 bytes of the frame are its checksum. */
static void assert_same_counts(const cxkpi_duration *a, const cxkpi_duration *b)
{
    test_bytes x, y;
    TEST_SNAPSHOT(duration, a, x);
    TEST_SNAPSHOT(duration, b, y);
    assert_int_equal(x.n, y.n);
    uint64_t na, nb;
    assert_int_equal(cxkpi_duration_count(a, &na), CXKPI_OK);
    assert_int_equal(cxkpi_duration_count(b, &nb), CXKPI_OK);
    assert_true(na == nb);
    double mina, minb, maxa, maxb;
    assert_int_equal(cxkpi_duration_min(a, &mina), CXKPI_OK);
    assert_int_equal(cxkpi_duration_min(b, &minb), CXKPI_OK);
    assert_int_equal(cxkpi_duration_max(a, &maxa), CXKPI_OK);
    assert_int_equal(cxkpi_duration_max(b, &maxb), CXKPI_OK);
    assert_true(mina == minb && maxa == maxb);
    for (int j = 0; j <= 100; j++) {
        double qa, qb;
        assert_int_equal(cxkpi_duration_quantile(a, j / 100.0, &qa), CXKPI_OK);
        assert_int_equal(cxkpi_duration_quantile(b, j / 100.0, &qb), CXKPI_OK);
        assert_true(qa == qb);
    }
    double ma, mb, sa, sb;
    assert_int_equal(cxkpi_duration_mean(a, &ma), CXKPI_OK);
    assert_int_equal(cxkpi_duration_mean(b, &mb), CXKPI_OK);
    assert_int_equal(cxkpi_duration_stddev(a, &sa), CXKPI_OK);
    assert_int_equal(cxkpi_duration_stddev(b, &sb), CXKPI_OK);
    assert_close(ma, mb, 1e-12);
    assert_true(fabs(sa - sb) <= 1e-9 * (ma + 1));
    test_free(x.p);
    test_free(y.p);
}

/* 37 tickets of 300 s, 5 of 0 s and 1 of 86400 s, weighted and one by one; then merged
 * with another part, and through bytes. Mean (37 * 300 + 86400) / 43 = 2267.44186...,
 * median rank floor(0.5 * 42) = 21: 300 s. */
static void weighted_add_equals_repeated_adds(void **state)
{
    (void)state;
    cxkpi_duration *w = NULL, *r = NULL;
    assert_int_equal(cxkpi_duration_new(&w, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_new(&r, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(w, 300, 37), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(w, 0, 5), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(w, 86400, 1), CXKPI_OK);
    for (int i = 0; i < 37; i++)
        assert_int_equal(cxkpi_duration_add(r, 300), CXKPI_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(cxkpi_duration_add(r, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(r, 86400), CXKPI_OK);
    assert_same_counts(w, r);
    double mean, med;
    assert_int_equal(cxkpi_duration_mean(w, &mean), CXKPI_OK);
    assert_close(mean, (37 * 300.0 + 86400) / 43, 1e-14);
    assert_int_equal(cxkpi_duration_quantile(w, 0.5, &med), CXKPI_OK);
    assert_true(fabs(med - 300) <= 3);
    uint64_t zeros;
    assert_int_equal(cxkpi_duration_zero_count(w, &zeros), CXKPI_OK);
    assert_true(zeros == 5);

    /* merge with a part of random values, either way round, and a round trip */
    uint64_t seed = 7;
    cxkpi_duration *part = NULL;
    assert_int_equal(cxkpi_duration_new(&part, 0.01, 0), CXKPI_OK);
    for (int i = 0; i < 500; i++)
        assert_int_equal(cxkpi_duration_add_weighted(part, 1 + 1e5 * unif(&seed), 1 + test_rand(&seed) % 9),
                         CXKPI_OK);
    assert_int_equal(cxkpi_duration_merge(w, part), CXKPI_OK);
    assert_int_equal(cxkpi_duration_merge(r, part), CXKPI_OK);
    assert_same_counts(w, r);
    test_bytes b;
    TEST_SNAPSHOT(duration, w, b);
    cxkpi_duration *back = NULL;
    assert_int_equal(cxkpi_duration_deserialize(&back, b.p, b.n), CXKPI_OK);
    test_bytes b2;
    TEST_SNAPSHOT(duration, back, b2);
    assert_int_equal(b.n, b2.n);
    assert_memory_equal(b.p, b2.p, b.n);
    test_free(b.p);
    test_free(b2.p);
    cxkpi_duration_free(back);
    cxkpi_duration_free(part);
    cxkpi_duration_free(w);
    cxkpi_duration_free(r);
}

/* Weight 1 is cxkpi_duration_add() to the bit; weight 0 changes nothing; bad input changes
 * nothing; a weight past 2^32 widens the counters; the count cannot overflow. */
static void weighted_add_edges(void **state)
{
    (void)state;
    cxkpi_duration *a = NULL, *b = NULL;
    assert_int_equal(cxkpi_duration_new(&a, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_new(&b, 0.01, 0), CXKPI_OK);
    const double v[] = {12.5, 0.25, 7200, 12.5};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(cxkpi_duration_add(a, v[i]), CXKPI_OK);
        assert_int_equal(cxkpi_duration_add_weighted(b, v[i], 1), CXKPI_OK);
    }
    test_bytes x, y;
    TEST_SNAPSHOT(duration, a, x);
    TEST_SNAPSHOT(duration, b, y);
    assert_int_equal(x.n, y.n);
    assert_memory_equal(x.p, y.p, x.n);
    test_free(y.p);
    assert_int_equal(cxkpi_duration_add_weighted(a, 99, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(a, -1, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_duration_add_weighted(a, NAN, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_duration_add_weighted(a, INFINITY, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_duration_add_weighted(a, 2e18, 3), CXKPI_ERANGE);
    assert_int_equal(cxkpi_duration_add_weighted(a, 1, UINT64_MAX - 3), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_duration_add_weighted(NULL, 1, 3), CXKPI_EINVAL);
    TEST_ASSERT_UNCHANGED(duration, a, x);
    /* 2^32 + 5 copies of 60 s and one of 1 s: the counters go 64-bit; p0 is 1 s, every
     * other rank 60 s */
    assert_int_equal(cxkpi_duration_reset(a), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(a, 1), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(a, 60, (1ull << 32) + 5), CXKPI_OK);
    uint64_t n;
    assert_int_equal(cxkpi_duration_count(a, &n), CXKPI_OK);
    assert_true(n == (1ull << 32) + 6);
    double q, pct;
    assert_int_equal(cxkpi_duration_quantile(a, 1e-12, &q), CXKPI_OK); /* rank 0 */
    assert_true(q == 1.0);
    assert_int_equal(cxkpi_duration_quantile(a, 1e-9, &q), CXKPI_OK); /* rank 4 */
    assert_true(fabs(q - 60) <= 0.6);
    assert_int_equal(cxkpi_duration_percent_at_most(a, 30, &pct), CXKPI_OK);
    assert_close(pct, 100.0 / (double)n, 1e-12);
    test_bytes z;
    TEST_SNAPSHOT(duration, a, z);
    cxkpi_duration *back = NULL;
    assert_int_equal(cxkpi_duration_deserialize(&back, z.p, z.n), CXKPI_OK);
    cxkpi_duration_free(back);
    test_free(z.p);
    /* all but one count of 2^64 - 1 */
    assert_int_equal(cxkpi_duration_add_weighted(a, 5, UINT64_MAX - n), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add_weighted(a, 5, 1), CXKPI_EOVERFLOW);
    cxkpi_duration_free(a);
    cxkpi_duration_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),
        cmocka_unit_test(bound_on_random_data),
        cmocka_unit_test(weighted_add_equals_repeated_adds),
        cmocka_unit_test(weighted_add_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
