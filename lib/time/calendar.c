/* Business-hours calendar: working time is the set of instants whose local wall time lies
 * in a working interval of its local date (see calendar.h). With W(x) = working wall
 * seconds before wall time x (a cumulative function over the weekly schedule and the
 * exceptions), the working time of a span with a constant UTC offset o is
 * W(end + o) - W(start + o); a span is cut at every offset change. */
#include "cxkpi/calendar.h"

#include <string.h>

#include "common/alloc.h"
#include "time/calendar_internal.h"
#include "time/civil.h"
#include "time/tzif.h"

typedef struct cal_span {
    int32_t a, b; /* [a, b) seconds after local midnight */
} cal_span;

/* A local date with a holiday or closures. */
typedef struct cal_special {
    int64_t day;        /* day number */
    bool holiday;
    cal_span *closed;   /* sorted, disjoint, non-adjacent (owned) */
    size_t nclosed;
    int64_t removed;    /* working seconds this date loses against its weekday */
    int64_t removed_before; /* sum of `removed` of earlier special dates */
} cal_special;

struct cxkpi_calendar {
    cxkpi__tz tz;
    cal_span *week[7]; /* Monday first; sorted, disjoint, non-adjacent (owned) */
    size_t nweek[7];
    int64_t prefix[8]; /* prefix[i]: working seconds of weekdays before i; prefix[7] = week */
    cal_special *special; /* sorted by day (owned) */
    size_t nspecial, special_cap;
};

bool cxkpi__instant_valid(int64_t t)
{
    return t >= CXKPI_CALENDAR_MIN_INSTANT && t <= CXKPI_CALENDAR_MAX_INSTANT;
}

/* ---- span sets ------------------------------------------------------------------- */

/* New array: the union of v[0..n) and s, merged. NULL on allocation failure. */
static cal_span *spans_with(const cal_span *v, size_t n, cal_span s, size_t *out_n)
{
    cal_span *r = cxkpi__alloc_array(n + 1, sizeof *r);
    if (!r)
        return NULL;
    size_t k = 0, i = 0;
    while (i < n && v[i].b < s.a)
        r[k++] = v[i++];
    while (i < n && v[i].a <= s.b) { /* overlapping or adjacent: absorb */
        s.a = v[i].a < s.a ? v[i].a : s.a;
        s.b = v[i].b > s.b ? v[i].b : s.b;
        i++;
    }
    r[k++] = s;
    while (i < n)
        r[k++] = v[i++];
    *out_n = k;
    return r;
}

static int64_t overlap(int64_t a1, int64_t b1, int64_t a2, int64_t b2)
{
    int64_t a = a1 > a2 ? a1 : a2, b = b1 < b2 ? b1 : b2;
    return b > a ? b - a : 0;
}

/* Seconds of v within [0, sec). */
static int64_t spans_before(const cal_span *v, size_t n, int64_t sec)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n && v[i].a < sec; i++)
        sum += overlap(v[i].a, v[i].b, 0, sec);
    return sum;
}

/* Seconds of (v minus closed) within [0, sec). */
static int64_t spans_before_minus(const cal_span *v, size_t n, const cal_span *c, size_t nc,
                                  int64_t sec)
{
    int64_t sum = spans_before(v, n, sec);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < nc; j++)
            sum -= overlap(v[i].a, v[i].b, c[j].a, c[j].b < sec ? c[j].b : sec);
    return sum;
}

/* ---- derived sums ---------------------------------------------------------------- */

static void recompute(cxkpi_calendar *cal)
{
    cal->prefix[0] = 0;
    for (int d = 0; d < 7; d++)
        cal->prefix[d + 1] = cal->prefix[d] + spans_before(cal->week[d], cal->nweek[d], CXKPI__DAY);
    int64_t before = 0;
    for (size_t i = 0; i < cal->nspecial; i++) {
        cal_special *s = &cal->special[i];
        unsigned wd = cxkpi__weekday(s->day);
        int64_t normal = cal->prefix[wd + 1] - cal->prefix[wd];
        int64_t kept = s->holiday ? 0
                                  : spans_before_minus(cal->week[wd], cal->nweek[wd], s->closed,
                                                       s->nclosed, CXKPI__DAY);
        s->removed = normal - kept;
        s->removed_before = before;
        before += s->removed;
    }
}

/* Index of the first special date >= day. */
static size_t special_lower(const cxkpi_calendar *cal, int64_t day)
{
    size_t lo = 0, hi = cal->nspecial;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->special[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* W(x): working wall seconds before wall time x, counted from an arbitrary origin
 * (only differences matter). O(1) for the weeks, O(log) for the exceptions. */
static int64_t wall_cumulative(const cxkpi_calendar *cal, int64_t x)
{
    int64_t day = cxkpi__floor_div(x, CXKPI__DAY), sec = x - day * CXKPI__DAY;
    int64_t k = day + 3; /* days since Monday 1969-12-29 */
    int64_t weeks = cxkpi__floor_div(k, 7);
    unsigned wd = (unsigned)(k - weeks * 7);
    int64_t w = weeks * cal->prefix[7] + cal->prefix[wd];
    size_t i = special_lower(cal, day);
    if (i > 0)
        w -= cal->special[i - 1].removed_before + cal->special[i - 1].removed;
    if (i < cal->nspecial && cal->special[i].day == day) {
        const cal_special *s = &cal->special[i];
        if (!s->holiday)
            w += spans_before_minus(cal->week[wd], cal->nweek[wd], s->closed, s->nclosed, sec);
    } else {
        w += spans_before(cal->week[wd], cal->nweek[wd], sec);
    }
    return w;
}

/* ---- life cycle ------------------------------------------------------------------ */

cxkpi_status cxkpi_calendar_new(cxkpi_calendar **out)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_calendar *cal = cxkpi__alloc_zeroed(1, sizeof *cal);
    if (!cal)
        return CXKPI_ENOMEM;
    cxkpi__tz_fixed(&cal->tz, 0);
    *out = cal;
    return CXKPI_OK;
}

void cxkpi_calendar_free(cxkpi_calendar *cal)
{
    if (!cal)
        return;
    cxkpi__tz_free(&cal->tz);
    for (int d = 0; d < 7; d++)
        cxkpi__free(cal->week[d]);
    for (size_t i = 0; i < cal->nspecial; i++)
        cxkpi__free(cal->special[i].closed);
    cxkpi__free(cal->special);
    cxkpi__free(cal);
}

/* ---- setters --------------------------------------------------------------------- */

cxkpi_status cxkpi_calendar_set_timezone(cxkpi_calendar *cal, const char *name)
{
    if (!cal || !name)
        return CXKPI_EINVAL;
    cxkpi__tz tz;
    cxkpi_status st = cxkpi__tz_load(name, &tz);
    if (st != CXKPI_OK)
        return st;
    cxkpi__tz_free(&cal->tz);
    cal->tz = tz;
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_set_utc_offset(cxkpi_calendar *cal, int32_t offset)
{
    if (!cal)
        return CXKPI_EINVAL;
    if (offset <= -CXKPI__DAY || offset >= CXKPI__DAY)
        return CXKPI_ERANGE;
    cxkpi__tz_free(&cal->tz);
    cxkpi__tz_fixed(&cal->tz, offset);
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_add_interval(cxkpi_calendar *cal, unsigned days, int32_t start,
                                         int32_t end)
{
    if (!cal)
        return CXKPI_EINVAL;
    if (days == 0 || (days & ~CXKPI_EVERY_DAY) != 0 || start < 0 || start >= CXKPI__DAY ||
        end < 0 || end > CXKPI__DAY || end == start)
        return CXKPI_ERANGE;
    /* Build the new week aside, so that an allocation failure changes nothing. */
    cal_span *week[7];
    size_t nweek[7];
    int d;
    for (d = 0; d < 7; d++) {
        nweek[d] = cal->nweek[d];
        week[d] = cxkpi__alloc_array(nweek[d] + 1, sizeof(cal_span));
        if (!week[d])
            goto fail;
        if (nweek[d] > 0)
            memcpy(week[d], cal->week[d], nweek[d] * sizeof(cal_span));
    }
    for (d = 0; d < 7; d++) {
        if (!(days & (1u << d)))
            continue;
        cal_span parts[2] = {{start, end < start ? CXKPI__DAY : end}, {0, end}};
        int targets[2] = {d, (d + 1) % 7};
        for (int k = 0; k < (end < start && end > 0 ? 2 : 1); k++) {
            int t = targets[k];
            size_t n;
            cal_span *r = spans_with(week[t], nweek[t], parts[k], &n);
            if (!r) {
                d = 7;
                goto fail;
            }
            cxkpi__free(week[t]);
            week[t] = r;
            nweek[t] = n;
        }
    }
    for (d = 0; d < 7; d++) {
        cxkpi__free(cal->week[d]);
        cal->week[d] = week[d];
        cal->nweek[d] = nweek[d];
    }
    recompute(cal);
    return CXKPI_OK;
fail:
    while (d-- > 0)
        cxkpi__free(week[d]);
    return CXKPI_ENOMEM;
}

/* The special entry for a date, inserted (empty) when missing. NULL on ENOMEM. */
static cal_special *special_get(cxkpi_calendar *cal, int64_t day)
{
    size_t i = special_lower(cal, day);
    if (i < cal->nspecial && cal->special[i].day == day)
        return &cal->special[i];
    if (cal->nspecial == cal->special_cap) {
        size_t cap = cal->special_cap ? cal->special_cap * 2 : 8;
        cal_special *v = cxkpi__alloc_array(cap, sizeof *v);
        if (!v)
            return NULL;
        if (cal->nspecial > 0)
            memcpy(v, cal->special, cal->nspecial * sizeof *v);
        cxkpi__free(cal->special);
        cal->special = v;
        cal->special_cap = cap;
    }
    memmove(&cal->special[i + 1], &cal->special[i], (cal->nspecial - i) * sizeof *cal->special);
    memset(&cal->special[i], 0, sizeof *cal->special);
    cal->special[i].day = day;
    cal->nspecial++;
    return &cal->special[i];
}

static bool date_ok(int32_t year, int32_t month, int32_t day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           cxkpi__valid_date(year, (unsigned)month, (unsigned)day);
}

cxkpi_status cxkpi_calendar_add_holiday(cxkpi_calendar *cal, int32_t year, int32_t month,
                                        int32_t day)
{
    if (!cal)
        return CXKPI_EINVAL;
    if (!date_ok(year, month, day))
        return CXKPI_ERANGE;
    cal_special *s = special_get(cal, cxkpi__days_from_civil(year, (unsigned)month, (unsigned)day));
    if (!s)
        return CXKPI_ENOMEM;
    s->holiday = true;
    recompute(cal);
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_add_closure(cxkpi_calendar *cal, int32_t year, int32_t month,
                                        int32_t day, int32_t start, int32_t end)
{
    if (!cal)
        return CXKPI_EINVAL;
    if (!date_ok(year, month, day) || start < 0 || start >= end || end > CXKPI__DAY)
        return CXKPI_ERANGE;
    int64_t dn = cxkpi__days_from_civil(year, (unsigned)month, (unsigned)day);
    size_t i = special_lower(cal, dn);
    bool existed = i < cal->nspecial && cal->special[i].day == dn;
    const cal_special *old = existed ? &cal->special[i] : NULL;
    size_t n;
    cal_span *r = spans_with(old ? old->closed : NULL, old ? old->nclosed : 0,
                             (cal_span){start, end}, &n);
    if (!r)
        return CXKPI_ENOMEM;
    cal_special *s = special_get(cal, dn);
    if (!s) {
        cxkpi__free(r);
        return CXKPI_ENOMEM;
    }
    cxkpi__free(s->closed);
    s->closed = r;
    s->nclosed = n;
    recompute(cal);
    return CXKPI_OK;
}

/* ---- queries --------------------------------------------------------------------- */

cxkpi_status cxkpi_calendar_weekly_seconds(const cxkpi_calendar *cal, int64_t *seconds)
{
    if (!cal || !seconds)
        return CXKPI_EINVAL;
    *seconds = cal->prefix[7];
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_utc_offset(const cxkpi_calendar *cal, int64_t instant,
                                       int32_t *offset)
{
    if (!cal || !offset)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(instant))
        return CXKPI_ERANGE;
    int64_t until;
    cxkpi__tz_at(&cal->tz, instant, offset, &until);
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_elapsed(const cxkpi_calendar *cal, int64_t start, int64_t end,
                                    int64_t *seconds)
{
    if (!cal || !seconds)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(start) || !cxkpi__instant_valid(end))
        return CXKPI_ERANGE;
    if (end < start)
        return CXKPI_EORDER;
    int64_t total = 0;
    for (int64_t t = start; t < end;) {
        int32_t off;
        int64_t until;
        cxkpi__tz_at(&cal->tz, t, &off, &until);
        int64_t t1 = until < end ? until : end;
        total += wall_cumulative(cal, t1 + off) - wall_cumulative(cal, t + off);
        t = t1;
    }
    *seconds = total;
    return CXKPI_OK;
}

cxkpi_status cxkpi_calendar_add(const cxkpi_calendar *cal, int64_t start, int64_t working_seconds,
                                int64_t *due)
{
    if (!cal || !due)
        return CXKPI_EINVAL;
    if (!cxkpi__instant_valid(start) || working_seconds < 0)
        return CXKPI_ERANGE;
    if (working_seconds == 0) {
        *due = start;
        return CXKPI_OK;
    }
    if (cal->prefix[7] == 0)
        return CXKPI_ERANGE; /* no working time, ever */
    int64_t left = working_seconds;
    /* Each pass consumes one span of constant UTC offset, so the loop ends at the end
     * of the accepted range at the latest. */
    for (int64_t t = start; t < CXKPI_CALENDAR_MAX_INSTANT;) {
        int32_t off;
        int64_t until;
        cxkpi__tz_at(&cal->tz, t, &off, &until);
        int64_t t1 = until < CXKPI_CALENDAR_MAX_INSTANT ? until : CXKPI_CALENDAR_MAX_INSTANT;
        int64_t base = wall_cumulative(cal, t + off);
        int64_t avail = wall_cumulative(cal, t1 + off) - base;
        if (avail >= left) {
            /* smallest wall time x in (t + off, t1 + off] with W(x) - base >= left */
            int64_t lo = t + off, hi = t1 + off;
            while (hi - lo > 1) {
                int64_t mid = lo + (hi - lo) / 2;
                if (wall_cumulative(cal, mid) - base >= left)
                    hi = mid;
                else
                    lo = mid;
            }
            *due = hi - off;
            return CXKPI_OK;
        }
        left -= avail;
        t = t1;
    }
    return CXKPI_ERANGE;
}
