/* Shared by the libFuzzer harnesses: invariant checks that abort (so libFuzzer records a
 * crash with the input), and helpers over the table of kinds (tests/harden_kinds.h). */
#ifndef CXKPI_FUZZ_COMMON_H
#define CXKPI_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "harden_kinds.h"

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* What an output pointer holds before a call; a failing call must leave it there. */
static char fuzz_sentinel_object;
#define FUZZ_SENTINEL ((void *)&fuzz_sentinel_object)

static inline const harden_kind *fuzz_kind(const char *name)
{
    for (size_t i = 0; i < harden_kind_count; i++)
        if (strcmp(harden_kinds[i].name, name) == 0)
            return &harden_kinds[i];
    fprintf(stderr, "no accumulator kind named %s\n", name);
    abort();
}

/* serialize -> deserialize gives an accumulator with the same bytes. */
static inline void fuzz_round_trip(const harden_kind *k, const void *acc)
{
    size_t n;
    uint8_t *bytes = hk_bytes(k, acc, &n);
    FUZZ_CHECK(bytes != NULL);
    void *back = NULL;
    cxkpi_status st = k->deserialize(&back, bytes, n);
    if (st != CXKPI_OK)
        fprintf(stderr, "%s: its own serialized state is refused (status %d)\n", k->name, (int)st);
    FUZZ_CHECK(st == CXKPI_OK);
    FUZZ_CHECK(hk_is(k, back, bytes, n));
    k->destroy(back);
    free(bytes);
}

/* Runs `try_bytes` on the input as given, then (for frames) with the trailing CRC-32C
 * recomputed, so that mutations reach the payload parsers behind the checksum. */
static inline void fuzz_frame_both_ways(const uint8_t *data, size_t size,
                                        void (*try_bytes)(const uint8_t *, size_t))
{
    try_bytes(data, size);
    if (size < 20)
        return;
    uint8_t *fixed = malloc(size);
    FUZZ_CHECK(fixed != NULL);
    memcpy(fixed, data, size);
    uint32_t crc = cxkpi__crc32c(fixed, size - 4);
    for (int i = 0; i < 4; i++)
        fixed[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    try_bytes(fixed, size);
    free(fixed);
}

#endif
