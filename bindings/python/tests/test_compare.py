"""Comparisons (cxkpi/compare.h): figures worked by hand in the comments, and
Newcombe (1998), Table II, method 10, to the paper's 4 decimals."""
from __future__ import annotations

import doctest
import math
import unittest

import cxkpi
import cxkpi.compare


def normal_two_sided_p(z: float) -> float:
    """2 (1 - Phi(|z|)), from math.erfc: independent of the C library."""
    return math.erfc(abs(z) / math.sqrt(2.0))


class CompareTest(unittest.TestCase):
    def test_nps_worked_example(self) -> None:
        # a: 50 promoters, 30 passives, 20 detractors (NPS 30, variance 0.7 - 0.09 = 0.61);
        # b: 40, 30, 30 (NPS 10, variance 0.7 - 0.01 = 0.69); se = 100 sqrt(0.013).
        c = cxkpi.nps_difference_counts((50, 30, 20), (40, 30, 30))
        self.assertAlmostEqual(c.difference, 20.0, places=12)
        self.assertAlmostEqual(c.stderr, 11.401754, places=6)
        self.assertAlmostEqual(c.lo, -2.347028, places=6)
        self.assertAlmostEqual(c.hi, 42.347028, places=6)
        self.assertAlmostEqual(c.p_value, 0.0794106, places=7)
        self.assertAlmostEqual(c.p_value, normal_two_sided_p(20 / (100 * math.sqrt(0.013))), places=12)
        self.assertFalse(c.significant())
        self.assertTrue(c.significant(0.90))          # p < 0.10
        a, b = cxkpi.Nps(), cxkpi.Nps()
        a.add_many(bytes([10] * 50 + [7] * 30 + [0] * 20))
        b.add_many(bytes([9] * 40 + [8] * 30 + [6] * 30))
        self.assertEqual(cxkpi.nps_difference(a, b), c)

    def test_newcombe_table_ii(self) -> None:
        table = [((56, 70, 48, 80), (0.0524, 0.3339)), ((9, 10, 3, 10), (0.1705, 0.8090)),
                 ((6, 7, 2, 7), (0.0582, 0.8062)), ((5, 56, 0, 29), (-0.0381, 0.1926)),
                 ((0, 10, 0, 20), (-0.1611, 0.2775)), ((10, 10, 0, 20), (0.6791, 1.0))]
        for (xa, na, xb, nb), (lo, hi) in table:
            with self.subTest(example=(xa, na, xb, nb)):
                c = cxkpi.proportion_difference(xa, na, xb, nb)
                self.assertAlmostEqual(c.difference, 100 * (xa / na - xb / nb), places=12)
                self.assertLessEqual(abs(c.lo - 100 * lo), 0.005 + 1e-9)
                self.assertLessEqual(abs(c.hi - 100 * hi), 0.005 + 1e-9)
                # pooled z-test, computed here
                pooled = (xa + xb) / (na + nb)
                se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
                want = 1.0 if se0 == 0 else normal_two_sided_p((xa / na - xb / nb) / se0)
                self.assertAlmostEqual(c.p_value, want, places=12)

    def test_accumulators(self) -> None:
        # 9/10 against 3/10 in each form: z^2 = 7.5 (R: prop.test(c(9, 3), c(10, 10),
        # correct = FALSE) gives X-squared = 7.5, p-value = 0.006169899)
        ca, cb = cxkpi.Csat(), cxkpi.Csat()
        ca.add_many(bytes([5] * 9 + [1]))
        cb.add_many(bytes([4] * 3 + [2] * 7))
        fa, fb = cxkpi.Fcr(), cxkpi.Fcr()
        for i in range(10):
            fa.add(resolved=i < 9)
            fb.add(resolved=i < 3, escalated=i >= 3)
        sa, sb = cxkpi.Sla(60), cxkpi.Sla(60)
        sa.add_many([10] * 9 + [61])
        sb.add_many([60] * 3 + [100] * 7)
        sb.add_open(5)                                # in progress: left out
        for a, b in ((ca, cb), (fa, fb), (sa, sb)):
            with self.subTest(kind=type(a).__name__):
                c = cxkpi.percent_difference(a, b)
                self.assertAlmostEqual(c.difference, 60.0, places=9)
                self.assertAlmostEqual(c.p_value, 0.006169899, places=9)
                self.assertIsNone(c.stderr)
                self.assertTrue(c.significant())
                self.assertLessEqual(abs(c.lo - 17.05), 0.005)
                self.assertLessEqual(abs(c.hi - 80.90), 0.005)

    def test_bad_input(self) -> None:
        for conf in (0.0, 1.0, -1.0, 2.0, math.nan):
            with self.assertRaises(cxkpi.RangeError):
                cxkpi.proportion_difference(1, 2, 1, 2, conf)
            with self.assertRaises(cxkpi.RangeError):
                cxkpi.nps_difference_counts((1, 1, 1), (1, 1, 1), conf)
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.proportion_difference(0, 0, 1, 2)
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.nps_difference(cxkpi.Nps(), cxkpi.Nps())
        with self.assertRaises(cxkpi.InvalidArgumentError):
            cxkpi.proportion_difference(3, 2, 1, 2)
        with self.assertRaises(cxkpi.RangeError):
            cxkpi.proportion_difference(-1, 2, 1, 2)
        with self.assertRaises(cxkpi.RangeError):    # not truncated to 2 successes
            cxkpi.proportion_difference(2.5, 4, 1, 2)
        with self.assertRaises(cxkpi.RangeError):
            cxkpi.nps_difference_counts((1, 1, 0.5), (1, 1, 1))
        with self.assertRaises(cxkpi.InvalidTypeError):
            cxkpi.proportion_difference("2", 4, 1, 2)  # type: ignore[arg-type]
        # an integral float is that count: 100 * (2/4 - 1/2) = 0
        self.assertEqual(cxkpi.proportion_difference(2.0, 4, 1, 2).difference, 0.0)
        with self.assertRaises(cxkpi.CounterOverflowError):
            cxkpi.nps_difference_counts((2 ** 64 - 1, 1, 0), (1, 1, 1))
        with self.assertRaises(ValueError):
            cxkpi.nps_difference_counts((1, 1), (1, 1, 1))
        a, b = cxkpi.Csat(1, 5, 4), cxkpi.Csat(1, 5, 5)
        a.add(5)
        b.add(5)
        with self.assertRaises(cxkpi.MismatchError):
            cxkpi.percent_difference(a, b)
        x, y = cxkpi.Sla(60), cxkpi.Sla(61)
        x.add(1)
        y.add(1)
        with self.assertRaises(cxkpi.MismatchError):
            cxkpi.percent_difference(x, y)
        with self.assertRaises(TypeError):
            cxkpi.percent_difference(a, x)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            cxkpi.nps_difference(a, b)  # type: ignore[arg-type]

    def test_doctest(self) -> None:
        failures, _ = doctest.testmod(cxkpi.compare)
        self.assertEqual(failures, 0)


if __name__ == "__main__":
    unittest.main()
