"""CSAT -- customer satisfaction score (``cxkpi/csat.h``)."""
from __future__ import annotations

import ctypes
from typing import Dict, Tuple

from ._base import ScoreAccumulator, dp, fn, out_new, u64p, vp, vpp
from .errors import InvalidArgumentError

_i32p = ctypes.POINTER(ctypes.c_int32)
_new = fn("cxkpi_csat_new", [vpp, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32])
_satisfied = fn("cxkpi_csat_satisfied", [vp, u64p])
_percent = fn("cxkpi_csat_percent", [vp, dp])
_mean = fn("cxkpi_csat_mean", [vp, dp])
_interval = fn("cxkpi_csat_percent_interval", [vp, ctypes.c_double, dp, dp])
_config = fn("cxkpi_csat_config", [vp, _i32p, _i32p, _i32p])


class Csat(ScoreAccumulator, prefix="csat"):
    """CSAT accumulator: the share of satisfied responses on a rating scale.

    A response is *satisfied* when ``score >= satisfied_min``. Common set-ups: 1-5 with 4
    (top-two-box, the default), 1-10 with 8, 1-7 with 6, 0-1 with 1.

    >>> c = Csat()                 # 1-5 scale, 4 and 5 satisfied
    >>> c.add_many([5, 4, 2, 5, 3])
    >>> c.percent                  # 100 * 3 / 5
    60.0

    Figures of an empty accumulator (``percent``, ``mean``, ``interval``) raise
    :class:`cxkpi.EmptyError`, as in C; ``count`` is 0.
    """

    __slots__ = ()

    def __init__(self, scale_min: int = 1, scale_max: int = 5, satisfied_min: int = 4) -> None:
        """Creates an empty accumulator. Raises :class:`cxkpi.InvalidArgumentError`
        unless ``0 <= scale_min < satisfied_min <= scale_max <= 100``."""
        for name, value in (("scale_min", scale_min), ("scale_max", scale_max),
                            ("satisfied_min", satisfied_min)):
            if not isinstance(value, int):
                raise TypeError(f"Csat: {name} must be an int, got {type(value).__name__}")
        if not all(-2 ** 31 <= v < 2 ** 31 for v in (scale_min, scale_max, satisfied_min)):
            raise InvalidArgumentError("invalid configuration", None, "cxkpi_csat_new")
        self._adopt(out_new(_new, scale_min, scale_max, satisfied_min))

    @property
    def config(self) -> Tuple[int, int, int]:
        """``(scale_min, scale_max, satisfied_min)``."""
        lo, hi, sat = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
        _config(self._h, ctypes.byref(lo), ctypes.byref(hi), ctypes.byref(sat))
        return lo.value, hi.value, sat.value

    @property
    def scale_min(self) -> int:
        """Lowest score of the scale."""
        return self.config[0]

    @property
    def scale_max(self) -> int:
        """Highest score of the scale."""
        return self.config[1]

    @property
    def satisfied_min(self) -> int:
        """Lowest satisfied score."""
        return self.config[2]

    @property
    def satisfied(self) -> int:
        """Number of satisfied responses (``score >= satisfied_min``)."""
        return self._u64(_satisfied)

    @property
    def percent(self) -> float:
        """CSAT in percent, ``100 * satisfied / count``. Raises :class:`cxkpi.EmptyError` when empty."""
        return self._f64(_percent)

    @property
    def mean(self) -> float:
        """Mean score, ``sum(scores) / count``. Raises :class:`cxkpi.EmptyError` when empty."""
        return self._f64(_mean)

    def interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """Wilson score interval of :attr:`percent`, ``(lo, hi)`` in percent.

        Raises :class:`cxkpi.RangeError` unless ``0 < confidence < 1``,
        :class:`cxkpi.EmptyError` when empty.
        """
        return self._pair(_interval, float(confidence))

    @property
    def distribution(self) -> Dict[int, int]:
        """Count of every score of the scale, ``{score: count}``, lowest first."""
        lo, hi, _ = self.config
        return {s: self.score_count(s) for s in range(lo, hi + 1)}

    def _describe(self) -> str:
        lo, hi, sat = self.config
        head = f"{lo}-{hi} satisfied>={sat} n={self.count}"
        if self.count == 0:
            return head + " (empty)"
        return f"{head} csat={self.percent:.1f}%"
