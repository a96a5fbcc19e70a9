#ifndef CXKPI_BENCH_BARE_H
#define CXKPI_BENCH_BARE_H

#include <stddef.h>
#include <stdint.h>

typedef struct bare_hist {
    uint64_t total;
    uint64_t counts[11];
} bare_hist;

/* Counts one NPS answer (0..10); 0 on success, non-zero on a bad argument. */
int bare_add(bare_hist *h, int32_t score);

/* h[a[i]]++ over the array: the obvious hand-written histogram (h has 256 counters). */
void bare_hist_loop(const uint8_t *a, size_t n, uint64_t *h);

/* Reads every byte of the array once (sums it as 64-bit words): memory bandwidth. */
uint64_t bare_read(const uint8_t *a, size_t n);

#endif
