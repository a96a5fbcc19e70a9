/* The rank rule of every quantile the library answers from sorted values. */
#ifndef CXKPI_STORE_QUANTILE_RANK_H
#define CXKPI_STORE_QUANTILE_RANK_H

#include <math.h>
#include <stdint.h>

/* The 0-based rank of the q-quantile (q in [0, 1]) among n >= 1 sorted values: the floor of
 * q * (n - 1), with the product evaluated as an IEEE-754 double, which is the rank that
 * numpy.quantile(x, q, method="lower") (and pandas' interpolation="lower") uses. So q = 0.95
 * with n = 201 is rank 190 (0.95 * 200 rounds to exactly 190.0), although the double nearest
 * 0.95 is slightly below 0.95. Clamped to n - 1 for n - 1 beyond 2^53. */
static inline uint64_t cxkpi__quantile_rank(double q, uint64_t n)
{
    if (n <= 1)
        return 0;
    const uint64_t m = n - 1;
    const double f = floor(q * (double)m);
    return f >= (double)m ? m : (f > 0.0 ? (uint64_t)f : 0);
}

#endif
