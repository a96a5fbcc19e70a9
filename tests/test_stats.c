/* Reference values computed independently with mpmath at 40 digits:
 * z(c) = sqrt(2) * erfinv(c) at the double nearest each c, and the Wilson bounds from the p-hat formula. */
#include <math.h>

#include "cxkpi.h"
#include "helpers.h"

static void z_matches_high_precision_values(void **state)
{
    (void)state;
    static const struct { double c, z; } cases[] = {
        {0.1, 0.12566134685507404122},
        {0.5, 0.6744897501960817432},
        {0.8, 1.2815515655446005935},
        {0.9, 1.6448536269514728225},
        {0.95, 1.9599639845400538556},
        {0.99, 2.5758293035489004539},
        {0.999, 3.2905267314918945433},
        {0.999999, 4.8916384756929317718},
        {0.999999999, 6.1094102093834491114},
        {1.0 - 1e-12, 7.1305098928792724473},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double z = 0;
        assert_int_equal(cxkpi_normal_z(cases[i].c, &z), CXKPI_OK);
        assert_close(z, cases[i].z, 1e-9); /* the contract; AS 241 does ~1e-15 */
        assert_close(z, cases[i].z, 1e-13);
    }
}

static void z_rejects_bad_confidence(void **state)
{
    (void)state;
    double z = 42.0;
    assert_int_equal(cxkpi_normal_z(0.0, &z), CXKPI_ERANGE);
    assert_int_equal(cxkpi_normal_z(1.0, &z), CXKPI_ERANGE);
    assert_int_equal(cxkpi_normal_z(-0.5, &z), CXKPI_ERANGE);
    assert_int_equal(cxkpi_normal_z(1.5, &z), CXKPI_ERANGE);
    assert_int_equal(cxkpi_normal_z(NAN, &z), CXKPI_ERANGE);
    assert_int_equal(cxkpi_normal_z(INFINITY, &z), CXKPI_ERANGE);
    assert_true(z == 42.0);
    assert_int_equal(cxkpi_normal_z(0.95, NULL), CXKPI_EINVAL);
}

static void z_is_monotonic_over_a_fine_grid(void **state)
{
    (void)state;
    double prev = 0.0;
    for (int i = 1; i < 100000; i++) {
        double z;
        assert_int_equal(cxkpi_normal_z(i / 100000.0, &z), CXKPI_OK);
        assert_true(z > prev);
        prev = z;
    }
}

static void wilson_matches_reference(void **state)
{
    (void)state;
    static const struct { uint64_t x, n; double c, lo, hi; } cases[] = {
        /* the CSAT example of csat.h: 30 satisfied of 50 */
        {30, 50, 0.95, 46.181437747589368, 72.391610269743458},
        {0, 10, 0.95, 0.0, 27.753279986288917},
        {10, 10, 0.95, 72.246720013711083, 100.0},
        {1, 1, 0.95, 20.654931437723745, 100.0},
        {0, 1, 0.95, 0.0, 79.345068562276255},
        {1, 2, 0.99, 6.1713076778101799, 93.82869232218982},
        {7, 20, 0.9, 20.226004005676098, 53.348731115152838},
        {45, 100, 0.95, 35.614537979511985, 54.755397002557872},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lo, hi;
        assert_int_equal(cxkpi_wilson_interval(cases[i].x, cases[i].n, cases[i].c, &lo, &hi),
                         CXKPI_OK);
        assert_close(lo, cases[i].lo, 1e-12);
        assert_close(hi, cases[i].hi, 1e-12);
    }
}

static void wilson_bounds_are_exact_at_the_extremes(void **state)
{
    (void)state;
    double lo, hi;
    for (uint64_t n = 1; n < 2000; n += 37) {
        assert_int_equal(cxkpi_wilson_interval(0, n, 0.95, &lo, &hi), CXKPI_OK);
        assert_true(lo == 0.0);
        assert_true(hi > 0.0 && hi < 100.0);
        assert_int_equal(cxkpi_wilson_interval(n, n, 0.95, &lo, &hi), CXKPI_OK);
        assert_true(hi == 100.0);
        assert_true(lo > 0.0 && lo < 100.0);
    }
    /* huge counts: no overflow, narrow interval around the proportion */
    assert_int_equal(cxkpi_wilson_interval(UINT64_MAX / 2, UINT64_MAX, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo <= 50.0 && hi >= 50.0 && hi - lo < 1e-6);
}

static void wilson_rejects_bad_input(void **state)
{
    (void)state;
    double lo = 1.0, hi = 2.0;
    assert_int_equal(cxkpi_wilson_interval(1, 0, 0.95, &lo, &hi), CXKPI_EINVAL);
    assert_int_equal(cxkpi_wilson_interval(0, 0, 0.95, &lo, &hi), CXKPI_EEMPTY);
    assert_int_equal(cxkpi_wilson_interval(3, 2, 0.95, &lo, &hi), CXKPI_EINVAL);
    assert_int_equal(cxkpi_wilson_interval(1, 2, 1.0, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_wilson_interval(1, 2, 0.0, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_wilson_interval(1, 2, NAN, &lo, &hi), CXKPI_ERANGE);
    assert_int_equal(cxkpi_wilson_interval(1, 2, 0.95, NULL, &hi), CXKPI_EINVAL);
    assert_int_equal(cxkpi_wilson_interval(1, 2, 0.95, &lo, NULL), CXKPI_EINVAL);
    assert_true(lo == 1.0 && hi == 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(z_matches_high_precision_values),
        cmocka_unit_test(z_rejects_bad_confidence),
        cmocka_unit_test(z_is_monotonic_over_a_fine_grid),
        cmocka_unit_test(wilson_matches_reference),
        cmocka_unit_test(wilson_bounds_are_exact_at_the_extremes),
        cmocka_unit_test(wilson_rejects_bad_input),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
