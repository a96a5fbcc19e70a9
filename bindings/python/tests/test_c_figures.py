"""Python reports exactly what C computes on the same data.

The C side is tests/figures.c, built by meson, which feeds the scores one by one with the
C API and prints every figure with %.17g; the Python side feeds the same scores in bulk
through the binding. Figures must be bit-for-bit equal.
"""
from __future__ import annotations

import array
import unittest

import cxkpi

from support import Rng, c_figures


class SameAsC(unittest.TestCase):
    def test_csat(self) -> None:
        for lo, hi, sat, n in [(1, 5, 4, 1), (1, 5, 4, 997), (1, 10, 8, 5000), (0, 1, 1, 33), (0, 100, 70, 2500)]:
            with self.subTest(scale=(lo, hi, sat), n=n):
                rng = Rng(lo * 1000 + hi * 10 + n)
                scores = [lo + rng.below(hi - lo + 1) for _ in range(n)]
                want = c_figures(["csat", str(lo), str(hi), str(sat)], scores)
                c = cxkpi.Csat(lo, hi, sat)
                c.add_many(array.array("b", scores))
                self.assertEqual(c.count, want["count"])
                self.assertEqual(c.satisfied, want["satisfied"])
                self.assertEqual(c.percent, want["percent"])
                self.assertEqual(c.mean, want["mean"])
                self.assertEqual(c.interval(), (want["lo95"], want["hi95"]))
                self.assertEqual(c.interval(0.99), (want["lo99"], want["hi99"]))

    def test_nps(self) -> None:
        for n in (1, 2, 100, 4321):
            with self.subTest(n=n):
                rng = Rng(n)
                scores = [rng.below(11) for _ in range(n)]
                want = c_figures(["nps"], scores)
                a = cxkpi.Nps()
                a.add_many(bytes(scores))
                self.assertEqual(a.count, want["count"])
                self.assertEqual(a.groups, (want["promoters"], want["passives"], want["detractors"]))
                self.assertEqual(a.group_percents,
                                 (want["promoters_pct"], want["passives_pct"], want["detractors_pct"]))
                self.assertEqual(a.score, want["score"])
                self.assertEqual(a.stderr, want["stderr"])
                self.assertEqual(a.margin(), want["margin95"])
                self.assertEqual(a.margin(0.90), want["margin90"])

    def test_sla(self) -> None:
        for target, n in [(3600.0, 50), (90.5, 1000)]:
            with self.subTest(target=target, n=n):
                rng = Rng(n)
                # Seconds with fractions (exact in decimal and binary: multiples of 1/4).
                finished = [rng.below(int(target * 8)) / 4 for _ in range(n)]
                open_ = [rng.below(int(target * 8)) / 4 for _ in range(n // 5)]
                want = c_figures(["sla", repr(target)],
                                 [repr(v) for v in finished] + ["+" + repr(v) for v in open_])
                s = cxkpi.Sla(target)
                s.add_many(array.array("d", finished))
                s.add_open_many(open_)
                self.assertEqual((s.met, s.breached, s.breached_open, s.in_progress),
                                 (want["met"], want["breached"], want["breached_open"], want["in_progress"]))
                self.assertEqual(s.percent, want["percent"])
                self.assertEqual(s.interval(), (want["lo95"], want["hi95"]))
                self.assertEqual(tuple(s.lateness), tuple(want[f"late_{k}"] for k in ("count", "total", "mean", "max")))
                self.assertEqual(tuple(s.lateness_finished),
                                 tuple(want[f"late_finished_{k}"] for k in ("count", "total", "mean", "max")))

    def test_churn(self) -> None:
        for start, gained, lost in [(200, 25, 10), (1, 0, 1), (10 ** 12, 3, 10 ** 9 + 7)]:
            with self.subTest(counts=(start, gained, lost)):
                want = c_figures(["churn", str(start), str(gained), str(lost)], [])
                c = cxkpi.Churn(at_start=start, gained=gained, lost=lost)
                self.assertEqual(c.at_end, want["at_end"])
                self.assertEqual(c.percent, want["percent"])
                self.assertEqual(c.net_growth, want["net_growth"])
                self.assertEqual(c.interval(), (want["lo95"], want["hi95"]))

    def test_fcr(self) -> None:
        rng = Rng(9)
        valid = [0, 1, 2, 4, 6, 8, 10, 12, 14]
        flags = [valid[rng.below(9)] for _ in range(3000)]
        want = c_figures(["fcr"], flags)
        f = cxkpi.Fcr()
        f.add_many(array.array("I", flags))
        self.assertEqual(tuple(f.counts), tuple(want[k] for k in
                         ("issues", "resolved", "escalated", "reopened", "excluded")))
        self.assertEqual((f.percent, f.net_percent, f.escalation_percent, f.reopen_percent),
                         (want["percent"], want["net_percent"], want["escalation_percent"], want["reopen_percent"]))
        self.assertEqual(f.interval(), (want["lo95"], want["hi95"]))
        self.assertEqual(f.net_interval(), (want["net_lo95"], want["net_hi95"]))

    def test_duration(self) -> None:
        for alpha in (0.01, 0.001):
            with self.subTest(alpha=alpha):
                rng = Rng(int(alpha * 1e6))
                # Handling times 1 s .. ~3 h with quarter-second resolution (exact as text).
                values = [rng.below(40000) / 4 + 1 for _ in range(5000)]
                want = c_figures(["duration", repr(alpha)], [repr(v) for v in values])
                d = cxkpi.Duration(alpha=alpha)
                d.add_many(array.array("d", values))
                self.assertEqual(d.count, want["count"])
                for name in ("sum", "mean", "min", "max", "stddev"):
                    self.assertEqual(getattr(d, name), want[name], name)
                qs = [0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0]
                self.assertEqual(d.quantiles(qs),
                                 [want[n] for n in ("q0", "q10", "q50", "q90", "q95", "q99", "q100")])


if __name__ == "__main__":
    unittest.main()
