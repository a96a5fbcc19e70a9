/* Overflow-checked 64-bit counter arithmetic. Every count the library keeps is a
 * uint64_t; these helpers are how a count grows, so that overflow is an error value
 * (CXKPI_EOVERFLOW) and never a silent wrap. */
#ifndef CXKPI_COMMON_COUNTER_H
#define CXKPI_COMMON_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

/* *sum = a + b; false (and *sum untouched) when the sum does not fit. */
static inline bool cxkpi__u64_add(uint64_t a, uint64_t b, uint64_t *sum)
{
    if (b > UINT64_MAX - a)
        return false;
    *sum = a + b;
    return true;
}

/* *product = a * b; false (and *product untouched) when the product does not fit. */
static inline bool cxkpi__u64_mul(uint64_t a, uint64_t b, uint64_t *product)
{
    if (a != 0 && b > UINT64_MAX / a)
        return false;
    *product = a * b;
    return true;
}

/* True when `count` more events fit on top of `total`. */
static inline bool cxkpi__u64_room(uint64_t total, uint64_t count)
{
    return count <= UINT64_MAX - total;
}

#endif
