/* timestamp.c — ISO 8601 / RFC 3339 and Unix-seconds parsing; see timestamp.h. */
#include "timestamp.h"

#include <stdio.h>
#include <string.h>

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

static int check_time(int64_t hour, int64_t minute, int64_t second, const char **why)
{
    if (hour > 23)
        return fail(why, "hour out of range (0-23)");
    if (minute > 59)
        return fail(why, "minute out of range (0-59)");
    if (second > 60)
        return fail(why, "second out of range (0-60)");
    return 0;
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
    int has_zone;
    return ts_parse_zone(text, len, out, &has_zone, why);
}

int ts_parse_zone(const char *text, size_t len, int64_t *out, int *has_zone, const char **why)
{
    const char *p = text, *end = text + len;
    int zoned = 0;
    int64_t year, month, day, hour = 0, minute = 0, second = 0;

    if (text == NULL || len == 0)
        return fail(why, "empty timestamp");
    /* "YYYY-" marks the calendar form; everything else must be Unix seconds. */
    if (len < 5 || p[4] != '-' || p[0] == '-') {
        *has_zone = 1;
        return parse_unix(text, end, out, why);
    }

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
        if (check_time(hour, minute, second, why) != 0)
            return -1;
        if (p < end) {
            zoned = 1;
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
    *has_zone = zoned;
    return 0;
}

void ts_format(int64_t t, char *buf, size_t cap)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sod = t - days * 86400, y;
    unsigned m, d;
    ts_civil_from_days(days, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", (long long)y, m, d,
             (long long)(sod / 3600), (long long)(sod / 60 % 60), (long long)(sod % 60));
}

void ts_civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    /* Hinnant's civil_from_days. */
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
    *year = y;
    *month = (unsigned)m;
    *day = (unsigned)d;
}

/* ---- strftime-style formats --------------------------------------------------------- */

static int nocase_prefix(const char *p, const char *end, const char *word)
{
    size_t n = 0;
    for (; word[n]; n++) {
        if (p + n >= end)
            return 0;
        char c = p[n];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[n])
            return 0;
    }
    return (int)n;
}

/* 1 to `max` digits at *p. A value past INT64_MAX / 10 stops growing (only the
 * discarded fraction of %f can be that long), so a long run of digits cannot overflow. */
static int num(const char **p, const char *end, int max, int64_t *v)
{
    int64_t x = 0;
    int n = 0;
    while (n < max && *p < end && **p >= '0' && **p <= '9') {
        if (x <= (INT64_MAX - 9) / 10)
            x = x * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n == 0)
        return -1;
    *v = x;
    return 0;
}

/* Month or weekday name, full or three-letter, lower case: returns the index or -1. */
static int name_of(const char **p, const char *end, const char *const *names, int count)
{
    for (int i = 0; i < count; i++) {
        int n = nocase_prefix(*p, end, names[i]);
        if (n) {
            *p += n;
            return i;
        }
    }
    for (int i = 0; i < count; i++) {
        char abbr[4] = {names[i][0], names[i][1], names[i][2], 0};
        int n = nocase_prefix(*p, end, abbr);
        if (n) {
            *p += n;
            return i;
        }
    }
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int ts_parse_format(const char *fmt, const char *text, size_t len, int64_t *out, int *has_zone,
                    const char **why)
{
    static const char *const months[] = {"january", "february", "march", "april", "may", "june",
                                         "july", "august", "september", "october", "november",
                                         "december"};
    static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};
    const char *p = text, *end = text + len;
    int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0, v;
    int pm = -1, twelve = 0, zoned = 0, unix_given = 0;
    int64_t unix_value = 0;
    char expanded[256];

    /* Expand the composite directives once, so the loop below sees simple ones. */
    size_t k = 0;
    for (const char *f = fmt; *f; f++) {
        const char *rep = NULL;
        if (f[0] == '%' && f[1]) {
            switch (f[1]) {
            case 'T': rep = "%H:%M:%S"; break;
            case 'F': rep = "%Y-%m-%d"; break;
            case 'D': rep = "%m/%d/%y"; break;
            case 'R': rep = "%H:%M"; break;
            default: break;
            }
        }
        if (rep) {
            size_t n = strlen(rep);
            if (k + n >= sizeof expanded)
                return fail(why, "time format too long");
            memcpy(expanded + k, rep, n);
            k += n;
            f++;
        } else {
            if (k + 1 >= sizeof expanded)
                return fail(why, "time format too long");
            expanded[k++] = *f;
        }
    }
    expanded[k] = '\0';

    for (const char *f = expanded; *f; f++) {
        if (is_blank(*f)) {
            while (p < end && is_blank(*p))
                p++;
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (p == end || *p != *f)
                return fail(why, "does not match the time format");
            p++;
            if (*f == '%')
                f++;
            continue;
        }
        f++;
        /* The numeric fields: up to `width` digits each. */
        int64_t *slot = NULL;
        int width = 2;
        const char *what = NULL;
        switch (*f) {
        case 'Y': slot = &year; width = 4; what = "year is not a number"; break;
        case 'y': slot = &year; what = "year is not a number"; break;
        case 'm': slot = &month; what = "month is not a number"; break;
        case 'd': case 'e': slot = &day; what = "day is not a number"; break;
        case 'H': case 'I': slot = &hour; what = "hour is not a number"; break;
        case 'M': slot = &minute; what = "minute is not a number"; break;
        case 'S': slot = &second; what = "second is not a number"; break;
        case 'f': slot = &v; width = 64; what = "fraction of a second is not a number"; break;
        default: break;
        }
        if (slot) {
            while (*f == 'e' && p < end && *p == ' ')
                p++;
            if (num(&p, end, width, slot))
                return fail(why, what);
            if (*f == 'y')
                year += year < 69 ? 2000 : 1900; /* the POSIX strptime rule */
            twelve |= *f == 'I';
            continue;
        }
        switch (*f) {
        case 'p': {
            int n;
            if ((n = nocase_prefix(p, end, "am")) || (n = nocase_prefix(p, end, "a.m."))) {
                pm = 0;
            } else if ((n = nocase_prefix(p, end, "pm")) || (n = nocase_prefix(p, end, "p.m."))) {
                pm = 1;
            } else {
                return fail(why, "expected AM or PM");
            }
            p += n;
            break;
        }
        case 'b':
        case 'h':
        case 'B': {
            int m = name_of(&p, end, months, 12);
            if (m < 0)
                return fail(why, "not a month name");
            month = m + 1;
            break;
        }
        case 'a':
        case 'A':
            if (name_of(&p, end, weekdays, 7) < 0)
                return fail(why, "not a weekday name");
            break;
        case 'Z': {
            int n;
            if ((n = nocase_prefix(p, end, "utc")) || (n = nocase_prefix(p, end, "gmt")) ||
                (n = nocase_prefix(p, end, "z"))) {
                p += n;
                zoned = 1;
            } else {
                return fail(why, "zone name other than UTC/GMT (use %z with an offset)");
            }
            break;
        }
        case 'z': {
            if (p < end && (*p == 'Z' || *p == 'z')) {
                p++;
                zoned = 1;
                offset = 0;
                break;
            }
            if (p == end || (*p != '+' && *p != '-'))
                return fail(why, "expected a zone offset (+HH:MM)");
            int sign = *p++ == '-' ? -1 : 1;
            int64_t oh, om = 0;
            if (digits(&p, end, 2, &oh))
                return fail(why, "zone offset is not +HH:MM");
            if (p < end && *p == ':')
                p++;
            if (p < end && *p >= '0' && *p <= '9' && digits(&p, end, 2, &om))
                return fail(why, "zone offset is not +HH:MM");
            if (oh > 23 || om > 59)
                return fail(why, "zone offset out of range");
            offset = sign * (oh * 3600 + om * 60);
            zoned = 1;
            break;
        }
        case 's': {
            const char *start = p;
            if (p < end && *p == '-')
                p++;
            while (p < end && *p >= '0' && *p <= '9')
                p++;
            if (parse_unix(start, p, &unix_value, why) != 0)
                return -1;
            unix_given = 1;
            break;
        }
        case 'n':
        case 't':
            while (p < end && is_blank(*p))
                p++;
            break;
        default:
            return fail(why, "unsupported directive in the time format");
        }
    }
    if (p != end)
        return fail(why, "unexpected text after the time format");
    if (unix_given) {
        *out = unix_value;
        *has_zone = 1;
        return 0;
    }
    if (twelve) {
        if (hour < 1 || hour > 12)
            return fail(why, "hour out of range (1-12 with %I)");
        if (pm < 0)
            return fail(why, "%I without %p");
        hour = hour % 12 + (pm ? 12 : 0);
    } else if (pm >= 0) {
        if (hour < 1 || hour > 12)
            return fail(why, "hour out of range (1-12 with AM/PM)");
        hour = hour % 12 + (pm ? 12 : 0);
    }
    if (month < 1 || month > 12)
        return fail(why, "month out of range (1-12)");
    if (day < 1 || day > (int64_t)days_in_month(year, (unsigned)month))
        return fail(why, "day out of range for its month");
    if (check_time(hour, minute, second, why) != 0)
        return -1;
    int64_t t = ts_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 + hour * 3600 +
                minute * 60 + second - offset;
    if (t < TS_MIN || t > TS_MAX)
        return fail(why, "timestamp outside the years 0000-9999");
    *out = t;
    *has_zone = zoned;
    return 0;
}
