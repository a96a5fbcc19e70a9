/* Grouped batches: a table's column counted into one accumulator per group in one pass
 * (CSAT, NPS, FCR outcomes, durations). Expected figures are worked out by hand in the
 * comments, or counted independently in the test for the random tables. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "cxkpi.h"
#include "helpers.h"

static uint64_t csat_n(const cxkpi_csat *acc)
{
    uint64_t n;
    assert_int_equal(cxkpi_csat_count(acc, &n), CXKPI_OK);
    return n;
}

/* Three groups, two scales: group 0 and 2 on 1-5 (4+ satisfied), group 1 on 0-10 (9+).
 * rows (group, value): (0,5) (1,10) (2,NaN) (0,4) (1,3) (2,1) (0,2) (1,NaN)
 * group 0: 5, 4, 2 -> 2 of 3 satisfied, 66.67 %, mean 11/3
 * group 1: 10, 3 -> 1 of 2, 50 %
 * group 2: 1 -> 0 of 1, 0 %; two gaps in all. */
static void csat_three_groups(void **state)
{
    (void)state;
    cxkpi_csat *accs[3];
    assert_int_equal(cxkpi_csat_new(&accs[0], 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&accs[1], 0, 10, 9), CXKPI_OK);
    assert_int_equal(cxkpi_csat_new(&accs[2], 1, 5, 4), CXKPI_OK);
    const uint32_t group[8] = {0, 1, 2, 0, 1, 2, 0, 1};
    const double scores[8] = {5, 10, NAN, 4, 3, 1, 2, NAN};
    size_t skipped = 99;
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, group, scores, 8, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 2);
    double pct, mean;
    assert_int_equal(csat_n(accs[0]), 3);
    assert_int_equal(cxkpi_csat_percent(accs[0], &pct), CXKPI_OK);
    assert_true(pct == 100.0 * 2.0 / 3.0);
    assert_int_equal(cxkpi_csat_mean(accs[0], &mean), CXKPI_OK);
    assert_true(mean == 11.0 / 3.0);
    assert_int_equal(csat_n(accs[1]), 2);
    assert_int_equal(cxkpi_csat_percent(accs[1], &pct), CXKPI_OK);
    assert_true(pct == 50.0);
    assert_int_equal(csat_n(accs[2]), 1);
    assert_int_equal(cxkpi_csat_percent(accs[2], &pct), CXKPI_OK);
    assert_true(pct == 0.0);

    /* refused, nothing counted anywhere: a group index past the end; 7 is on group 1's
     * scale but not on group 0's; a fraction; an infinity */
    const uint32_t past[2] = {1, 3};
    const double ok2[2] = {5, 5};
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, past, ok2, 2, &skipped), CXKPI_ERANGE);
    const uint32_t g10[2] = {1, 0};
    const double sevens[2] = {7, 7};
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, g10, sevens, 2, &skipped), CXKPI_ERANGE);
    const double frac[2] = {5, 4.5}, inf[2] = {5, INFINITY};
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, g10, frac, 2, &skipped), CXKPI_ERANGE);
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, g10, inf, 2, NULL), CXKPI_ERANGE);
    assert_int_equal(skipped, 2);
    assert_int_equal(csat_n(accs[0]) + csat_n(accs[1]) + csat_n(accs[2]), 6);

    /* empty batch; no group at all */
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, NULL, NULL, 0, &skipped), CXKPI_OK);
    assert_int_equal(skipped, 0);
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 0, NULL, NULL, 0, NULL), CXKPI_OK);
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 0, g10, ok2, 2, NULL), CXKPI_ERANGE);

    /* NULL arguments */
    cxkpi_csat *with_null[2] = {accs[0], NULL};
    assert_int_equal(cxkpi_csat_add_grouped_f64(NULL, 3, g10, ok2, 2, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_grouped_f64(with_null, 2, g10, ok2, 2, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, NULL, ok2, 2, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 3, g10, NULL, 2, NULL), CXKPI_EINVAL);
    assert_int_equal(csat_n(accs[0]) + csat_n(accs[1]) + csat_n(accs[2]), 6);
    for (int g = 0; g < 3; g++)
        cxkpi_csat_free(accs[g]);
}

/* A group already at the counter limit (forged state: 2^64 - 1 responses of score 1)
 * refuses the batch, and the other group gets nothing either. */
static void csat_overflow_in_one_group(void **state)
{
    (void)state;
    uint8_t payload[52], frame[72], *p = payload;
    p = test_put_i32(p, 1);
    p = test_put_i32(p, 5);
    p = test_put_i32(p, 4);
    p = test_put_u64(p, UINT64_MAX);
    for (int k = 1; k < 5; k++)
        p = test_put_u64(p, 0);
    size_t fn = test_frame(frame, 1, 1, payload, sizeof payload);
    cxkpi_csat *accs[2];
    assert_int_equal(cxkpi_csat_new(&accs[0], 1, 5, 4), CXKPI_OK);
    assert_int_equal(cxkpi_csat_deserialize(&accs[1], frame, fn), CXKPI_OK);
    const uint32_t group[3] = {0, 0, 1};
    const double scores[3] = {4, 5, 3};
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 2, group, scores, 3, NULL), CXKPI_EOVERFLOW);
    assert_int_equal(csat_n(accs[0]), 0);
    assert_int_equal(csat_n(accs[1]), UINT64_MAX);
    /* gaps only for the full group: fine */
    const double gaps[3] = {4, 5, NAN};
    assert_int_equal(cxkpi_csat_add_grouped_f64(accs, 2, group, gaps, 3, NULL), CXKPI_OK);
    assert_int_equal(csat_n(accs[0]), 2);
    cxkpi_csat_free(accs[0]);
    cxkpi_csat_free(accs[1]);
}

/* NPS over a random table of 20,000 rows and 37 groups with 10 % gaps: every group's
 * counts equal those counted here row by row. */
static void nps_random_table(void **state)
{
    (void)state;
    enum { N = 20000, G = 37 };
    uint32_t *group = malloc(N * sizeof *group);
    double *scores = malloc(N * sizeof *scores);
    assert_non_null(group);
    assert_non_null(scores);
    uint64_t expect[G][11];
    memset(expect, 0, sizeof expect);
    uint64_t seed = 5;
    size_t gaps = 0;
    for (size_t i = 0; i < N; i++) {
        group[i] = (uint32_t)(test_rand(&seed) % G);
        uint32_t s = (uint32_t)(test_rand(&seed) % 11);
        if (test_rand(&seed) % 10 == 0) {
            scores[i] = NAN;
            gaps++;
        } else {
            scores[i] = (double)s;
            expect[group[i]][s]++;
        }
    }
    cxkpi_nps *accs[G];
    for (int g = 0; g < G; g++)
        assert_int_equal(cxkpi_nps_new(&accs[g]), CXKPI_OK);
    size_t skipped = 0;
    assert_int_equal(cxkpi_nps_add_grouped_f64(accs, G, group, scores, N, &skipped), CXKPI_OK);
    assert_int_equal(skipped, gaps);
    for (int g = 0; g < G; g++) {
        for (int32_t s = 0; s <= 10; s++) {
            uint64_t c;
            assert_int_equal(cxkpi_nps_score_count(accs[g], s, &c), CXKPI_OK);
            assert_int_equal(c, expect[g][s]);
        }
        cxkpi_nps_free(accs[g]);
    }
    /* NPS of a hand-sized table: group 0 gets 10, 9, 0 -> (2 - 1) / 3 = 33.3...; group 1
     * gets 7, 6 -> (0 - 1) / 2 = -50 */
    cxkpi_nps *two[2];
    assert_int_equal(cxkpi_nps_new(&two[0]), CXKPI_OK);
    assert_int_equal(cxkpi_nps_new(&two[1]), CXKPI_OK);
    const uint32_t g5[5] = {0, 1, 0, 1, 0};
    const double s5[5] = {10, 7, 9, 6, 0};
    assert_int_equal(cxkpi_nps_add_grouped_f64(two, 2, g5, s5, 5, NULL), CXKPI_OK);
    double score;
    assert_int_equal(cxkpi_nps_score(two[0], &score), CXKPI_OK);
    assert_true(score == 100.0 / 3.0);
    assert_int_equal(cxkpi_nps_score(two[1], &score), CXKPI_OK);
    assert_true(score == -50.0);
    const double s11[5] = {10, 7, 11, 6, 0};
    assert_int_equal(cxkpi_nps_add_grouped_f64(two, 2, g5, s11, 5, NULL), CXKPI_ERANGE);
    assert_int_equal(cxkpi_nps_add_grouped_f64(NULL, 2, g5, s5, 5, NULL), CXKPI_EINVAL);
    uint64_t n;
    assert_int_equal(cxkpi_nps_count(two[0], &n), CXKPI_OK);
    assert_int_equal(n, 3);
    cxkpi_nps_free(two[0]);
    cxkpi_nps_free(two[1]);
    free(group);
    free(scores);
}

/* FCR: group 0 gets resolved, resolved, escalated -> 2 of 3 = 66.67 %; group 1 gets
 * escalated|reopened, excluded -> 0 of 2, net 0 of 1. A contradictory outcome (resolved and
 * escalated) or a bit outside the flags refuses the batch. */
static void fcr_two_groups(void **state)
{
    (void)state;
    cxkpi_fcr *accs[2];
    assert_int_equal(cxkpi_fcr_new(&accs[0]), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_new(&accs[1]), CXKPI_OK);
    const uint32_t group[5] = {0, 1, 0, 0, 1};
    const uint32_t flags[5] = {CXKPI_FCR_RESOLVED_FIRST_CONTACT,
                               CXKPI_FCR_ESCALATED | CXKPI_FCR_REOPENED,
                               CXKPI_FCR_RESOLVED_FIRST_CONTACT, CXKPI_FCR_ESCALATED,
                               CXKPI_FCR_EXCLUDED};
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 2, group, flags, 5), CXKPI_OK);
    uint64_t issues, resolved, escalated, reopened, excluded;
    assert_int_equal(cxkpi_fcr_counts(accs[0], &issues, &resolved, &escalated, &reopened,
                                      &excluded), CXKPI_OK);
    assert_int_equal(issues, 3);
    assert_int_equal(resolved, 2);
    assert_int_equal(escalated, 1);
    double pct;
    assert_int_equal(cxkpi_fcr_percent(accs[0], &pct), CXKPI_OK);
    assert_true(pct == 200.0 / 3.0);
    assert_int_equal(cxkpi_fcr_counts(accs[1], &issues, &resolved, &escalated, &reopened,
                                      &excluded), CXKPI_OK);
    assert_int_equal(issues, 2);
    assert_int_equal(resolved, 0);
    assert_int_equal(reopened, 1);
    assert_int_equal(excluded, 1);
    assert_int_equal(cxkpi_fcr_net_percent(accs[1], &pct), CXKPI_OK);
    assert_true(pct == 0.0);
    const uint32_t bad1[2] = {CXKPI_FCR_RESOLVED_FIRST_CONTACT, 3u};
    const uint32_t bad2[2] = {0u, 16u};
    const uint32_t g2[2] = {0, 1};
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 2, g2, bad1, 2), CXKPI_ERANGE);
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 2, g2, bad2, 2), CXKPI_ERANGE);
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 1, g2, flags, 2), CXKPI_ERANGE);
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 2, NULL, flags, 2), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_add_grouped(accs, 2, NULL, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_counts(accs[0], &issues, &resolved, &escalated, &reopened,
                                      &excluded), CXKPI_OK);
    assert_int_equal(issues, 3);
    cxkpi_fcr_free(accs[0]);
    cxkpi_fcr_free(accs[1]);
}

/* Durations: group 0 gets 1, 2, 3, 4, 100 s (median: rank floor(0.5 * 4) = 2, the value 3;
 * mean 22; min 1, max 100); group 1 gets 0 and 60 (mean 30). Quantiles are within 1 %. */
static void duration_two_groups(void **state)
{
    (void)state;
    cxkpi_duration *accs[2];
    assert_int_equal(cxkpi_duration_new(&accs[0], 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_new(&accs[1], 0.01, 0), CXKPI_OK);
    const uint32_t group[7] = {0, 1, 0, 0, 1, 0, 0};
    const double secs[7] = {1, 0, 2, 3, 60, 4, 100};
    assert_int_equal(cxkpi_duration_add_grouped(accs, 2, group, secs, 7), CXKPI_OK);
    uint64_t n;
    double v;
    assert_int_equal(cxkpi_duration_count(accs[0], &n), CXKPI_OK);
    assert_int_equal(n, 5);
    assert_int_equal(cxkpi_duration_mean(accs[0], &v), CXKPI_OK);
    assert_true(v == 22.0);
    assert_int_equal(cxkpi_duration_min(accs[0], &v), CXKPI_OK);
    assert_true(v == 1.0);
    assert_int_equal(cxkpi_duration_max(accs[0], &v), CXKPI_OK);
    assert_true(v == 100.0);
    assert_int_equal(cxkpi_duration_quantile(accs[0], 0.5, &v), CXKPI_OK);
    assert_true(fabs(v - 3.0) <= 0.01 * 3.0);
    assert_int_equal(cxkpi_duration_count(accs[1], &n), CXKPI_OK);
    assert_int_equal(n, 2);
    assert_int_equal(cxkpi_duration_mean(accs[1], &v), CXKPI_OK);
    assert_true(v == 30.0);
    /* refused, nothing counted: NaN, negative, infinite durations, a group past the end */
    const uint32_t g2[2] = {0, 1};
    const double bad[3][2] = {{1, NAN}, {1, -1}, {1, INFINITY}};
    for (int k = 0; k < 3; k++)
        assert_int_equal(cxkpi_duration_add_grouped(accs, 2, g2, bad[k], 2), CXKPI_ERANGE);
    const uint32_t past[2] = {0, 2};
    assert_int_equal(cxkpi_duration_add_grouped(accs, 2, past, secs, 2), CXKPI_ERANGE);
    cxkpi_duration *with_null[2] = {accs[0], NULL};
    assert_int_equal(cxkpi_duration_add_grouped(with_null, 2, g2, secs, 2), CXKPI_EINVAL);
    assert_int_equal(cxkpi_duration_add_grouped(NULL, 2, g2, secs, 2), CXKPI_EINVAL);
    assert_int_equal(cxkpi_duration_add_grouped(accs, 2, g2, NULL, 2), CXKPI_EINVAL);
    assert_int_equal(cxkpi_duration_add_grouped(accs, 2, NULL, NULL, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_count(accs[0], &n), CXKPI_OK);
    assert_int_equal(n, 5);
    assert_int_equal(cxkpi_duration_count(accs[1], &n), CXKPI_OK);
    assert_int_equal(n, 2);

    /* the contract: each group ends exactly as one add per value, in order, leaves it */
    cxkpi_duration *one[2];
    for (int g = 0; g < 2; g++)
        assert_int_equal(cxkpi_duration_new(&one[g], 0.01, 0), CXKPI_OK);
    for (int i = 0; i < 7; i++)
        assert_int_equal(cxkpi_duration_add(one[group[i]], secs[i]), CXKPI_OK);
    for (int g = 0; g < 2; g++) {
        test_bytes a;
        TEST_SNAPSHOT(duration, accs[g], a);
        TEST_ASSERT_UNCHANGED(duration, one[g], a);
        cxkpi_duration_free(one[g]);
        cxkpi_duration_free(accs[g]);
    }
}

#ifdef CXKPI_ALLOC_FAIL_INJECTION
/* A test build with allocation-failure injection: every allocation of a grouped batch
 * failing in turn gives CXKPI_ENOMEM and counts nothing in any group (the duration
 * batch may have grown some groups' capacity, never their counts). Each group gets three
 * rows; CSAT's third group has one gap. */
enum { INJ_G = 3, INJ_N = 9 };
static const uint32_t inj_group[INJ_N] = {0, 1, 2, 0, 1, 2, 0, 1, 2};

/* One grouped batch of `kind` (0 CSAT, 1 FCR, 2 durations) with the nth allocation
 * failing; writes each group's count afterwards; true when the batch succeeded. */
static bool inj_run(int kind, uint64_t nth, uint64_t n[INJ_G])
{
    static const double scores[INJ_N] = {1, 2, 3, 4, 5, NAN, 5, 4, 3};
    static const uint32_t flags[INJ_N] = {1, 0, 2, 1, 4, 8, 1, 0, 6};
    static const double secs[INJ_N] = {0.5, 60, 3600, 86400, 1e-3, 2.5, 7.0, 1e6, 30};
    cxkpi_csat *c[INJ_G];
    cxkpi_fcr *f[INJ_G];
    cxkpi_duration *d[INJ_G];
    for (int g = 0; g < INJ_G; g++) {
        assert_int_equal(cxkpi_csat_new(&c[g], 1, 5, 4), CXKPI_OK);
        assert_int_equal(cxkpi_fcr_new(&f[g]), CXKPI_OK);
        assert_int_equal(cxkpi_duration_new(&d[g], 0.01, 0), CXKPI_OK);
    }
    cxkpi__alloc_fail_arm(nth);
    cxkpi_status st =
        kind == 0   ? cxkpi_csat_add_grouped_f64(c, INJ_G, inj_group, scores, INJ_N, NULL)
        : kind == 1 ? cxkpi_fcr_add_grouped(f, INJ_G, inj_group, flags, INJ_N)
                    : cxkpi_duration_add_grouped(d, INJ_G, inj_group, secs, INJ_N);
    cxkpi__alloc_fail_arm(0);
    if (st != CXKPI_OK)
        assert_int_equal(st, CXKPI_ENOMEM);
    for (int g = 0; g < INJ_G; g++) {
        uint64_t other;
        if (kind == 0)
            assert_int_equal(cxkpi_csat_count(c[g], &n[g]), CXKPI_OK);
        else if (kind == 1)
            assert_int_equal(cxkpi_fcr_counts(f[g], &n[g], &other, &other, &other, &other),
                             CXKPI_OK);
        else
            assert_int_equal(cxkpi_duration_count(d[g], &n[g]), CXKPI_OK);
        cxkpi_csat_free(c[g]);
        cxkpi_fcr_free(f[g]);
        cxkpi_duration_free(d[g]);
    }
    return st == CXKPI_OK;
}

static void allocation_failures_count_nothing(void **state)
{
    (void)state;
    for (int kind = 0; kind < 3; kind++) {
        bool completed = false;
        for (uint64_t nth = 1; nth < 64 && !completed; nth++) {
            uint64_t n[INJ_G];
            completed = inj_run(kind, nth, n);
            assert_false(nth == 1 && completed); /* every batch allocates */
            for (int g = 0; g < INJ_G; g++)
                assert_int_equal(n[g], completed ? (kind == 0 && g == 2 ? 2u : 3u) : 0u);
        }
        assert_true(completed);
    }
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csat_three_groups),
        cmocka_unit_test(csat_overflow_in_one_group),
        cmocka_unit_test(nps_random_table),
        cmocka_unit_test(fcr_two_groups),
        cmocka_unit_test(duration_two_groups),
#ifdef CXKPI_ALLOC_FAIL_INJECTION
        cmocka_unit_test(allocation_failures_count_nothing),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
