"""Csat: figures worked by hand from the definitions of cxkpi/csat.h."""
from __future__ import annotations

import statistics
import unittest

import cxkpi

from support import Z95, wilson


class CsatTest(unittest.TestCase):
    def test_defaults_are_top_two_box_on_1_to_5(self) -> None:
        c = cxkpi.Csat()
        self.assertEqual(c.config, (1, 5, 4))
        self.assertEqual((c.scale_min, c.scale_max, c.satisfied_min), (1, 5, 4))

    def test_keywords(self) -> None:
        c = cxkpi.Csat(scale_min=1, scale_max=10, satisfied_min=8)
        self.assertEqual(c.config, (1, 10, 8))
        with self.assertRaises(TypeError):
            cxkpi.Csat(1.0, 5, 4)  # type: ignore[arg-type]

    def test_empty(self) -> None:
        c = cxkpi.Csat()
        self.assertEqual((c.count, c.satisfied), (0, 0))
        for figure in ("percent", "mean"):
            with self.assertRaises(cxkpi.EmptyError):
                getattr(c, figure)
        self.assertIn("empty", repr(c))

    def test_one_response(self) -> None:
        c = cxkpi.Csat()
        c.add(4)
        self.assertEqual(c.percent, 100.0)  # 1 satisfied of 1
        self.assertEqual(c.mean, 4.0)
        lo, hi = c.interval()
        self.assertEqual(hi, 100.0)  # all satisfied: the upper bound is exactly 100
        self.assertAlmostEqual(lo, wilson(1, 1, Z95)[0], places=9)  # 100 * 1/(1 + z^2) = 20.65

    def test_readme_example(self) -> None:
        c = cxkpi.Csat()
        c.add_many([5, 4, 2, 5, 3])
        self.assertEqual(c.count, 5)
        self.assertEqual(c.satisfied, 3)              # 5, 4, 5
        self.assertEqual(c.percent, 60.0)             # 100 * 3 / 5
        self.assertAlmostEqual(c.mean, 3.8, places=12)  # 19 / 5
        lo, hi = c.interval(0.95)
        elo, ehi = wilson(3, 5, Z95)                  # 23.0724, 88.2379
        self.assertAlmostEqual(lo, elo, places=9)
        self.assertAlmostEqual(hi, ehi, places=9)
        self.assertEqual(c.distribution, {1: 0, 2: 1, 3: 1, 4: 1, 5: 2})
        self.assertEqual(repr(c), "<Csat 1-5 satisfied>=4 n=5 csat=60.0%>")

    def test_example_30_of_50(self) -> None:
        # The worked example of cxkpi/csat.h: 30 satisfied of 50 responses = 60%.
        c = cxkpi.Csat(1, 5, 4)
        c.add_many([5] * 30 + [2] * 20)
        self.assertEqual(c.percent, 60.0)
        self.assertAlmostEqual(c.mean, (30 * 5 + 20 * 2) / 50, places=12)  # 3.8
        for conf in (0.8, 0.9, 0.95, 0.99):
            z = statistics.NormalDist().inv_cdf((1 + conf) / 2)
            for got, want in zip(c.interval(conf), wilson(30, 50, z)):
                self.assertAlmostEqual(got, want, places=9)

    def test_binary_scale(self) -> None:
        c = cxkpi.Csat(0, 1, 1)
        c.add_many(bytes([1, 0, 1, 1]))
        self.assertEqual(c.percent, 75.0)  # 3 of 4
        self.assertEqual(c.mean, 0.75)

    def test_extremes_of_the_scale(self) -> None:
        c = cxkpi.Csat(0, 100, 100)
        c.add(0)
        c.add(100)
        self.assertEqual(c.percent, 50.0)
        self.assertEqual(c.mean, 50.0)
        with self.assertRaises(cxkpi.RangeError):
            c.add(101)
        with self.assertRaises(cxkpi.RangeError):
            c.add(-1)
        self.assertEqual(c.count, 2)

    def test_remove(self) -> None:
        c = cxkpi.Csat()
        c.add_many([5, 1])
        c.remove(1)  # the customer changed the 1 ...
        c.add(4)     # ... into a 4
        self.assertEqual(c.percent, 100.0)
        with self.assertRaises(cxkpi.NotFoundError):
            c.remove(3)
        with self.assertRaises(cxkpi.RangeError):
            c.remove(9)
        self.assertEqual(c.count, 2)

    def test_bad_confidence(self) -> None:
        c = cxkpi.Csat()
        c.add(5)
        for conf in (0.0, 1.0, -0.5, 2.0, float("nan")):
            with self.subTest(conf=conf), self.assertRaises(cxkpi.RangeError):
                c.interval(conf)

    def test_score_count(self) -> None:
        c = cxkpi.Csat()
        c.add_many([3, 3, 5])
        self.assertEqual(c.score_count(3), 2)
        with self.assertRaises(cxkpi.RangeError):
            c.score_count(0)


if __name__ == "__main__":
    unittest.main()
