/* Regression tests for defects found by the hardening work (fuzzing, properties,
 * allocation-failure injection, threads). Each test names how the defect was found. */
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

/* 7422337218502517690 is a count for which 100.0 * n / n, evaluated as doubles,
 * is 100.00000000000001: (double)n = 7422337218502517760, 100 * that rounds up, and the
 * quotient lands one ulp above 100. */
#define N_PAST_100 UINT64_C(7422337218502517690)

/* A CSAT accumulator on the 1-5 scale (satisfied from 4) restored from forged counts. */
static cxkpi_csat *forge_csat_1_5(const uint64_t counts[5])
{
    uint8_t payload[12 + 5 * 8], *p = payload, frame[sizeof payload + 20];
    p = test_put_i32(p, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    for (int i = 0; i < 5; i++)
        p = test_put_u64(p, counts[i]);
    size_t n = test_frame(frame, 1, 1, payload, sizeof payload);
    cxkpi_csat *acc = NULL;
    assert_int_equal(cxkpi_csat_deserialize(&acc, frame, n), CXKPI_OK);
    return acc;
}

/* Found by fuzz_deserialize_csat: a state with ~7.4e18 responses, all but three
 * satisfied, reported a CSAT percentage of 100.00000000000001, outside [0, 100]. */
static void csat_percent_never_exceeds_100(void **state)
{
    (void)state;
    static const uint64_t counts[5] = {0, 0, 0, 0, N_PAST_100}; /* all satisfied */
    cxkpi_csat *acc = forge_csat_1_5(counts);
    double pct, lo, hi;
    assert_int_equal(cxkpi_csat_percent(acc, &pct), CXKPI_OK);
    assert_true(pct == 100.0); /* N of N satisfied */
    assert_int_equal(cxkpi_csat_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
    assert_true(lo <= 100.0 && hi == 100.0);
    cxkpi_csat_free(acc);
}

/* Same rounding in NPS: every response a promoter gives score 100 and 100 % promoters,
 * not 100.00000000000001; every response a detractor gives exactly -100. */
static void nps_percents_never_leave_their_range(void **state)
{
    (void)state;
    for (int32_t score = 0; score <= 10; score += 10) {
        uint8_t payload[11 * 8], *p = payload, frame[sizeof payload + 20];
        for (int32_t s = 0; s <= 10; s++)
            p = test_put_u64(p, s == score ? N_PAST_100 : 0);
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

/* Found by fuzz_deserialize_csat: 15078125332963237 responses, all 5 on a 1-5 scale, gave
 * a mean of 5.0000000000000009 (sum and count rounded to double separately), above the
 * scale. */
static void mean_stays_on_the_scale(void **state)
{
    (void)state;
    static const uint64_t counts[5] = {0, 0, 0, 0, UINT64_C(15078125332963237)};
    cxkpi_csat *acc = forge_csat_1_5(counts);
    double mean;
    assert_int_equal(cxkpi_csat_mean(acc, &mean), CXKPI_OK);
    assert_true(mean == 5.0); /* every score is 5 */
    cxkpi_csat_free(acc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csat_percent_never_exceeds_100),
        cmocka_unit_test(nps_percents_never_leave_their_range),
        cmocka_unit_test(mean_stays_on_the_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
