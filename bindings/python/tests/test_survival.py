"""Survival (Kaplan-Meier, cxkpi/survival.h): a case worked by hand, and the bracket
around an exact product-limit estimate computed here."""
from __future__ import annotations

import doctest
import math
import random
import unittest

import cxkpi
import cxkpi.survival

H = 3600.0


def exact_km(obs, t):
    """Product-limit estimate at t of (time, resolved) pairs; resolutions first at ties."""
    s, at_risk = 1.0, len(obs)
    ordered = sorted(obs, key=lambda o: (o[0], not o[1]))
    i = 0
    while i < len(ordered) and ordered[i][0] <= t:
        j, d = i, 0
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            d += ordered[j][1]
            j += 1
        if d:
            s *= (at_risk - d) / at_risk
        at_risk -= j - i
        i = j
    return s


class SurvivalTest(unittest.TestCase):
    def test_worked_example(self) -> None:
        # resolved 1, 2, 4, 8 h; open 3, 6 h: S = 5/6, 4/6, (r 4 -> 3), 4/6 * 2/3, (r 2 -> 1), 0
        km = cxkpi.Survival()
        km.add_many([1 * H, 2 * H, 4 * H, 8 * H])
        km.add_open_many([3 * H, 6 * H])
        self.assertEqual(km.counts, (4, 2))
        s = km.survival(5 * H)
        self.assertAlmostEqual(s.value, 100 * 8 / 18, places=10)
        # Greenwood: 1/30 + 1/20 + 1/6 = 0.25; log band 8/18 exp(-1.959964 * 0.5)
        self.assertAlmostEqual(s.lo, 100 * 8 / 18 * math.exp(-1.959963984540054 * 0.5), places=8)
        self.assertEqual(s.hi, 100.0)
        self.assertAlmostEqual(km.percent_resolved_within(5 * H), 100 * 10 / 18, places=10)
        m = km.quantile(0.5)
        self.assertLessEqual(abs(m.value - 4 * H), 0.01 * 4 * H)
        self.assertLessEqual(abs(m.lo - 2 * H), 0.01 * 2 * H)
        self.assertLessEqual(abs(m.hi - 8 * H), 0.01 * 8 * H)
        self.assertLessEqual(abs(km.p90 - 8 * H), 0.01 * 8 * H)
        lo, hi = km.exact_bounds(4 * H)
        self.assertAlmostEqual(lo, 100 * 8 / 18, places=10)
        self.assertAlmostEqual(hi, 100 * 4 / 6, places=10)

    def test_bracket_holds_on_random_data(self) -> None:
        rng = random.Random(1958)
        obs = []
        km = cxkpi.Survival()
        for _ in range(1500):
            res, cut = 4 * H * rng.lognormvariate(0, 1.2), rng.uniform(0, 72 * H)
            obs.append((min(res, cut), res <= cut))
            (km.add if res <= cut else km.add_open)(min(res, cut))
        for t in [o[0] for o in obs[:300]] + [rng.uniform(0, 80 * H) for _ in range(100)]:
            lo, hi = km.exact_bounds(t)
            ex = 100 * exact_km(obs, t)
            self.assertTrue(lo - 1e-9 <= ex <= hi + 1e-9, (t, lo, ex, hi))
            self.assertTrue(lo - 1e-9 <= km.survival(t).value <= hi + 1e-9)

    def test_merge_bytes_and_errors(self) -> None:
        a, b = cxkpi.Survival(), cxkpi.Survival()
        a.add_many([10, 20, 30])
        b.add_open(25)
        both = a + b
        self.assertEqual(both.counts, (3, 1))
        self.assertEqual(cxkpi.Survival.from_bytes(both.to_bytes()), both)
        with self.assertRaises(cxkpi.MismatchError):
            a.merge(cxkpi.Survival(alpha=0.02))
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.Survival().median
        only_open = cxkpi.Survival()
        only_open.add(10)
        only_open.add_open_many([100] * 5)
        with self.assertRaises(cxkpi.NotFoundError):
            only_open.median
        with self.assertRaises(cxkpi.RangeError):
            a.add(-1)
        with self.assertRaises(cxkpi.RangeError):
            a.quantile(1.0)
        with self.assertRaises(cxkpi.RangeError):
            a.survival(math.nan)
        with self.assertRaises(cxkpi.RangeError):
            a.survival(10, confidence=1.5)

    def test_doctest(self) -> None:
        failures, _ = doctest.testmod(cxkpi.survival)
        self.assertEqual(failures, 0)


if __name__ == "__main__":
    unittest.main()
