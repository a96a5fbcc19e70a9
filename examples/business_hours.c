/* A New York support desk open 09:00-17:00 Monday to Friday, closed on US federal holidays:
 * working time and "due at" for a few tickets across a weekend, a holiday and the March
 * change to daylight saving time, and a ticket clock paused while pending on the customer.
 *
 * Reads America/New_York from $TZDIR or /usr/share/zoneinfo (Debian: package tzdata).
 * To feed an SLA or duration accumulator, pass it the seconds printed here. */
#include <stdio.h>
#include <string.h>

#include <cxkpi.h>

static const char DESK[] =
    "# New York support desk\n"
    "tz America/New_York\n"
    "mon-fri 09:00-17:00\n"
    "# US federal holidays 2026 (Independence Day observed on Friday July 3)\n"
    "holiday 2026-01-01\n"
    "holiday 2026-01-19\n"
    "holiday 2026-02-16\n"
    "holiday 2026-05-25\n"
    "holiday 2026-06-19\n"
    "holiday 2026-07-03\n"
    "holiday 2026-09-07\n"
    "holiday 2026-10-12\n"
    "holiday 2026-11-11\n"
    "holiday 2026-11-26\n"
    "holiday 2026-12-25\n"
    "closed 2026-12-24 13:00-17:00\n";

/* Seconds since the epoch of a local wall time at a given UTC offset (hours). */
static long long instant(int y, int m, int d, int hh, int mm, int offset_hours)
{
    long long yy = m <= 2 ? y - 1 : y;
    long long era = (yy >= 0 ? yy : yy - 399) / 400;
    long long yoe = yy - era * 400;
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return days * 86400 + hh * 3600 + mm * 60 - offset_hours * 3600LL;
}

/* Formats an instant as local time "YYYY-MM-DD HH:MM (UTC-05:00)". */
static const char *local(const cxkpi_calendar *cal, long long t, char *buf, size_t n)
{
    int32_t off = 0;
    if (cxkpi_calendar_utc_offset(cal, t, &off) != CXKPI_OK)
        return "?";
    long long z = (t + off) / 86400 + 719468, sec = (t + off) % 86400;
    long long era = z / 146097, doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    long long y = yoe + era * 400 + (m <= 2);
    int ao = off < 0 ? -off : off;
    snprintf(buf, n, "%04lld-%02d-%02d %02lld:%02lld (UTC%c%02d:%02d)", y, m, d, sec / 3600,
             sec / 60 % 60, off < 0 ? '-' : '+', ao / 3600, ao / 60 % 60);
    return buf;
}

struct ticket {
    const char *what;
    long long created, answered;
};

int main(void)
{
    cxkpi_calendar *cal;
    size_t line;
    cxkpi_status st = cxkpi_calendar_parse(&cal, DESK, strlen(DESK), &line);
    if (st != CXKPI_OK) {
        fprintf(stderr, "calendar, line %zu: %s (is tzdata installed?)\n", line, cxkpi_status_str(st));
        return 1;
    }
    const struct ticket tickets[] = {
        /* 30 min Friday + 75 min Monday = 1 h 45 min */
        {"across a weekend", instant(2026, 11, 20, 16, 30, -5), instant(2026, 11, 23, 10, 15, -5)},
        /* 2 h Wednesday, Thanksgiving off, 2 h Friday = 4 h */
        {"across Thanksgiving", instant(2026, 11, 25, 15, 0, -5), instant(2026, 11, 27, 11, 0, -5)},
        /* 2 h Friday (EST) + 1 h 30 min Monday (EDT) = 3 h 30 min of 66 h 30 min real time */
        {"across the March DST change", instant(2026, 3, 6, 15, 0, -5), instant(2026, 3, 9, 10, 30, -4)},
        /* created outside hours: counts from Monday 09:00, 45 min */
        {"created on a Sunday", instant(2026, 3, 8, 20, 0, -4), instant(2026, 3, 9, 9, 45, -4)},
    };
    const long long sla = 8 * 3600; /* reply within one working day */
    char a[64], b[64];
    printf("Support desk: America/New_York, Mon-Fri 09:00-17:00, US holidays; SLA 8 working hours\n\n");
    for (size_t i = 0; i < sizeof tickets / sizeof *tickets; i++) {
        const struct ticket *t = &tickets[i];
        int64_t worked, due;
        if (cxkpi_calendar_elapsed(cal, t->created, t->answered, &worked) != CXKPI_OK ||
            cxkpi_calendar_add(cal, t->created, sla, &due) != CXKPI_OK) {
            fprintf(stderr, "calendar query failed\n");
            cxkpi_calendar_free(cal);
            return 1;
        }
        printf("%s\n  created  %s\n  answered %s\n", t->what, local(cal, t->created, a, sizeof a),
               local(cal, t->answered, b, sizeof b));
        printf("  wall clock %.2f h, working time %lld h %02lld min, SLA due %s: %s\n\n",
               (double)(t->answered - t->created) / 3600.0, (long long)worked / 3600,
               (long long)worked / 60 % 60, local(cal, due, a, sizeof a),
               worked <= sla ? "met" : "breached");
    }

    /* A ticket clock: created Monday 10:00, pending on the customer from 11:00 to Tuesday
     * 14:00, resolved Tuesday 15:00 -> 1 h + 1 h = 2 h of working time. */
    cxkpi_ticket_clock *clk;
    if (cxkpi_ticket_clock_new(&clk, cal) != CXKPI_OK) {
        cxkpi_calendar_free(cal);
        return 1;
    }
    int64_t due, worked;
    cxkpi_ticket_clock_start(clk, instant(2026, 3, 9, 10, 0, -4));
    cxkpi_ticket_clock_pause(clk, instant(2026, 3, 9, 11, 0, -4));
    cxkpi_ticket_clock_resume(clk, instant(2026, 3, 10, 14, 0, -4));
    if (cxkpi_ticket_clock_due(clk, sla, &due) == CXKPI_OK)
        printf("paused ticket: 1 h counted before the pause, SLA now due %s\n", local(cal, due, a, sizeof a));
    cxkpi_ticket_clock_stop(clk, instant(2026, 3, 10, 15, 0, -4));
    if (cxkpi_ticket_clock_seconds(clk, 0, &worked) == CXKPI_OK)
        printf("paused ticket resolved after %lld working minutes (feed %lld s to an SLA accumulator)\n",
               (long long)worked / 60, (long long)worked);
    cxkpi_ticket_clock_free(clk);
    cxkpi_calendar_free(cal);
    return 0;
}
