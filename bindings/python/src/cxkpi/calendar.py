"""Business-hours calendars and ticket clocks (``cxkpi/calendar.h``, ``cxkpi/ticket_clock.h``).

Instants are POSIX seconds (``int``; a ``float`` is floored to whole seconds) or
timezone-aware ``datetime`` objects; a naive ``datetime`` is refused (``ValueError``)
because its meaning depends on the machine. Times of day are seconds after local
midnight, ``"HH:MM[:SS]"`` strings (``"24:00"`` allowed as an end) or ``datetime.time``.
"""
from __future__ import annotations

import ctypes
import datetime
import enum
import math
from typing import Optional, Union, overload

from ._base import Handle, fn, out_new, range_error, vp, vpp
from .errors import CxkpiError

Instant = Union[int, float, datetime.datetime]
TimeOfDay = Union[int, str, datetime.time]

_i64 = ctypes.c_int64
_i64p = ctypes.POINTER(ctypes.c_int64)
_i32p = ctypes.POINTER(ctypes.c_int32)
_new = fn("cxkpi_calendar_new", [vpp])
_parse = fn("cxkpi_calendar_parse", [vpp, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)])
_set_timezone = fn("cxkpi_calendar_set_timezone", [vp, ctypes.c_char_p])
_set_utc_offset = fn("cxkpi_calendar_set_utc_offset", [vp, ctypes.c_int32])
_add_interval = fn("cxkpi_calendar_add_interval", [vp, ctypes.c_uint, ctypes.c_int32, ctypes.c_int32])
_add_holiday = fn("cxkpi_calendar_add_holiday", [vp, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32])
_add_closure = fn("cxkpi_calendar_add_closure", [vp, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
                                                  ctypes.c_int32, ctypes.c_int32])
_weekly_seconds = fn("cxkpi_calendar_weekly_seconds", [vp, _i64p])
_utc_offset = fn("cxkpi_calendar_utc_offset", [vp, _i64, _i32p])
_elapsed = fn("cxkpi_calendar_elapsed", [vp, _i64, _i64, _i64p])
_add = fn("cxkpi_calendar_add", [vp, _i64, _i64, _i64p])
_is_working = fn("cxkpi_calendar_is_working", [vp, _i64, ctypes.POINTER(ctypes.c_int)])
_next_opening = fn("cxkpi_calendar_next_opening", [vp, _i64, _i64p])
_seconds_left_today = fn("cxkpi_calendar_seconds_left_today", [vp, _i64, _i64p])

_clock_new = fn("cxkpi_ticket_clock_new", [vpp, vp])
_clock_start = fn("cxkpi_ticket_clock_start", [vp, _i64])
_clock_pause = fn("cxkpi_ticket_clock_pause", [vp, _i64])
_clock_resume = fn("cxkpi_ticket_clock_resume", [vp, _i64])
_clock_stop = fn("cxkpi_ticket_clock_stop", [vp, _i64])
_clock_seconds = fn("cxkpi_ticket_clock_seconds", [vp, _i64, _i64p])
_clock_due = fn("cxkpi_ticket_clock_due", [vp, _i64, _i64p])
_clock_state = fn("cxkpi_ticket_clock_state", [vp, ctypes.POINTER(ctypes.c_int)])
_clock_reset = fn("cxkpi_ticket_clock_reset", [vp])

#: Earliest / latest instant the calendar accepts: 0001-01-01T00:00:00Z, 9999-12-31T23:59:59Z.
MIN_INSTANT, MAX_INSTANT = -62135596800, 253402300799
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_ONE_SECOND = datetime.timedelta(seconds=1)


class Weekday(enum.IntFlag):
    """Weekday bits for :meth:`Calendar.add_interval`; combine with ``|``."""
    MONDAY = 0x01
    TUESDAY = 0x02
    WEDNESDAY = 0x04
    THURSDAY = 0x08
    FRIDAY = 0x10
    SATURDAY = 0x20
    SUNDAY = 0x40
    WEEKDAYS = 0x1F
    EVERY_DAY = 0x7F


class ClockState(enum.IntEnum):
    """States of a :class:`TicketClock`."""
    IDLE = 0
    RUNNING = 1
    PAUSED = 2
    STOPPED = 3


def to_instant(value: Instant, function: str = "cxkpi_calendar") -> int:
    """POSIX seconds from an ``int``, a ``float`` (floored) or an aware ``datetime``."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: give a timezone-aware one (e.g. tzinfo=timezone.utc)")
        return (value - _EPOCH) // _ONE_SECOND
    if isinstance(value, float):
        if not math.isfinite(value):
            raise range_error(function, f"instant {value} is not finite")
        value = math.floor(value)
    if not -2 ** 63 <= value < 2 ** 63:
        raise range_error(function, f"instant {value} is out of range")
    return int(value)


def from_instant(seconds: int) -> datetime.datetime:
    """An aware UTC ``datetime`` from POSIX seconds."""
    return _EPOCH + datetime.timedelta(seconds=seconds)


def to_time_of_day(value: TimeOfDay) -> int:
    """Seconds after midnight from an ``int``, ``"HH:MM[:SS]"`` or ``datetime.time``."""
    if isinstance(value, datetime.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
            raise ValueError(f"time of day {value!r} is not HH:MM or HH:MM:SS")
        h, m, s = (int(p) for p in parts + ["0"] * (3 - len(parts)))
        if m > 59 or s > 59:
            raise ValueError(f"time of day {value!r} is not HH:MM or HH:MM:SS")
        return h * 3600 + m * 60 + s
    if not -2 ** 31 <= value < 2 ** 31:
        raise range_error("cxkpi_calendar", f"time of day {value} is out of range")
    return int(value)


class Calendar(Handle, prefix="calendar"):
    """A business-hours calendar: time zone, weekly working intervals, holidays, closures.

    >>> cal = Calendar('''
    ... tz America/New_York
    ... mon-fri 09:00-18:00
    ... holiday 2026-12-25
    ... ''')
    >>> fri = datetime.datetime(2026, 11, 20, 22, 55, tzinfo=datetime.timezone.utc)  # 17:55 EST
    >>> mon = datetime.datetime(2026, 11, 23, 14, 5, tzinfo=datetime.timezone.utc)   # 09:05 EST
    >>> cal.elapsed(fri, mon)          # 5 + 5 working minutes
    600

    The text form is the one of ``cxkpi/calendar.h``; the setters build the same calendar
    step by step. A new ``Calendar()`` is UTC with no working time. Time zones are read
    from ``$TZDIR`` or ``/usr/share/zoneinfo``.
    """

    __slots__ = ()

    def __init__(self, text: Union[str, bytes, None] = None) -> None:
        """An empty UTC calendar, or one parsed from its text form.

        A malformed text raises :class:`cxkpi.FormatError` whose ``line`` attribute is the
        1-based offending line (also in the message); an unknown zone
        :class:`cxkpi.NotFoundError`.
        """
        if text is None:
            self._adopt(out_new(_new))
            return
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        line = ctypes.c_size_t(0)
        try:
            self._adopt(out_new(_parse, data, len(data), ctypes.byref(line)))
        except CxkpiError as exc:
            exc.line = line.value  # type: ignore[attr-defined]
            if line.value:
                exc.args = (f"{exc.args[0]} at line {line.value}",)
            raise

    @classmethod
    def parse(cls, text: Union[str, bytes]) -> "Calendar":
        """Same as ``Calendar(text)``."""
        return cls(text)

    def set_timezone(self, name: str) -> None:
        """Sets the time zone by IANA name ("Europe/Berlin"). :class:`cxkpi.NotFoundError`
        for an unknown zone, :class:`cxkpi.InvalidArgumentError` for a malformed name."""
        _set_timezone(self._h, name.encode("utf-8"))

    def set_utc_offset(self, offset: Union[int, datetime.timedelta]) -> None:
        """Sets a fixed zone, ``offset`` seconds (or a timedelta) east of UTC."""
        if isinstance(offset, datetime.timedelta):
            offset = offset // _ONE_SECOND
        if not -2 ** 31 <= offset < 2 ** 31:
            raise range_error("cxkpi_calendar_set_utc_offset", f"offset {offset} is out of range")
        _set_utc_offset(self._h, offset)

    def add_interval(self, days: int, start: TimeOfDay, end: TimeOfDay) -> None:
        """Adds working time ``[start, end)`` in local wall time to each of ``days``
        (:class:`Weekday` bits). ``end`` before ``start`` runs past midnight."""
        if not 0 <= days < 2 ** 32:
            raise range_error("cxkpi_calendar_add_interval", f"days {days} is out of range")
        _add_interval(self._h, int(days), to_time_of_day(start), to_time_of_day(end))

    def add_holiday(self, date: datetime.date) -> None:
        """Makes a whole local date non-working."""
        _add_holiday(self._h, date.year, date.month, date.day)

    def add_closure(self, date: datetime.date, start: TimeOfDay, end: TimeOfDay) -> None:
        """Closes ``[start, end)`` of one local date (e.g. 13:00-24:00 on Christmas Eve)."""
        _add_closure(self._h, date.year, date.month, date.day,
                     to_time_of_day(start), to_time_of_day(end))

    @property
    def weekly_seconds(self) -> int:
        """Working seconds of an ordinary week (no exceptions, 24-hour days)."""
        return self._i64(_weekly_seconds)

    def utc_offset(self, instant: Instant) -> int:
        """The zone's UTC offset at ``instant``, in seconds (local = UTC + offset)."""
        out = ctypes.c_int32()
        _utc_offset(self._h, to_instant(instant, "cxkpi_calendar_utc_offset"), ctypes.byref(out))
        return out.value

    def elapsed(self, start: Instant, end: Instant) -> int:
        """Working seconds in ``[start, end)``. :class:`cxkpi.OrderError` when ``end < start``."""
        return self._i64(_elapsed, to_instant(start, "cxkpi_calendar_elapsed"),
                         to_instant(end, "cxkpi_calendar_elapsed"))

    @overload
    def due(self, start: datetime.datetime, working_seconds: Union[int, datetime.timedelta]) -> datetime.datetime: ...
    @overload
    def due(self, start: Union[int, float], working_seconds: Union[int, datetime.timedelta]) -> int: ...

    def due(self, start: Instant, working_seconds: Union[int, datetime.timedelta]) -> Instant:
        """The instant when ``working_seconds`` of working time have elapsed since ``start``
        (``cxkpi_calendar_add``): a ticket's due date. Returns an aware UTC ``datetime``
        when ``start`` is a ``datetime``, else POSIX seconds."""
        if isinstance(working_seconds, datetime.timedelta):
            working_seconds = working_seconds // _ONE_SECOND
        if not -2 ** 63 <= working_seconds < 2 ** 63:
            raise range_error("cxkpi_calendar_add", f"{working_seconds} is out of range")
        due = self._i64(_add, to_instant(start, "cxkpi_calendar_add"), working_seconds)
        return from_instant(due) if isinstance(start, datetime.datetime) else due

    def is_working(self, instant: Instant) -> bool:
        """Whether ``instant`` is working time (intervals are half-open: 18:00 is closed
        under 09:00-18:00)."""
        out = ctypes.c_int()
        _is_working(self._h, to_instant(instant, "cxkpi_calendar_is_working"), ctypes.byref(out))
        return bool(out.value)

    @overload
    def next_opening(self, instant: datetime.datetime) -> datetime.datetime: ...
    @overload
    def next_opening(self, instant: Union[int, float]) -> int: ...

    def next_opening(self, instant: Instant) -> Instant:
        """The first working instant at or after ``instant`` (a ``datetime`` for a
        ``datetime``). :class:`cxkpi.NotFoundError` when there is none."""
        t = self._i64(_next_opening, to_instant(instant, "cxkpi_calendar_next_opening"))
        return from_instant(t) if isinstance(instant, datetime.datetime) else t

    def seconds_left_today(self, instant: Instant) -> int:
        """Working seconds from ``instant`` to the end of its local date."""
        return self._i64(_seconds_left_today, to_instant(instant, "cxkpi_calendar_seconds_left_today"))

    def _describe(self) -> str:
        return f"weekly={self.weekly_seconds / 3600:g}h"


class TicketClock(Handle, prefix="ticket_clock"):
    """Working time of one ticket under a calendar, with pauses (e.g. pending on the customer).

    ``idle -> start -> running <-> (pause / resume) paused -> stop -> stopped``; events must
    not go backwards (:class:`cxkpi.OrderError`). Without a calendar every second counts.
    The clock keeps a reference to its calendar; closing the calendar first makes the
    clock unusable (``ValueError``), and the calendar must not be changed while in use.
    """

    __slots__ = ("_calendar",)

    def __init__(self, calendar: Optional[Calendar] = None) -> None:
        """Creates an idle clock."""
        self._calendar = calendar
        self._adopt(out_new(_clock_new, calendar._h if calendar is not None else None))

    @property
    def _h(self) -> int:
        if self._calendar is not None and self._calendar.closed:
            raise ValueError("the calendar of this TicketClock is closed")
        return Handle._h.fget(self)  # type: ignore[attr-defined,no-any-return]

    @property
    def calendar(self) -> Optional[Calendar]:
        """The calendar the clock counts under (``None``: plain elapsed time)."""
        return self._calendar

    def start(self, instant: Instant) -> None:
        """Starts the idle clock."""
        _clock_start(self._h, to_instant(instant, "cxkpi_ticket_clock_start"))

    def pause(self, instant: Instant) -> None:
        """Pauses the running clock."""
        _clock_pause(self._h, to_instant(instant, "cxkpi_ticket_clock_pause"))

    def resume(self, instant: Instant) -> None:
        """Resumes the paused clock."""
        _clock_resume(self._h, to_instant(instant, "cxkpi_ticket_clock_resume"))

    def stop(self, instant: Instant) -> None:
        """Stops the clock; its total becomes final."""
        _clock_stop(self._h, to_instant(instant, "cxkpi_ticket_clock_stop"))

    def seconds(self, now: Optional[Instant] = None) -> int:
        """Working seconds counted so far; while running, up to ``now`` (required then)."""
        if now is None:
            if self.state == ClockState.RUNNING:
                raise ValueError("the clock is running: give the current instant, seconds(now)")
            now = 0
        return self._i64(_clock_seconds, to_instant(now, "cxkpi_ticket_clock_seconds"))

    def due(self, target: Union[int, datetime.timedelta], *, as_datetime: bool = False) -> Instant:
        """When the running clock will have counted ``target`` working seconds (POSIX
        seconds, or an aware UTC ``datetime`` with ``as_datetime=True``)."""
        if isinstance(target, datetime.timedelta):
            target = target // _ONE_SECOND
        if not -2 ** 63 <= target < 2 ** 63:
            raise range_error("cxkpi_ticket_clock_due", f"{target} is out of range")
        due = self._i64(_clock_due, target)
        return from_instant(due) if as_datetime else due

    @property
    def state(self) -> ClockState:
        """The clock's :class:`ClockState`."""
        out = ctypes.c_int()
        _clock_state(self._h, ctypes.byref(out))
        return ClockState(out.value)

    def reset(self) -> None:
        """Returns the clock to idle with nothing counted."""
        _clock_reset(self._h)

    def _describe(self) -> str:
        return self.state.name.lower()
