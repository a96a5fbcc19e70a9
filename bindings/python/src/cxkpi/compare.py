"""Is a difference real? Two NPS, or two proportions, compared (``cxkpi/compare.h``).

Every function compares ``a`` with ``b`` and returns a :class:`Comparison`: the difference
``a - b`` in points (NPS points, or percentage points), its interval at ``confidence``, the
two-sided p-value of "no difference", and (NPS only) the standard error.

>>> import cxkpi
>>> c = cxkpi.nps_difference_counts((50, 30, 20), (40, 30, 30))   # promoters, passives, detractors
>>> round(c.difference, 6), round(c.stderr, 6), round(c.p_value, 7)
(20.0, 11.401754, 0.0794106)
>>> c.significant(0.95)
False

NPS uses the Wald standard error ``100 * sqrt(v_a / n_a + v_b / n_b)`` with the
per-response variance ``v = p + d - (p - d)**2``; proportions use Newcombe's hybrid score
interval (built from the two Wilson intervals) and the pooled two-proportion z-test.
"""
from __future__ import annotations

import ctypes
from typing import Any, Callable, NamedTuple, Optional, Sequence, Union

from ._base import dp, fn, u64_arg, vp
from .csat import Csat
from .fcr import Fcr
from .nps import Nps
from .sla import Sla

_u64 = ctypes.c_uint64
_dbl = ctypes.c_double
_proportion = fn("cxkpi_proportion_difference", [_u64, _u64, _u64, _u64, _dbl, dp, dp, dp, dp])
_nps_counts = fn("cxkpi_nps_difference_counts",
                 [_u64, _u64, _u64, _u64, _u64, _u64, _dbl, dp, dp, dp, dp, dp])
_nps = fn("cxkpi_nps_difference", [vp, vp, _dbl, dp, dp, dp, dp, dp])
_by_type = {
    Csat: fn("cxkpi_csat_percent_difference", [vp, vp, _dbl, dp, dp, dp, dp]),
    Fcr: fn("cxkpi_fcr_percent_difference", [vp, vp, _dbl, dp, dp, dp, dp]),
    Sla: fn("cxkpi_sla_compliance_percent_difference", [vp, vp, _dbl, dp, dp, dp, dp]),
}


class Comparison(NamedTuple):
    """``a - b`` with its interval and two-sided p-value."""
    difference: float
    lo: float
    hi: float
    p_value: float
    confidence: float
    #: standard error of the difference (NPS); ``None`` for proportions
    stderr: Optional[float] = None

    def significant(self, confidence: Optional[float] = None) -> bool:
        """Whether the p-value is below ``1 - confidence`` (default: the interval's level)."""
        level = self.confidence if confidence is None else confidence
        return self.p_value < 1.0 - level


def _call(c_func: Callable[..., Any], args: Sequence[Any], confidence: float,
          with_se: bool) -> Comparison:
    outs = [_dbl() for _ in range(5 if with_se else 4)]
    c_func(*args, float(confidence), *(ctypes.byref(o) for o in outs))
    v = [o.value for o in outs]
    if with_se:
        return Comparison(v[0], v[2], v[3], v[4], float(confidence), v[1])
    return Comparison(v[0], v[1], v[2], v[3], float(confidence))


def proportion_difference(successes_a: int, trials_a: int, successes_b: int, trials_b: int,
                          confidence: float = 0.95) -> Comparison:
    """``100 * (successes_a / trials_a - successes_b / trials_b)`` percentage points, with
    Newcombe's hybrid score interval and the pooled z-test p-value.

    Raises :class:`cxkpi.EmptyError` for 0 trials, :class:`cxkpi.InvalidArgumentError` when
    successes exceed trials, :class:`cxkpi.RangeError` for a confidence outside (0, 1) or
    a count outside [0, 2**64) or not whole (an integral float such as ``3.0`` is that count).
    """
    name = "cxkpi_proportion_difference"
    args = [u64_arg(x, name) for x in (successes_a, trials_a, successes_b, trials_b)]
    return _call(_proportion, args, confidence, False)


def nps_difference_counts(a: Sequence[int], b: Sequence[int],
                          confidence: float = 0.95) -> Comparison:
    """NPS of ``a`` minus NPS of ``b``, each given as ``(promoters, passives, detractors)``:
    Wald standard error, interval ``difference -+ z * se`` (not clipped), p-value."""
    name = "cxkpi_nps_difference_counts"
    if len(a) != 3 or len(b) != 3:
        raise ValueError("nps_difference_counts: give (promoters, passives, detractors) twice")
    args = [u64_arg(x, name) for x in (*a, *b)]
    return _call(_nps_counts, args, confidence, True)


def nps_difference(a: Nps, b: Nps, confidence: float = 0.95) -> Comparison:
    """:func:`nps_difference_counts` of two :class:`cxkpi.Nps` accumulators."""
    if not isinstance(a, Nps) or not isinstance(b, Nps):
        raise TypeError("nps_difference: expected two cxkpi.Nps")
    return _call(_nps, [a._h, b._h], confidence, True)


Proportional = Union[Csat, Fcr, Sla]


def percent_difference(a: Proportional, b: Proportional, confidence: float = 0.95) -> Comparison:
    """Difference of two CSAT percentages, gross FCR percentages or SLA compliance
    percentages (both arguments of the same class), as :func:`proportion_difference`.

    Raises :class:`cxkpi.MismatchError` for CSAT scales or SLA targets that differ,
    :class:`cxkpi.EmptyError` when a side has nothing counted.
    """
    c_func = _by_type.get(type(a))
    if c_func is None or type(b) is not type(a):
        raise TypeError("percent_difference: expected two Csat, two Fcr or two Sla")
    return _call(c_func, [a._h, b._h], confidence, False)
