"""Calendar and TicketClock: working time worked by hand from cxkpi/calendar.h.

Uses the system zoneinfo (tzdata, installed by scripts/deps.sh) for America/New_York.
"""
from __future__ import annotations

import datetime as dt
import os
import unittest

import cxkpi

UTC = dt.timezone.utc
NY_TEXT = """
# New York desk
tz America/New_York
mon-fri 09:00-18:00
holiday 2026-12-25
"""


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def have_zone(name: str) -> bool:
    return os.path.exists(os.path.join(os.environ.get("TZDIR", "/usr/share/zoneinfo"), name))


class CalendarTest(unittest.TestCase):
    def test_empty_calendar_is_utc_without_working_time(self) -> None:
        cal = cxkpi.Calendar()
        self.assertEqual(cal.weekly_seconds, 0)
        self.assertEqual(cal.utc_offset(0), 0)
        self.assertEqual(cal.elapsed(0, 86400), 0)
        with self.assertRaises(cxkpi.RangeError):
            cal.due(0, 60)  # no working time at all

    def test_setters_in_utc(self) -> None:
        cal = cxkpi.Calendar()
        cal.add_interval(cxkpi.Weekday.WEEKDAYS, "09:00", dt.time(17, 0))
        self.assertEqual(cal.weekly_seconds, 5 * 8 * 3600)
        # 2026-11-20 is a Friday: 16:00-17:00 Friday + 09:00-10:00 Monday = 2 h.
        self.assertEqual(cal.elapsed(utc(2026, 11, 20, 16), utc(2026, 11, 23, 10)), 7200)
        cal.add_holiday(dt.date(2026, 11, 23))  # Monday off: only Friday's hour
        self.assertEqual(cal.elapsed(utc(2026, 11, 20, 16), utc(2026, 11, 23, 10)), 3600)
        cal.add_closure(dt.date(2026, 11, 20), "16:30", "24:00")
        self.assertEqual(cal.elapsed(utc(2026, 11, 20, 16), utc(2026, 11, 23, 10)), 1800)
        # due: 30 min of work from Friday 16:00 ends at the closure, 16:30.
        self.assertEqual(cal.due(utc(2026, 11, 20, 16), 1800), utc(2026, 11, 20, 16, 30))
        t0 = int(utc(2026, 11, 20, 16).timestamp())
        self.assertEqual(cal.due(t0, dt.timedelta(minutes=30)), t0 + 1800)  # int in, int out

    def test_fixed_offset(self) -> None:
        cal = cxkpi.Calendar()
        cal.set_utc_offset(dt.timedelta(hours=5, minutes=30))
        self.assertEqual(cal.utc_offset(0), 19800)
        cal.add_interval(cxkpi.Weekday.EVERY_DAY, 0, 3600)  # 00:00-01:00 local = 18:30-19:30 UTC
        self.assertEqual(cal.elapsed(utc(2026, 1, 1, 18), utc(2026, 1, 1, 19)), 1800)
        with self.assertRaises(cxkpi.RangeError):
            cal.set_utc_offset(86400)

    @unittest.skipUnless(have_zone("America/New_York"), "no zoneinfo for America/New_York")
    def test_header_example_friday_to_monday(self) -> None:
        cal = cxkpi.Calendar(NY_TEXT)
        # Friday 17:55 EST (22:55Z) to Monday 09:05 EST (14:05Z): 5 + 5 working minutes.
        self.assertEqual(cal.elapsed(utc(2026, 11, 20, 22, 55), utc(2026, 11, 23, 14, 5)), 600)
        self.assertEqual(cal.utc_offset(utc(2026, 11, 20)), -5 * 3600)
        self.assertEqual(cal.utc_offset(utc(2026, 7, 1)), -4 * 3600)
        self.assertEqual(cal.weekly_seconds, 5 * 9 * 3600)
        # Christmas (Friday) is a holiday: Thursday 17:00 EST + 2 working hours = Monday 10:00 EST.
        self.assertEqual(cal.due(utc(2026, 12, 24, 22), 7200), utc(2026, 12, 28, 15))
        self.assertEqual(repr(cal), "<Calendar weekly=45h>")

    @unittest.skipUnless(have_zone("America/New_York"), "no zoneinfo for America/New_York")
    def test_dst_days(self) -> None:
        cal = cxkpi.Calendar()
        cal.set_timezone("America/New_York")
        cal.add_interval(cxkpi.Weekday.EVERY_DAY, "01:00", "03:00")
        # Spring forward 2026-03-08: 02:00-03:00 does not exist, 1 h worked.
        self.assertEqual(cal.elapsed(utc(2026, 3, 8), utc(2026, 3, 9)), 3600)
        # Fall back 2026-11-01: 01:00-02:00 happens twice, 3 h worked.
        self.assertEqual(cal.elapsed(utc(2026, 11, 1), utc(2026, 11, 2)), 3 * 3600)

    def test_parse_errors_name_the_line(self) -> None:
        with self.assertRaises(cxkpi.FormatError) as cm:
            cxkpi.Calendar("mon-fri 09:00-17:00\nsat 10:00-25:00\n")
        self.assertEqual(cm.exception.line, 2)  # type: ignore[attr-defined]
        self.assertIn("at line 2", str(cm.exception))
        with self.assertRaises(cxkpi.NotFoundError):
            cxkpi.Calendar("tz No/Such_Zone\n")
        with self.assertRaises(cxkpi.InvalidArgumentError):
            cxkpi.Calendar().set_timezone("../etc/passwd")

    def test_instants(self) -> None:
        cal = cxkpi.Calendar("daily 00:00-24:00")
        self.assertEqual(cal.elapsed(0.9, 10.2), 10)            # floats are floored: [0, 10)
        with self.assertRaises(ValueError):
            cal.elapsed(dt.datetime(2026, 1, 1), utc(2026, 1, 2))  # naive datetime
        with self.assertRaises(cxkpi.OrderError):
            cal.elapsed(10, 5)
        with self.assertRaises(cxkpi.RangeError):
            cal.elapsed(0, cxkpi.calendar.MAX_INSTANT + 1)
        with self.assertRaises(cxkpi.RangeError):
            cal.elapsed(0, 2 ** 70)                              # would wrap as an int64
        with self.assertRaises(cxkpi.RangeError):
            cal.add_interval(0, "09:00", "10:00")                # no days
        with self.assertRaises(ValueError):
            cal.add_interval(1, "9h", "10:00")


class TicketClockTest(unittest.TestCase):
    def test_pauses_under_a_calendar(self) -> None:
        cal = cxkpi.Calendar("mon-fri 09:00-17:00")   # UTC
        clock = cxkpi.TicketClock(cal)
        self.assertIs(clock.calendar, cal)
        self.assertEqual(clock.state, cxkpi.ClockState.IDLE)
        clock.start(utc(2026, 11, 20, 16))            # Friday 16:00
        self.assertEqual(clock.seconds(utc(2026, 11, 20, 16, 30)), 1800)
        with self.assertRaises(ValueError):
            clock.seconds()                           # running: needs "now"
        # Due after 2 working hours: Friday 16-17 + Monday 09-10.
        self.assertEqual(clock.due(7200, as_datetime=True), utc(2026, 11, 23, 10))
        clock.pause(utc(2026, 11, 20, 16, 45))        # pending on the customer
        self.assertEqual(clock.state, cxkpi.ClockState.PAUSED)
        clock.resume(utc(2026, 11, 23, 9, 30))        # Monday 09:30
        clock.stop(utc(2026, 11, 23, 10))
        self.assertEqual(clock.seconds(), 45 * 60 + 30 * 60)
        self.assertEqual(repr(clock), "<TicketClock stopped>")
        with self.assertRaises(cxkpi.OrderError):
            clock.resume(utc(2026, 11, 23, 11))       # wrong state
        clock.reset()
        self.assertEqual(clock.state, cxkpi.ClockState.IDLE)

    def test_plain_elapsed_time_and_order(self) -> None:
        clock = cxkpi.TicketClock()
        clock.start(1000)
        with self.assertRaises(cxkpi.OrderError):
            clock.pause(999)                          # backwards
        clock.stop(1600)
        self.assertEqual(clock.seconds(), 600)

    def test_closed_calendar_makes_the_clock_unusable(self) -> None:
        cal = cxkpi.Calendar("daily 00:00-24:00")
        with cxkpi.TicketClock(cal) as clock:
            cal.close()
            with self.assertRaises(ValueError):
                clock.start(0)
        self.assertTrue(clock.closed)



class CalendarQuestionsTest(unittest.TestCase):
    def test_working_opening_left(self) -> None:
        # UTC-05:00, Mon-Fri 09:00-12:30 13:30-18:00; 2026-03-02 is a Monday
        cal = cxkpi.Calendar("offset -05:00\nmon-fri 09:00-12:30 13:30-18:00\nholiday 2026-03-09\n")
        tz = dt.timezone(dt.timedelta(hours=-5))
        mon10 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=tz)
        self.assertTrue(cal.is_working(mon10))
        self.assertEqual(cal.seconds_left_today(mon10), 25200)         # 2.5 h + 4.5 h
        lunch = dt.datetime(2026, 3, 2, 12, 45, tzinfo=tz)
        self.assertFalse(cal.is_working(lunch))
        self.assertEqual(cal.next_opening(lunch), dt.datetime(2026, 3, 2, 13, 30, tzinfo=tz))
        self.assertFalse(cal.is_working(dt.datetime(2026, 3, 2, 18, 0, tzinfo=tz)))
        friday = dt.datetime(2026, 3, 6, 18, 30, tzinfo=tz)           # holiday Monday skipped
        self.assertEqual(cal.next_opening(friday), dt.datetime(2026, 3, 10, 9, 0, tzinfo=tz))
        self.assertEqual(cal.next_opening(int(lunch.timestamp())), int(lunch.timestamp()) + 45 * 60)
        with self.assertRaises(cxkpi.NotFoundError):
            cxkpi.Calendar().next_opening(0)


if __name__ == "__main__":
    unittest.main()
