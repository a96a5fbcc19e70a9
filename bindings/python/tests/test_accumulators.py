"""What every accumulator class shares: ownership, merging, copying, equality, bytes, pickle.

Each class registers a factory (a fresh accumulator with its configuration) and a feeder
(a way to count something into it); every test below runs for every class.
"""
from __future__ import annotations

import copy
import gc
import pickle
import unittest
import weakref
from typing import Any, Callable, List, Tuple

import cxkpi

# (class, factory, feeder(acc, i)) -- feeder i=0,1,2... counts different things.
CASES: List[Tuple[type, Callable[[], Any], Callable[[Any, int], None]]] = [
    (cxkpi.Csat, lambda: cxkpi.Csat(1, 5, 4), lambda a, i: a.add(1 + i % 5)),
    (cxkpi.Nps, cxkpi.Nps, lambda a, i: a.add(i % 11)),
    (cxkpi.Fcr, cxkpi.Fcr, lambda a, i: a.add([0, 1, 2, 4, 6, 8, 10, 12, 14][i % 9])),
    (cxkpi.Sla, lambda: cxkpi.Sla(60), lambda a, i: (a.add if i % 3 else a.add_open)(7.5 * i)),
    (cxkpi.Duration, cxkpi.Duration, lambda a, i: a.add(0.25 * i * i)),
    (cxkpi.Aht, cxkpi.Aht, lambda a, i: a.add(i, i % 3, 2 * i)),
    (cxkpi.Churn, cxkpi.Churn, lambda a, i: a.add_start(i + 1)),
    (cxkpi.Survival, cxkpi.Survival, lambda a, i: (a.add if i % 3 else a.add_open)(60.0 * i)),
    # Not an accumulator (no merge), but copies, compares, serializes and pickles the same way.
    (cxkpi.FcrTracker, lambda: cxkpi.FcrTracker(100, 10), lambda a, i: a.add(i % 7, 20 * i)),
]
ACCUMULATORS = [case for case in CASES if issubclass(case[0], cxkpi.Accumulator)]


def duration_figures(d: cxkpi.Duration) -> tuple:
    """What must agree after a merge: exact counts, extremes and quantiles; the sum, mean
    and standard deviation up to rounding (Welford vs Chan's pairwise update)."""
    return (d.count, d.min, d.max, d.quantiles([0.1, 0.5, 0.9, 0.99]), round(d.sum, 6),
            round(d.mean, 9), round(d.stddev, 9))


def merge_summary(acc: Any) -> Any:
    """The state two accumulators holding the same data must share."""
    if isinstance(acc, cxkpi.Duration):
        return duration_figures(acc)
    if isinstance(acc, cxkpi.Aht):
        return tuple(duration_figures(acc.component(p)) for p in cxkpi.AhtPart)
    return acc.to_bytes()


def filled(factory: Callable[[], Any], feed: Callable[[Any, int], None], items: range) -> Any:
    acc = factory()
    for i in items:
        feed(acc, i)
    return acc


class Shared(unittest.TestCase):
    def each(self, cases=CASES):  # type: ignore[no-untyped-def]
        for cls, factory, feed in cases:
            with self.subTest(cls=cls.__name__):
                yield cls, factory, feed

    def test_merge_equals_one_accumulator_fed_everything(self) -> None:
        for _, factory, feed in self.each(ACCUMULATORS):
            whole = merge_summary(filled(factory, feed, range(0, 30)))
            a = filled(factory, feed, range(0, 10))
            b = filled(factory, feed, range(10, 30))
            a_bytes, b_bytes = a.to_bytes(), b.to_bytes()
            self.assertEqual(merge_summary(a + b), whole)   # a new one
            self.assertEqual(a.to_bytes(), a_bytes)         # a unchanged by +
            merged = a.copy()
            merged.merge(b)
            self.assertEqual(merge_summary(merged), whole)
            a += b
            self.assertEqual(merge_summary(a), whole)
            self.assertEqual(b.to_bytes(), b_bytes)         # the source is untouched
            parts = [filled(factory, feed, range(k, k + 10)) for k in (0, 10, 20)]
            self.assertEqual(merge_summary(sum(parts)), whole)

    def test_tracker_does_not_merge(self) -> None:
        t = cxkpi.FcrTracker()
        self.assertFalse(hasattr(t, "merge"))
        with self.assertRaises(TypeError):
            t + cxkpi.FcrTracker()

    def test_merge_other_kind_is_type_error(self) -> None:
        for cls, factory, _ in self.each(ACCUMULATORS):
            other = next(f() for c, f, _ in ACCUMULATORS if c is not cls)
            with self.assertRaises(TypeError):
                factory().merge(other)
            with self.assertRaises(TypeError):
                factory() + other
            with self.assertRaises(TypeError):
                factory() + 1

    def test_copy_is_independent(self) -> None:
        for _, factory, feed in self.each():
            a = filled(factory, feed, range(5))
            for b in (a.copy(), copy.copy(a), copy.deepcopy(a)):
                self.assertEqual(a, b)
                self.assertIsNot(a, b)
                feed(b, 7)
                self.assertNotEqual(a, b)

    def test_equality(self) -> None:
        for _, factory, feed in self.each():
            self.assertEqual(factory(), factory())
            self.assertNotEqual(filled(factory, feed, range(3)), filled(factory, feed, range(4)))
            self.assertNotEqual(factory(), "not an accumulator")
            with self.assertRaises(TypeError):
                hash(factory())  # mutable: unhashable

    def test_reset(self) -> None:
        for _, factory, feed in self.each():
            a = filled(factory, feed, range(8))
            a.reset()
            self.assertEqual(a, factory())

    def test_bytes_round_trip(self) -> None:
        for cls, factory, feed in self.each():
            a = filled(factory, feed, range(17))
            data = a.to_bytes()
            self.assertIsInstance(data, bytes)
            self.assertEqual(data[:4], b"CXKP")
            for form in (data, bytearray(data), memoryview(data)):
                self.assertEqual(cls.from_bytes(form), a)

    def test_pickle(self) -> None:
        for cls, factory, feed in self.each():
            a = filled(factory, feed, range(23))
            for proto in range(pickle.HIGHEST_PROTOCOL + 1):
                b = pickle.loads(pickle.dumps(a, protocol=proto))
                self.assertIs(type(b), cls)
                self.assertEqual(b, a)
                feed(b, 1000)  # and it is a live, independent accumulator
                self.assertNotEqual(b, a)

    def test_close_and_context_manager(self) -> None:
        for _, factory, feed in self.each():
            with factory() as a:
                feed(a, 1)
                self.assertFalse(a.closed)
            self.assertTrue(a.closed)
            self.assertIn("closed", repr(a))
            with self.assertRaises(ValueError):
                feed(a, 1)
            with self.assertRaises(ValueError):
                a.to_bytes()
            a.close()  # idempotent
            if isinstance(a, cxkpi.Accumulator):
                with self.assertRaises(ValueError):
                    factory().merge(a)

    def test_garbage_collection_frees(self) -> None:
        for _, factory, _ in self.each():
            a = factory()
            finalizer = a._finalizer
            self.assertTrue(finalizer.alive)
            ref = weakref.ref(a)
            del a
            gc.collect()
            self.assertIsNone(ref())
            self.assertFalse(finalizer.alive)  # cxkpi_<kind>_free ran

    def test_repr_shows_the_class(self) -> None:
        for cls, factory, feed in self.each():
            self.assertTrue(repr(filled(factory, feed, range(3))).startswith(f"<{cls.__name__} "))

    def test_base_class_cannot_deserialize(self) -> None:
        with self.assertRaises(TypeError):
            cxkpi.Accumulator.from_bytes(cxkpi.Nps().to_bytes())

    def test_other_kind_bytes_are_format_errors(self) -> None:
        for cls, _, _ in self.each():
            for other, f, _ in CASES:
                if other is not cls:
                    with self.assertRaises(cxkpi.FormatError) as caught:
                        cls.from_bytes(f().to_bytes())
                    # the message names both kinds, e.g. "a nps state where a csat state..."
                    self.assertIn(f"a {other._prefix} state where a {cls._prefix} state was "
                                  "expected", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
