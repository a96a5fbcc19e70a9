#include "time/posixtz.h"

#include "time/civil.h"

typedef struct tz_cursor {
    const char *p, *end;
} tz_cursor;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* A zone abbreviation: three or more letters, or <...> holding letters, digits, + and -. */
static bool parse_name(tz_cursor *c)
{
    const char *start = c->p;
    if (c->p < c->end && *c->p == '<') {
        c->p++;
        start = c->p;
        while (c->p < c->end && (is_alpha(*c->p) || is_digit(*c->p) || *c->p == '+' || *c->p == '-'))
            c->p++;
        if (c->p >= c->end || *c->p != '>' || c->p - start < 3)
            return false;
        c->p++;
        return true;
    }
    while (c->p < c->end && is_alpha(*c->p))
        c->p++;
    return c->p - start >= 3;
}

/* Unsigned decimal with at most two digits (three when max_value > 99). */
static bool parse_uint(tz_cursor *c, long max_value, long *out)
{
    long v = 0;
    int digits = 0;
    while (c->p < c->end && is_digit(*c->p) && digits < 3) {
        v = v * 10 + (*c->p - '0');
        c->p++;
        digits++;
    }
    if (digits == 0 || v > max_value || (c->p < c->end && is_digit(*c->p)))
        return false;
    *out = v;
    return true;
}

/* [+|-]hh[:mm[:ss]] with hh <= max_hours; returns signed seconds. */
static bool parse_hms(tz_cursor *c, long max_hours, int32_t *out)
{
    long sign = 1, h, m = 0, s = 0;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
        sign = *c->p == '-' ? -1 : 1;
        c->p++;
    }
    if (!parse_uint(c, max_hours, &h))
        return false;
    if (c->p < c->end && *c->p == ':') {
        c->p++;
        if (!parse_uint(c, 59, &m))
            return false;
        if (c->p < c->end && *c->p == ':') {
            c->p++;
            if (!parse_uint(c, 59, &s))
                return false;
        }
    }
    *out = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return true;
}

static bool parse_rule(tz_cursor *c, cxkpi__tz_rule *r)
{
    long v, w, d;
    r->time = 2 * 3600; /* POSIX default: 02:00:00 */
    if (c->p < c->end && *c->p == 'J') {
        c->p++;
        if (!parse_uint(c, 365, &v) || v < 1)
            return false;
        r->kind = 'J';
        r->n = (uint16_t)v;
    } else if (c->p < c->end && *c->p == 'M') {
        c->p++;
        if (!parse_uint(c, 12, &v) || v < 1 || c->p >= c->end || *c->p++ != '.' ||
            !parse_uint(c, 5, &w) || w < 1 || c->p >= c->end || *c->p++ != '.' ||
            !parse_uint(c, 6, &d))
            return false;
        r->kind = 'M';
        r->month = (uint8_t)v;
        r->week = (uint8_t)w;
        r->wday = (uint8_t)d;
    } else {
        if (!parse_uint(c, 365, &v))
            return false;
        r->kind = 'n';
        r->n = (uint16_t)v;
    }
    if (c->p < c->end && *c->p == '/') {
        c->p++;
        return parse_hms(c, 167, &r->time);
    }
    return true;
}

cxkpi_status cxkpi__posix_tz_parse(const char *s, size_t n, cxkpi__posix_tz *out)
{
    tz_cursor c = {s, s + n};
    cxkpi__posix_tz tz = {0};
    int32_t off;
    if (!parse_name(&c) || !parse_hms(&c, 24, &off))
        return CXKPI_EFORMAT;
    tz.std_off = -off;
    tz.dst_off = tz.std_off;
    if (c.p < c.end && *c.p != ',') {
        if (!parse_name(&c))
            return CXKPI_EFORMAT;
        tz.has_dst = true;
        tz.dst_off = tz.std_off + 3600;
        if (c.p < c.end && *c.p != ',') {
            if (!parse_hms(&c, 24, &off))
                return CXKPI_EFORMAT;
            tz.dst_off = -off;
        }
        /* Without rules, the US rules POSIX implementations traditionally assume. */
        tz.start = (cxkpi__tz_rule){'M', 0, 3, 2, 0, 2 * 3600};
        tz.end = (cxkpi__tz_rule){'M', 0, 11, 1, 0, 2 * 3600};
    }
    if (c.p < c.end) {
        if (!tz.has_dst || *c.p++ != ',' || !parse_rule(&c, &tz.start) || c.p >= c.end ||
            *c.p++ != ',' || !parse_rule(&c, &tz.end))
            return CXKPI_EFORMAT;
    }
    if (c.p != c.end)
        return CXKPI_EFORMAT;
    *out = tz;
    return CXKPI_OK;
}

/* Day number of a rule's date in a year. */
static int64_t rule_day(const cxkpi__tz_rule *r, int64_t year)
{
    int64_t jan1 = cxkpi__days_from_civil(year, 1, 1);
    if (r->kind == 'J')
        return jan1 + r->n - 1 + (cxkpi__is_leap(year) && r->n >= 60 ? 1 : 0);
    if (r->kind == 'n')
        return jan1 + r->n;
    int64_t first = cxkpi__days_from_civil(year, r->month, 1);
    unsigned want = (r->wday + 6u) % 7u; /* Sunday-based to Monday-based */
    int64_t day = first + (int64_t)((want + 7u - cxkpi__weekday(first)) % 7u) + 7 * (r->week - 1);
    while (day >= first + cxkpi__month_days(year, r->month))
        day -= 7;
    return day;
}

typedef struct tz_event {
    int64_t at;
    bool to_dst;
} tz_event;

void cxkpi__posix_tz_at(const cxkpi__posix_tz *tz, int64_t t, int32_t *off, int64_t *until)
{
    if (!tz->has_dst) {
        *off = tz->std_off;
        *until = INT64_MAX;
        return;
    }
    int64_t year;
    unsigned month, day;
    cxkpi__civil_from_days(cxkpi__floor_div(t, CXKPI__DAY), &year, &month, &day);
    /* A year's events lie within about a week of that year (times reach +-167 h), so the
     * years around t hold both the last event at or before t and the first one after it. */
    tz_event ev[10];
    size_t n = 0;
    for (int64_t y = year - 2; y <= year + 2; y++) {
        ev[n++] = (tz_event){rule_day(&tz->start, y) * CXKPI__DAY + tz->start.time - tz->std_off, true};
        ev[n++] = (tz_event){rule_day(&tz->end, y) * CXKPI__DAY + tz->end.time - tz->dst_off, false};
    }
    /* Insertion sort; at equal instants the end of daylight time comes first, so that a
     * rule ending exactly when the next year's starts means daylight time all year. */
    for (size_t i = 1; i < n; i++) {
        tz_event e = ev[i];
        size_t j = i;
        while (j > 0 && (ev[j - 1].at > e.at || (ev[j - 1].at == e.at && ev[j - 1].to_dst && !e.to_dst))) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = e;
    }
    bool dst = !ev[0].to_dst; /* state before the first event: the opposite of it */
    *until = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].at <= t) {
            dst = ev[i].to_dst;
        } else {
            *until = ev[i].at;
            break;
        }
    }
    *off = dst ? tz->dst_off : tz->std_off;
}
