"""Churn: figures worked by hand from the definitions of cxkpi/churn.h."""
from __future__ import annotations

import unittest

import cxkpi

from support import wilson


class ChurnTest(unittest.TestCase):
    def test_header_example(self) -> None:
        # 200 customers at the start, 10 of them lost, 25 gained.
        c = cxkpi.Churn(at_start=200, gained=25, lost=10)
        self.assertEqual(c.counts, (200, 25, 10))
        self.assertEqual((c.at_start, c.gained, c.lost), (200, 25, 10))
        self.assertEqual(c.at_end, 215)          # 200 + 25 - 10
        self.assertEqual(c.percent, 5.0)            # 100 * 10 / 200
        self.assertEqual(c.net_growth, 7.5)      # 100 * (25 - 10) / 200
        for got, want in zip(c.interval(), wilson(10, 200)):
            self.assertAlmostEqual(got, want, places=9)
        self.assertEqual(repr(c), "<Churn at_start=200 lost=10 gained=25 churn=5.0%>")

    def test_step_by_step_and_segments(self) -> None:
        east, west = cxkpi.Churn(), cxkpi.Churn()
        east.add_start(100)
        east.add_lost(3)
        east.add_lost()          # one more
        west.add_start(50)
        west.add_gained(5)
        total = east + west
        self.assertEqual(total.counts, (150, 5, 4))
        self.assertAlmostEqual(total.percent, 100 * 4 / 150, places=12)
        self.assertAlmostEqual(total.net_growth, 100 * (5 - 4) / 150, places=12)

    def test_empty(self) -> None:
        c = cxkpi.Churn(gained=3)
        for figure in ("percent", "net_growth"):
            with self.subTest(figure=figure), self.assertRaises(cxkpi.EmptyError):
                getattr(c, figure)
        self.assertIn("(empty)", repr(c))

    def test_bad_input(self) -> None:
        c = cxkpi.Churn(at_start=10)
        with self.assertRaises(cxkpi.RangeError):
            c.add_lost(11)           # more lost than were there
        with self.assertRaises(cxkpi.RangeError):
            c.add_start(-1)          # ctypes would wrap it to 2**64 - 1: refused first
        with self.assertRaises(cxkpi.RangeError):
            c.add_gained(2 ** 64)
        with self.assertRaises(cxkpi.NotFoundError):
            c.remove_lost(1)
        with self.assertRaises(cxkpi.CounterOverflowError):
            c.add_gained(2 ** 64 - 10)   # at_start + gained past 2**64 - 1
        self.assertEqual(c.counts, (10, 0, 0))
        c.add_lost(2)
        c.remove_lost(1)
        self.assertEqual(c.lost, 1)


if __name__ == "__main__":
    unittest.main()
