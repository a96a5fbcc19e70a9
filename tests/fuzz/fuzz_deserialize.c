/* libFuzzer harness for one accumulator kind's _deserialize (FUZZ_KIND, set by meson:
 * one executable per kind, fuzz_deserialize_<kind>).
 *
 * Each input is tried twice: as given, and with its last four bytes replaced by the
 * correct CRC-32C, so that the fuzzer reaches the payload parser instead of stopping at
 * the checksum. Invariants (abort on violation):
 * - the status is CXKPI_OK, CXKPI_EFORMAT or CXKPI_EVERSION (ENOMEM cannot happen here),
 *   and on error the output pointer is untouched;
 * - an accepted input is canonical: serializing the result gives back the same bytes;
 * - the result's getters stay in their documented ranges, and it still works as an
 *   accumulator (clone, merge into itself, add an event, round trip again). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#ifndef FUZZ_KIND
#error "FUZZ_KIND must name the accumulator kind"
#endif

static void try_kind(const harden_kind *k, const uint8_t *data, size_t size)
{
    void *acc = FUZZ_SENTINEL;
    cxkpi_status st = k->deserialize(&acc, data, size);
    if (st != CXKPI_OK) {
        FUZZ_CHECK(st == CXKPI_EFORMAT || st == CXKPI_EVERSION);
        FUZZ_CHECK(acc == FUZZ_SENTINEL);
        return;
    }
    FUZZ_CHECK(hk_is(k, acc, data, size));
    FUZZ_CHECK(k->results_ok(acc));
    void *copy = NULL;
    FUZZ_CHECK(k->clone(acc, &copy) == CXKPI_OK && hk_same(k, acc, copy));
    st = k->merge(copy, acc);
    FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EOVERFLOW);
    FUZZ_CHECK(k->results_ok(copy));
    uint64_t rng = size; /* an event of the default configuration: may be out of range */
    st = k->add(copy, k->random_event(&rng));
    FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EOVERFLOW || st == CXKPI_EORDER || st == CXKPI_ERANGE);
    fuzz_round_trip(k, copy);
    k->destroy(copy);
    k->destroy(acc);
}

static void try_bytes(const uint8_t *data, size_t size)
{
    try_kind(fuzz_kind(FUZZ_KIND), data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_frame_both_ways(data, size, try_bytes);
    return 0;
}
