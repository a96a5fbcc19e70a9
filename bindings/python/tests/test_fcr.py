"""Fcr and FcrTracker: figures worked by hand from the definitions of cxkpi/fcr.h and cxkpi/fcr_tracker.h."""
from __future__ import annotations

import array
import datetime as dt
import unittest

import cxkpi
from cxkpi import FcrFlag as F

from support import wilson

DAY = 86400


class FcrTest(unittest.TestCase):
    def test_header_examples(self) -> None:
        # 72 resolved of 100 issues, 10 of them excluded: gross 72%, net 72 / 90 = 80%.
        f = cxkpi.Fcr()
        f.add_many([F.RESOLVED_FIRST_CONTACT] * 72 + [F.EXCLUDED] * 10 + [0] * 18)
        self.assertEqual(f.percent, 72.0)
        self.assertEqual(f.net_percent, 80.0)
        for got, want in zip(f.interval(), wilson(72, 100)):
            self.assertAlmostEqual(got, want, places=9)
        for got, want in zip(f.net_interval(), wilson(72, 90)):
            self.assertAlmostEqual(got, want, places=9)
        self.assertEqual(repr(f), "<Fcr n=100 fcr=72.0%>")

    def test_rates_and_keywords(self) -> None:
        f = cxkpi.Fcr()
        f.add(resolved=True)
        f.add(escalated=True)
        f.add(escalated=True, reopened=True)
        f.add(F.REOPENED | F.EXCLUDED)
        self.assertEqual(f.counts, (4, 1, 2, 2, 1))
        self.assertEqual(f.count, 4)
        self.assertEqual(f.escalation_percent, 50.0)        # 2 of 4
        self.assertEqual(f.reopen_percent, 50.0)            # 2 of 4
        self.assertAlmostEqual(f.net_percent, 100 / 3)   # 1 of (4 - 1)
        for got, want in zip(f.escalation_interval(), wilson(2, 4)):
            self.assertAlmostEqual(got, want, places=9)
        for got, want in zip(f.reopen_interval(0.95), wilson(2, 4)):
            self.assertAlmostEqual(got, want, places=9)
        self.assertEqual(f.combination_count(F.ESCALATED | F.REOPENED), 1)
        f.remove(escalated=True)
        self.assertEqual(f.counts, (3, 1, 1, 2, 1))
        with self.assertRaises(cxkpi.NotFoundError):
            f.remove(F.ESCALATED)

    def test_contradictions_and_bad_flags(self) -> None:
        f = cxkpi.Fcr()
        for bad in (F.RESOLVED_FIRST_CONTACT | F.ESCALATED, F.RESOLVED_FIRST_CONTACT | F.REOPENED,
                    F.RESOLVED_FIRST_CONTACT | F.EXCLUDED, 16, 2 ** 31):
            with self.subTest(flags=int(bad)), self.assertRaises(cxkpi.RangeError) as caught:
                f.add(bad)
            self.assertIn("contradictory outcome" if bad < 16 else "outside 0..15",
                          str(caught.exception))
        with self.assertRaises(cxkpi.RangeError):
            f.add(-1)                     # would wrap to 0xFFFFFFFF in ctypes: refused first
        for not_flags in (1.5, 1.0, "1", None):  # int() would have counted 1.5 and "1" as 1
            with self.subTest(flags=not_flags), self.assertRaises(cxkpi.InvalidTypeError):
                f.add(not_flags)  # type: ignore[arg-type]
        with self.assertRaises(cxkpi.RangeError):
            f.add_many([1, 0, 3])         # atomic: nothing counted
        with self.assertRaises(cxkpi.RangeError):
            f.add_many([1, -1])
        self.assertEqual(f.count, 0)
        for figure in ("percent", "net_percent", "escalation_percent", "reopen_percent"):
            with self.assertRaises(cxkpi.EmptyError):
                getattr(f, figure)
        self.assertEqual(repr(f), "<Fcr n=0 (empty)>")

    def test_bulk_uint32(self) -> None:
        f = cxkpi.Fcr()
        f.add_many(array.array("I", [1, 1, 0, 2]))          # read in place
        f.add_many(array.array("B", [1, 8]))                # converted once
        f.add_many(memoryview(array.array("i", [4])))       # converted once
        self.assertEqual(f.counts, (7, 3, 1, 1, 1))


class FcrTrackerTest(unittest.TestCase):
    def test_window_is_half_open_from_the_first_contact(self) -> None:
        t = cxkpi.FcrTracker(window=7 * DAY)
        t.add(1, 0)
        t.add(2, 100)           # alone: resolved on first contact
        t.add(1, 7 * DAY - 1)   # a repeat: inside [0, 7d)
        t.add(1, 7 * DAY)       # exactly f + W: a new episode, alone
        t.finish()
        r = t.results
        self.assertEqual(r.counts, (3, 2, 0, 0, 0))  # episodes: key 1 (repeated), key 1 (new), key 2
        self.assertAlmostEqual(r.percent, 200 / 3)
        with self.assertRaises(cxkpi.OrderError):
            t.add(3, 10 ** 9)   # after finish()

    def test_string_keys_and_datetimes(self) -> None:
        self.assertEqual(cxkpi.FcrTracker.key(""), 0xCBF29CE484222325)   # FNV-1a offset basis
        self.assertEqual(cxkpi.FcrTracker.key("a"), 0xAF63DC4C8601EC8C)  # cxkpi/fcr_tracker.h
        self.assertEqual(cxkpi.FcrTracker.key(b"a"), cxkpi.FcrTracker.key("a"))
        t = cxkpi.FcrTracker(window=dt.timedelta(days=7))
        start = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
        t.add("alice@example.com", start)
        t.add("alice@example.com", start + dt.timedelta(days=2))
        t.add("bob@example.com", start + dt.timedelta(days=3))
        self.assertEqual(t.open, (2, 2))
        t.flush(start + dt.timedelta(days=10))   # past f + W for both
        self.assertEqual(t.open, (0, 0))
        self.assertEqual(t.results.percent, 50.0)  # bob resolved, alice not
        self.assertEqual(t.watermark, int((start + dt.timedelta(days=10)).timestamp()))

    def test_lateness(self) -> None:
        t = cxkpi.FcrTracker(window=100, lateness=10)
        self.assertEqual(t.config, (100, 10))
        with self.assertRaises(cxkpi.EmptyError):
            t.watermark
        t.add(1, 50)
        t.add(1, 41)            # 9 s late: accepted, and it becomes the first contact
        with self.assertRaises(cxkpi.OrderError):
            t.add(2, 39)        # 11 s late: refused
        t.flush(41 + 100 + 10)  # f + W + L of the episode
        self.assertEqual(t.results.counts, (1, 0, 0, 0, 0))

    def test_add_many_parallel_arrays(self) -> None:
        t = cxkpi.FcrTracker(window=100)
        t.add_many(array.array("Q", [1, 2, 1]), array.array("q", [0, 10, 20]))
        t.add_many(["x", "y"], [30, 40])
        with self.assertRaises(ValueError):
            t.add_many([1, 2], [50])                      # lengths differ
        with self.assertRaises(cxkpi.OrderError):
            t.add_many([5, 6], [60, 1])                   # atomic: the late one fails the batch
        self.assertEqual(t.open, (4, 4))
        t.finish()
        self.assertEqual(t.results.counts, (4, 3, 0, 0, 0))

    def test_bad_configuration(self) -> None:
        for window, lateness in [(0, 0), (100, 100), (100, -1), (2 ** 41, 0)]:
            with self.subTest(window=window, lateness=lateness):
                with self.assertRaises(cxkpi.InvalidArgumentError):
                    cxkpi.FcrTracker(window, lateness)

    def test_copy_keeps_open_episodes(self) -> None:
        t = cxkpi.FcrTracker(window=100)
        t.add(1, 0)
        c = t.copy()
        c.add(1, 50)                       # a repeat in the copy only
        t.finish()
        c.finish()
        self.assertEqual(t.results.percent, 100.0)
        self.assertEqual(c.results.percent, 0.0)
        self.assertGreater(t.memory, 0)


if __name__ == "__main__":
    unittest.main()
