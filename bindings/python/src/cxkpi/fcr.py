"""FCR -- first contact resolution from outcomes (``cxkpi/fcr.h``) or from raw contacts
(``cxkpi/fcr_tracker.h``)."""
from __future__ import annotations

import array
import ctypes
import datetime
import struct
import enum
import operator
from typing import Any, Iterable, NamedTuple, Tuple, Union

from ._base import (Accumulator, BufferLike, Serializable, dp, fn, out_new, range_error, u64_arg,
                    u64p, vp, vpp)
from .calendar import to_instant
from .errors import InvalidArgumentError, InvalidTypeError, RangeError

_new = fn("cxkpi_fcr_new", [vpp])
_add = fn("cxkpi_fcr_add", [vp, ctypes.c_uint32])
_remove = fn("cxkpi_fcr_remove", [vp, ctypes.c_uint32])
_counts = fn("cxkpi_fcr_counts", [vp, u64p, u64p, u64p, u64p, u64p])
_combination = fn("cxkpi_fcr_combination_count", [vp, ctypes.c_uint32, u64p])
_percent = fn("cxkpi_fcr_percent", [vp, dp])
_net = fn("cxkpi_fcr_net_percent", [vp, dp])
_escalation = fn("cxkpi_fcr_escalation_percent", [vp, dp])
_reopen = fn("cxkpi_fcr_reopen_percent", [vp, dp])
_i_percent = fn("cxkpi_fcr_percent_interval", [vp, ctypes.c_double, dp, dp])
_i_net = fn("cxkpi_fcr_net_percent_interval", [vp, ctypes.c_double, dp, dp])
_i_escalation = fn("cxkpi_fcr_escalation_percent_interval", [vp, ctypes.c_double, dp, dp])
_i_reopen = fn("cxkpi_fcr_reopen_percent_interval", [vp, ctypes.c_double, dp, dp])


class FcrFlag(enum.IntFlag):
    """Outcome flags of a finished issue (``cxkpi_fcr_flag``); combine with ``|``."""
    NONE = 0
    RESOLVED_FIRST_CONTACT = 1
    ESCALATED = 2
    REOPENED = 4
    EXCLUDED = 8


class FcrCounts(NamedTuple):
    """Issue counts: all issues, and those with each flag."""
    issues: int
    resolved_first_contact: int
    escalated: int
    reopened: int
    excluded: int


def _flags(flags: int, resolved: bool, escalated: bool, reopened: bool, excluded: bool,
           function: str) -> int:
    # int() would take "3" or truncate 1.5 into a different outcome: only integers pass
    if isinstance(flags, str) or not hasattr(type(flags), "__index__"):
        raise InvalidTypeError(f"flags must be an integer (FcrFlag), got {type(flags).__name__}",
                               None, function)
    value = (operator.index(flags) | (FcrFlag.RESOLVED_FIRST_CONTACT if resolved else 0)
             | (FcrFlag.ESCALATED if escalated else 0) | (FcrFlag.REOPENED if reopened else 0)
             | (FcrFlag.EXCLUDED if excluded else 0))
    if not 0 <= value <= 0xFFFFFFFF:
        raise range_error(function, f"flags {value} are out of range")
    return value


class Fcr(Accumulator, prefix="fcr"):
    """First contact resolution from ticket outcomes: one call per finished issue.

    >>> f = Fcr()
    >>> f.add(resolved=True)
    >>> f.add(escalated=True)
    >>> f.add(FcrFlag.EXCLUDED | FcrFlag.REOPENED)
    >>> round(f.percent, 2), f.net_percent   # 100 * 1 / 3, 100 * 1 / (3 - 1)
    (33.33, 50.0)

    Contradictory outcomes (resolved on first contact *and* escalated, reopened or
    excluded) raise :class:`cxkpi.RangeError` and count nothing. Rates of an empty
    accumulator raise :class:`cxkpi.EmptyError`.
    """

    __slots__ = ()
    _bulk = {"u32": fn("cxkpi_fcr_add_many", [vp, vp, ctypes.c_size_t])}
    _bulk_fallback = "u32"
    _bulk_small = True

    def __init__(self) -> None:
        """Creates an empty accumulator."""
        self._adopt(out_new(_new))

    def add(self, flags: int = 0, *, resolved: bool = False, escalated: bool = False,
            reopened: bool = False, excluded: bool = False) -> None:
        """Counts one finished issue: ``flags`` (:class:`FcrFlag`) and/or the keywords."""
        value = _flags(flags, resolved, escalated, reopened, excluded, "cxkpi_fcr_add")
        try:
            _add(self._h, value)
        except RangeError:  # the library's rule, its two reasons said in the outcome's words
            raise range_error("cxkpi_fcr_add", f"outcome flags {value} outside 0..15 (1 resolved "
                              "on first contact, 2 escalated, 4 reopened, 8 excluded)"
                              if value > 15 else "contradictory outcome: resolved on first "
                              "contact, yet escalated, reopened or excluded") from None

    def add_many(self, flags: Union[BufferLike, Iterable[int]]) -> None:
        """Counts many issues in one C call, atomically; ``flags`` is a buffer of uint32
        (``array.array('I')``) or any iterable of ints / :class:`FcrFlag`."""
        self._add_buffer(flags)

    def remove(self, flags: int = 0, *, resolved: bool = False, escalated: bool = False,
               reopened: bool = False, excluded: bool = False) -> None:
        """Retracts one issue counted with exactly these flags (:class:`cxkpi.NotFoundError` if none)."""
        _remove(self._h, _flags(flags, resolved, escalated, reopened, excluded, "cxkpi_fcr_remove"))

    @property
    def counts(self) -> FcrCounts:
        """Issues, and how many were resolved on first contact, escalated, reopened, excluded."""
        out = [ctypes.c_uint64() for _ in range(5)]
        _counts(self._h, *(ctypes.byref(v) for v in out))
        return FcrCounts(*(v.value for v in out))

    @property
    def count(self) -> int:
        """Number of issues counted."""
        return self.counts.issues

    def combination_count(self, flags: int) -> int:
        """Number of issues counted with exactly this flag combination."""
        return self._u64(_combination, _flags(flags, False, False, False, False,
                                              "cxkpi_fcr_combination_count"))

    @property
    def percent(self) -> float:
        """Gross FCR, ``100 * resolved_first_contact / issues``."""
        return self._f64(_percent)

    @property
    def net_percent(self) -> float:
        """Net FCR, ``100 * resolved_first_contact / (issues - excluded)``."""
        return self._f64(_net)

    @property
    def escalation_percent(self) -> float:
        """``100 * escalated / issues``."""
        return self._f64(_escalation)

    @property
    def reopen_percent(self) -> float:
        """``100 * reopened / issues``."""
        return self._f64(_reopen)

    def interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`percent`, in percent."""
        return self._pair(_i_percent, float(confidence))

    def net_interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`net_percent`."""
        return self._pair(_i_net, float(confidence))

    def escalation_interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`escalation_percent`."""
        return self._pair(_i_escalation, float(confidence))

    def reopen_interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`reopen_percent`."""
        return self._pair(_i_reopen, float(confidence))

    def _describe(self) -> str:
        n = self.count
        return f"n={n} (empty)" if n == 0 else f"n={n} fcr={self.percent:.1f}%"


_t_new = fn("cxkpi_fcr_tracker_new", [vpp, ctypes.c_int64, ctypes.c_int64])
_t_add = fn("cxkpi_fcr_tracker_add", [vp, ctypes.c_uint64, ctypes.c_int64])
_t_add_many = fn("cxkpi_fcr_tracker_add_many", [vp, vp, vp, ctypes.c_size_t])
_t_flush = fn("cxkpi_fcr_tracker_flush", [vp, ctypes.c_int64])
_t_finish = fn("cxkpi_fcr_tracker_finish", [vp])
_t_results = fn("cxkpi_fcr_tracker_results", [vp, vpp])
_t_open = fn("cxkpi_fcr_tracker_open", [vp, u64p, u64p])
_t_watermark = fn("cxkpi_fcr_tracker_watermark", [vp, ctypes.POINTER(ctypes.c_int64)])
_t_config = fn("cxkpi_fcr_tracker_config", [vp, ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int64)])
_t_memory = fn("cxkpi_fcr_tracker_memory_usage", [vp, ctypes.POINTER(ctypes.c_size_t)])
_key_from_bytes = fn("cxkpi_fcr_key_from_bytes", [ctypes.c_char_p, ctypes.c_size_t, u64p])
_fcr_clone = fn("cxkpi_fcr_clone", [vp, vpp])

Key = Union[int, str, bytes]
#: Largest repeat window, in seconds (2^40).
WINDOW_MAX = 1 << 40


def _time(value: Any, function: str) -> int:
    """Seconds (int, or float floored) or an aware datetime, as the tracker's int64 time."""
    return to_instant(value, function)


class FcrTracker(Serializable, prefix="fcr_tracker"):
    """First contact resolution from raw contacts ``(key, time)`` (``cxkpi/fcr_tracker.h``).

    An issue is resolved on first contact when no further contact with the same key
    arrives within the repeat ``window`` (seconds, measured from the episode's first
    contact). Contacts may arrive out of order by up to ``lateness`` seconds; later than
    that is :class:`cxkpi.OrderError`. Finalized episodes are counted into :attr:`results`.

    >>> t = FcrTracker(window=7 * 86400)
    >>> t.add("alice@example.com", 0)
    >>> t.add("alice@example.com", 3600)     # a repeat within the window
    >>> t.add("bob@example.com", 7200)
    >>> t.finish()
    >>> t.results.percent                    # bob's issue only: 100 * 1 / 2
    50.0

    Keys are ints (0 .. 2**64-1) or strings/bytes, hashed with :meth:`key` (FNV-1a).
    Trackers copy, serialize and pickle, but do not merge: shard by key and merge the
    :attr:`results` (``Fcr`` accumulators) instead.
    """

    __slots__ = ()

    def __init__(self, window: Union[int, datetime.timedelta] = 7 * 86400,
                 lateness: Union[int, datetime.timedelta] = 0) -> None:
        """``window`` in [1, 2**40] seconds, ``0 <= lateness < window``
        (:class:`cxkpi.InvalidArgumentError` otherwise)."""
        w, late = (v // datetime.timedelta(seconds=1) if isinstance(v, datetime.timedelta) else v
                   for v in (window, lateness))
        if not (-2 ** 63 <= w < 2 ** 63 and -2 ** 63 <= late < 2 ** 63):
            raise InvalidArgumentError("invalid configuration", None, "cxkpi_fcr_tracker_new")
        self._adopt(out_new(_t_new, w, late))

    @staticmethod
    def key(ident: Key) -> int:
        """The tracker key of an id: ints as they are, strings (UTF-8) and bytes hashed
        with 64-bit FNV-1a (``cxkpi_fcr_key_from_bytes``), stable across versions."""
        if isinstance(ident, int):
            return u64_arg(ident, "cxkpi_fcr_tracker_add")
        data = ident.encode("utf-8") if isinstance(ident, str) else bytes(ident)
        out = ctypes.c_uint64()
        _key_from_bytes(data, len(data), ctypes.byref(out))
        return out.value

    def add(self, key: Key, time: Any) -> None:
        """Records one contact at ``time`` (seconds since the epoch, or an aware datetime)."""
        _t_add(self._h, self.key(key), _time(time, "cxkpi_fcr_tracker_add"))

    def add_many(self, keys: Any, times: Any) -> None:
        """Records contacts in array order, atomically, in one C call: ``keys`` a buffer of
        uint64 (``array.array('Q')``, NumPy ``uint64``) or an iterable of keys (strings are
        hashed), ``times`` a buffer of int64 or an iterable of seconds."""
        try:
            memoryview(keys)
        except TypeError:
            keys = array.array("Q", [self.key(k) for k in keys])
        self._add_arrays(_t_add_many, (keys, "u64"), (times, "i64"))

    def flush(self, now: Any) -> None:
        """Declares that event time has reached ``now``: finalizes every episode due."""
        _t_flush(self._h, _time(now, "cxkpi_fcr_tracker_flush"))

    def finish(self) -> None:
        """End of data: finalizes every open episode; later contacts are refused."""
        _t_finish(self._h)

    @property
    def results(self) -> Fcr:
        """The finalized episodes so far, as a new :class:`Fcr` (a copy: it does not
        follow the tracker's later progress)."""
        borrowed = ctypes.c_void_p()
        _t_results(self._h, ctypes.byref(borrowed))
        return Fcr._wrap(out_new(lambda out: _fcr_clone(borrowed, out)))

    @property
    def open(self) -> Tuple[int, int]:
        """``(open episodes, keys with an open episode)``: what is not finalized yet."""
        episodes, keys = ctypes.c_uint64(), ctypes.c_uint64()
        _t_open(self._h, ctypes.byref(episodes), ctypes.byref(keys))
        return episodes.value, keys.value

    @property
    def watermark(self) -> int:
        """The largest time seen. :class:`cxkpi.EmptyError` before the first contact or flush."""
        return self._i64(_t_watermark)

    @property
    def config(self) -> Tuple[int, int]:
        """``(window, lateness)`` in seconds."""
        w, late = ctypes.c_int64(), ctypes.c_int64()
        _t_config(self._h, ctypes.byref(w), ctypes.byref(late))
        return w.value, late.value

    @property
    def memory(self) -> int:
        """Bytes of heap memory the tracker holds now."""
        out = ctypes.c_size_t()
        _t_memory(self._h, ctypes.byref(out))
        return out.value

    def _state(self) -> bytes:
        # The format lists open keys in an unspecified (hash table) order: compare them
        # sorted. Payload v1 (cxkpi/fcr_tracker.h): window, lateness (i64), started (u8),
        # watermark (i64), 72 bytes of FCR counts, keys (u64), then per key: key (u64),
        # episodes (u8), and per episode: first contact (i64), repeated (u8).
        data = self.to_bytes()
        kind, version, size = struct.unpack_from("<HHQ", data, 4)
        if version != 1:
            return data
        payload = data[16:16 + size]
        head, pos = payload[:105], 105
        records = []
        for _ in range(struct.unpack_from("<Q", payload, 97)[0]):
            episodes = payload[pos + 8]
            end = pos + 9 + 9 * episodes
            records.append(payload[pos:end])
            pos = end
        return head + b"".join(sorted(records))

    def _describe(self) -> str:
        w, late = self.config
        episodes, _ = self.open
        return f"window={w}s lateness={late}s open={episodes} finalized={self.results.count}"
