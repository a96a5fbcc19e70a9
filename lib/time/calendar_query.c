/* Questions about one instant of a business-hours calendar: is it working time, when is the
 * next opening, how much working time is left in its local day. Built on the public
 * cxkpi_calendar_elapsed(), cxkpi_calendar_add() and cxkpi_calendar_utc_offset():
 * working time is constant over each whole second (intervals, offsets and instants are
 * whole seconds), so "is t working time" is "does [t, t + 1) hold one working second". */
#include "cxkpi/calendar.h"

#include "time/calendar_internal.h"
#include "time/civil.h"

cxkpi_status cxkpi_calendar_is_working(const cxkpi_calendar *cal, int64_t instant, int *working)
{
    if (!cal || !working)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(instant) || instant == CXKPI_CALENDAR_MAX_INSTANT)
        return CXKPI_ERANGE;
    int64_t s;
    cxkpi_status st = cxkpi_calendar_elapsed(cal, instant, instant + 1, &s);
    if (st == CXKPI_OK)
        *working = s == 1;
    return st;
}

cxkpi_status cxkpi_calendar_next_opening(const cxkpi_calendar *cal, int64_t instant,
                                         int64_t *opening)
{
    if (!cal || !opening)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(instant) || instant == CXKPI_CALENDAR_MAX_INSTANT)
        return CXKPI_ERANGE;
    /* the first working second [s, s + 1) at or after the instant ends when one working
     * second has elapsed: s = add(instant, 1) - 1 */
    int64_t due;
    cxkpi_status st = cxkpi_calendar_add(cal, instant, 1, &due);
    if (st == CXKPI_ERANGE) /* the instant was valid: no working time before the end */
        return CXKPI_ENOTFOUND;
    if (st == CXKPI_OK)
        *opening = due - 1;
    return st;
}

/* The local date (day number) of a valid instant. */
static int64_t local_day(const cxkpi_calendar *cal, int64_t t)
{
    int32_t off = 0;
    (void)cxkpi_calendar_utc_offset(cal, t, &off); /* t is valid: cannot fail */
    return cxkpi__floor_div(t + off, CXKPI__DAY);
}

cxkpi_status cxkpi_calendar_seconds_left_today(const cxkpi_calendar *cal, int64_t instant,
                                               int64_t *seconds)
{
    if (!cal || !seconds)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(instant))
        return CXKPI_ERANGE;
    /* The end of the local day: the first instant whose local date is later, found by
     * bisection. A local day lasts at most 26 hours, so it has ended 3 days later; the
     * bisection takes the local date as never going back within those days (only a
     * daylight-saving change across midnight could make it, and then the end found is
     * one of the moments the date moves on). */
    const int64_t today = local_day(cal, instant);
    int64_t lo = instant, hi = instant + 3 * CXKPI__DAY;
    if (hi > CXKPI_CALENDAR_MAX_INSTANT)
        hi = CXKPI_CALENDAR_MAX_INSTANT;
    if (local_day(cal, hi) <= today) {
        lo = hi; /* the last day of the range: count to its last instant */
    } else {
        while (hi - lo > 1) { /* local_day(lo) <= today < local_day(hi) */
            const int64_t mid = lo + (hi - lo) / 2;
            if (local_day(cal, mid) <= today)
                lo = mid;
            else
                hi = mid;
        }
    }
    /* [instant, lo] is today: its working seconds are those of [instant, lo + 1) */
    int64_t s;
    cxkpi_status st = cxkpi_calendar_elapsed(cal, instant, lo, &s);
    if (st != CXKPI_OK)
        return st;
    int w = 0;
    if (lo < CXKPI_CALENDAR_MAX_INSTANT) /* the very last second cannot be measured */
        (void)cxkpi_calendar_is_working(cal, lo, &w);
    *seconds = s + w;
    return CXKPI_OK;
}
