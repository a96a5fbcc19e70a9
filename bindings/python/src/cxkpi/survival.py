"""Time to resolve with open tickets included: Kaplan-Meier (``cxkpi/survival.h``)."""
from __future__ import annotations

import ctypes
from typing import Iterable, NamedTuple, Tuple, Union

from ._base import Accumulator, BufferLike, dp, fn, out_new, u64p, vp, vpp
from .duration import DEFAULT_ALPHA, buckets_arg
from .sla import Seconds, as_seconds, seconds

_size = ctypes.c_size_t
_dbl = ctypes.c_double
_new = fn("cxkpi_survival_new", [vpp, _dbl, ctypes.c_uint32])
_add = fn("cxkpi_survival_add", [vp, _dbl])
_add_open = fn("cxkpi_survival_add_open", [vp, _dbl])
_counts = fn("cxkpi_survival_counts", [vp, u64p, u64p])
_config = fn("cxkpi_survival_config", [vp, dp, ctypes.POINTER(ctypes.c_uint32)])
_at = fn("cxkpi_survival_at", [vp, _dbl, _dbl, dp, dp, dp])
_within = fn("cxkpi_survival_percent_resolved_within", [vp, _dbl, dp])
_bounds = fn("cxkpi_survival_exact_bounds", [vp, _dbl, dp, dp])
_quantile = fn("cxkpi_survival_quantile", [vp, _dbl, _dbl, dp, dp, dp])


class Estimate(NamedTuple):
    """A figure with its confidence band."""
    value: float
    lo: float
    hi: float


class Survival(Accumulator, prefix="survival"):
    """Kaplan-Meier estimate of time to resolve over solved tickets (resolution times) and
    open ones (their ages so far, *censored*): medians that do not drop the open tickets.

    >>> km = Survival()
    >>> km.add_many([3600, 7200, 14400, 28800])     # resolved after 1, 2, 4, 8 h
    >>> km.add_open_many([10800, 21600])            # still open at 3 h and 6 h
    >>> round(km.median / 3600, 1)                  # 4.0 h; the solved-only median is 2 h
    4.0
    >>> round(km.percent_resolved_within(5 * 3600), 2)   # 100 (1 - 4/6 * 2/3)
    55.56

    Times are counted in the duration sketch's log buckets (``alpha`` wide), so it merges
    and serializes exactly; :meth:`exact_bounds` brackets the exact estimate of the raw
    times. A quantile that the estimate never reaches (too many tickets open) raises
    :class:`cxkpi.NotFoundError`; figures of an empty accumulator raise
    :class:`cxkpi.EmptyError`.
    """

    __slots__ = ()
    _bulk = {"f64": fn("cxkpi_survival_add_many", [vp, vp, _size])}
    _bulk_fallback = "f64"
    _open_bulk = {"f64": fn("cxkpi_survival_add_open_many", [vp, vp, _size])}

    def __init__(self, alpha: float = DEFAULT_ALPHA, max_buckets: int = 0) -> None:
        """``alpha`` in [1e-4, 0.1], ``max_buckets`` as for :class:`cxkpi.Duration`."""
        self._adopt(out_new(_new, float(alpha), buckets_arg(max_buckets)))

    def add(self, resolved_after: Seconds) -> None:
        """Counts a resolved ticket and its resolution time."""
        _add(self._h, seconds(resolved_after))

    def add_many(self, resolved_after: Union[BufferLike, Iterable[Seconds]]) -> None:
        """Counts resolved tickets in one C call, atomically."""
        self._add_buffer(as_seconds(resolved_after))

    def add_open(self, age: Seconds) -> None:
        """Counts a ticket still open at ``age`` (it takes at least that long)."""
        _add_open(self._h, seconds(age))

    def add_open_many(self, ages: Union[BufferLike, Iterable[Seconds]]) -> None:
        """Counts open tickets' ages in one C call, atomically."""
        self._add_buffer(as_seconds(ages), self._open_bulk, "f64")

    @property
    def counts(self) -> Tuple[int, int]:
        """``(resolved, open)``."""
        r, o = ctypes.c_uint64(), ctypes.c_uint64()
        _counts(self._h, ctypes.byref(r), ctypes.byref(o))
        return r.value, o.value

    @property
    def config(self) -> Tuple[float, int]:
        """``(alpha, max_buckets)``, the default resolved."""
        alpha, buckets = ctypes.c_double(), ctypes.c_uint32()
        _config(self._h, ctypes.byref(alpha), ctypes.byref(buckets))
        return alpha.value, buckets.value

    def survival(self, t: Seconds, confidence: float = 0.95) -> Estimate:
        """Percent of tickets still unresolved after ``t``, with its Greenwood band."""
        out = [ctypes.c_double() for _ in range(3)]
        _at(self._h, seconds(t), float(confidence), *(ctypes.byref(o) for o in out))
        return Estimate(*(o.value for o in out))

    def percent_resolved_within(self, t: Seconds) -> float:
        """Percent of tickets resolved within ``t``, open tickets included."""
        return self._f64(_within, seconds(t))

    def exact_bounds(self, t: Seconds) -> Tuple[float, float]:
        """``(lo, hi)`` in percent unresolved: where the exact Kaplan-Meier estimate of the
        raw times lies at ``t``."""
        lo, hi = ctypes.c_double(), ctypes.c_double()
        _bounds(self._h, seconds(t), ctypes.byref(lo), ctypes.byref(hi))
        return lo.value, hi.value

    def quantile(self, q: float, confidence: float = 0.95) -> Estimate:
        """Seconds by which a share ``q`` (in (0, 1)) of tickets is resolved, with its
        band (``hi`` may be ``inf``)."""
        out = [ctypes.c_double() for _ in range(3)]
        _quantile(self._h, float(q), float(confidence), *(ctypes.byref(o) for o in out))
        return Estimate(*(o.value for o in out))

    @property
    def median(self) -> float:
        """Median time to resolve, open tickets included."""
        return self.quantile(0.5).value

    @property
    def p90(self) -> float:
        """Time by which 90% of tickets are resolved, open tickets included."""
        return self.quantile(0.9).value

    def _describe(self) -> str:
        r, o = self.counts
        return f"resolved={r} open={o}"
