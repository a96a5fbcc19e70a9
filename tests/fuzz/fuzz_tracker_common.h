/* Checks shared by the FCR tracker harnesses. */
#ifndef CXKPI_FUZZ_TRACKER_COMMON_H
#define CXKPI_FUZZ_TRACKER_COMMON_H

#include "fuzz_common.h"

/* The tracker's results are a valid FCR accumulator with only the flags it sets, and its
 * open episodes are at most two per open key. */
static inline void tracker_check(const cxkpi_fcr_tracker *t)
{
    const cxkpi_fcr *res = NULL;
    FUZZ_CHECK(cxkpi_fcr_tracker_results(t, &res) == CXKPI_OK);
    FUZZ_CHECK(fuzz_kind("fcr")->results_ok(res));
    uint64_t issues, resolved, escalated, reopened, excluded, episodes, keys;
    FUZZ_CHECK(cxkpi_fcr_counts(res, &issues, &resolved, &escalated, &reopened, &excluded) ==
               CXKPI_OK);
    FUZZ_CHECK(escalated == 0 && reopened == 0 && excluded == 0 && resolved <= issues);
    FUZZ_CHECK(cxkpi_fcr_tracker_open(t, &episodes, &keys) == CXKPI_OK);
    FUZZ_CHECK(keys <= episodes && episodes <= 2 * keys);
}

/* serialize -> deserialize gives a tracker that answers the same, and serializes to the
 * same number of bytes. */
static inline void tracker_round_trip(const cxkpi_fcr_tracker *t)
{
    size_t size, written;
    FUZZ_CHECK(cxkpi_fcr_tracker_serialized_size(t, &size) == CXKPI_OK);
    uint8_t *bytes = malloc(size);
    FUZZ_CHECK(bytes && cxkpi_fcr_tracker_serialize(t, bytes, size, &written) == CXKPI_OK);
    FUZZ_CHECK(written == size);
    cxkpi_fcr_tracker *back = NULL;
    FUZZ_CHECK(cxkpi_fcr_tracker_deserialize(&back, bytes, size) == CXKPI_OK);
    uint64_t a[HK_TRACKER_FP], b[HK_TRACKER_FP];
    FUZZ_CHECK(hk_tracker_fingerprint(t, a) && hk_tracker_fingerprint(back, b));
    FUZZ_CHECK(memcmp(a, b, sizeof a) == 0);
    cxkpi_fcr_tracker_free(back);
    free(bytes);
}

#endif
