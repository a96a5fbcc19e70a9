"""The statistics behind every interval (``cxkpi/stats.h``), for your own counts."""
from __future__ import annotations

import ctypes
from typing import Tuple

from ._base import dp, fn

_normal_z = fn("cxkpi_normal_z", [ctypes.c_double, dp])
_wilson = fn("cxkpi_wilson_interval", [ctypes.c_uint64, ctypes.c_uint64, ctypes.c_double, dp, dp])


def normal_z(confidence: float = 0.95) -> float:
    """Two-sided standard normal critical value: 1.959963984540054 for 0.95.

    Raises :class:`cxkpi.RangeError` unless ``0 < confidence < 1``.
    """
    z = ctypes.c_double()
    _normal_z(float(confidence), ctypes.byref(z))
    return z.value


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Tuple[float, float]:
    """Wilson score interval of ``successes / trials``, ``(lo, hi)`` in percent.

    Raises :class:`cxkpi.EmptyError` when ``trials`` is 0,
    :class:`cxkpi.InvalidArgumentError` when ``successes > trials``, ``ValueError`` for
    negative counts.
    """
    if successes < 0 or trials < 0 or successes >= 2 ** 64 or trials >= 2 ** 64:
        raise ValueError("wilson_interval: counts must be in [0, 2**64)")
    lo, hi = ctypes.c_double(), ctypes.c_double()
    _wilson(successes, trials, float(confidence), ctypes.byref(lo), ctypes.byref(hi))
    return lo.value, hi.value
