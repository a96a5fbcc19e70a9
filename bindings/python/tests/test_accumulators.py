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
    (cxkpi.Sla, lambda: cxkpi.Sla(60), lambda a, i: (a.add if i % 3 else a.add_open)(7.5 * i)),
    (cxkpi.Churn, cxkpi.Churn, lambda a, i: a.add_start(i + 1)),
]


def filled(factory: Callable[[], Any], feed: Callable[[Any, int], None], items: range) -> Any:
    acc = factory()
    for i in items:
        feed(acc, i)
    return acc


class Shared(unittest.TestCase):
    def each(self):  # type: ignore[no-untyped-def]
        for cls, factory, feed in CASES:
            with self.subTest(cls=cls.__name__):
                yield cls, factory, feed

    def test_merge_equals_one_accumulator_fed_everything(self) -> None:
        for _, factory, feed in self.each():
            whole = filled(factory, feed, range(0, 30))
            a = filled(factory, feed, range(0, 10))
            b = filled(factory, feed, range(10, 30))
            b_bytes = b.to_bytes()
            self.assertEqual(a + b, whole)               # a new one
            self.assertNotEqual(a, whole)                # a unchanged by +
            merged = a.copy()
            merged.merge(b)
            self.assertEqual(merged, whole)
            a += b
            self.assertEqual(a, whole)
            self.assertEqual(b.to_bytes(), b_bytes)      # the source is untouched
            parts = [filled(factory, feed, range(k, k + 10)) for k in (0, 10, 20)]
            self.assertEqual(sum(parts), whole)

    def test_merge_other_kind_is_type_error(self) -> None:
        for cls, factory, _ in self.each():
            other = next(f() for c, f, _ in CASES if c is not cls)
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
                feed(b, 1)   # and it is a live, independent accumulator
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
                    with self.assertRaises(cxkpi.FormatError):
                        cls.from_bytes(f().to_bytes())


if __name__ == "__main__":
    unittest.main()
