/* Calendar questions (cxkpi/calendar.h): is an instant working time, the next opening,
 * working seconds left today. Expected instants are worked out by hand as local wall times
 * (at()); the zone tests use the compiled test zoneinfo (CXKPI_TEST_TZDIR). */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"

#define MIN 60
#define H 3600
#define DAY 86400

/* Instant of local wall time y-m-d hh:mm:ss in a zone `off_h` hours east of UTC. */
static int64_t at(int y, int mo, int d, int h, int mi, int s, int off_h)
{
    return test_days(y, mo, d) * DAY + h * H + mi * MIN + s - off_h * H;
}

static cxkpi_calendar *parse(const char *text)
{
    cxkpi_calendar *cal = NULL;
    size_t line = 99;
    assert_int_equal(cxkpi_calendar_parse(&cal, text, strlen(text), &line), CXKPI_OK);
    return cal;
}

static int working(const cxkpi_calendar *cal, int64_t t)
{
    int w = -1;
    assert_int_equal(cxkpi_calendar_is_working(cal, t, &w), CXKPI_OK);
    return w;
}

static int64_t opening(const cxkpi_calendar *cal, int64_t t)
{
    int64_t o = -1;
    assert_int_equal(cxkpi_calendar_next_opening(cal, t, &o), CXKPI_OK);
    return o;
}

static int64_t left(const cxkpi_calendar *cal, int64_t t)
{
    int64_t s = -1;
    assert_int_equal(cxkpi_calendar_seconds_left_today(cal, t, &s), CXKPI_OK);
    return s;
}

/* UTC-05:00, Monday to Friday 09:00-12:30 and 13:30-18:00, Monday 2026-03-09 a holiday.
 * 2026-03-02 is a Monday, 2026-03-06 a Friday. */
static void fixed_offset(void **state)
{
    (void)state;
    cxkpi_calendar *cal = parse("offset -05:00\nmon-fri 09:00-12:30 13:30-18:00\nholiday 2026-03-09\n");
    /* Monday 10:00: working, opening now, 2.5 h + 4.5 h left */
    int64_t t = at(2026, 3, 2, 10, 0, 0, -5);
    assert_int_equal(working(cal, t), 1);
    assert_true(opening(cal, t) == t);
    assert_true(left(cal, t) == 25200);
    /* the whole working day from local midnight: 3.5 h + 4.5 h */
    assert_true(left(cal, at(2026, 3, 2, 0, 0, 0, -5)) == 8 * H);
    /* lunch 12:45: closed, opens 13:30, 4.5 h left; the intervals are half-open */
    t = at(2026, 3, 2, 12, 45, 0, -5);
    assert_int_equal(working(cal, t), 0);
    assert_true(opening(cal, t) == at(2026, 3, 2, 13, 30, 0, -5));
    assert_true(left(cal, t) == 16200);
    assert_int_equal(working(cal, at(2026, 3, 2, 12, 29, 59, -5)), 1);
    assert_int_equal(working(cal, at(2026, 3, 2, 12, 30, 0, -5)), 0);
    assert_int_equal(working(cal, at(2026, 3, 2, 9, 0, 0, -5)), 1);
    assert_int_equal(working(cal, at(2026, 3, 2, 8, 59, 59, -5)), 0);
    assert_true(opening(cal, at(2026, 3, 2, 8, 59, 59, -5)) == at(2026, 3, 2, 9, 0, 0, -5));
    assert_true(left(cal, at(2026, 3, 2, 17, 59, 59, -5)) == 1);
    assert_true(left(cal, at(2026, 3, 2, 18, 0, 0, -5)) == 0);
    /* Monday 19:00: Tuesday 09:00 */
    t = at(2026, 3, 2, 19, 0, 0, -5);
    assert_true(opening(cal, t) == at(2026, 3, 3, 9, 0, 0, -5));
    assert_true(left(cal, t) == 0);
    /* Friday 18:30: the weekend and the holiday Monday pass, Tuesday 09:00 */
    t = at(2026, 3, 6, 18, 30, 0, -5);
    assert_true(opening(cal, t) == at(2026, 3, 10, 9, 0, 0, -5));
    /* on the holiday itself */
    t = at(2026, 3, 9, 10, 0, 0, -5);
    assert_int_equal(working(cal, t), 0);
    assert_true(left(cal, t) == 0);
    assert_true(opening(cal, t) == at(2026, 3, 10, 9, 0, 0, -5));
    /* local Monday 20:00 is Tuesday 01:00 UTC: "today" is the local date */
    assert_true(left(cal, at(2026, 3, 2, 20, 0, 0, -5)) == 0);
    cxkpi_calendar_free(cal);
}

/* A night shift across midnight, 22:00-06:00 from Monday: Monday 23:00 has 1 h left that
 * day (the part after midnight belongs to Tuesday's date). */
static void across_midnight(void **state)
{
    (void)state;
    cxkpi_calendar *cal = parse("mon 22:00-06:00\n");
    assert_true(left(cal, at(2026, 3, 2, 23, 0, 0, 0)) == H);
    assert_true(left(cal, at(2026, 3, 3, 0, 0, 0, 0)) == 6 * H);
    assert_int_equal(working(cal, at(2026, 3, 3, 5, 59, 59, 0)), 1);
    assert_true(opening(cal, at(2026, 3, 3, 6, 0, 0, 0)) == at(2026, 3, 9, 22, 0, 0, 0));
    cxkpi_calendar_free(cal);
}

static void empty_and_bad_input(void **state)
{
    (void)state;
    cxkpi_calendar *cal = NULL;
    assert_int_equal(cxkpi_calendar_new(&cal), CXKPI_OK);
    int w = 7;
    int64_t o = 7, s = 7;
    assert_int_equal(working(cal, 0), 0);
    assert_int_equal(cxkpi_calendar_next_opening(cal, 0, &o), CXKPI_ENOTFOUND);
    assert_true(left(cal, 0) == 0);
    assert_int_equal(cxkpi_calendar_is_working(cal, CXKPI_CALENDAR_MAX_INSTANT, &w), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_is_working(cal, CXKPI_CALENDAR_MIN_INSTANT - 1, &w), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_next_opening(cal, CXKPI_CALENDAR_MAX_INSTANT, &o), CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_seconds_left_today(cal, CXKPI_CALENDAR_MAX_INSTANT + 1, &s),
                     CXKPI_ERANGE);
    assert_int_equal(cxkpi_calendar_is_working(NULL, 0, &w), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_is_working(cal, 0, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_next_opening(cal, 0, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_calendar_seconds_left_today(NULL, 0, &s), CXKPI_EINVAL);
    assert_true(w == 7 && o == 7 && s == 7);
    cxkpi_calendar_free(cal);
    /* around the clock: the last and first accepted instants */
    cal = parse("daily 00:00-24:00\n");
    assert_int_equal(working(cal, CXKPI_CALENDAR_MIN_INSTANT), 1);
    assert_true(left(cal, CXKPI_CALENDAR_MIN_INSTANT) == DAY);
    assert_true(opening(cal, CXKPI_CALENDAR_MAX_INSTANT - 1) == CXKPI_CALENDAR_MAX_INSTANT - 1);
    assert_true(left(cal, CXKPI_CALENDAR_MAX_INSTANT - 10) == 10); /* the last second unmeasured */
    /* a schedule whose next opening lies past the end of the range */
    cxkpi_calendar_free(cal);
    cal = parse("holiday 9999-12-31\ndaily 09:00-10:00\n");
    assert_int_equal(cxkpi_calendar_next_opening(cal, at(9999, 12, 30, 11, 0, 0, 0), &o), CXKPI_ENOTFOUND);
    cxkpi_calendar_free(cal);
}

/* Daylight saving in America/New_York: 2026-03-08 (spring forward) has 23 hours, 2026-11-01
 * (fall back) 25. Friday 2026-03-06 18:30 EST opens again Monday 09:00 EDT. */
static void zones(void **state)
{
    (void)state;
    const char *dir = getenv("CXKPI_TEST_TZDIR");
    if (!dir || !*dir) {
        print_message("zic was not found when configuring: zone tests skipped\n");
        return;
    }
    assert_int_equal(setenv("TZDIR", dir, 1), 0);
    cxkpi_calendar *cal = parse("tz America/New_York\ndaily 00:00-24:00\n");
    assert_true(left(cal, at(2026, 3, 8, 0, 0, 0, -5)) == 23 * H);
    assert_true(left(cal, at(2026, 11, 1, 0, 0, 0, -4)) == 25 * H);
    assert_true(left(cal, at(2026, 3, 8, 12, 0, 0, -4)) == 12 * H);
    cxkpi_calendar_free(cal);
    cal = parse("tz America/New_York\nmon-fri 09:00-18:00\n");
    assert_true(opening(cal, at(2026, 3, 6, 18, 30, 0, -5)) == at(2026, 3, 9, 9, 0, 0, -4));
    assert_int_equal(working(cal, at(2026, 3, 9, 8, 59, 59, -4)), 0);
    assert_int_equal(working(cal, at(2026, 3, 9, 9, 0, 0, -4)), 1);
    cxkpi_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_offset),
        cmocka_unit_test(across_midnight),
        cmocka_unit_test(empty_and_bad_input),
        cmocka_unit_test(zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
