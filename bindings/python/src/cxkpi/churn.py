"""Churn -- customers lost over one period (``cxkpi/churn.h``)."""
from __future__ import annotations

import ctypes
from typing import NamedTuple, Tuple

from ._base import Accumulator, dp, fn, out_new, u64_arg, u64p, vp, vpp

_new = fn("cxkpi_churn_new", [vpp])
_add_start = fn("cxkpi_churn_add_start", [vp, ctypes.c_uint64])
_add_gained = fn("cxkpi_churn_add_gained", [vp, ctypes.c_uint64])
_add_lost = fn("cxkpi_churn_add_lost", [vp, ctypes.c_uint64])
_remove_lost = fn("cxkpi_churn_remove_lost", [vp, ctypes.c_uint64])
_counts = fn("cxkpi_churn_counts", [vp, u64p, u64p, u64p])
_at_end = fn("cxkpi_churn_at_end", [vp, u64p])
_percent = fn("cxkpi_churn_percent", [vp, dp])
_interval = fn("cxkpi_churn_percent_interval", [vp, ctypes.c_double, dp, dp])
_net_growth = fn("cxkpi_churn_net_growth", [vp, dp])


class ChurnCounts(NamedTuple):
    """Customers at the start of the period, gained and lost during it."""
    at_start: int
    gained: int
    lost: int


class Churn(Accumulator, prefix="churn"):
    """Customer churn over one period, for one population.

    ``lost`` counts customers *of the starting population* who left (so ``lost <=
    at_start``); ``gained`` are new customers, reported but not part of the rate.

    >>> c = Churn(at_start=200, gained=25, lost=10)
    >>> c.percent, c.net_growth, c.at_end          # 100 * 10 / 200, 100 * 15 / 200, 215
    (5.0, 7.5, 215)

    Segments of one period (regions, shards) merge by summing. Rates with no customers
    at the start raise :class:`cxkpi.EmptyError`.
    """

    __slots__ = ()

    def __init__(self, at_start: int = 0, gained: int = 0, lost: int = 0) -> None:
        """Creates an accumulator, optionally with counts (added in that order)."""
        self._adopt(out_new(_new))
        if at_start:
            self.add_start(at_start)
        if gained:
            self.add_gained(gained)
        if lost:
            self.add_lost(lost)

    def add_start(self, customers: int) -> None:
        """Adds customers to the count at the start of the period."""
        _add_start(self._h, u64_arg(customers, "cxkpi_churn_add_start"))

    def add_gained(self, customers: int) -> None:
        """Adds customers acquired during the period."""
        _add_gained(self._h, u64_arg(customers, "cxkpi_churn_add_gained"))

    def add_lost(self, customers: int = 1) -> None:
        """Adds customers of the starting population lost during the period.

        Raises :class:`cxkpi.RangeError` when ``lost`` would exceed ``at_start``.
        """
        _add_lost(self._h, u64_arg(customers, "cxkpi_churn_add_lost"))

    def remove_lost(self, customers: int = 1) -> None:
        """Retracts customers counted as lost (:class:`cxkpi.NotFoundError` if fewer are counted)."""
        _remove_lost(self._h, u64_arg(customers, "cxkpi_churn_remove_lost"))

    @property
    def counts(self) -> ChurnCounts:
        """``(at_start, gained, lost)``."""
        out = [ctypes.c_uint64() for _ in range(3)]
        _counts(self._h, *(ctypes.byref(v) for v in out))
        return ChurnCounts(*(v.value for v in out))

    @property
    def at_start(self) -> int:
        """Customers at the start of the period."""
        return self.counts.at_start

    @property
    def gained(self) -> int:
        """Customers gained during the period."""
        return self.counts.gained

    @property
    def lost(self) -> int:
        """Customers of the starting population lost during the period."""
        return self.counts.lost

    @property
    def at_end(self) -> int:
        """Customers at the end, ``at_start + gained - lost``."""
        return self._u64(_at_end)

    @property
    def percent(self) -> float:
        """Churn rate in percent, ``100 * lost / at_start``."""
        return self._f64(_percent)

    def interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson interval of :attr:`percent` (``lost`` of ``at_start``), in percent."""
        return self._pair(_interval, float(confidence))

    @property
    def net_growth(self) -> float:
        """Growth of the customer base in percent, ``100 * (gained - lost) / at_start``."""
        return self._f64(_net_growth)

    def _describe(self) -> str:
        start, gained, lost = self.counts
        if start == 0:
            return f"at_start=0 gained={gained} (empty)"
        return f"at_start={start} lost={lost} gained={gained} churn={self.percent:.1f}%"
