/* Ticket clock: working time between start/resume and pause/stop under a calendar. */
#include "cxkpi/ticket_clock.h"

#include "common/alloc.h"
#include "time/calendar_internal.h"

struct cxkpi_ticket_clock {
    const cxkpi_calendar *cal; /* borrowed; NULL = every second counts */
    cxkpi_clock_state state;
    int64_t last;  /* instant of the last event */
    int64_t total; /* working seconds counted up to `last` */
};

cxkpi_status cxkpi_ticket_clock_new(cxkpi_ticket_clock **out, const cxkpi_calendar *cal)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_ticket_clock *c = cxkpi__alloc_zeroed(1, sizeof *c);
    if (!c)
        return CXKPI_ENOMEM;
    c->cal = cal;
    *out = c;
    return CXKPI_OK;
}

void cxkpi_ticket_clock_free(cxkpi_ticket_clock *clock)
{
    cxkpi__free(clock);
}

cxkpi_status cxkpi_ticket_clock_reset(cxkpi_ticket_clock *clock)
{
    if (!clock)
        return CXKPI_EINVAL;
    clock->state = CXKPI_CLOCK_IDLE;
    clock->last = 0;
    clock->total = 0;
    return CXKPI_OK;
}

/* Working seconds in [from, to), from <= to, both valid. */
static cxkpi_status span(const cxkpi_ticket_clock *c, int64_t from, int64_t to, int64_t *out)
{
    if (!c->cal) {
        *out = to - from;
        return CXKPI_OK;
    }
    return cxkpi_calendar_elapsed(c->cal, from, to, out);
}

/* Checks an event at `instant` allowed from the states in `from_mask`. */
static cxkpi_status check(const cxkpi_ticket_clock *c, int64_t instant, unsigned from_mask)
{
    if (!c)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(instant))
        return CXKPI_ERANGE;
    if (!(from_mask & (1u << c->state)))
        return CXKPI_EORDER;
    if (c->state != CXKPI_CLOCK_IDLE && instant < c->last)
        return CXKPI_EORDER;
    return CXKPI_OK;
}

/* Moves to `state` at `instant`, counting the time since the last event when running. */
static cxkpi_status move(cxkpi_ticket_clock *c, int64_t instant, unsigned from_mask,
                         cxkpi_clock_state state)
{
    cxkpi_status st = check(c, instant, from_mask);
    if (st != CXKPI_OK)
        return st;
    int64_t add = 0;
    if (c->state == CXKPI_CLOCK_RUNNING && (st = span(c, c->last, instant, &add)) != CXKPI_OK)
        return st;
    if (add > INT64_MAX - c->total)
        return CXKPI_EOVERFLOW;
    c->total += add;
    c->last = instant;
    c->state = state;
    return CXKPI_OK;
}

#define FROM(s) (1u << (s))

cxkpi_status cxkpi_ticket_clock_start(cxkpi_ticket_clock *clock, int64_t instant)
{
    return move(clock, instant, FROM(CXKPI_CLOCK_IDLE), CXKPI_CLOCK_RUNNING);
}

cxkpi_status cxkpi_ticket_clock_pause(cxkpi_ticket_clock *clock, int64_t instant)
{
    return move(clock, instant, FROM(CXKPI_CLOCK_RUNNING), CXKPI_CLOCK_PAUSED);
}

cxkpi_status cxkpi_ticket_clock_resume(cxkpi_ticket_clock *clock, int64_t instant)
{
    return move(clock, instant, FROM(CXKPI_CLOCK_PAUSED), CXKPI_CLOCK_RUNNING);
}

cxkpi_status cxkpi_ticket_clock_stop(cxkpi_ticket_clock *clock, int64_t instant)
{
    return move(clock, instant, FROM(CXKPI_CLOCK_RUNNING) | FROM(CXKPI_CLOCK_PAUSED),
                CXKPI_CLOCK_STOPPED);
}

cxkpi_status cxkpi_ticket_clock_seconds(const cxkpi_ticket_clock *clock, int64_t now,
                                        int64_t *seconds)
{
    if (!clock || !seconds)
        return CXKPI_EINVAL;
    if (clock->state != CXKPI_CLOCK_RUNNING) {
        *seconds = clock->total;
        return CXKPI_OK;
    }
    cxkpi_status st = check(clock, now, FROM(CXKPI_CLOCK_RUNNING));
    int64_t add = 0;
    if (st == CXKPI_OK)
        st = span(clock, clock->last, now, &add);
    if (st != CXKPI_OK)
        return st;
    if (add > INT64_MAX - clock->total)
        return CXKPI_EOVERFLOW;
    *seconds = clock->total + add;
    return CXKPI_OK;
}

cxkpi_status cxkpi_ticket_clock_due(const cxkpi_ticket_clock *clock, int64_t target, int64_t *due)
{
    if (!clock || !due)
        return CXKPI_EINVAL;
    if (clock->state != CXKPI_CLOCK_RUNNING)
        return CXKPI_EORDER;
    if (target < 0)
        return CXKPI_ERANGE;
    int64_t left = target > clock->total ? target - clock->total : 0;
    if (!clock->cal) {
        if (left > CXKPI_CALENDAR_MAX_INSTANT - clock->last)
            return CXKPI_ERANGE;
        *due = clock->last + left;
        return CXKPI_OK;
    }
    return cxkpi_calendar_add(clock->cal, clock->last, left, due);
}

cxkpi_status cxkpi_ticket_clock_state(const cxkpi_ticket_clock *clock, cxkpi_clock_state *state)
{
    if (!clock || !state)
        return CXKPI_EINVAL;
    *state = clock->state;
    return CXKPI_OK;
}
