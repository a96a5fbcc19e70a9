/* A compensated (Neumaier / "improved Kahan-Babuska") running sum of doubles: the value is
 * `sum + comp`, where `comp` collects the low-order bits that each addition to `sum`
 * rounds away. The error stays near one rounding of the result, independent of the
 * number of terms and of their order, which a plain `double` running sum does not give
 * (adding 1.0 to 1e16 a million times loses every 1.0). Two sums merge by adding one's
 * parts into the other, and a term is retracted by adding its negation. */
#ifndef CXKPI_COMMON_COMPSUM_H
#define CXKPI_COMMON_COMPSUM_H

#include <math.h>

typedef struct cxkpi__compsum {
    double sum;  /* the running, rounded sum */
    double comp; /* what the rounding of `sum` lost so far */
} cxkpi__compsum;

static inline void cxkpi__compsum_add(cxkpi__compsum *s, double x)
{
    double t = s->sum + x;
    /* a select rather than a branch: which operand is larger is data-dependent */
    s->comp += fabs(s->sum) >= fabs(x) ? (s->sum - t) + x : (x - t) + s->sum;
    s->sum = t;
}

/* Adds everything `src` holds into `dst` (`src` is read first, so dst == src works). */
static inline void cxkpi__compsum_merge(cxkpi__compsum *dst, const cxkpi__compsum *src)
{
    cxkpi__compsum s = *src;
    cxkpi__compsum_add(dst, s.sum);
    cxkpi__compsum_add(dst, s.comp);
}

static inline double cxkpi__compsum_value(const cxkpi__compsum *s)
{
    return s->sum + s->comp;
}

#endif
