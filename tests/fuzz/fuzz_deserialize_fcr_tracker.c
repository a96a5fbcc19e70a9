/* libFuzzer harness for cxkpi_fcr_tracker_deserialize (as given, and with the CRC-32C
 * fixed up). An accepted state keeps the tracker's invariants (tracker_check), round-trips,
 * and still works: a contact at its watermark, a flush and finish succeed or fail with a
 * documented status, and after finish nothing is open. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_tracker_common.h"

static void try_bytes(const uint8_t *data, size_t size)
{
    cxkpi_fcr_tracker *t = FUZZ_SENTINEL;
    cxkpi_status st = cxkpi_fcr_tracker_deserialize(&t, data, size);
    if (st != CXKPI_OK) {
        FUZZ_CHECK(st == CXKPI_EFORMAT || st == CXKPI_EVERSION);
        FUZZ_CHECK(t == FUZZ_SENTINEL);
        return;
    }
    size_t again;
    FUZZ_CHECK(cxkpi_fcr_tracker_serialized_size(t, &again) == CXKPI_OK && again == size);
    tracker_check(t);
    tracker_round_trip(t);
    int64_t wm = 0;
    if (cxkpi_fcr_tracker_watermark(t, &wm) != CXKPI_OK)
        wm = 0;
    st = cxkpi_fcr_tracker_add(t, 42, wm);
    FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EOVERFLOW || st == CXKPI_EORDER ||
               st == CXKPI_ERANGE);
    tracker_check(t);
    st = cxkpi_fcr_tracker_finish(t);
    FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EOVERFLOW);
    if (st == CXKPI_OK) {
        uint64_t episodes, keys;
        FUZZ_CHECK(cxkpi_fcr_tracker_open(t, &episodes, &keys) == CXKPI_OK);
        FUZZ_CHECK(episodes == 0 && keys == 0);
    }
    tracker_check(t);
    cxkpi_fcr_tracker_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_frame_both_ways(data, size, try_bytes);
    return 0;
}
