/* The "bare" baselines, compiled in their own translation unit so that the compiler
 * cannot inline them into the timing loops: what a hand-written, non-inlined C function
 * doing the same work as the library costs, without the shared-library call. */
#include "bench_bare.h"

#include <string.h>

int bare_add(bare_hist *h, int32_t score)
{
    return bare_add_impl(h, score);
}

void bare_hist_loop(const uint8_t *a, size_t n, uint64_t *h)
{
    for (size_t i = 0; i < n; i++)
        h[a[i]]++;
}

uint64_t bare_read(const uint8_t *a, size_t n)
{
    uint64_t sum = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, a + i, 8);
        sum += w;
    }
    for (; i < n; i++)
        sum += a[i];
    return sum;
}
