"""SLA compliance -- share of tickets within a target time (``cxkpi/sla.h``)."""
from __future__ import annotations

import array
import ctypes
import datetime
import numbers
from typing import Iterable, NamedTuple, Tuple, Union

from ._base import Accumulator, BufferLike, dp, fn, out_new, u64p, vp, vpp

Seconds = Union[float, int, datetime.timedelta]

_size = ctypes.c_size_t
_new = fn("cxkpi_sla_new", [vpp, ctypes.c_double])
_add = fn("cxkpi_sla_add", [vp, ctypes.c_double])
_remove = fn("cxkpi_sla_remove", [vp, ctypes.c_double])
_add_open = fn("cxkpi_sla_add_open", [vp, ctypes.c_double])
_remove_open = fn("cxkpi_sla_remove_open", [vp, ctypes.c_double])
_clear_open = fn("cxkpi_sla_clear_open", [vp])
_merge_counts = fn("cxkpi_sla_merge_counts", [vp, vp])
_target = fn("cxkpi_sla_target", [vp, dp])
_met = fn("cxkpi_sla_met", [vp, u64p])
_breached = fn("cxkpi_sla_breached", [vp, u64p])
_breached_open = fn("cxkpi_sla_breached_open", [vp, u64p])
_in_progress = fn("cxkpi_sla_in_progress", [vp, u64p])
_percent = fn("cxkpi_sla_compliance_percent", [vp, dp])
_interval = fn("cxkpi_sla_compliance_percent_interval", [vp, ctypes.c_double, dp, dp])
_lateness = fn("cxkpi_sla_lateness", [vp, u64p, dp, dp, dp])
_lateness_finished = fn("cxkpi_sla_lateness_finished", [vp, u64p, dp, dp, dp])

#: Largest accepted target or elapsed time, in seconds (2^53).
MAX_SECONDS = 9007199254740992.0


def seconds(value: Seconds) -> float:
    """Seconds as a float, from a number or a ``datetime.timedelta``."""
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"seconds must be a number or a timedelta, not {type(value).__name__}")


class Lateness(NamedTuple):
    """How late breached tickets were: count, total, mean and maximum lateness in seconds."""
    count: int  # type: ignore[assignment]  # a field, shadowing tuple.count
    total: float
    mean: float
    max: float


class Sla(Accumulator, prefix="sla"):
    """SLA compliance for one policy (a target duration): met, breached, in progress.

    A finished ticket with ``elapsed <= target`` is *met*, otherwise *breached*; an open
    ticket past the target is already breached, and one within it is *in progress*
    (reported, not part of compliance). Times are seconds (``float``) or ``timedelta``.

    >>> s = Sla(target=3600)
    >>> s.add_many([1800, 3600, 5400, 7200])
    >>> s.add_open(600); s.add_open(4000)
    >>> s.met, s.breached, s.in_progress, s.percent     # 100 * 2 / 5
    (2, 3, 1, 40.0)

    Keep one accumulator per policy (and priority); ``merge`` needs equal targets
    (:class:`cxkpi.MismatchError`), :meth:`merge_counts` totals across policies.
    Compliance with nothing finished or breached raises :class:`cxkpi.EmptyError`.
    """

    __slots__ = ()
    _bulk = {"f64": fn("cxkpi_sla_add_many", [vp, vp, _size])}
    _bulk_fallback = "f64"
    _open_bulk = {"f64": fn("cxkpi_sla_add_open_many", [vp, vp, _size])}

    def __init__(self, target: Seconds) -> None:
        """Creates an accumulator for a target in (0, 2**53] seconds
        (:class:`cxkpi.RangeError` otherwise)."""
        self._adopt(out_new(_new, seconds(target)))

    @property
    def target(self) -> float:
        """The policy's target, in seconds."""
        return self._f64(_target)

    def add(self, elapsed: Seconds) -> None:
        """Counts one finished ticket. :class:`cxkpi.RangeError` for a negative, NaN,
        infinite or too large time (nothing counted)."""
        _add(self._h, seconds(elapsed))

    def add_many(self, elapsed: Union[BufferLike, Iterable[float]]) -> None:
        """Counts finished tickets in one C call, atomically: a buffer of doubles
        (``array.array('d')``, NumPy ``float64``) read in place, or any iterable of numbers."""
        self._add_buffer(as_seconds(elapsed))

    def remove(self, elapsed: Seconds) -> None:
        """Retracts a finished ticket counted with :meth:`add` (a correction)."""
        _remove(self._h, seconds(elapsed))

    def add_open(self, elapsed: Seconds) -> None:
        """Counts a snapshot of one open ticket (breached if already past the target)."""
        _add_open(self._h, seconds(elapsed))

    def add_open_many(self, elapsed: Union[BufferLike, Iterable[float]]) -> None:
        """Counts open-ticket snapshots in one C call, atomically (as :meth:`add_many`)."""
        self._add_buffer(as_seconds(elapsed), self._open_bulk, "f64")

    def remove_open(self, elapsed: Seconds) -> None:
        """Retracts an open-ticket snapshot (pass the elapsed time it was reported with)."""
        _remove_open(self._h, seconds(elapsed))

    def clear_open(self) -> None:
        """Forgets every open-ticket snapshot, keeping finished tickets."""
        _clear_open(self._h)

    def merge_counts(self, other: "Sla") -> None:
        """Adds ``other``'s counts and lateness whatever its target (totals across policies);
        this accumulator keeps its own target."""
        if not isinstance(other, Sla):
            raise TypeError(f"cannot merge {type(other).__name__} into Sla")
        _merge_counts(self._h, other._h)

    @property
    def met(self) -> int:
        """Finished tickets within the target."""
        return self._u64(_met)

    @property
    def breached(self) -> int:
        """Breached tickets: finished over target plus open already over target."""
        return self._u64(_breached)

    @property
    def breached_open(self) -> int:
        """How many of the breached tickets are still open."""
        return self._u64(_breached_open)

    @property
    def in_progress(self) -> int:
        """Open tickets still within the target (not part of compliance)."""
        return self._u64(_in_progress)

    @property
    def count(self) -> int:
        """Tickets held: met + breached + in progress."""
        return self.met + self.breached + self.in_progress

    @property
    def percent(self) -> float:
        """Compliance in percent, ``100 * met / (met + breached)``."""
        return self._f64(_percent)

    def interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`percent`, in percent."""
        return self._pair(_interval, float(confidence))

    def _lateness_of(self, c_func: object) -> Lateness:
        n = ctypes.c_uint64()
        total, mean, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        c_func(self._h, ctypes.byref(n), ctypes.byref(total), ctypes.byref(mean),  # type: ignore[operator]
               ctypes.byref(top))
        return Lateness(n.value, total.value, mean.value, top.value)

    @property
    def lateness(self) -> Lateness:
        """Lateness (``elapsed - target``) over every breach, open ones so far.
        :class:`cxkpi.EmptyError` when nothing breached."""
        return self._lateness_of(_lateness)

    @property
    def lateness_finished(self) -> Lateness:
        """Lateness over finished breaches only."""
        return self._lateness_of(_lateness_finished)

    def _describe(self) -> str:
        head = f"target={self.target:g}s met={self.met} breached={self.breached} in_progress={self.in_progress}"
        if self.met + self.breached == 0:
            return head + " (empty)"
        return f"{head} compliance={self.percent:.1f}%"


def as_seconds(values: Union[BufferLike, Iterable[Seconds]]) -> Union[BufferLike, "array.array[float]"]:
    """A buffer as it is; an iterable of numbers converted once by ``array.array('d')``
    (in C), or, when it holds ``timedelta`` objects, through :func:`seconds`."""
    try:
        memoryview(values)  # type: ignore[arg-type]  # any object may be a buffer
        return values
    except TypeError:
        pass
    items = values if isinstance(values, (list, tuple)) else list(values)
    try:
        return array.array("d", items)
    except TypeError:
        return array.array("d", map(seconds, items))
