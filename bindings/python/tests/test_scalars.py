"""add/remove/score_count of one score: the Python and NumPy number types."""
from __future__ import annotations

import decimal
import fractions
import unittest

import cxkpi


class OneScore(unittest.TestCase):
    def test_integral_floats_and_bools(self) -> None:
        # 1-5 scale, 4+ satisfied: 4.0, True (1), 5 -> 2 satisfied of 3
        c = cxkpi.Csat()
        c.add(4.0)
        c.add(True)
        c.add(5)
        c.add(fractions.Fraction(10, 2))     # 5
        c.add(decimal.Decimal("2"))
        self.assertEqual(c.count, 5)
        self.assertEqual(c.distribution, {1: 1, 2: 1, 3: 0, 4: 1, 5: 2})
        self.assertEqual(c.score_count(5.0), 2)
        c.remove(5.0)
        self.assertEqual(c.score_count(5), 1)

    def test_nan_is_no_answer(self) -> None:
        c = cxkpi.Csat()
        c.add(float("nan"))
        self.assertEqual(c.count, 0)
        self.assertEqual(c.score_count(float("nan")), 0)
        c.remove(float("nan"))  # retracts nothing, raises nothing

    def test_non_integral_and_infinite_are_range_errors(self) -> None:
        n = cxkpi.Nps()
        for bad in (4.5, float("inf"), float("-inf"), 11.0, -1.0, 2.0 ** 40, 2 ** 40, -2 ** 63):
            with self.subTest(bad=bad), self.assertRaises(cxkpi.RangeError) as cm:
                n.add(bad)
            self.assertEqual(cm.exception.status, 2)
        with self.assertRaises(cxkpi.RangeError) as cm:
            n.add(4.5)
        # the library's own message (cxkpi_status_str), from the C function that refused it
        self.assertIn(cxkpi._lib.status_message(2), str(cm.exception))
        self.assertEqual(cm.exception.function, "cxkpi_nps_add_many_f64")
        self.assertEqual(n.count, 0)

    def test_other_types_raise_a_cxkpi_type_error(self) -> None:
        n = cxkpi.Nps()
        for bad in ("9", None, b"9", [9], 9j):
            with self.subTest(bad=bad):
                with self.assertRaises(cxkpi.InvalidTypeError) as cm:
                    n.add(bad)  # type: ignore[arg-type]
                self.assertIsInstance(cm.exception, TypeError)
                self.assertIsInstance(cm.exception, cxkpi.CxkpiError)
        self.assertEqual(n.count, 0)

    def test_numpy_scalars(self) -> None:
        try:
            import numpy as np  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("NumPy is not installed (optional)")
        n = cxkpi.Nps()
        for score in (np.int8(10), np.uint8(9), np.int16(8), np.uint16(7), np.int32(6),
                      np.uint32(0), np.int64(10), np.uint64(9), np.float32(10.0),
                      np.float64(6.0), np.bool_(True)):
            with self.subTest(score=repr(score)):
                n.add(score)
        # promoters 10, 9, 10, 9, 10: 5; passives 8, 7: 2; detractors 6, 0, 6, 1: 4 of 11
        self.assertEqual(tuple(n.groups), (5, 2, 4))
        n.add(np.float64("nan"))
        self.assertEqual(n.count, 11)
        with self.assertRaises(cxkpi.RangeError):
            n.add(np.float64(9.5))
        with self.assertRaises(cxkpi.RangeError):
            n.add(np.int64(11))


if __name__ == "__main__":
    unittest.main()
