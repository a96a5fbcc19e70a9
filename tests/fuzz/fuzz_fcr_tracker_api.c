/* libFuzzer harness: a program of operations on one FCR repeat-contact tracker (window
 * 100 s, lateness 10 s, so that episodes open and close within short programs). Each
 * operation is one byte `op` and the bytes it consumes:
 *   0-3 add(key = next byte % 16, time = watermark + signed next byte)   (late: EORDER;
 *       after finish the watermark is past the time range: ERANGE)
 *   4   add_many of up to 8 such contacts (atomic)
 *   5   flush(watermark + next byte * 4)
 *   6   round trip through serialize/deserialize (must answer the same)
 *   7   clone (must answer the same) and continue with the clone
 *   8   finish (nothing open afterwards)          9   reset
 * Invariants after each step: a failing call changes nothing (fingerprint), the results'
 * issue count never decreases except by reset, tracker_check(). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_tracker_common.h"

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static int take(input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint64_t issues_of(const cxkpi_fcr_tracker *t)
{
    const cxkpi_fcr *res = NULL;
    uint64_t issues = 0, r, e, o, x;
    cxkpi_fcr_tracker_results(t, &res);
    cxkpi_fcr_counts(res, &issues, &r, &e, &o, &x);
    return issues;
}

static int64_t watermark_of(const cxkpi_fcr_tracker *t)
{
    int64_t wm = 1000;
    if (cxkpi_fcr_tracker_watermark(t, &wm) != CXKPI_OK)
        wm = 1000;
    return wm;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cxkpi_fcr_tracker *t = NULL;
    FUZZ_CHECK(cxkpi_fcr_tracker_new(&t, 100, 10) == CXKPI_OK);
    input in = {data, size};
    for (int steps = 0; in.n && steps < 1000; steps++) {
        uint64_t before[HK_TRACKER_FP], after[HK_TRACKER_FP];
        FUZZ_CHECK(hk_tracker_fingerprint(t, before));
        uint64_t issues = issues_of(t);
        int64_t wm = watermark_of(t);
        int op = take(&in) % 10;
        cxkpi_status st = CXKPI_OK;
        if (op <= 3) {
            uint64_t key = (uint64_t)(take(&in) % 16);
            st = cxkpi_fcr_tracker_add(t, key, wm + (int8_t)take(&in));
            /* after finish the watermark is past the last accepted time: ERANGE */
            FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EORDER || st == CXKPI_ERANGE);
        } else if (op == 4) {
            uint64_t keys[8];
            int64_t at[8];
            size_t n = (size_t)(take(&in) % 9);
            for (size_t i = 0; i < n; i++) {
                keys[i] = (uint64_t)(take(&in) % 16);
                at[i] = wm + (int8_t)take(&in);
            }
            st = cxkpi_fcr_tracker_add_many(t, keys, at, n);
            FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EORDER || st == CXKPI_ERANGE);
        } else if (op == 5) {
            st = cxkpi_fcr_tracker_flush(t, wm + 4 * take(&in));
            FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_ERANGE);
        } else if (op == 6) {
            tracker_round_trip(t);
        } else if (op == 7) {
            cxkpi_fcr_tracker *c = NULL;
            FUZZ_CHECK(cxkpi_fcr_tracker_clone(t, &c) == CXKPI_OK);
            FUZZ_CHECK(hk_tracker_fingerprint(c, after) && memcmp(before, after, sizeof after) == 0);
            cxkpi_fcr_tracker_free(t);
            t = c;
        } else if (op == 8) {
            FUZZ_CHECK(cxkpi_fcr_tracker_finish(t) == CXKPI_OK);
            uint64_t episodes, keys;
            FUZZ_CHECK(cxkpi_fcr_tracker_open(t, &episodes, &keys) == CXKPI_OK);
            FUZZ_CHECK(episodes == 0 && keys == 0);
            /* finishing counts exactly the episodes that were open */
            FUZZ_CHECK(issues_of(t) == issues + before[2]);
        } else {
            FUZZ_CHECK(cxkpi_fcr_tracker_reset(t) == CXKPI_OK);
            issues = 0;
        }
        if (st != CXKPI_OK) {
            FUZZ_CHECK(hk_tracker_fingerprint(t, after));
            FUZZ_CHECK(memcmp(before, after, sizeof after) == 0);
        }
        FUZZ_CHECK(issues_of(t) >= issues);
        tracker_check(t);
    }
    cxkpi_fcr_tracker_free(t);
    return 0;
}
