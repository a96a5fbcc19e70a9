"""NPS -- net promoter score (``cxkpi/nps.h``)."""
from __future__ import annotations

import ctypes
from typing import NamedTuple, Tuple

from ._base import ScoreAccumulator, dp, fn, out_new, u64p, vp, vpp

_new = fn("cxkpi_nps_new", [vpp])
_groups = fn("cxkpi_nps_groups", [vp, u64p, u64p, u64p])
_group_percents = fn("cxkpi_nps_group_percents", [vp, dp, dp, dp])
_score = fn("cxkpi_nps_score", [vp, dp])
_stderr = fn("cxkpi_nps_stderr", [vp, dp])
_margin = fn("cxkpi_nps_margin", [vp, ctypes.c_double, dp])


class NpsGroups(NamedTuple):
    """Promoters (9-10), passives (7-8) and detractors (0-6): counts or percentages."""
    promoters: float
    passives: float
    detractors: float


class Nps(ScoreAccumulator, prefix="nps"):
    """NPS accumulator: answers 0-10 to "how likely are you to recommend us?".

    ``score = 100 * (promoters - detractors) / count``, in [-100, 100].

    >>> n = Nps()
    >>> n.add_many(bytes([10, 9, 8, 3]))   # 2 promoters, 1 passive, 1 detractor
    >>> n.score                            # 100 * (2 - 1) / 4
    25.0

    Figures of an empty accumulator raise :class:`cxkpi.EmptyError`, as in C.
    """

    __slots__ = ()

    def __init__(self) -> None:
        """Creates an empty accumulator."""
        self._adopt(out_new(_new))

    @property
    def groups(self) -> NpsGroups:
        """Counts of promoters, passives and detractors (integers)."""
        p, m, d = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_uint64()
        _groups(self._h, ctypes.byref(p), ctypes.byref(m), ctypes.byref(d))
        return NpsGroups(p.value, m.value, d.value)

    @property
    def promoters(self) -> int:
        """Number of promoters (9-10)."""
        return int(self.groups.promoters)

    @property
    def passives(self) -> int:
        """Number of passives (7-8)."""
        return int(self.groups.passives)

    @property
    def detractors(self) -> int:
        """Number of detractors (0-6)."""
        return int(self.groups.detractors)

    @property
    def group_percents(self) -> NpsGroups:
        """Shares of promoters, passives and detractors, in percent. Raises
        :class:`cxkpi.EmptyError` when empty."""
        p, m, d = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        _group_percents(self._h, ctypes.byref(p), ctypes.byref(m), ctypes.byref(d))
        return NpsGroups(p.value, m.value, d.value)

    @property
    def score(self) -> float:
        """Net promoter score, ``100 * (promoters - detractors) / count``."""
        return self._f64(_score)

    @property
    def stderr(self) -> float:
        """Standard error of the score, in NPS points: ``100 * sqrt((p + d - (p - d)**2) / n)``."""
        return self._f64(_stderr)

    def margin(self, confidence: float = 0.95) -> float:
        """Margin of error at ``confidence``: ``z(confidence) * stderr``, in NPS points."""
        return self._f64(_margin, float(confidence))

    def interval(self, confidence: float = 0.95) -> Tuple[float, float]:
        """``(score - margin, score + margin)``, clipped to [-100, 100] (normal approximation)."""
        score, moe = self.score, self.margin(confidence)
        return max(-100.0, score - moe), min(100.0, score + moe)

    def _describe(self) -> str:
        n = self.count
        if n == 0:
            return "n=0 (empty)"
        return f"n={n} nps={self.score:+.1f}"
