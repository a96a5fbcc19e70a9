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
    assert_int_equal(cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi), CXKPI_OK);
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

static uint8_t *put_f64(uint8_t *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return test_put_u64(p, bits);
}

/* Found by fuzz_deserialize_sla: a frame whose finished breaches (12 of them, 29029 s late
 * in total) had a maximum lateness of 1e-320 s was accepted, giving a mean lateness far
 * above the maximum. Deserializing now checks total <= count * max. */
static void sla_deserialize_refuses_total_above_count_times_max(void **state)
{
    (void)state;
    uint8_t payload[88], *p = payload, frame[sizeof payload + 20];
    p = put_f64(p, 3600.0);          /* target */
    p = test_put_u64(p, 11);         /* met */
    p = test_put_u64(p, 9);          /* in progress */
    p = test_put_u64(p, 12);         /* finished breaches */
    p = put_f64(p, 29029.0);         /*   lateness sum */
    p = put_f64(p, 0.0);             /*   compensation */
    p = put_f64(p, 1e-320);          /*   maximum: 12 x 1e-320 < 29029 */
    p = test_put_u64(p, 0);          /* open breaches: none */
    p = put_f64(p, 0.0);
    p = put_f64(p, 0.0);
    p = put_f64(p, 0.0);
    size_t n = test_frame(frame, 5, 1, payload, sizeof payload);
    cxkpi_sla *acc = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&acc, frame, n), CXKPI_EFORMAT);
    assert_null(acc);
    /* the same with a maximum of 2419.09 s (>= the mean 29029 / 12) is a valid state */
    put_f64(payload + 48, 2419.09);
    n = test_frame(frame, 5, 1, payload, sizeof payload);
    assert_int_equal(cxkpi_sla_deserialize(&acc, frame, n), CXKPI_OK);
    cxkpi_sla_free(acc);
}

/* Found by fuzz_deserialize_sla: the same rounding as CSAT (above) gave an SLA compliance
 * of 100.00000000000001 with N_PAST_100 tickets all met; churn shares the formula (all
 * customers lost: rate 100, net growth -100 exactly). */
static void sla_and_churn_percents_stay_in_range(void **state)
{
    (void)state;
    uint8_t payload[88], *p = payload, frame[sizeof payload + 20];
    p = put_f64(p, 3600.0);
    p = test_put_u64(p, N_PAST_100); /* met */
    memset(p, 0, (size_t)(payload + sizeof payload - p));
    size_t n = test_frame(frame, 5, 1, payload, sizeof payload);
    cxkpi_sla *sla = NULL;
    assert_int_equal(cxkpi_sla_deserialize(&sla, frame, n), CXKPI_OK);
    double pct;
    assert_int_equal(cxkpi_sla_compliance_percent(sla, &pct), CXKPI_OK);
    assert_true(pct == 100.0); /* N of N met */
    cxkpi_sla_free(sla);

    cxkpi_churn *churn = NULL;
    assert_int_equal(cxkpi_churn_new(&churn), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_start(churn, N_PAST_100), CXKPI_OK);
    assert_int_equal(cxkpi_churn_add_lost(churn, N_PAST_100), CXKPI_OK);
    double rate, growth;
    assert_int_equal(cxkpi_churn_percent(churn, &rate), CXKPI_OK);
    assert_true(rate == 100.0); /* everyone lost */
    assert_int_equal(cxkpi_churn_net_growth(churn, &growth), CXKPI_OK);
    assert_true(growth == -100.0); /* (0 - N) / N */
    cxkpi_churn_free(churn);
}

/* Found by fuzz_deserialize_fcr: the same rounding gave an escalation rate of
 * 100.00000000000001 with N_PAST_100 issues, all escalated (flags 2 only). */
static void fcr_rates_stay_in_range(void **state)
{
    (void)state;
    uint8_t payload[9 * 8], *p = payload, frame[sizeof payload + 20];
    /* combinations 0, 1, 2, 4, 6, 8, 10, 12, 14: everything in "escalated" (2) */
    for (int i = 0; i < 9; i++)
        p = test_put_u64(p, i == 2 ? N_PAST_100 : 0);
    size_t n = test_frame(frame, 3, 1, payload, sizeof payload);
    cxkpi_fcr *acc = NULL;
    assert_int_equal(cxkpi_fcr_deserialize(&acc, frame, n), CXKPI_OK);
    double rate;
    assert_int_equal(cxkpi_fcr_escalation_percent(acc, &rate), CXKPI_OK);
    assert_true(rate == 100.0); /* N of N escalated */
    cxkpi_fcr_free(acc);
}

/* Found while checking the duration invariants of the fuzzers: three durations of 0.1 s have a mean
 * of (0.1 + 0.1 + 0.1) / 3 = 0.30000000000000004 / 3 = 0.10000000000000002 in doubles,
 * above their maximum 0.1; the mean is now kept within [min, max]. */
static void duration_mean_stays_within_min_and_max(void **state)
{
    (void)state;
    cxkpi_duration *d = NULL;
    assert_int_equal(cxkpi_duration_new(&d, 0.01, 0), CXKPI_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(cxkpi_duration_add(d, 0.1), CXKPI_OK);
    double mean;
    assert_int_equal(cxkpi_duration_mean(d, &mean), CXKPI_OK);
    assert_true(mean == 0.1); /* every value is 0.1 */
    cxkpi_duration_free(d);
}

/* Found by fuzz_api (clang UBSan, pointer-overflow): merging a duration accumulator into
 * itself while its bucket window was empty did pointer arithmetic on a NULL buffer. Only
 * zeros (no bucket), and nothing at all, are the two empty-window states; each self-merge
 * doubles the counts: 2 zeros -> 4, then 0 -> 0. */
static void duration_self_merge_with_an_empty_window(void **state)
{
    (void)state;
    cxkpi_duration *d = NULL;
    uint64_t n = 0;
    assert_int_equal(cxkpi_duration_new(&d, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_merge(d, d), CXKPI_OK);
    assert_int_equal(cxkpi_duration_count(d, &n), CXKPI_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cxkpi_duration_add(d, 0.0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(d, 0.0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_merge(d, d), CXKPI_OK);
    assert_int_equal(cxkpi_duration_count(d, &n), CXKPI_OK);
    assert_int_equal(n, 4);
    double q = 1.0;
    assert_int_equal(cxkpi_duration_quantile(d, 0.5, &q), CXKPI_OK);
    assert_true(q == 0.0);
    cxkpi_duration_free(d);
}

/* Found by fuzz_deserialize_duration: one zero-second duration (min = max = 0) with a sum
 * of 1e-319 was accepted, so the mean was above the maximum; then the same with a Welford
 * m2 above 0, so the standard deviation was above max - min. A sum outside [n min, n max],
 * a running mean outside [min, max], m2 above n ((max - min) / 2)^2, or one value with
 * min != max (its quantile 1 was the minimum, not the maximum) is now CXKPI_EFORMAT. */
static void duration_deserialize_refuses_sum_outside_range(void **state)
{
    (void)state;
    cxkpi_duration *d = NULL;
    assert_int_equal(cxkpi_duration_new(&d, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(d, 0.0), CXKPI_OK);
    uint8_t buf[256], frame[256];
    size_t n;
    assert_int_equal(cxkpi_duration_serialize(d, buf, sizeof buf, &n), CXKPI_OK);
    cxkpi_duration_free(d);
    /* payload: count (u64), then sum (f64) at payload offset 8: forge sum = 1e-319 */
    uint8_t *payload = buf + 16;
    size_t payload_size = n - 20;
    put_f64(payload + 8, 1e-319);
    n = test_frame(frame, 6, 1, payload, payload_size);
    cxkpi_duration *back = NULL;
    assert_int_equal(cxkpi_duration_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    /* the same with the sum back at 0 but m2 = 4.5e-322 (one value: m2 must be 0) */
    put_f64(payload + 8, 0.0);
    put_f64(payload + 32, 4.5e-322);
    n = test_frame(frame, 6, 1, payload, payload_size);
    assert_int_equal(cxkpi_duration_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    /* and with a maximum above the minimum: one value must be both (offsets 40, 48) */
    put_f64(payload + 32, 0.0);
    put_f64(payload + 48, 1e-9);
    n = test_frame(frame, 6, 1, payload, payload_size);
    assert_int_equal(cxkpi_duration_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    put_f64(payload + 48, 0.0);
    /* and with m2 and max back at 0 it is the valid state it was */
    put_f64(payload + 32, 0.0);
    n = test_frame(frame, 6, 1, payload, payload_size);
    assert_int_equal(cxkpi_duration_deserialize(&back, frame, n), CXKPI_OK);
    cxkpi_duration_free(back);
}

/* Found by fuzz_deserialize_aht: a frame whose per-contact totals added up to more than
 * talk + hold + after-call work was accepted (AHT 2178.40003 s against components summing
 * to 2178.4 s). The totals must now match the components' sum. */
static void aht_deserialize_refuses_totals_that_do_not_add_up(void **state)
{
    (void)state;
    cxkpi_aht *acc = NULL;
    assert_int_equal(cxkpi_aht_new(&acc, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 300.0, 60.0, 40.0), CXKPI_OK);
    assert_int_equal(cxkpi_aht_add(acc, 100.0, 0.0, 0.0), CXKPI_OK);
    uint8_t buf[4096], frame[4096];
    size_t n, offset = 0;
    assert_int_equal(cxkpi_aht_serialize(acc, buf, sizeof buf, &n), CXKPI_OK);
    /* the payload is the four duration payloads, talk, hold, acw, total */
    for (int p = 0; p < 3; p++) {
        const cxkpi_duration *d = NULL;
        size_t size;
        assert_int_equal(cxkpi_aht_component(acc, (cxkpi_aht_part)p, &d), CXKPI_OK);
        assert_int_equal(cxkpi_duration_serialized_size(d, &size), CXKPI_OK);
        offset += size - 20;
    }
    cxkpi_aht_free(acc);
    uint8_t *payload = buf + 16;
    /* the total's sum: 400 + 100 = 500; 500.5 is still a possible sum of two totals in
     * [100, 400], so only the comparison with the components refuses it */
    put_f64(payload + offset + 8, 500.5);
    n = test_frame(frame, 8, 1, payload, n - 20);
    cxkpi_aht *back = NULL;
    assert_int_equal(cxkpi_aht_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    put_f64(payload + offset + 8, 500.0);
    n = test_frame(frame, 8, 1, payload, n - 20);
    assert_int_equal(cxkpi_aht_deserialize(&back, frame, n), CXKPI_OK);
    cxkpi_aht_free(back);
}

/* Found by fuzz_deserialize_fcr_tracker: a tracker frame whose results counted escalated
 * issues (which a tracker never reports) was accepted. */
static void fcr_tracker_deserialize_refuses_flags_it_never_sets(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_new(&t, 600, 60), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 1, 1000), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK); /* one issue, resolved */
    uint8_t buf[256], frame[256];
    size_t n;
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, &n), CXKPI_OK);
    cxkpi_fcr_tracker_free(t);
    /* payload: window, lateness (i64), started (u8), watermark (i64), then the nine FCR
     * counts: slot 2 (flags ESCALATED) is at payload offset 25 + 16 */
    uint8_t *payload = buf + 16;
    test_put_u64(payload + 25 + 16, 1);
    n = test_frame(frame, 4, 1, payload, n - 20);
    cxkpi_fcr_tracker *back = NULL;
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    test_put_u64(payload + 25 + 16, 0);
    n = test_frame(frame, 4, 1, payload, n - 20);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&back, frame, n), CXKPI_OK);
    cxkpi_fcr_tracker_free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csat_percent_never_exceeds_100),
        cmocka_unit_test(nps_percents_never_leave_their_range),
        cmocka_unit_test(mean_stays_on_the_scale),
        cmocka_unit_test(sla_retraction_cannot_leave_mean_above_max),
        cmocka_unit_test(sla_retraction_keeps_a_state_that_deserializes),
        cmocka_unit_test(sla_deserialize_refuses_total_above_count_times_max),
        cmocka_unit_test(sla_and_churn_percents_stay_in_range),
        cmocka_unit_test(fcr_rates_stay_in_range),
        cmocka_unit_test(duration_mean_stays_within_min_and_max),
        cmocka_unit_test(duration_self_merge_with_an_empty_window),
        cmocka_unit_test(duration_deserialize_refuses_sum_outside_range),
        cmocka_unit_test(aht_deserialize_refuses_totals_that_do_not_add_up),
        cmocka_unit_test(fcr_tracker_deserialize_refuses_flags_it_never_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
