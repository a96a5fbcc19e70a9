"""Durations -- handling, response, resolution times with quantiles (``cxkpi/duration.h``)."""
from __future__ import annotations

import array
import ctypes
from typing import Iterable, List, Sequence, Tuple, Union

from ._base import Accumulator, BufferLike, dp, fn, out_new, u64_arg, u64p, vp, vpp
from .sla import Seconds, as_seconds, seconds

_new = fn("cxkpi_duration_new", [vpp, ctypes.c_double, ctypes.c_uint32])
_add = fn("cxkpi_duration_add", [vp, ctypes.c_double])
_reserve = fn("cxkpi_duration_reserve", [vp, ctypes.c_double, ctypes.c_double])
_count = fn("cxkpi_duration_count", [vp, u64p])
_sum = fn("cxkpi_duration_sum", [vp, dp])
_mean = fn("cxkpi_duration_mean", [vp, dp])
_min = fn("cxkpi_duration_min", [vp, dp])
_max = fn("cxkpi_duration_max", [vp, dp])
_stddev = fn("cxkpi_duration_stddev", [vp, dp])
_quantile = fn("cxkpi_duration_quantile", [vp, ctypes.c_double, dp])
_quantiles = fn("cxkpi_duration_quantiles", [vp, vp, ctypes.c_size_t, vp])
_zero_count = fn("cxkpi_duration_zero_count", [vp, u64p])
_collapsed_count = fn("cxkpi_duration_collapsed_count", [vp, u64p])
_config = fn("cxkpi_duration_config", [vp, dp, ctypes.POINTER(ctypes.c_uint32)])
_memory = fn("cxkpi_duration_memory_usage", [vp, ctypes.POINTER(ctypes.c_size_t)])
_add_weighted = fn("cxkpi_duration_add_weighted", [vp, ctypes.c_double, ctypes.c_uint64])
_percent_at_most = fn("cxkpi_duration_percent_at_most", [vp, ctypes.c_double, dp])

#: Default relative error of the quantiles (1 %), and the accepted range of ``alpha``.
DEFAULT_ALPHA, ALPHA_MIN, ALPHA_MAX = 0.01, 1e-4, 0.1
#: Largest accepted duration, in seconds.
MAX_SECONDS = 1e18


def buckets_arg(max_buckets: int) -> int:
    """``max_buckets`` as a uint32 (0 = the default); out of range is the C library's EINVAL."""
    return max_buckets if 0 <= max_buckets < 2 ** 32 else 1  # 1 is below the minimum: EINVAL


class Duration(Accumulator, prefix="duration"):
    """Durations in seconds: count, sum, mean, min, max, standard deviation, and quantiles
    within a relative error ``alpha`` (DDSketch-style buckets) whatever the input order.

    >>> d = Duration()
    >>> d.add_many([30, 60, 90, 120, 600])
    >>> d.mean, d.min, d.max                 # (30 + 60 + 90 + 120 + 600) / 5
    (180.0, 30.0, 600.0)
    >>> abs(d.median - 90) <= 0.01 * 90      # rank floor(0.5 * (5 - 1)) = 2: the value 90
    True

    The q-quantile is the value at rank ``floor(q * (n - 1))`` of the sorted values, the
    product ``q * (n - 1)`` evaluated as a double (a Python float) and then floored: the rank
    ``numpy.quantile(x, q, method="lower")`` uses. It is answered within ``alpha`` relative
    error; ``q = 0`` and ``1`` are the exact min and
    max. Figures of an empty accumulator raise :class:`cxkpi.EmptyError`.

    Equality compares the serialized state, which includes floating-point sums: two
    accumulators fed the same values in a different order or through merges can differ
    in the last bits of ``sum``/``stddev`` and then compare unequal.
    """

    __slots__ = ()
    _bulk = {"f64": fn("cxkpi_duration_add_many", [vp, vp, ctypes.c_size_t])}
    _bulk_fallback = "f64"

    def __init__(self, alpha: float = DEFAULT_ALPHA, max_buckets: int = 0) -> None:
        """``alpha`` in [1e-4, 0.1]; ``max_buckets`` 0 for the default (1 ms .. 1 year
        without collapsing) or in [16, 2**20]. :class:`cxkpi.InvalidArgumentError` otherwise."""
        self._adopt(out_new(_new, float(alpha), buckets_arg(max_buckets)))

    def add(self, duration: Seconds) -> None:
        """Counts one duration (seconds or ``timedelta``); :class:`cxkpi.RangeError` for a
        negative, NaN, infinite or too large one."""
        _add(self._h, seconds(duration))

    def add_many(self, durations: Union[BufferLike, Iterable[Seconds]]) -> None:
        """Counts durations in one C call, atomically: a buffer of doubles read in place,
        or an iterable of numbers / timedeltas converted once."""
        self._add_buffer(as_seconds(durations))

    def add_weighted(self, duration: Seconds, weight: int) -> None:
        """Counts one duration ``weight`` times in one step (pre-aggregated data: "37
        tickets took 5 minutes"): the same counts and quantiles as ``weight`` adds."""
        _add_weighted(self._h, seconds(duration), u64_arg(int(weight), "cxkpi_duration_add_weighted"))

    def percent_at_most(self, threshold: Seconds) -> float:
        """Share of the durations at most ``threshold``, in percent ("answered within 1 h").

        Every duration ``<= threshold`` is counted, and none above ``threshold * gamma``
        (``gamma = (1 + alpha) / (1 - alpha)``, about ``1 + 2 alpha``): the true share lies
        between ``percent_at_most(t / gamma)`` and ``percent_at_most(t)``, up to the 1e-9
        relative slack documented in ``cxkpi/duration.h``. Exact below the minimum and
        from the maximum on."""
        return self._f64(_percent_at_most, seconds(threshold))

    def reserve(self, min_seconds: Seconds, max_seconds: Seconds) -> None:
        """Preallocates the buckets for durations in [min, max], so adding them never allocates."""
        _reserve(self._h, seconds(min_seconds), seconds(max_seconds))

    @property
    def count(self) -> int:
        """Number of durations counted."""
        return self._u64(_count)

    @property
    def sum(self) -> float:
        """Sum of the durations, seconds (compensated summation)."""
        return self._f64(_sum)

    @property
    def mean(self) -> float:
        """Mean duration, seconds."""
        return self._f64(_mean)

    @property
    def min(self) -> float:
        """Smallest duration, exactly."""
        return self._f64(_min)

    @property
    def max(self) -> float:
        """Largest duration, exactly."""
        return self._f64(_max)

    @property
    def stddev(self) -> float:
        """Population standard deviation, ``sqrt(sum((x - mean)**2) / count)``."""
        return self._f64(_stddev)

    def quantile(self, q: float) -> float:
        """The q-quantile (``q`` in [0, 1]) within ``alpha``; :class:`cxkpi.RangeError` otherwise."""
        return self._f64(_quantile, float(q))

    def quantiles(self, qs: Sequence[float]) -> List[float]:
        """Several quantiles in one C call."""
        q_arr = array.array("d", qs)
        out = array.array("d", bytes(8 * len(q_arr)))
        self._add_arrays(lambda h, qp, op, n: _quantiles(h, qp, n, op), (q_arr, "f64"), (out, "f64"))
        return out.tolist()

    @property
    def median(self) -> float:
        """The 0.5-quantile."""
        return self.quantile(0.5)

    @property
    def p90(self) -> float:
        """The 0.9-quantile."""
        return self.quantile(0.9)

    @property
    def p95(self) -> float:
        """The 0.95-quantile."""
        return self.quantile(0.95)

    @property
    def p99(self) -> float:
        """The 0.99-quantile."""
        return self.quantile(0.99)

    @property
    def zero_count(self) -> int:
        """Durations below 1 ns (the sketch's zeros)."""
        return self._u64(_zero_count)

    @property
    def collapsed_count(self) -> int:
        """Durations in the collapsed lowest bucket (0 when nothing collapsed)."""
        return self._u64(_collapsed_count)

    @property
    def config(self) -> Tuple[float, int]:
        """``(alpha, max_buckets)``, the default resolved."""
        alpha, buckets = ctypes.c_double(), ctypes.c_uint32()
        _config(self._h, ctypes.byref(alpha), ctypes.byref(buckets))
        return alpha.value, buckets.value

    @property
    def memory(self) -> int:
        """Bytes of memory held (fixed part plus bucket capacity)."""
        out = ctypes.c_size_t()
        _memory(self._h, ctypes.byref(out))
        return out.value

    def _describe(self) -> str:
        n = self.count
        if n == 0:
            return "n=0 (empty)"
        return f"n={n} mean={self.mean:.6g}s median={self.median:.6g}s p90={self.p90:.6g}s"
