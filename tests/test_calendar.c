/* Business-hours calendars, their text form and the ticket clock. Expected values are
 * worked out by hand in the comments; a brute-force oracle built on the C library's own
 * localtime_r() (an independent time zone implementation) checks random spans. The zones
 * come from tests/zoneinfo/tzdata.zi compiled by zic at build time (CXKPI_TEST_TZDIR), so
 * results do not depend on the machine's tzdata. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxkpi.h"
#include "helpers.h"

#define MIN 60
#define H 3600
#define DAY 86400


/* Instant of local wall time y-m-d hh:mm in a zone `off_h` hours east of UTC. */
static int64_t at(int y, int mo, int d, int h, int mi, int off_h)
{
    return test_days(y, mo, d) * DAY + h * H + mi * MIN - off_h * H;
}

static int setup_tzdir(void **state)
{
    (void)state;
    const char *dir = getenv("CXKPI_TEST_TZDIR");
    if (dir && *dir)
        return setenv("TZDIR", dir, 1);
    print_message("zic was not found when configuring: the tests needing zones are skipped\n");
    return 0;
}

static bool have_zones(void)
{
    const char *dir = getenv("CXKPI_TEST_TZDIR");
    return dir && *dir;
}

static cxkpi_calendar *parse(const char *text)
{
    cxkpi_calendar *cal = NULL;
    size_t line = 99;
    cxkpi_status st = cxkpi_calendar_parse(&cal, text, strlen(text), &line);
    if (st != CXKPI_OK)
        fail_msg("parse failed: %s at line %zu", cxkpi_status_str(st), line);
    assert_int_equal(line, 0);
    return cal;
}

static int64_t elapsed(const cxkpi_calendar *cal, int64_t a, int64_t b)
{
    int64_t s = -1;
    assert_int_equal(cxkpi_calendar_elapsed(cal, a, b, &s), CXKPI_OK);
    return s;
}

static int64_t due(const cxkpi_calendar *cal, int64_t a, int64_t w)
{
    int64_t d = -1;
    assert_int_equal(cxkpi_calendar_add(cal, a, w, &d), CXKPI_OK);
    return d;
}

#define NY_DESK "tz America/New_York\nmon-fri 09:00-18:00\nholiday 2026-11-26\n"

/* New York desk, Mon-Fri 09:00-18:00, Thanksgiving 2026-11-26 off. November 2026 after
 * the 1st is EST (-5). 2026-11-20 is a Friday (Jan 1 2026 is a Thursday; Nov 20 is day
 * 323 from Jan 1, 323 % 7 = 1 -> Friday). */
static void new_york_hand_cases(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse(NY_DESK);
    /* the example: Fri 17:55 -> Mon 09:05 = 5 min Friday + 5 min Monday = 600 s */
    assert_int_equal(elapsed(cal, at(2026, 11, 20, 17, 55, -5), at(2026, 11, 23, 9, 5, -5)), 600);
    /* inside one day: Tue 10:00 -> 15:30 = 5.5 h = 19800 s */
    assert_int_equal(elapsed(cal, at(2026, 11, 24, 10, 0, -5), at(2026, 11, 24, 15, 30, -5)), 19800);
    /* across a night: Tue 16:00 -> Wed 10:00 = 2 h + 1 h = 10800 s */
    assert_int_equal(elapsed(cal, at(2026, 11, 24, 16, 0, -5), at(2026, 11, 25, 10, 0, -5)), 10800);
    /* across the holiday: Wed 17:00 -> Fri 10:00 = 1 h + 0 (Thanksgiving) + 1 h = 7200 s */
    assert_int_equal(elapsed(cal, at(2026, 11, 25, 17, 0, -5), at(2026, 11, 27, 10, 0, -5)), 7200);
    /* start outside hours: Sat 12:00 -> Mon 10:00 = 1 h */
    assert_int_equal(elapsed(cal, at(2026, 11, 21, 12, 0, -5), at(2026, 11, 23, 10, 0, -5)), 3600);
    /* empty span */
    assert_int_equal(elapsed(cal, at(2026, 11, 24, 10, 0, -5), at(2026, 11, 24, 10, 0, -5)), 0);
    /* a whole week Mon 00:00 -> Mon 00:00 = 5 x 9 h = 162000 s; with Thanksgiving 4 x 9 h */
    assert_int_equal(elapsed(cal, at(2026, 11, 16, 0, 0, -5), at(2026, 11, 23, 0, 0, -5)), 162000);
    assert_int_equal(elapsed(cal, at(2026, 11, 23, 0, 0, -5), at(2026, 11, 30, 0, 0, -5)), 129600);

    /* add(): 600 s from Fri 17:55 is Mon 09:05; from Sat 12:00 (closed) 1 h is Mon 10:00 */
    assert_true(due(cal, at(2026, 11, 20, 17, 55, -5), 600) == at(2026, 11, 23, 9, 5, -5));
    assert_true(due(cal, at(2026, 11, 21, 12, 0, -5), 3600) == at(2026, 11, 23, 10, 0, -5));
    /* 0 s is the start itself, even outside hours */
    assert_true(due(cal, at(2026, 11, 21, 12, 0, -5), 0) == at(2026, 11, 21, 12, 0, -5));
    /* a due time on a closing time stays there: Wed 09:00 + 9 h = Wed 18:00 (not Fri 09:00) */
    assert_true(due(cal, at(2026, 11, 25, 9, 0, -5), 9 * H) == at(2026, 11, 25, 18, 0, -5));
    /* 9 h + 1 s from Wed 09:00 skips Thanksgiving: Fri 09:00:01 */
    assert_true(due(cal, at(2026, 11, 25, 9, 0, -5), 9 * H + 1) == at(2026, 11, 27, 9, 0, -5) + 1);
    int64_t wk;
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 5 * 9 * H);
    cxkpi_calendar_free(cal);
}

/* Several intervals a day, and a partial closure: Thu 2026-12-24 closes at 13:00.
 * Mon-Fri 09:00-12:30 13:30-18:00 -> 3.5 h + 4.5 h = 8 h a day. */
static void intervals_and_closures(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz America/New_York\n"
                                "mon-fri 09:00-12:30 13:30-18:00\n"
                                "closed 2026-12-24 13:00-24:00\n");
    /* Mon 2026-12-21 whole day = 8 h */
    assert_int_equal(elapsed(cal, at(2026, 12, 21, 0, 0, -5), at(2026, 12, 22, 0, 0, -5)), 8 * H);
    /* lunch does not count: 12:00 -> 14:00 = 30 min + 30 min */
    assert_int_equal(elapsed(cal, at(2026, 12, 21, 12, 0, -5), at(2026, 12, 21, 14, 0, -5)), H);
    /* Christmas Eve: only 09:00-12:30 = 3.5 h */
    assert_int_equal(elapsed(cal, at(2026, 12, 24, 0, 0, -5), at(2026, 12, 25, 0, 0, -5)), 12600);
    /* overlapping intervals merge: adding 10:00-11:00 changes nothing */
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, 10 * H, 11 * H), CXKPI_OK);
    assert_int_equal(elapsed(cal, at(2026, 12, 21, 0, 0, -5), at(2026, 12, 22, 0, 0, -5)), 8 * H);
    /* and filling lunch makes 09:00-18:00 = 9 h on Mondays */
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, 12 * H + 30 * MIN, 13 * H + 30 * MIN), CXKPI_OK);
    assert_int_equal(elapsed(cal, at(2026, 12, 21, 0, 0, -5), at(2026, 12, 22, 0, 0, -5)), 9 * H);
    /* a second closure on the same date merges: 09:00-10:00 too -> 2.5 h left */
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 12, 24, 9 * H, 10 * H), CXKPI_OK);
    assert_int_equal(elapsed(cal, at(2026, 12, 24, 0, 0, -5), at(2026, 12, 25, 0, 0, -5)), 9000);
    /* a holiday on top of a closure: nothing */
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 12, 24), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 12, 24), CXKPI_OK);
    assert_int_equal(elapsed(cal, at(2026, 12, 24, 0, 0, -5), at(2026, 12, 25, 0, 0, -5)), 0);
    cxkpi_calendar_free(cal);
}

/* America/New_York, 2026: spring forward Sun Mar 8 at 02:00 EST (-> 03:00 EDT), fall back
 * Sun Nov 1 at 02:00 EDT (-> 01:00 EST). Working hours every day 01:00-03:00. */
static void new_york_dst(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz America/New_York\ndaily 01:00-03:00\n");
    /* Mar 8 local day = [00:00 EST, 24:00 EDT) = [05:00Z, Mar 9 04:00Z): 01:00-02:00 EST
     * exists, 02:00-03:00 does not -> 1 h */
    assert_int_equal(elapsed(cal, at(2026, 3, 8, 0, 0, -5), at(2026, 3, 9, 0, 0, -4)), H);
    /* Nov 1 local day = [00:00 EDT, 24:00 EST) = [04:00Z, Nov 2 05:00Z), 25 h: 01:00-02:00
     * EDT, 01:00-02:00 EST again, 02:00-03:00 EST -> 3 h */
    assert_int_equal(elapsed(cal, at(2026, 11, 1, 0, 0, -4), at(2026, 11, 2, 0, 0, -5)), 3 * H);
    /* ordinary days around them: 2 h each */
    assert_int_equal(elapsed(cal, at(2026, 3, 7, 0, 0, -5), at(2026, 3, 8, 0, 0, -5)), 2 * H);
    assert_int_equal(elapsed(cal, at(2026, 11, 2, 0, 0, -5), at(2026, 11, 3, 0, 0, -5)), 2 * H);
    /* add over the gap: 1 h from Mar 8 01:00 EST ends at 02:00 EST = 03:00 EDT = 07:00Z;
     * 1 h + 1 s is Mar 9 01:00:01 EDT */
    assert_true(due(cal, at(2026, 3, 8, 1, 0, -5), H) == at(2026, 3, 8, 3, 0, -4));
    assert_true(due(cal, at(2026, 3, 8, 1, 0, -5), H + 1) == at(2026, 3, 9, 1, 0, -4) + 1);
    /* over the repeat: 90 min from Nov 1 01:00 EDT = 01:00 EDT..02:00 EDT (60) then
     * 01:00 EST + 30 min = 01:30 EST */
    assert_true(due(cal, at(2026, 11, 1, 1, 0, -4), 90 * MIN) == at(2026, 11, 1, 1, 30, -5));
    cxkpi_calendar_free(cal);

    /* The March case with 9-17 hours: Fri Mar 6 16:00 EST -> Mon Mar 9 10:00 EDT =
     * 1 h Friday + 1 h Monday, although the wall clock says 66 h and UTC 65 h. */
    cal = parse("tz America/New_York\nmon-fri 09:00-17:00\n");
    assert_int_equal(elapsed(cal, at(2026, 3, 6, 16, 0, -5), at(2026, 3, 9, 10, 0, -4)), 2 * H);
    assert_true(due(cal, at(2026, 3, 6, 16, 0, -5), 2 * H) == at(2026, 3, 9, 10, 0, -4));
    /* across the autumn change: Fri Oct 30 16:00 EDT -> Mon Nov 2 10:00 EST = 2 h */
    assert_int_equal(elapsed(cal, at(2026, 10, 30, 16, 0, -4), at(2026, 11, 2, 10, 0, -5)), 2 * H);
    cxkpi_calendar_free(cal);
}

/* Europe/Berlin, 2026: Sun Mar 29 02:00 CET -> 03:00 CEST at 01:00Z; Sun Oct 25
 * 03:00 CEST -> 02:00 CET at 01:00Z. Every day 01:00-04:00. */
static void berlin_dst(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz Europe/Berlin\ndaily 01:00-04:00\n");
    /* Mar 29: 01:00-02:00 CET + 03:00-04:00 CEST = 2 h */
    assert_int_equal(elapsed(cal, at(2026, 3, 29, 0, 0, 1), at(2026, 3, 30, 0, 0, 2)), 2 * H);
    /* Oct 25: 01:00-03:00 CEST + 02:00-04:00 CET = 4 h */
    assert_int_equal(elapsed(cal, at(2026, 10, 25, 0, 0, 2), at(2026, 10, 26, 0, 0, 1)), 4 * H);
    /* ordinary day: 3 h */
    assert_int_equal(elapsed(cal, at(2026, 10, 26, 0, 0, 1), at(2026, 10, 27, 0, 0, 1)), 3 * H);
    cxkpi_calendar_free(cal);
    /* office hours cross the change unharmed: Fri Mar 27 17:00 CET -> Mon Mar 30 09:30 CEST
     * under Mon-Fri 08:00-18:00 = 1 h + 1.5 h */
    cal = parse("tz Europe/Berlin\nmon-fri 08:00-18:00\n");
    assert_int_equal(elapsed(cal, at(2026, 3, 27, 17, 0, 1), at(2026, 3, 30, 9, 30, 2)), 9000);
    cxkpi_calendar_free(cal);
}

/* A fixed offset, +05:30: Mon 2026-11-23 09:00 local = 03:30Z; 8 h to 17:00 local. */
static void fixed_offset(void **state)
{
    (void)state;
    cxkpi_calendar *cal = parse("offset +05:30\nmon-fri 09:00-17:00\n");
    int64_t open = test_days(2026, 11, 23) * DAY + 3 * H + 30 * MIN;
    assert_int_equal(elapsed(cal, open - H, open + 9 * H), 8 * H);
    int32_t off;
    assert_int_equal(cxkpi_calendar_utc_offset(cal, open, &off), CXKPI_OK);
    assert_int_equal(off, 19800);
    cxkpi_calendar_free(cal);
    cal = parse("offset -03:00\nmon 00:00-24:00\n");
    /* Mon 2026-11-23 00:00-24:00 at -3 = [03:00Z, Tue 03:00Z) */
    assert_int_equal(elapsed(cal, test_days(2026, 11, 23) * DAY, test_days(2026, 11, 24) * DAY), 21 * H);
    cxkpi_calendar_free(cal);
}

/* 24/7 equals plain elapsed time, also over DST changes: 2026 = 365 x 86400 s, 2024 =
 * 366 x 86400 s, and random spans. */
static void around_the_clock(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz America/New_York\ndaily 00:00-24:00\n");
    int64_t y26 = test_days(2026, 1, 1) * DAY, y27 = test_days(2027, 1, 1) * DAY;
    assert_int_equal(elapsed(cal, y26, y27), 365LL * DAY);
    assert_int_equal(elapsed(cal, test_days(2024, 1, 1) * DAY, y26 - 365LL * DAY), 366LL * DAY);
    uint64_t seed = 11;
    for (int i = 0; i < 2000; i++) {
        int64_t a = y26 + (int64_t)(test_rand(&seed) % (400ull * DAY));
        int64_t b = a + (int64_t)(test_rand(&seed) % (40ull * DAY));
        assert_int_equal(elapsed(cal, a, b), b - a);
        assert_int_equal(due(cal, a, b - a), b);
    }
    /* decades: 2000-01-01 -> 2100-01-01 = 36525 days */
    assert_int_equal(elapsed(cal, test_days(2000, 1, 1) * DAY, test_days(2100, 1, 1) * DAY), 36525LL * DAY);
    cxkpi_calendar_free(cal);
}

/* Spans of years: 52 whole weeks from Mon 2026-01-05, Mon-Fri 09:00-17:00 in New York:
 * 52 x 5 x 8 h = 7 488 000 s (DST changes happen at 02:00, outside the hours); 1000 weeks
 * = 1000 x 40 h = 144 000 000 s. */
static void long_spans(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz America/New_York\nmon-fri 09:00-17:00\n");
    int64_t mon = at(2026, 1, 5, 0, 0, -5);
    assert_int_equal(elapsed(cal, mon, mon + 52 * 7 * DAY), 7488000);
    /* (1000 weeks later is Mon 2045-03-06 00:00 EST; + 9 h ends at the opening, 09:00) */
    assert_int_equal(elapsed(cal, mon, mon + 1000 * 7 * DAY + 9 * H), 144000000);
    /* and add() back: 1000 weeks of work from Mon 00:00 EST end on a Friday 17:00 */
    int64_t d = due(cal, mon, 144000000);
    assert_int_equal(elapsed(cal, mon, d), 144000000);
    assert_int_equal(elapsed(cal, d, d + 2 * DAY + 9 * H), 0); /* the weekend follows */
    cxkpi_calendar_free(cal);
}

/* Intervals across midnight: Fri 22:00-06:00 in UTC is Fri 22:00-24:00 and Sat 00:00-06:00.
 * Fri 2026-11-20 21:00Z -> Sat 07:00Z = 8 h; a holiday on Saturday removes its 6 h. */
static void across_midnight(void **state)
{
    (void)state;
    cxkpi_calendar *cal = parse("fri 22:00-06:00\n"); /* no tz line: UTC */
    assert_int_equal(elapsed(cal, at(2026, 11, 20, 21, 0, 0), at(2026, 11, 21, 7, 0, 0)), 8 * H);
    int64_t wk;
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 8 * H);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 11, 21), CXKPI_OK);
    assert_int_equal(elapsed(cal, at(2026, 11, 20, 21, 0, 0), at(2026, 11, 21, 7, 0, 0)), 2 * H);
    cxkpi_calendar_free(cal);
    /* Sunday into Monday wraps the week: sun 20:00-04:00 -> Sun 4 h + Mon 4 h */
    cal = parse("sun 20:00-04:00\n");
    assert_int_equal(elapsed(cal, at(2026, 11, 22, 0, 0, 0), at(2026, 11, 24, 0, 0, 0)), 8 * H);
    cxkpi_calendar_free(cal);
    /* 22:00-00:00 is just 22:00-24:00 */
    cal = parse("mon 22:00-00:00\n");
    assert_int_equal(elapsed(cal, at(2026, 11, 23, 0, 0, 0), at(2026, 11, 25, 0, 0, 0)), 2 * H);
    cxkpi_calendar_free(cal);
}

/* The same calendar built from text and through the setters gives the same answers. */
static const char *FULL_TEXT =
    "# support desk\n"
    "tz America/New_York   # Eastern\n"
    "\n"
    "mon-fri 09:00-12:30 13:30-18:00\r\n"
    "sat 10:00-14:00\n"
    "sun 01:00-03:00\n"
    "fri 22:00-02:00\n"
    "  holiday 2026-11-26\n"
    "holiday\t2026-12-25\n"
    "holiday 2027-01-01\n"
    "closed 2026-12-24 13:00-24:00\n"
    "closed 2026-03-08 01:30-02:30\n";

static cxkpi_calendar *full_by_api(void)
{
    cxkpi_calendar *cal;
    assert_int_equal(cxkpi_calendar_new(&cal), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_set_timezone(cal, "America/New_York"), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_WEEKDAYS, 9 * H, 12 * H + 30 * MIN), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_WEEKDAYS, 13 * H + 30 * MIN, 18 * H), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_SATURDAY, 10 * H, 14 * H), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_SUNDAY, 1 * H, 3 * H), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_FRIDAY, 22 * H, 2 * H), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 11, 26), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 12, 25), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2027, 1, 1), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 12, 24, 13 * H, 24 * H), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 3, 8, H + 30 * MIN, 2 * H + 30 * MIN), CXKPI_OK);
    return cal;
}

static void text_equals_api(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *a = parse(FULL_TEXT), *b = full_by_api();
    int64_t wa, wb;
    assert_int_equal(cxkpi_calendar_weekly_seconds(a, &wa), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_weekly_seconds(b, &wb), CXKPI_OK);
    /* 5 x 8 h + 4 h + 2 h + 4 h (Fri 22-24, Sat 00-02) = 50 h */
    assert_int_equal(wa, 50 * H);
    assert_int_equal(wb, wa);
    uint64_t seed = 3;
    int64_t base = test_days(2026, 1, 1) * DAY;
    for (int i = 0; i < 5000; i++) {
        int64_t s = base + (int64_t)(test_rand(&seed) % (450ull * DAY));
        int64_t e = s + (int64_t)(test_rand(&seed) % (30ull * DAY));
        int64_t w = (int64_t)(test_rand(&seed) % (200ull * H));
        assert_int_equal(elapsed(a, s, e), elapsed(b, s, e));
        assert_int_equal(due(a, s, w), due(b, s, w));
    }
    cxkpi_calendar_free(a);
    cxkpi_calendar_free(b);
}

/* ---- the oracle: minute by minute with localtime_r() -------------------------------- */

typedef struct oracle_day {
    int n;
    int from[3], to[3]; /* minutes after midnight, [from, to) */
} oracle_day;

/* FULL_TEXT written out per weekday (tm_wday: 0 = Sunday), overnight parts split by hand. */
static const oracle_day ORACLE_WEEK[7] = {
    {1, {60}, {180}},                     /* Sun 01:00-03:00 */
    {2, {540, 810}, {750, 1080}},         /* Mon */
    {2, {540, 810}, {750, 1080}},         /* Tue */
    {2, {540, 810}, {750, 1080}},         /* Wed */
    {2, {540, 810}, {750, 1080}},         /* Thu */
    {3, {540, 810, 1320}, {750, 1080, 1440}}, /* Fri + 22:00-24:00 */
    {2, {0, 600}, {120, 840}},            /* Sat 00:00-02:00 (from Friday) + 10:00-14:00 */
};

static bool oracle_working(const struct tm *tm)
{
    int y = tm->tm_year + 1900, mo = tm->tm_mon + 1, d = tm->tm_mday;
    int m = tm->tm_hour * 60 + tm->tm_min;
    if ((y == 2026 && mo == 11 && d == 26) || (y == 2026 && mo == 12 && d == 25) ||
        (y == 2027 && mo == 1 && d == 1))
        return false;
    if (y == 2026 && mo == 12 && d == 24 && m >= 780)
        return false;
    if (y == 2026 && mo == 3 && d == 8 && m >= 90 && m < 150)
        return false;
    const oracle_day *day = &ORACLE_WEEK[tm->tm_wday];
    for (int i = 0; i < day->n; i++)
        if (m >= day->from[i] && m < day->to[i])
            return true;
    return false;
}

static int64_t oracle_elapsed(int64_t s, int64_t e)
{
    int64_t total = 0;
    for (int64_t t = s; t < e; t += MIN) {
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(localtime_r(&tt, &tm));
        total += oracle_working(&tm) ? MIN : 0;
    }
    return total;
}

/* Minute-aligned random spans over 2026 (both DST changes, every holiday). Every boundary
 * (schedule and zone) falls on a whole minute, so sampling minutes is exact. */
static void oracle_random_spans(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    assert_int_equal(setenv("TZ", ":America/New_York", 1), 0);
    tzset();
    cxkpi_calendar *cal = parse(FULL_TEXT);
    uint64_t seed = 7;
    int64_t base = test_days(2026, 1, 1) * DAY;
    /* the DST weekends themselves, then random spans */
    int64_t fixed[][2] = {{at(2026, 3, 7, 0, 0, -5), at(2026, 3, 10, 0, 0, -4)},
                          {at(2026, 10, 31, 0, 0, -4), at(2026, 11, 3, 0, 0, -5)},
                          {at(2026, 12, 20, 0, 0, -5), at(2027, 1, 4, 0, 0, -5)}};
    for (int i = 0; i < 3; i++)
        assert_int_equal(elapsed(cal, fixed[i][0], fixed[i][1]), oracle_elapsed(fixed[i][0], fixed[i][1]));
    for (int i = 0; i < 120; i++) {
        int64_t s = base + (int64_t)(test_rand(&seed) % (400ull * 1440)) * MIN;
        int64_t e = s + (int64_t)(test_rand(&seed) % (8ull * 1440)) * MIN;
        assert_int_equal(elapsed(cal, s, e), oracle_elapsed(s, e));
    }
    unsetenv("TZ");
    tzset();
    cxkpi_calendar_free(cal);
}

/* add() is the inverse of elapsed() on 10^5 random instants: elapsed(s, add(s, w)) == w,
 * and add() gives the earliest such instant: elapsed(s, due - 1) == w - 1. */
static void add_inverts_elapsed(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse(FULL_TEXT);
    uint64_t seed = 42;
    int64_t base = test_days(2025, 6, 1) * DAY;
    for (int i = 0; i < 100000; i++) {
        int64_t s = base + (int64_t)(test_rand(&seed) % (800ull * DAY));
        int64_t w = (int64_t)(test_rand(&seed) % (120ull * H));
        int64_t d = due(cal, s, w);
        assert_true(d >= s);
        assert_int_equal(elapsed(cal, s, d), w);
        if (w > 0)
            assert_int_equal(elapsed(cal, s, d - 1), w - 1);
        /* and the other way round: add(s, elapsed(s, e)) <= e */
        int64_t e = s + (int64_t)(test_rand(&seed) % (20ull * DAY));
        assert_true(due(cal, s, elapsed(cal, s, e)) <= e);
    }
    cxkpi_calendar_free(cal);
}

/* ---- errors -------------------------------------------------------------------------- */

static void bad_arguments(void **state)
{
    (void)state;
    cxkpi_calendar *cal = parse("mon-fri 09:00-17:00\n");
    int64_t s = 12345, d = 12345;
    int32_t off = 7;
    assert_int_equal(cxkpi_calendar_new(NULL), CXKPI_EINVAL);
    cxkpi_calendar_free(NULL);
    assert_int_equal(cxkpi_calendar_elapsed(NULL, 0, 1, &s), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_elapsed(cal, 0, 1, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_elapsed(cal, 10, 9, &s), CXKPI_EORDER);
    assert_int_equal(cxkpi_calendar_elapsed(cal, CXKPI_CALENDAR_MIN_INSTANT - 1, 0, &s), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_elapsed(cal, 0, CXKPI_CALENDAR_MAX_INSTANT + 1, &s), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_elapsed(cal, INT64_MIN, INT64_MAX, &s), CXKPI_ERANGE);
    assert_int_equal(s, 12345);
    assert_int_equal(cxkpi_calendar_add(NULL, 0, 1, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_add(cal, 0, 1, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_add(cal, 0, -1, &d), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add(cal, INT64_MAX, 1, &d), CXKPI_ERANGE);
    /* beyond year 9999: 8 h a week, INT64_MAX seconds */
    assert_int_equal(cxkpi_calendar_add(cal, 0, INT64_MAX, &d), CXKPI_ERANGE);
    assert_int_equal(d, 12345);
    assert_int_equal(cxkpi_calendar_weekly_seconds(NULL, &s), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_utc_offset(NULL, 0, &off), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_utc_offset(cal, 0, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_utc_offset(cal, INT64_MIN, &off), CXKPI_ERANGE);
    assert_int_equal(off, 7);
    /* setters: NULL and out-of-range values, calendar unchanged (8 h a day, 40 h a week) */
    assert_int_equal(cxkpi_calendar_set_timezone(NULL, "UTC"), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_set_timezone(cal, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_set_timezone(cal, "../../etc/passwd"), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_set_utc_offset(NULL, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_set_utc_offset(cal, 86400), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_set_utc_offset(cal, -86400), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(NULL, CXKPI_MONDAY, 0, H), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_add_interval(cal, 0, 0, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(cal, 0x80, 0, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, -1, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, DAY, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, 0, DAY + 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_interval(cal, CXKPI_MONDAY, H, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_holiday(NULL, 2026, 1, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 2, 29), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 2026, 13, 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 0, 1, 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_holiday(cal, 10000, 1, 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_closure(NULL, 2026, 1, 1, 0, H), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 1, 1, H, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 1, 1, 2 * H, H), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 1, 1, 0, DAY + 1), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_add_closure(cal, 2026, 1, 32, 0, H), CXKPI_ERANGE);
    int64_t wk;
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 40 * H);
    /* Mon 2026-11-23 in UTC: 8 h */
    assert_int_equal(elapsed(cal, test_days(2026, 11, 23) * DAY, test_days(2026, 11, 24) * DAY), 8 * H);
    cxkpi_calendar_free(cal);

    /* no working time at all: add() refuses instead of searching forever */
    assert_int_equal(cxkpi_calendar_new(&cal), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_add(cal, 0, 1, &d), CXKPI_ERANGE);
    assert_true(due(cal, 0, 0) == 0);
    assert_int_equal(elapsed(cal, 0, 10 * DAY), 0);
    cxkpi_calendar_free(cal);
}

static void expect_text_error(const char *text, cxkpi_status want, size_t want_line)
{
    cxkpi_calendar *cal = (cxkpi_calendar *)0x1;
    size_t line = 12345;
    cxkpi_status st = cxkpi_calendar_parse(&cal, text, strlen(text), &line);
    if (st != want || line != want_line)
        fail_msg("\"%s\": got %s line %zu, want %s line %zu", text, cxkpi_status_str(st), line,
                 cxkpi_status_str(want), want_line);
    assert_true(cal == (cxkpi_calendar *)0x1);
}

static void text_errors(void **state)
{
    (void)state;
    static const char *bad_lines[] = {
        "mon-fri 25:00-26:00", "mon-fri 09:00-24:01", "mon-fri 09:60-10:00", "mon-fri 9:00-10:00",
        "mon-fri 09:00-09:00", "mon-fri 09:00", "mon-fri", "mon-fri 09:00-10:00x", "funday 09:00-10:00",
        "Mon 09:00-10:00", "mon- 09:00-10:00", "mon,,tue 09:00-10:00", "mon-fri 24:00-10:00",
        "mon-fri 09:00:60-10:00", "holiday 2026-02-30", "holiday 2026-13-01", "holiday 26-12-25",
        "holiday", "holiday 2026-12-25 2026-12-26", "closed 2026-12-24 17:00-13:00",
        "closed 2026-12-24", "closed 2026-12-32 10:00-11:00", "offset 05:00", "offset +24:00",
        "offset", "offset +05:00 extra", "tz", "tz ../etc/passwd", "tz /etc/localtime",
        "tz America/New_York extra", "bogus", "holiday 0000-01-01",
    };
    for (size_t i = 0; i < sizeof bad_lines / sizeof *bad_lines; i++)
        expect_text_error(bad_lines[i], CXKPI_EFORMAT, 1);
    /* the line number counts comments and empty lines */
    expect_text_error("# desk\n\nmon-fri 09:00-17:00\n  # lunch\nsat 25:00-26:00\n", CXKPI_EFORMAT, 5);
    expect_text_error("offset +01:00\noffset +02:00\n", CXKPI_EFORMAT, 2);
    {   /* a NUL byte inside the text */
        cxkpi_calendar *cal = NULL;
        size_t line = 0;
        assert_int_equal(cxkpi_calendar_parse(&cal, "mon 09:00-10:00\nt\0z UTC\n", 24, &line), CXKPI_EFORMAT);
        assert_int_equal(line, 2);
        assert_null(cal);
    }
    if (have_zones()) {
        expect_text_error("mon 09:00-10:00\ntz No/Such_Zone\n", CXKPI_ENOTFOUND, 2);
        expect_text_error("tz UTC\ntz UTC\n", CXKPI_EFORMAT, 2);
    }
    cxkpi_calendar *cal = NULL;
    size_t line = 5;
    assert_int_equal(cxkpi_calendar_parse(NULL, "", 0, &line), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_parse(&cal, NULL, 3, &line), CXKPI_EINVAL);
    assert_int_equal(line, 0);
    /* empty text: a UTC calendar without working time; error_line may be NULL */
    assert_int_equal(cxkpi_calendar_parse(&cal, NULL, 0, NULL), CXKPI_OK);
    int64_t wk;
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 0);
    cxkpi_calendar_free(cal);
    /* day lists: "mon,wed,fri-sun" = 5 days, 1 h each; "fri-mon" wraps = 4 days */
    cal = parse("mon,wed,fri-sun 09:00-10:00\n");
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 5 * H);
    cxkpi_calendar_free(cal);
    cal = parse("fri-mon 09:00:30-10:00\n");
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &wk), CXKPI_OK);
    assert_int_equal(wk, 4 * (H - 30));
    cxkpi_calendar_free(cal);
}

/* Random corruptions of the text form never crash: a calendar or a clear error. */
static void text_random_corruptions(void **state)
{
    (void)state;
    size_t n = strlen(FULL_TEXT);
    char buf[512];
    uint64_t seed = 99;
    static const char alphabet[] = "0123456789:-,# \n\tabcdefghijklmnopqrstuvwxyz/+.";
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, FULL_TEXT, n);
        int flips = 1 + (int)(test_rand(&seed) % 6);
        for (int i = 0; i < flips; i++)
            buf[test_rand(&seed) % n] = alphabet[test_rand(&seed) % (sizeof alphabet - 1)];
        size_t len = test_rand(&seed) % 4 == 0 ? test_rand(&seed) % (n + 1) : n;
        cxkpi_calendar *cal = NULL;
        size_t line = 0;
        cxkpi_status st = cxkpi_calendar_parse(&cal, buf, len, &line);
        if (st == CXKPI_OK) {
            int64_t d;
            assert_int_equal(line, 0);
            cxkpi_status a = cxkpi_calendar_add(cal, 1767225600, 8 * H, &d);
            assert_true(a == CXKPI_OK || a == CXKPI_ERANGE);
            cxkpi_calendar_free(cal);
        } else {
            assert_true(st == CXKPI_EFORMAT || st == CXKPI_ENOTFOUND || st == CXKPI_EIO);
            assert_true(line >= 1 && line <= 13);
            assert_null(cal);
        }
    }
}

/* A failed set_timezone leaves the zone as it was. */
static void failed_zone_change(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse("tz Europe/Berlin\n");
    int32_t off;
    assert_int_equal(cxkpi_calendar_set_timezone(cal, "No/Such_Zone"), CXKPI_ENOTFOUND);
    assert_int_equal(cxkpi_calendar_set_timezone(cal, "America"), CXKPI_ENOTFOUND);
    assert_int_equal(cxkpi_calendar_utc_offset(cal, at(2026, 7, 1, 12, 0, 2), &off), CXKPI_OK);
    assert_int_equal(off, 2 * H); /* CEST */
    assert_int_equal(cxkpi_calendar_set_timezone(cal, "UTC"), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_utc_offset(cal, at(2026, 7, 1, 12, 0, 2), &off), CXKPI_OK);
    assert_int_equal(off, 0);
    cxkpi_calendar_free(cal);
}

/* ---- ticket clock -------------------------------------------------------------------- */

/* NY desk: created Fri 17:55, pending on the customer from Fri 17:58 to Mon 09:00, resolved
 * Mon 09:05: counts 3 min + 5 min = 480 s. */
static void clock_pauses(void **state)
{
    (void)state;
    if (!have_zones())
        skip();
    cxkpi_calendar *cal = parse(NY_DESK);
    cxkpi_ticket_clock *clk;
    cxkpi_clock_state st;
    int64_t s = -1, d;
    assert_int_equal(cxkpi_ticket_clock_new(&clk, cal), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_state(clk, &st), CXKPI_OK);
    assert_int_equal(st, CXKPI_CLOCK_IDLE);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, &s), CXKPI_OK);
    assert_int_equal(s, 0);
    assert_int_equal(cxkpi_ticket_clock_start(clk, at(2026, 11, 20, 17, 55, -5)), CXKPI_OK);
    /* running: 4 min by 17:59 */
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, at(2026, 11, 20, 17, 59, -5), &s), CXKPI_OK);
    assert_int_equal(s, 240);
    /* 1 h SLA due: 5 min Friday, 55 min Monday -> Mon 09:55 */
    assert_int_equal(cxkpi_ticket_clock_due(clk, H, &d), CXKPI_OK);
    assert_true(d == at(2026, 11, 23, 9, 55, -5));
    assert_int_equal(cxkpi_ticket_clock_pause(clk, at(2026, 11, 20, 17, 58, -5)), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_due(clk, H, &d), CXKPI_EORDER); /* not running */
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, &s), CXKPI_OK); /* now ignored */
    assert_int_equal(s, 180);
    assert_int_equal(cxkpi_ticket_clock_resume(clk, at(2026, 11, 23, 9, 0, -5)), CXKPI_OK);
    /* after resuming: 57 min left of the hour -> Mon 09:57 */
    assert_int_equal(cxkpi_ticket_clock_due(clk, H, &d), CXKPI_OK);
    assert_true(d == at(2026, 11, 23, 9, 57, -5));
    assert_int_equal(cxkpi_ticket_clock_stop(clk, at(2026, 11, 23, 9, 5, -5)), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, INT64_MIN, &s), CXKPI_OK);
    assert_int_equal(s, 480);
    assert_int_equal(cxkpi_ticket_clock_state(clk, &st), CXKPI_OK);
    assert_int_equal(st, CXKPI_CLOCK_STOPPED);
    assert_int_equal(cxkpi_ticket_clock_reset(clk), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, &s), CXKPI_OK);
    assert_int_equal(s, 0);
    cxkpi_ticket_clock_free(clk);
    cxkpi_calendar_free(cal);
}

static void clock_states_and_errors(void **state)
{
    (void)state;
    cxkpi_ticket_clock *clk;
    int64_t s = 77, d = 77;
    cxkpi_clock_state st;
    assert_int_equal(cxkpi_ticket_clock_new(NULL, NULL), CXKPI_EINVAL);
    /* without a calendar every second counts */
    assert_int_equal(cxkpi_ticket_clock_new(&clk, NULL), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_pause(clk, 10), CXKPI_EORDER);  /* idle */
    assert_int_equal(cxkpi_ticket_clock_resume(clk, 10), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_stop(clk, 10), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_due(clk, 10, &d), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_start(clk, INT64_MAX), CXKPI_ERANGE);
    assert_int_equal(cxkpi_ticket_clock_start(clk, 100), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_start(clk, 100), CXKPI_EORDER);  /* running */
    assert_int_equal(cxkpi_ticket_clock_resume(clk, 150), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_pause(clk, 99), CXKPI_EORDER);   /* backwards */
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 99, &s), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, INT64_MAX, &s), CXKPI_ERANGE);
    assert_int_equal(s, 77);
    assert_int_equal(cxkpi_ticket_clock_due(clk, -1, &d), CXKPI_ERANGE);
    assert_int_equal(cxkpi_ticket_clock_due(clk, 50, &d), CXKPI_OK);
    assert_int_equal(d, 150); /* 100 + 50 */
    assert_int_equal(cxkpi_ticket_clock_pause(clk, 130), CXKPI_OK);     /* 30 s */
    assert_int_equal(cxkpi_ticket_clock_pause(clk, 140), CXKPI_EORDER);  /* paused */
    assert_int_equal(cxkpi_ticket_clock_resume(clk, 129), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_resume(clk, 200), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_due(clk, 20, &d), CXKPI_OK);
    assert_int_equal(d, 200); /* target already reached: the last event */
    assert_int_equal(cxkpi_ticket_clock_stop(clk, 210), CXKPI_OK);      /* + 10 s */
    assert_int_equal(cxkpi_ticket_clock_stop(clk, 220), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_start(clk, 230), CXKPI_EORDER);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, &s), CXKPI_OK);
    assert_int_equal(s, 40);
    /* stop straight from paused */
    assert_int_equal(cxkpi_ticket_clock_reset(clk), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_start(clk, 0), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_pause(clk, 5), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_stop(clk, 50), CXKPI_OK);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, &s), CXKPI_OK);
    assert_int_equal(s, 5);
    /* NULLs */
    assert_int_equal(cxkpi_ticket_clock_start(NULL, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_pause(NULL, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_resume(NULL, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_stop(NULL, 0), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_seconds(NULL, 0, &s), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_seconds(clk, 0, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_due(NULL, 0, &d), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_due(clk, 0, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_state(NULL, &st), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_state(clk, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_ticket_clock_reset(NULL), CXKPI_EINVAL);
    cxkpi_ticket_clock_free(NULL);
    cxkpi_ticket_clock_free(clk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_york_hand_cases),
        cmocka_unit_test(intervals_and_closures),
        cmocka_unit_test(new_york_dst),
        cmocka_unit_test(berlin_dst),
        cmocka_unit_test(fixed_offset),
        cmocka_unit_test(around_the_clock),
        cmocka_unit_test(long_spans),
        cmocka_unit_test(across_midnight),
        cmocka_unit_test(text_equals_api),
        cmocka_unit_test(oracle_random_spans),
        cmocka_unit_test(add_inverts_elapsed),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(text_errors),
        cmocka_unit_test(text_random_corruptions),
        cmocka_unit_test(failed_zone_change),
        cmocka_unit_test(clock_pauses),
        cmocka_unit_test(clock_states_and_errors),
    };
    return cmocka_run_group_tests(tests, setup_tzdir, NULL);
}
