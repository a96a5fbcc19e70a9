/* Queries of a sketch's distribution beyond quantiles: how many values lie at or below x. */
#include "store/sketch.h"

uint64_t cxkpi__sketch_count_at_most(const cxkpi__sketch *s, double x)
{
    if (!(x >= CXKPI__SKETCH_MIN_POSITIVE) || !s->positive)
        return x >= 0.0 ? s->zeros : 0;
    if (x >= CXKPI__SKETCH_MAX_VALUE)
        return s->zeros + s->positive;
    /* the highest bucket that can hold a value <= x (one above x's own when x lies within
     * the logarithm's error of that bucket's upper edge) */
    cxkpi__sketch_range r;
    cxkpi__sketch_bounds(s, x, x, &r);
    const int32_t top = r.hi;
    if (top >= s->hi)
        return s->zeros + s->positive;
    if (top < s->lo) /* below every bucket; a collapsed lowest bucket may hold such values */
        return s->zeros + (s->collapsed ? cxkpi__sketch_count(s, s->lo) : 0);
    uint64_t c = 0;
    if (top - s->lo <= s->hi - top) {
        for (int32_t i = s->lo; i <= top; i++)
            c += cxkpi__sketch_count(s, i);
    } else {
        c = s->positive;
        for (int32_t i = s->hi; i > top; i--)
            c -= cxkpi__sketch_count(s, i);
    }
    return s->zeros + c;
}
