"""AHT -- average handling time, split into talk, hold and after-call work (``cxkpi/aht.h``)."""
from __future__ import annotations

import ctypes
import enum
from typing import Any

from ._base import Accumulator, dp, fn, out_new, u64p, vp, vpp
from .duration import DEFAULT_ALPHA, Duration, buckets_arg
from .sla import Seconds, as_seconds, seconds

_new = fn("cxkpi_aht_new", [vpp, ctypes.c_double, ctypes.c_uint32])
_add = fn("cxkpi_aht_add", [vp, ctypes.c_double, ctypes.c_double, ctypes.c_double])
_add_many = fn("cxkpi_aht_add_many", [vp, vp, vp, vp, ctypes.c_size_t])
_count = fn("cxkpi_aht_count", [vp, u64p])
_component = fn("cxkpi_aht_component", [vp, ctypes.c_int, vpp])
_mean = fn("cxkpi_aht_mean", [vp, ctypes.c_int, dp])
_quantile = fn("cxkpi_aht_quantile", [vp, ctypes.c_int, ctypes.c_double, dp])
_duration_clone = fn("cxkpi_duration_clone", [vp, vpp])


class AhtPart(enum.IntEnum):
    """Components of handling time (``cxkpi_aht_part``)."""
    TALK = 0
    HOLD = 1
    ACW = 2     #: after-call work (wrap-up)
    TOTAL = 3   #: talk + hold + after-call work, per contact


class Aht(Accumulator, prefix="aht"):
    """Average handling time: each contact is (talk, hold, after-call work) in seconds.

    >>> a = Aht()
    >>> a.add(talk=240, hold=30, acw=60)
    >>> a.add(talk=180, hold=0, acw=90)
    >>> a.aht                                 # (330 + 270) / 2
    300.0
    >>> a.mean(AhtPart.HOLD)
    15.0

    Every component is a :class:`Duration` (count, sum, min, max, stddev, quantiles:
    :meth:`component`); the quantiles of ``TOTAL`` are those of per-contact totals.
    """

    __slots__ = ()

    def __init__(self, alpha: float = DEFAULT_ALPHA, max_buckets: int = 0) -> None:
        """Same configuration as :class:`Duration`, shared by the four components."""
        self._adopt(out_new(_new, float(alpha), buckets_arg(max_buckets)))

    def add(self, talk: Seconds = 0.0, hold: Seconds = 0.0, acw: Seconds = 0.0) -> None:
        """Counts one handled contact (seconds or timedeltas); :class:`cxkpi.RangeError`
        for a negative, NaN, infinite or too large time, counting nothing."""
        _add(self._h, seconds(talk), seconds(hold), seconds(acw))

    def add_many(self, talk: Any, hold: Any, acw: Any) -> None:
        """Counts contacts ``(talk[i], hold[i], acw[i])`` in one C call, atomically: three
        buffers of doubles read in place, or iterables converted once."""
        self._add_arrays(_add_many, (as_seconds(talk), "f64"), (as_seconds(hold), "f64"),
                         (as_seconds(acw), "f64"))

    @property
    def count(self) -> int:
        """Number of contacts counted."""
        return self._u64(_count)

    def mean(self, part: AhtPart = AhtPart.TOTAL) -> float:
        """Mean of a component in seconds; for ``TOTAL`` it is the AHT."""
        return self._f64(_mean, int(part))

    @property
    def aht(self) -> float:
        """Average handling time, ``sum(talk + hold + acw) / contacts``, in seconds."""
        return self.mean(AhtPart.TOTAL)

    def quantile(self, q: float, part: AhtPart = AhtPart.TOTAL) -> float:
        """The q-quantile of a component (see :meth:`Duration.quantile`)."""
        return self._f64(_quantile, int(part), float(q))

    def component(self, part: AhtPart) -> Duration:
        """A copy of one component's :class:`Duration` accumulator (a snapshot)."""
        borrowed = ctypes.c_void_p()
        _component(self._h, int(part), ctypes.byref(borrowed))
        return Duration._wrap(out_new(lambda out: _duration_clone(borrowed, out)))

    def _describe(self) -> str:
        n = self.count
        return "n=0 (empty)" if n == 0 else f"n={n} aht={self.aht:.6g}s"
