#ifndef CXKPI_BENCH_BARE_H
#define CXKPI_BENCH_BARE_H

#include <stddef.h>
#include <stdint.h>

typedef struct bare_hist {
    uint64_t total;
    uint64_t counts[11];
} bare_hist;

/* Counts one NPS answer (0..10); 0 on success, non-zero on a bad argument: the same checks
 * as cxkpi_nps_add() (handle, range, overflow). */
static inline int bare_add_impl(bare_hist *h, int32_t score)
{
    if (!h)
        return 1;
    uint32_t i = (uint32_t)score;
    if (i >= 11u)
        return 2;
    if (h->total == UINT64_MAX)
        return 3;
    h->counts[i]++;
    h->total++;
    return 0;
}

/* Counts one FCR outcome word: the same checks as cxkpi_fcr_add() (handle, a valid flag
 * combination looked up in a table, overflow), in nine counters. */
typedef struct bare_fcr {
    uint64_t total;
    uint64_t counts[9];
} bare_fcr;

static inline int bare_fcr_add_impl(bare_fcr *h, uint32_t flags)
{
    static const uint8_t slot_of[16] = {0, 1, 2, 255, 3, 255, 4, 255,
                                        5, 255, 6, 255, 7, 255, 8, 255};
    if (!h)
        return 1;
    uint32_t slot = flags > 15u ? 255u : slot_of[flags];
    if (slot == 255u)
        return 2;
    if (h->total == UINT64_MAX)
        return 3;
    h->counts[slot]++;
    h->total++;
    return 0;
}

/* bare_add_impl() as a function of the benchmark executable (bench_bare.c) ... */
int bare_add(bare_hist *h, int32_t score);
/* ... and of a shared library of its own (bench_bare_shared.c). */
int bare_add_shared(bare_hist *h, int32_t score);
/* bare_fcr_add_impl() in that shared library. */
int bare_fcr_add_shared(bare_fcr *h, uint32_t flags);

/* h[a[i]]++ over the array: the obvious hand-written histogram (h has 256 counters). */
void bare_hist_loop(const uint8_t *a, size_t n, uint64_t *h);

/* Reads every byte of the array once (sums it as 64-bit words): memory bandwidth. */
uint64_t bare_read(const uint8_t *a, size_t n);

#endif
