/**
 * @file cxkpi/calendar.h
 * @brief Business-hours calendars: working time between two UTC instants and due dates.
 *        The ticket clock built on them is in cxkpi/ticket_clock.h.
 *
 * A calendar is a time zone, a weekly schedule of working intervals in local wall-clock
 * time, and exceptions on local dates (holidays, partial-day closures). A helpdesk ticket
 * created Friday 17:55 and answered Monday 09:05 under a Monday–Friday 09:00–18:00
 * schedule took 5 + 5 = 10 working minutes, not 63 hours.
 *
 * **Instants** are `int64_t` seconds since 1970-01-01T00:00:00Z (POSIX time, no leap
 * seconds), from #CXKPI_CALENDAR_MIN_INSTANT (0001-01-01) to #CXKPI_CALENDAR_MAX_INSTANT
 * (9999-12-31T23:59:59Z); others are `CXKPI_ERANGE`. Working time is counted in seconds.
 *
 * **What counts as working time.** An instant is working time when its local wall-clock
 * time (the instant plus the zone's UTC offset *at that instant*) lies in a working
 * interval of its local date, and that date is not a holiday nor inside a closure.
 * Everything follows from this one rule:
 * - on a 23-hour spring-forward day, wall times that do not exist are not worked: an
 *   interval 01:00–03:00 in America/New_York on 2026-03-08 holds 1 hour (01:00–02:00 EST,
 *   then 03:00 EDT);
 * - on a 25-hour fall-back day, wall times that occur twice are worked twice: the same
 *   interval on 2026-11-01 holds 3 hours (01:00–02:00 EDT, 01:00–02:00 EST, 02:00–03:00);
 * - an interval across midnight (`22:00-06:00`) starts on its weekday and its part after
 *   midnight belongs to the next local date (so a holiday on that next date removes it).
 *
 * **Time zones** are IANA names read from the TZif files (RFC 8536, versions 1 to 4) of
 * the directory named by the `TZDIR` environment variable, or `/usr/share/zoneinfo`; the
 * POSIX TZ rule at the end of version 2+ files governs instants after the last listed
 * transition. Leap-second ("right/") zones are not supported (`CXKPI_EFORMAT`). A fixed
 * UTC offset is the alternative. A new calendar is in UTC.
 *
 * **Text form** (cxkpi_calendar_parse()): one rule per line; blanks and tabs separate
 * words; `#` starts a comment to the end of the line; empty lines are ignored.
 * @code
 * tz America/New_York          # or: offset +05:30   (at most one tz/offset line)
 * mon-fri 09:00-12:30 13:30-18:00
 * sat 10:00-14:00
 * fri-mon 22:00-06:00          # day ranges may wrap; an end before the start wraps past midnight
 * daily 00:00-24:00            # "daily" = mon-sun; days are mon tue wed thu fri sat sun
 * holiday 2026-12-25
 * closed 2026-12-24 13:00-24:00
 * @endcode
 * Grammar: `line = [rule] [comment]`;
 * `rule = "tz" NAME | "offset" ("+"|"-") HH:MM[:SS] | days interval {interval} |
 * "holiday" DATE | "closed" DATE interval {interval}`;
 * `days = dayrange {"," dayrange}`, `dayrange = day ["-" day] | "daily"`;
 * `interval = TIME "-" TIME`, `TIME = HH:MM[:SS]` from 00:00 to 24:00 (24:00 only as an
 * end; a closure's end must follow its start); `DATE = YYYY-MM-DD` (years 1–9999).
 * Day and keyword names are lower case.
 *
 * The programmatic setters build exactly the same calendar as the text form.
 *
 * **Cost.** cxkpi_calendar_elapsed() takes O(number of UTC offset changes in the span +
 * log(holidays)): a whole week is O(1), a span of years in a zone with daylight saving
 * time is O(years). cxkpi_calendar_add() is the same plus a 64-step binary search.
 *
 * Threads: a calendar is not modified by elapsed/add, which may run concurrently on the
 * same calendar; setters need exclusive access.
 */
#ifndef CXKPI_CALENDAR_H
#define CXKPI_CALENDAR_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Opaque calendar. Create with cxkpi_calendar_new() or cxkpi_calendar_parse(). */
typedef struct cxkpi_calendar cxkpi_calendar;

/** @brief Earliest instant accepted: 0001-01-01T00:00:00Z. */
#define CXKPI_CALENDAR_MIN_INSTANT (-62135596800LL)
/** @brief Latest instant accepted: 9999-12-31T23:59:59Z. */
#define CXKPI_CALENDAR_MAX_INSTANT 253402300799LL

/** @name Weekday bits for cxkpi_calendar_add_interval() */
/** @{ */
#define CXKPI_MONDAY 0x01u    /**< Monday. */
#define CXKPI_TUESDAY 0x02u   /**< Tuesday. */
#define CXKPI_WEDNESDAY 0x04u /**< Wednesday. */
#define CXKPI_THURSDAY 0x08u  /**< Thursday. */
#define CXKPI_FRIDAY 0x10u    /**< Friday. */
#define CXKPI_SATURDAY 0x20u  /**< Saturday. */
#define CXKPI_SUNDAY 0x40u    /**< Sunday. */
#define CXKPI_WEEKDAYS 0x1Fu  /**< Monday to Friday. */
#define CXKPI_EVERY_DAY 0x7Fu /**< Monday to Sunday. */
/** @} */

/**
 * @brief Creates an empty calendar: UTC, no working time, no holidays.
 * @param[out] out receives the calendar, owned by the caller (cxkpi_calendar_free()).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_calendar_new(cxkpi_calendar **out);

/** @brief Destroys a calendar. @param cal the calendar; NULL is a no-op. */
CXKPI_API void cxkpi_calendar_free(cxkpi_calendar *cal);

/**
 * @brief Builds a calendar from its text form (grammar in the file description).
 * @param[out] out receives the calendar, owned by the caller; unchanged on error.
 * @param text the text, @p len bytes (need not be NUL-terminated; a NUL byte inside is an error).
 * @param len length of @p text in bytes.
 * @param[out] error_line may be NULL; receives the 1-based number of the offending line on
 *             error, 0 on success (and on errors not tied to a line: EINVAL, ENOMEM).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL, or @p text is NULL with len > 0.
 * @retval CXKPI_EFORMAT a line does not follow the grammar, or holds an impossible value
 *         (25:00, 2026-02-30, an empty interval, a second tz/offset line, a bad zone name),
 *         or the `tz` zone's file is malformed.
 * @retval CXKPI_ENOTFOUND the `tz` zone's file does not exist.
 * @retval CXKPI_EIO the `tz` zone's file could not be read.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_calendar_parse(cxkpi_calendar **out, const char *text, size_t len,
                                            size_t *error_line);

/**
 * @brief Sets the time zone by IANA name (e.g. "Europe/Berlin", "UTC"), read from
 *        `$TZDIR/name` or `/usr/share/zoneinfo/name`.
 * @param cal the calendar. @param name the zone name.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p cal or @p name is NULL, or the name is
 *         empty, absolute, longer than 255 bytes, has an empty, "." or ".." component, or a
 *         character other than letters, digits, `/ _ - + .` (no path traversal).
 * @retval CXKPI_ENOTFOUND there is no such zone file.
 * @retval CXKPI_EIO it could not be read.
 * @retval CXKPI_EFORMAT it is not a valid TZif file (versions 1–4) or is a leap-second zone.
 * @retval CXKPI_ENOMEM allocation failed. On error the calendar is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_calendar_set_timezone(cxkpi_calendar *cal, const char *name);

/**
 * @brief Sets a fixed time zone, @p offset seconds east of UTC (e.g. 19800 for +05:30).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p cal is NULL.
 * @retval CXKPI_ERANGE |offset| >= 86400. The calendar is unchanged on error.
 */
CXKPI_API cxkpi_status cxkpi_calendar_set_utc_offset(cxkpi_calendar *cal, int32_t offset);

/**
 * @brief Adds a working interval, in local wall time, to every weekday in @p days.
 *
 * Intervals may overlap (they are merged). When @p end < @p start the interval runs past
 * midnight into the next day (22:00–06:00 on Friday is Friday 22:00–24:00 and Saturday
 * 00:00–06:00). 00:00–24:00 is a whole day.
 * @param cal the calendar. @param days a set of CXKPI_MONDAY ... CXKPI_SUNDAY bits.
 * @param start seconds after local midnight, 0 <= start < 86400.
 * @param end seconds after local midnight, 0 <= end <= 86400, end != start.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p cal is NULL.
 * @retval CXKPI_ERANGE @p days is 0 or has other bits, or a time is out of range.
 * @retval CXKPI_ENOMEM allocation failed. The calendar is unchanged on error.
 */
CXKPI_API cxkpi_status cxkpi_calendar_add_interval(cxkpi_calendar *cal, unsigned days,
                                                   int32_t start, int32_t end);

/**
 * @brief Makes a whole local date non-working (a holiday). Adding it twice is harmless.
 * @param cal the calendar. @param year 1–9999. @param month 1–12. @param day 1–31.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p cal is NULL.
 * @retval CXKPI_ERANGE not a valid date.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_calendar_add_holiday(cxkpi_calendar *cal, int32_t year,
                                                  int32_t month, int32_t day);

/**
 * @brief Closes part of a local date: wall times in [start, end) of that date are not
 *        working time (e.g. 13:00–24:00 on Christmas Eve).
 * @param cal the calendar. @param year 1–9999. @param month 1–12. @param day 1–31.
 * @param start seconds after local midnight, 0 <= start < end. @param end <= 86400.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p cal is NULL.
 * @retval CXKPI_ERANGE invalid date or times.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_calendar_add_closure(cxkpi_calendar *cal, int32_t year,
                                                  int32_t month, int32_t day, int32_t start,
                                                  int32_t end);

/**
 * @brief Working seconds of an ordinary week (the weekly schedule, without exceptions,
 *        counting every day as 24 hours).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 */
CXKPI_API cxkpi_status cxkpi_calendar_weekly_seconds(const cxkpi_calendar *cal, int64_t *seconds);

/**
 * @brief The calendar zone's UTC offset at an instant (local time = instant + offset), e.g.
 *        to display a due date in local time.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p instant is outside the accepted range.
 */
CXKPI_API cxkpi_status cxkpi_calendar_utc_offset(const cxkpi_calendar *cal, int64_t instant,
                                                 int32_t *offset);

/**
 * @brief Working seconds in the half-open span [@p start, @p end).
 * @param cal the calendar. @param start, end UTC instants, start <= end.
 * @param[out] seconds receives the working seconds (0 when start == end).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE an instant outside [#CXKPI_CALENDAR_MIN_INSTANT, #CXKPI_CALENDAR_MAX_INSTANT].
 * @retval CXKPI_EORDER @p end < @p start (timestamps out of order). @p seconds is unchanged on error.
 */
CXKPI_API cxkpi_status cxkpi_calendar_elapsed(const cxkpi_calendar *cal, int64_t start,
                                              int64_t end, int64_t *seconds);

/**
 * @brief The instant at which @p working_seconds of working time have elapsed since
 *        @p start: a ticket's "due at".
 *
 * The result is the earliest instant `due >= start` with
 * `cxkpi_calendar_elapsed(cal, start, due) == working_seconds`. So a start outside working
 * hours counts from the next opening; a due time that falls on a closing time is that
 * closing time (not the next opening); 0 seconds is @p start itself.
 * @param cal the calendar. @param start UTC instant. @param working_seconds >= 0.
 * @param[out] due receives the instant.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p start outside the accepted range, @p working_seconds < 0, the
 *         calendar has no working time at all (with working_seconds > 0), or the due
 *         instant would be after #CXKPI_CALENDAR_MAX_INSTANT. Never loops forever.
 */
CXKPI_API cxkpi_status cxkpi_calendar_add(const cxkpi_calendar *cal, int64_t start,
                                          int64_t working_seconds, int64_t *due);

/**
 * @brief Whether @p instant is working time: whether its local wall time lies in a
 *        working interval of its local date, that date not closed (the rule above).
 *        Intervals are half-open: 09:00-18:00 works at 17:59:59, not at 18:00:00.
 * @param cal the calendar.
 * @param instant UTC instant, in [#CXKPI_CALENDAR_MIN_INSTANT, #CXKPI_CALENDAR_MAX_INSTANT - 1].
 * @param[out] working receives 1 for working time, 0 otherwise.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p instant outside the range.
 */
CXKPI_API cxkpi_status cxkpi_calendar_is_working(const cxkpi_calendar *cal, int64_t instant,
                                                 int *working);

/**
 * @brief The next opening: the first working instant at or after @p instant (@p instant
 *        itself when it is working time). Friday 18:30 under Monday–Friday 09:00–18:00 gives
 *        Monday 09:00; a holiday Monday gives Tuesday 09:00.
 * @param cal the calendar.
 * @param instant UTC instant, in [#CXKPI_CALENDAR_MIN_INSTANT, #CXKPI_CALENDAR_MAX_INSTANT - 1].
 * @param[out] opening receives the instant.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p instant outside the range.
 * @retval CXKPI_ENOTFOUND no working time at or after @p instant (an empty schedule, or
 *         none before #CXKPI_CALENDAR_MAX_INSTANT).
 */
CXKPI_API cxkpi_status cxkpi_calendar_next_opening(const cxkpi_calendar *cal, int64_t instant,
                                                   int64_t *opening);

/**
 * @brief Working seconds left in the local day of @p instant, from @p instant (included)
 *        to the end of that local date: "can this still be answered today?". Monday 10:00
 *        under 09:00–12:30 and 13:30–18:00 leaves 2.5 h + 4.5 h = 25200 s; a 23-hour
 *        spring-forward day worked around the clock has 82800 s from its midnight.
 * @param cal the calendar.
 * @param instant UTC instant.
 * @param[out] seconds receives the working seconds (0 outside working hours after the last
 *             interval of the day, or on a holiday).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p instant outside [#CXKPI_CALENDAR_MIN_INSTANT, #CXKPI_CALENDAR_MAX_INSTANT].
 */
CXKPI_API cxkpi_status cxkpi_calendar_seconds_left_today(const cxkpi_calendar *cal,
                                                         int64_t instant, int64_t *seconds);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_CALENDAR_H */
