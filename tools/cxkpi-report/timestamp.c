/* timestamp.c — ISO 8601 / RFC 3339 and Unix-seconds parsing; see timestamp.h. */
#include "timestamp.h"

#include <stdio.h>

int64_t ts_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil: eras of 400 years, March-based years. */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                  /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly `n` digits at *p (bounded by end) into *v. */
static int digits(const char **p, const char *end, int n, int64_t *v)
{
    int64_t x = 0;
    if (end - *p < n)
        return -1;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

static int fail(const char **why, const char *text)
{
    if (why)
        *why = text;
    return -1;
}

static int parse_unix(const char *s, const char *end, int64_t *out, const char **why)
{
    const char *p = s;
    int neg = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p == end || *p < '0' || *p > '9')
        return fail(why, "not a timestamp");
    int64_t v = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        if (v > (INT64_MAX - 9) / 10)
            return fail(why, "Unix timestamp out of range");
        v = v * 10 + (*p - '0');
    }
    int frac_nonzero = 0;
    if (p < end && *p == '.') {
        p++;
        if (p == end)
            return fail(why, "missing digits after '.'");
        for (; p < end && *p >= '0' && *p <= '9'; p++)
            frac_nonzero |= *p != '0';
    }
    if (p != end)
        return fail(why, "not a timestamp");
    /* Truncate toward the past: -1.5 s is in second -2. */
    int64_t t = neg ? -v - frac_nonzero : v;
    if (t < TS_MIN || t > TS_MAX)
        return fail(why, "Unix timestamp outside the years 0000-9999");
    *out = t;
    return 0;
}

int ts_parse(const char *text, size_t len, int64_t *out, const char **why)
{
    const char *p = text, *end = text + len;
    int64_t year, month, day, hour = 0, minute = 0, second = 0;

    if (text == NULL || len == 0)
        return fail(why, "empty timestamp");
    /* "YYYY-" marks the calendar form; everything else must be Unix seconds. */
    if (len < 5 || p[4] != '-' || p[0] == '-')
        return parse_unix(text, end, out, why);

    if (digits(&p, end, 4, &year) || p == end || *p++ != '-' || digits(&p, end, 2, &month) ||
        p == end || *p++ != '-' || digits(&p, end, 2, &day))
        return fail(why, "date is not YYYY-MM-DD");
    if (month < 1 || month > 12)
        return fail(why, "month out of range (1-12)");
    if (day < 1 || day > (int64_t)days_in_month(year, (unsigned)month))
        return fail(why, "day out of range for its month");

    int64_t offset = 0;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return fail(why, "expected 'T' or a space after the date");
        p++;
        if (digits(&p, end, 2, &hour) || p == end || *p++ != ':' || digits(&p, end, 2, &minute))
            return fail(why, "time is not HH:MM[:SS]");
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &second))
                return fail(why, "seconds are not two digits");
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                if (p == end || *p < '0' || *p > '9')
                    return fail(why, "missing digits after the decimal mark");
                while (p < end && *p >= '0' && *p <= '9')
                    p++; /* fractions of a second are truncated */
            }
        }
        if (hour > 23)
            return fail(why, "hour out of range (0-23)");
        if (minute > 59)
            return fail(why, "minute out of range (0-59)");
        if (second > 60)
            return fail(why, "second out of range (0-60)");
        if (p < end) {
            if ((*p == 'Z' || *p == 'z') && p + 1 == end) {
                p++;
            } else if (*p == '+' || *p == '-') {
                int sign = *p++ == '-' ? -1 : 1;
                int64_t oh, om = 0;
                if (digits(&p, end, 2, &oh))
                    return fail(why, "zone offset is not +HH:MM");
                if (p < end && *p == ':') {
                    p++;
                    if (digits(&p, end, 2, &om))
                        return fail(why, "zone offset is not +HH:MM");
                } else if (p < end && digits(&p, end, 2, &om)) {
                    return fail(why, "zone offset is not +HH:MM");
                }
                if (oh > 23 || om > 59)
                    return fail(why, "zone offset out of range");
                offset = sign * (oh * 3600 + om * 60);
            } else {
                return fail(why, "unexpected text after the time");
            }
        }
        if (p != end)
            return fail(why, "unexpected text after the time");
    }

    int64_t t = ts_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
                hour * 3600 + minute * 60 + second - offset;
    /* a leap second or a zone offset can step past either end of the years 0000-9999 */
    if (t < TS_MIN || t > TS_MAX)
        return fail(why, "timestamp outside the years 0000-9999");
    *out = t;
    return 0;
}

void ts_format(int64_t t, char *buf, size_t cap)
{
    /* Hinnant's civil_from_days. */
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sod = t - days * 86400;
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
             (long long)d, (long long)(sod / 3600), (long long)(sod / 60 % 60), (long long)(sod % 60));
}
