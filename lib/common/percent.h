/* Percentages of counts. `100.0 * part / whole` rounds twice (the product, then the
 * quotient), and with counts above 2^53 the two roundings can push a share of everything
 * just past 100 (e.g. 7422337218502517690 of 7422337218502517690 gives 100.00000000000001).
 * Every percentage the library documents as being in [0, 100] goes through here. */
#ifndef CXKPI_COMMON_PERCENT_H
#define CXKPI_COMMON_PERCENT_H

#include <stdint.h>

/* v clamped to [lo, hi]: puts a result that rounding pushed one ulp out back into its
 * documented range. */
static inline double cxkpi__clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 100 * part / whole, in [0, 100]; the caller ensures part <= whole and whole > 0. */
static inline double cxkpi__percent(uint64_t part, uint64_t whole)
{
    return cxkpi__clamp(100.0 * (double)part / (double)whole, 0.0, 100.0);
}

#endif
