"""Nps: figures worked by hand from the definitions of cxkpi/nps.h."""
from __future__ import annotations

import math
import statistics
import unittest

import cxkpi


class NpsTest(unittest.TestCase):
    def test_empty(self) -> None:
        n = cxkpi.Nps()
        self.assertEqual(n.count, 0)
        self.assertEqual(n.groups, (0, 0, 0))
        for figure in ("score", "stderr", "group_percents"):
            with self.subTest(figure=figure), self.assertRaises(cxkpi.EmptyError):
                getattr(n, figure)
        with self.assertRaises(cxkpi.EmptyError):
            n.margin()
        self.assertEqual(repr(n), "<Nps n=0 (empty)>")

    def test_header_example_50_30_20(self) -> None:
        # 50 promoters, 30 passives, 20 detractors (the example of cxkpi/nps.h).
        n = cxkpi.Nps()
        n.add_many([10] * 25 + [9] * 25 + [8] * 15 + [7] * 15 + [6] * 10 + [0] * 10)
        self.assertEqual(n.groups, (50, 30, 20))
        self.assertEqual((n.promoters, n.passives, n.detractors), (50, 30, 20))
        self.assertEqual(n.group_percents, (50.0, 30.0, 20.0))
        self.assertEqual(n.score, 30.0)                       # 100 * (50 - 20) / 100
        se = 100 * math.sqrt((0.5 + 0.2 - (0.5 - 0.2) ** 2) / 100)  # 100 * sqrt(0.61/100) = 7.8102497
        self.assertAlmostEqual(n.stderr, se, places=10)
        z = statistics.NormalDist().inv_cdf(0.975)
        self.assertAlmostEqual(n.margin(), z * se, places=9)  # 15.3078
        self.assertAlmostEqual(n.margin(0.95), 15.3078, places=4)
        lo, hi = n.interval()
        self.assertAlmostEqual(lo, 30 - z * se, places=9)
        self.assertAlmostEqual(hi, 30 + z * se, places=9)
        self.assertEqual(repr(n), "<Nps n=100 nps=+30.0>")

    def test_group_boundaries(self) -> None:
        n = cxkpi.Nps()
        n.add_many(range(11))  # 0..6 detractors (7), 7..8 passives (2), 9..10 promoters (2)
        self.assertEqual(n.groups, (2, 2, 7))
        self.assertAlmostEqual(n.score, 100 * (2 - 7) / 11, places=12)  # -45.45

    def test_extremes(self) -> None:
        n = cxkpi.Nps()
        n.add(10)
        self.assertEqual(n.score, 100.0)
        self.assertEqual(n.stderr, 0.0)       # variance 1 + 0 - 1 = 0
        self.assertEqual(n.interval(), (100.0, 100.0))
        n.reset()
        n.add_many(bytes(5))                  # five zeros
        self.assertEqual(n.score, -100.0)
        with self.assertRaises(cxkpi.RangeError):
            n.add(11)
        with self.assertRaises(cxkpi.RangeError):
            n.add(-1)
        self.assertEqual(n.count, 5)

    def test_interval_is_clipped(self) -> None:
        n = cxkpi.Nps()
        n.add_many([10, 10, 10, 0])  # score 50, wide margin
        lo, hi = n.interval()
        self.assertEqual(hi, 100.0)
        self.assertLess(lo, 50.0)

    def test_score_count_and_remove(self) -> None:
        n = cxkpi.Nps()
        n.add_many([9, 9, 3])
        self.assertEqual(n.score_count(9), 2)
        n.remove(3)
        self.assertEqual(n.score, 100.0)
        with self.assertRaises(cxkpi.RangeError):
            n.score_count(11)


if __name__ == "__main__":
    unittest.main()
