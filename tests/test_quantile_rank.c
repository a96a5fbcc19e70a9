/* The quantile rank rule against numpy: for every n in 1..2000 and every q = j / 1000
 * (j = 0..1000, which includes 0.5, 0.9, 0.95, 0.99 and 0.999), the rank the library uses is
 * the one numpy.quantile(x, q, method="lower") picks. The expected rank is the exact integer
 * floor(j (n - 1) / 1000), except for the pairs listed in quantile_ranks.h, which
 * tests/gen_quantile_ranks.py read off numpy itself (there the double product q * (n - 1)
 * falls just below an integer and numpy's rank is one less). The sum of every expected rank
 * is checked against the sum numpy's ranks gave, so a damaged table cannot pass.
 *
 * Then the public path: cxkpi_duration_quantile() on n values spaced 1% apart (one per
 * bucket at alpha 0.001), from which the rank of the answer is read back, for every n with
 * the usual q's and for every (q, n) pair of the table. */
#include <math.h>
#include <stdlib.h>

#include "cxkpi.h"
#include "helpers.h"
#include "store/quantile_rank.h"
#include "quantile_ranks.h"

/* the expected rank of (j, n), advancing *next through the table (sorted by n, then j) */
static uint64_t expected_rank(int j, int n, int *next)
{
    if (*next < QR_EXCEPTIONS && qr_exceptions[*next].n == n && qr_exceptions[*next].j == j)
        return (uint64_t)qr_exceptions[(*next)++].rank;
    return (uint64_t)j * (uint64_t)(n - 1) / QR_Q_STEPS;
}

static void rank_matches_numpy_on_the_grid(void **state)
{
    (void)state;
    int next = 0;
    unsigned long long sum = 0;
    for (int n = 1; n <= QR_N_MAX; n++) {
        for (int j = 0; j <= QR_Q_STEPS; j++) {
            const double q = (double)j / QR_Q_STEPS; /* correctly rounded, as j / 1000 in Python */
            uint64_t want = expected_rank(j, n, &next);
            uint64_t got = cxkpi__quantile_rank(q, (uint64_t)n);
            if (got != want) {
                print_error("n = %d, q = %d/1000: rank %llu, numpy %llu\n", n, j,
                            (unsigned long long)got, (unsigned long long)want);
                fail();
            }
            sum += want;
        }
    }
    assert_int_equal(next, QR_EXCEPTIONS); /* every listed pair was reached, in order */
    assert_true(sum == QR_RANK_SUM);
}

/* The cases named in the documentation. */
static void documented_examples(void **state)
{
    (void)state;
    assert_int_equal(cxkpi__quantile_rank(0.95, 201), 190); /* 0.95 * 200 -> 190.0 */
    assert_int_equal(cxkpi__quantile_rank(0.29, 101), 28);  /* 28.999999999999996 */
    assert_int_equal(cxkpi__quantile_rank(0.5, 4), 1);      /* median of 1, 2, 3, 4 is 2 */
    assert_int_equal(cxkpi__quantile_rank(0.0, 1), 0);
    assert_int_equal(cxkpi__quantile_rank(1.0, 1), 0);
    assert_int_equal(cxkpi__quantile_rank(1.0, 2), 1);
    assert_int_equal(cxkpi__quantile_rank(nextafter(1.0, 0.0), 2), 0);
    /* beyond 2^53 values, n - 1 rounds up to a double above it: clamped to n - 1 */
    assert_true(cxkpi__quantile_rank(1.0, UINT64_MAX) == UINT64_MAX - 1);
}

/* the expected rank of (j, n), looking the pair up in the whole table */
static uint64_t table_rank(int j, int n)
{
    for (int e = 0; e < QR_EXCEPTIONS; e++)
        if (qr_exceptions[e].n == n && qr_exceptions[e].j == j)
            return (uint64_t)qr_exceptions[e].rank;
    return (uint64_t)j * (uint64_t)(n - 1) / QR_Q_STEPS;
}

#define SPACING 1.01
#define FIRST 1e-3

/* the rank k of the value FIRST * SPACING^k that an answer within 0.1% stands for */
static long rank_of(double v)
{
    return lround(log(v / FIRST) / log(SPACING));
}

static void public_quantile_uses_the_rule(void **state)
{
    (void)state;
    static const int usual[] = {500, 900, 950, 990, 999};
    cxkpi_duration *acc = NULL;
    assert_int_equal(cxkpi_duration_new(&acc, 0.001, 16384), CXKPI_OK);
    int next = 0;
    for (int n = 1; n <= QR_N_MAX; n++) {
        assert_int_equal(cxkpi_duration_add(acc, FIRST * pow(SPACING, n - 1)), CXKPI_OK);
        for (size_t u = 0; u < sizeof usual / sizeof usual[0]; u++) {
            double v;
            uint64_t want = table_rank(usual[u], n);
            assert_int_equal(cxkpi_duration_quantile(acc, (double)usual[u] / QR_Q_STEPS, &v),
                             CXKPI_OK);
            assert_int_equal(rank_of(v), (long)want);
        }
        for (; next < QR_EXCEPTIONS && qr_exceptions[next].n == n; next++) {
            double v;
            assert_int_equal(cxkpi_duration_quantile(
                                 acc, (double)qr_exceptions[next].j / QR_Q_STEPS, &v),
                             CXKPI_OK);
            assert_int_equal(rank_of(v), qr_exceptions[next].rank);
        }
    }
    assert_int_equal(next, QR_EXCEPTIONS);
    cxkpi_duration_free(acc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rank_matches_numpy_on_the_grid),
        cmocka_unit_test(documented_examples),
        cmocka_unit_test(public_quantile_uses_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
