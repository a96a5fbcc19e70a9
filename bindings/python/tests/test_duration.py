"""Duration and Aht: figures worked by hand from the definitions of cxkpi/duration.h and cxkpi/aht.h."""
from __future__ import annotations

import array
import datetime as dt
import math
import statistics
import unittest

import cxkpi


class DurationTest(unittest.TestCase):
    def test_exact_figures(self) -> None:
        d = cxkpi.Duration()
        values = [30, 60, 90, 120, 600]
        d.add_many(values)
        self.assertEqual(d.count, 5)
        self.assertEqual(d.sum, 900.0)
        self.assertEqual(d.mean, 180.0)                  # 900 / 5
        self.assertEqual((d.min, d.max), (30.0, 600.0))
        self.assertAlmostEqual(d.stddev, statistics.pstdev(values), places=9)  # 212.13
        self.assertEqual(d.quantile(0), 30.0)            # q = 0 and 1: exact min and max
        self.assertEqual(d.quantile(1), 600.0)

    def test_quantiles_within_alpha(self) -> None:
        for alpha in (0.01, 0.05):
            d = cxkpi.Duration(alpha=alpha)
            values = [float(v) for v in range(1, 1001)]       # 1 .. 1000 s
            d.add_many(reversed(values))                      # order does not matter
            for q in (0.1, 0.5, 0.9, 0.95, 0.99):
                exact = values[math.floor(q * (len(values) - 1))]  # rank floor(q (n - 1))
                with self.subTest(alpha=alpha, q=q):
                    self.assertLessEqual(abs(d.quantile(q) - exact), alpha * exact)
            self.assertEqual(d.quantiles([0.5, 0.9]), [d.median, d.p90])
            self.assertEqual((d.p95, d.p99), (d.quantile(0.95), d.quantile(0.99)))
            self.assertEqual(d.config[0], alpha)

    def test_rank_is_numpys(self) -> None:
        # numpy.quantile(x, q, method="lower") takes rank floor(q * (n - 1)) with the product
        # a double: 0.95 * 200 is 190.0 (rank 190, although the double nearest 0.95 is below
        # 0.95), and 0.29 * 100 is 28.999999999999996 (rank 28). Values 1.05^k sit in distinct
        # buckets (5% apart, alpha 1%), so the answer tells the rank.
        for n, q, rank in ((201, 0.95, 190), (101, 0.29, 28), (201, 0.99, 198), (4, 0.5, 1)):
            values = [1.05 ** k for k in range(n)]
            d = cxkpi.Duration()
            d.add_many(values)
            with self.subTest(n=n, q=q):
                self.assertEqual(math.floor(q * (n - 1)), rank)
                self.assertLessEqual(abs(d.quantile(q) - values[rank]), 0.01 * values[rank])

    def test_rank_matches_numpy_itself(self) -> None:
        # The library's rank against numpy.quantile(method="lower") itself, when numpy is
        # installed: values 1e-3 * 1.01^k sit in distinct buckets at alpha 0.001, so the
        # answer names its rank.
        try:
            import numpy as np  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("numpy is not installed")
        qs = [j / 1000 for j in range(0, 1001, 7)] + [0.5, 0.9, 0.95, 0.99, 0.999]
        for n in (1, 2, 3, 7, 51, 101, 201, 333, 1000, 1999):
            values = [1e-3 * 1.01 ** k for k in range(n)]
            d = cxkpi.Duration(alpha=0.001, max_buckets=16384)
            d.add_many(values)
            ranks = np.quantile(np.arange(n, dtype=float), qs, method="lower").astype(int)
            got = d.quantiles(qs)
            for q, rank, answer in zip(qs, ranks, got):
                self.assertLessEqual(abs(answer - values[rank]), 0.001 * values[rank], (n, q, rank))

    def test_percent_at_most(self) -> None:
        # 60 s, 2 min, 30 min, 1 h, 2 h: 4 of 5 within 1 h; none below the minimum; all at
        # the maximum; a negative threshold 0, NaN a RangeError
        d = cxkpi.Duration()
        d.add_many([60, 120, 1800, 3600, 7200])
        self.assertEqual(d.percent_at_most(dt.timedelta(hours=1)), 80.0)
        self.assertEqual(d.percent_at_most(59), 0.0)
        self.assertEqual(d.percent_at_most(7200), 100.0)
        self.assertEqual(d.percent_at_most(-5), 0.0)
        with self.assertRaises(cxkpi.RangeError):
            d.percent_at_most(math.nan)
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.Duration().percent_at_most(1)
        # the bound on spread-out data: exact(<= t) <= answer <= exact(<= t * gamma * (1 + 1e-9))
        values = [1.07 ** k for k in range(300)]
        d = cxkpi.Duration()
        d.add_many(values)
        gamma = 1.01 / 0.99
        for t in (1.5, 10.0, 333.3, 1e4, 5e8):
            exact_lo = 100 * sum(v <= t for v in values) / len(values)
            exact_hi = 100 * sum(v <= t * gamma * (1 + 1e-9) for v in values) / len(values)
            self.assertTrue(exact_lo <= d.percent_at_most(t) <= exact_hi, t)

    def test_add_weighted(self) -> None:
        w, r = cxkpi.Duration(), cxkpi.Duration()
        w.add_weighted(300, 37)
        w.add_weighted(dt.timedelta(days=1), 1)
        w.add_weighted(5, 0)                             # counts nothing
        r.add_many([300] * 37 + [86400])
        self.assertEqual(w.count, 38)
        self.assertAlmostEqual(w.mean, (37 * 300 + 86400) / 38, places=9)
        self.assertEqual(w.quantiles([0, 0.5, 0.9, 0.99, 1]), r.quantiles([0, 0.5, 0.9, 0.99, 1]))
        back = cxkpi.Duration.from_bytes(w.to_bytes())
        self.assertEqual(back.count, 38)
        with self.assertRaises(cxkpi.RangeError):
            w.add_weighted(-1, 2)
        with self.assertRaises(cxkpi.RangeError):
            w.add_weighted(1, -2)
        with self.assertRaises(cxkpi.CounterOverflowError):
            w.add_weighted(1, 2 ** 64 - 1)

    def test_zero_and_timedelta(self) -> None:
        d = cxkpi.Duration()
        d.add(0)
        d.add(dt.timedelta(minutes=2))
        d.add_many([dt.timedelta(seconds=30)])
        self.assertEqual(d.zero_count, 1)
        self.assertEqual(d.sum, 150.0)
        self.assertEqual(d.quantile(0), 0.0)
        self.assertEqual(d.collapsed_count, 0)

    def test_bad_input(self) -> None:
        d = cxkpi.Duration()
        d.add(5)
        before = d.to_bytes()
        for bad in (-1.0, float("nan"), float("inf"), 1e19):
            with self.subTest(bad=bad):
                with self.assertRaises(cxkpi.RangeError):
                    d.add(bad)
                with self.assertRaises(cxkpi.RangeError):
                    d.add_many(array.array("d", [1.0, bad]))
        with self.assertRaises(cxkpi.RangeError):
            d.quantile(1.5)
        with self.assertRaises(TypeError):
            d.add("5")  # type: ignore[arg-type]
        self.assertEqual(d.to_bytes(), before)
        for alpha, buckets in [(0.5, 0), (1e-5, 0), (0.01, 8), (0.01, 2 ** 21), (0.01, -1)]:
            with self.subTest(alpha=alpha, buckets=buckets), self.assertRaises(cxkpi.InvalidArgumentError):
                cxkpi.Duration(alpha, buckets)
        with self.assertRaises(cxkpi.MismatchError):
            cxkpi.Duration(0.01) + cxkpi.Duration(0.02)

    def test_empty(self) -> None:
        d = cxkpi.Duration()
        for figure in ("sum", "mean", "min", "max", "stddev", "median"):
            with self.subTest(figure=figure), self.assertRaises(cxkpi.EmptyError):
                getattr(d, figure)
        self.assertEqual(repr(d), "<Duration n=0 (empty)>")

    def test_reserve_and_memory(self) -> None:
        d = cxkpi.Duration()
        d.reserve(1, 30 * 86400)
        reserved = d.memory
        d.add_many(array.array("d", [1.0, 3600.0, 30 * 86400.0]))
        self.assertEqual(d.memory, reserved)   # no growth inside the reserved range
        with self.assertRaises(cxkpi.RangeError):
            d.reserve(10, 1)


class AhtTest(unittest.TestCase):
    def test_components(self) -> None:
        a = cxkpi.Aht()
        a.add(talk=240, hold=30, acw=60)       # 330
        a.add(talk=180, hold=0, acw=90)        # 270
        self.assertEqual(a.count, 2)
        self.assertEqual(a.aht, 300.0)         # (330 + 270) / 2
        self.assertEqual(a.mean(cxkpi.AhtPart.TALK), 210.0)
        self.assertEqual(a.mean(cxkpi.AhtPart.HOLD), 15.0)
        self.assertEqual(a.mean(cxkpi.AhtPart.ACW), 75.0)
        self.assertEqual(a.quantile(1.0), 330.0)   # largest per-contact total, exactly
        talk = a.component(cxkpi.AhtPart.TALK)
        self.assertEqual((talk.count, talk.min, talk.max), (2, 180.0, 240.0))
        a.add(talk=1)                              # the copy does not follow
        self.assertEqual(talk.count, 2)
        self.assertEqual(repr(a), f"<Aht n=3 aht={(330 + 270 + 1) / 3:.6g}s>")

    def test_add_many_three_columns(self) -> None:
        a = cxkpi.Aht()
        a.add_many(array.array("d", [100, 200]), [10, 20], (dt.timedelta(seconds=s) for s in (1, 2)))
        self.assertEqual(a.aht, (111 + 222) / 2)
        with self.assertRaises(ValueError):
            a.add_many([1, 2], [1], [1, 2])
        with self.assertRaises(cxkpi.RangeError):
            a.add_many([1, 2], [1, -2], [1, 2])      # atomic
        self.assertEqual(a.count, 2)

    def test_empty_and_bad(self) -> None:
        a = cxkpi.Aht()
        with self.assertRaises(cxkpi.EmptyError):
            a.aht
        with self.assertRaises(cxkpi.RangeError):
            a.add(talk=-1)
        with self.assertRaises(cxkpi.InvalidArgumentError):
            a.mean(7)  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
