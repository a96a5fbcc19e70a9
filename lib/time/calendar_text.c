/* The text form of a calendar (grammar in include/cxkpi/calendar.h). Every rule is applied
 * through the public setters, so text and programmatic calendars are the same thing. */
#include "cxkpi/calendar.h"

#include <stdbool.h>
#include <string.h>

typedef struct text_cursor {
    const char *p, *end;
} text_cursor;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void skip_blanks(text_cursor *c)
{
    while (c->p < c->end && is_blank(*c->p))
        c->p++;
}

/* Next word (up to a blank); false at the end of the line. */
static bool next_word(text_cursor *c, text_cursor *word)
{
    skip_blanks(c);
    if (c->p >= c->end)
        return false;
    word->p = c->p;
    while (c->p < c->end && !is_blank(*c->p))
        c->p++;
    word->end = c->p;
    return true;
}

static bool word_is(const text_cursor *w, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(w->end - w->p) == n && memcmp(w->p, s, n) == 0;
}

/* Exactly `digits` decimal digits. */
static bool fixed_number(text_cursor *c, int digits, int32_t *out)
{
    int32_t v = 0;
    for (int i = 0; i < digits; i++) {
        if (c->p >= c->end || !is_digit(*c->p))
            return false;
        v = v * 10 + (*c->p++ - '0');
    }
    *out = v;
    return true;
}

static bool expect(text_cursor *c, char ch)
{
    if (c->p >= c->end || *c->p != ch)
        return false;
    c->p++;
    return true;
}

/* HH:MM[:SS], at most 24:00:00. */
static bool parse_time(text_cursor *c, int32_t *out)
{
    int32_t h, m, s = 0;
    if (!fixed_number(c, 2, &h) || !expect(c, ':') || !fixed_number(c, 2, &m))
        return false;
    if (c->p < c->end && *c->p == ':' && (c->p++, !fixed_number(c, 2, &s)))
        return false;
    if (h > 24 || m > 59 || s > 59 || (h == 24 && (m != 0 || s != 0)))
        return false;
    *out = h * 3600 + m * 60 + s;
    return true;
}

/* A whole word TIME-TIME. */
static bool parse_interval(text_cursor w, int32_t *start, int32_t *end)
{
    return parse_time(&w, start) && expect(&w, '-') && parse_time(&w, end) && w.p == w.end;
}

/* A whole word YYYY-MM-DD. */
static bool parse_date(text_cursor w, int32_t *y, int32_t *m, int32_t *d)
{
    return fixed_number(&w, 4, y) && expect(&w, '-') && fixed_number(&w, 2, m) &&
           expect(&w, '-') && fixed_number(&w, 2, d) && w.p == w.end;
}

static int day_index(text_cursor *c)
{
    static const char names[7][4] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (c->end - c->p < 3)
        return -1;
    for (int i = 0; i < 7; i++) {
        if (memcmp(c->p, names[i], 3) == 0) {
            c->p += 3;
            return i;
        }
    }
    return -1;
}

/* days = dayrange {"," dayrange}; 0 when the word is not a day list. */
static unsigned parse_days(text_cursor w)
{
    if (word_is(&w, "daily"))
        return CXKPI_EVERY_DAY;
    unsigned mask = 0;
    for (;;) {
        int a = day_index(&w), b;
        if (a < 0)
            return 0;
        b = a;
        if (w.p < w.end && *w.p == '-') {
            w.p++;
            if ((b = day_index(&w)) < 0)
                return 0;
        }
        for (int d = a;; d = (d + 1) % 7) { /* ranges may wrap: fri-mon */
            mask |= 1u << d;
            if (d == b)
                break;
        }
        if (w.p == w.end)
            return mask;
        if (*w.p++ != ',')
            return 0;
    }
}

/* [+|-]HH:MM[:SS] with a sign. */
static bool parse_offset(text_cursor w, int32_t *out)
{
    if (w.p >= w.end || (*w.p != '+' && *w.p != '-'))
        return false;
    int32_t sign = *w.p++ == '-' ? -1 : 1, t;
    if (!parse_time(&w, &t) || w.p != w.end || t >= 86400)
        return false;
    *out = sign * t;
    return true;
}

/* Applies one line (comment already cut). */
static cxkpi_status apply_line(cxkpi_calendar *cal, text_cursor line, bool *zone_set)
{
    text_cursor w, arg;
    if (!next_word(&line, &w))
        return CXKPI_OK; /* empty */
    int32_t y = 0, m = 0, d = 0, a = 0, b = 0;
    cxkpi_status st;
    bool is_offset = word_is(&w, "offset");
    if (is_offset || word_is(&w, "tz")) {
        text_cursor extra;
        if (*zone_set || !next_word(&line, &arg) || next_word(&line, &extra) ||
            arg.end - arg.p > 255)
            return CXKPI_EFORMAT;
        *zone_set = true;
        if (is_offset) {
            if (!parse_offset(arg, &a))
                return CXKPI_EFORMAT;
            return cxkpi_calendar_set_utc_offset(cal, a);
        }
        char name[256];
        memcpy(name, arg.p, (size_t)(arg.end - arg.p));
        name[arg.end - arg.p] = 0;
        st = cxkpi_calendar_set_timezone(cal, name);
        return st == CXKPI_EINVAL ? CXKPI_EFORMAT : st;
    }
    if (word_is(&w, "holiday")) {
        if (!next_word(&line, &arg) || !parse_date(arg, &y, &m, &d) || next_word(&line, &w))
            return CXKPI_EFORMAT;
        st = cxkpi_calendar_add_holiday(cal, y, m, d);
        return st == CXKPI_ERANGE ? CXKPI_EFORMAT : st;
    }
    bool closure = word_is(&w, "closed");
    unsigned days = 0;
    if (closure) {
        if (!next_word(&line, &arg) || !parse_date(arg, &y, &m, &d))
            return CXKPI_EFORMAT;
    } else if ((days = parse_days(w)) == 0) {
        return CXKPI_EFORMAT;
    }
    bool any = false;
    while (next_word(&line, &arg)) {
        if (!parse_interval(arg, &a, &b))
            return CXKPI_EFORMAT;
        st = closure ? cxkpi_calendar_add_closure(cal, y, m, d, a, b)
                     : cxkpi_calendar_add_interval(cal, days, a, b);
        if (st != CXKPI_OK)
            return st == CXKPI_ERANGE ? CXKPI_EFORMAT : st;
        any = true;
    }
    return any ? CXKPI_OK : CXKPI_EFORMAT;
}

cxkpi_status cxkpi_calendar_parse(cxkpi_calendar **out, const char *text, size_t len,
                                  size_t *error_line)
{
    if (error_line)
        *error_line = 0;
    if (!out || (!text && len > 0))
        return CXKPI_EINVAL;
    cxkpi_calendar *cal;
    cxkpi_status st = cxkpi_calendar_new(&cal);
    if (st != CXKPI_OK)
        return st;
    bool zone_set = false;
    size_t lineno = 0;
    const char *p = text, *end = text ? text + len : text;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        lineno++;
        text_cursor line = {p, eol};
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        if (hash)
            line.end = hash;
        st = memchr(p, 0, (size_t)(eol - p)) ? CXKPI_EFORMAT : apply_line(cal, line, &zone_set);
        if (st != CXKPI_OK) {
            if (error_line && st != CXKPI_ENOMEM)
                *error_line = lineno;
            cxkpi_calendar_free(cal);
            return st;
        }
        p = nl ? nl + 1 : end;
    }
    *out = cal;
    return CXKPI_OK;
}
