"""Sla: figures worked by hand from the definitions of cxkpi/sla.h."""
from __future__ import annotations

import array
import datetime
import unittest

import cxkpi

from support import wilson


class SlaTest(unittest.TestCase):
    def header_example(self) -> cxkpi.Sla:
        # Target 3600 s: finished 1800, 3600, 5400, 7200 and open 600, 4000 (cxkpi/sla.h).
        s = cxkpi.Sla(target=3600)
        s.add_many([1800, 3600, 5400, 7200])
        s.add_open(600)
        s.add_open(4000)
        return s

    def test_header_example(self) -> None:
        s = self.header_example()
        self.assertEqual(s.target, 3600.0)
        self.assertEqual((s.met, s.breached, s.breached_open, s.in_progress), (2, 3, 1, 1))
        self.assertEqual(s.count, 6)
        self.assertEqual(s.percent, 40.0)  # 100 * 2 / (2 + 3); elapsed == target is met
        lo, hi = s.interval()
        elo, ehi = wilson(2, 5)
        self.assertAlmostEqual(lo, elo, places=9)
        self.assertAlmostEqual(hi, ehi, places=9)
        # Lateness: 1800 + 3600 (finished) + 400 (open, so far) = 5800 over 3 breaches.
        self.assertEqual(s.lateness, (3, 5800.0, 5800.0 / 3, 3600.0))
        self.assertEqual(s.lateness_finished, (2, 5400.0, 2700.0, 3600.0))
        self.assertEqual(repr(s), "<Sla target=3600s met=2 breached=3 in_progress=1 compliance=40.0%>")

    def test_empty_and_in_progress_only(self) -> None:
        s = cxkpi.Sla(60)
        with self.assertRaises(cxkpi.EmptyError):
            s.percent
        s.add_open(10)  # in progress: not part of compliance
        with self.assertRaises(cxkpi.EmptyError):
            s.percent
        with self.assertRaises(cxkpi.EmptyError):
            s.lateness
        self.assertIn("(empty)", repr(s))

    def test_timedelta(self) -> None:
        s = cxkpi.Sla(datetime.timedelta(hours=1))
        s.add(datetime.timedelta(minutes=59))
        s.add_many([datetime.timedelta(minutes=61), 3600.5])
        self.assertEqual((s.met, s.breached), (1, 2))
        self.assertAlmostEqual(s.lateness.total, 60 + 0.5)

    def test_bad_values(self) -> None:
        for target in (0, -1, float("nan"), float("inf"), 2.0 ** 53 + 2 ** 10):
            with self.subTest(target=target), self.assertRaises(cxkpi.RangeError):
                cxkpi.Sla(target)
        s = cxkpi.Sla(60)
        s.add(30)
        before = s.to_bytes()
        for bad in (-1.0, float("nan"), float("inf")):
            with self.subTest(bad=bad):
                with self.assertRaises(cxkpi.RangeError):
                    s.add(bad)
                with self.assertRaises(cxkpi.RangeError):
                    s.add_open(bad)
                with self.assertRaises(cxkpi.RangeError):
                    s.add_many(array.array("d", [1.0, bad]))  # atomic: nothing counted
        self.assertEqual(s.to_bytes(), before)

    def test_bulk_paths(self) -> None:
        s = cxkpi.Sla(100)
        s.add_many(array.array("d", [50.0, 150.0]))   # read in place
        s.add_many(memoryview(array.array("d", [100.0])))
        s.add_many(array.array("i", [10, 200]))       # converted once to doubles
        s.add_many(x for x in (1.0, 2.0))
        s.add_open_many(array.array("d", [20.0, 300.0]))
        self.assertEqual((s.met, s.breached, s.breached_open, s.in_progress), (5, 3, 1, 1))
        with self.assertRaises(TypeError):
            s.add_many(["ten"])

    def test_remove_and_open_snapshots(self) -> None:
        s = cxkpi.Sla(100)
        s.add_open(50)
        s.remove_open(50)   # the ticket finished: retract the snapshot ...
        s.add(120)          # ... and report the final state
        self.assertEqual((s.met, s.breached, s.in_progress), (0, 1, 0))
        with self.assertRaises(cxkpi.NotFoundError):
            s.remove(10)    # no met ticket counted
        s.add_open(500)
        s.clear_open()
        self.assertEqual((s.breached, s.breached_open), (1, 0))
        s.remove(120)
        self.assertEqual(s, cxkpi.Sla(100))

    def test_merge_and_merge_counts(self) -> None:
        p1, p3 = cxkpi.Sla(3600), cxkpi.Sla(8 * 3600)
        p1.add_many([1800, 7200])      # met, late 3600
        p3.add_many([3600, 10 * 3600])  # met, late 7200
        with self.assertRaises(cxkpi.MismatchError):
            p1.merge(p3)
        total = cxkpi.Sla(1)
        total.merge_counts(p1)
        total.merge_counts(p3)
        self.assertEqual((total.met, total.breached), (2, 2))
        self.assertEqual(total.lateness, (2, 3600.0 + 7200.0, 5400.0, 7200.0))
        self.assertEqual(total.target, 1.0)  # keeps its own
        with self.assertRaises(TypeError):
            total.merge_counts(cxkpi.Nps())  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
