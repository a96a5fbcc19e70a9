"""add_many: every kind of input, one C call, atomic."""
from __future__ import annotations

import array
import ctypes
import sys
import unittest
from unittest import mock

import cxkpi
from cxkpi import _buffer

SCORES = [10, 9, 8, 7, 6, 0, 10, 3, 9, 9]  # NPS: 5 promoters, 2 passives, 3 detractors -> +20


def expected() -> cxkpi.Nps:
    n = cxkpi.Nps()
    for s in SCORES:
        n.add(s)
    return n


class BulkInput(unittest.TestCase):
    def check(self, values: object, path: str = "") -> None:
        n = cxkpi.Nps()
        if path:
            # The C entry point the input must take, called exactly once.
            real = cxkpi.Nps._bulk[path]
            with mock.patch.dict(cxkpi.Nps._bulk, {path: mock.Mock(side_effect=real)}):
                n.add_many(values)
                cxkpi.Nps._bulk[path].assert_called_once()
        else:
            n.add_many(values)
        self.assertEqual(n, expected())
        self.assertEqual(n.score, 20.0)  # 100 * (5 - 3) / 10

    def test_array_signed_bytes(self) -> None:
        self.check(array.array("b", SCORES), "u8")

    def test_array_unsigned_bytes(self) -> None:
        self.check(array.array("B", SCORES), "u8")

    def test_array_int32(self) -> None:
        self.check(array.array("i", SCORES), "i32")

    def test_array_every_int_format(self) -> None:
        # 1-byte: read in place; 2-byte: widened to int32 in bulk; 4-byte: int32 (unsigned
        # reinterpreted); 8-byte: int64 (unsigned reinterpreted).
        paths = {1: "u8", 2: "i32", 4: "i32", 8: "i64"}
        for code in "bBhHiIlLqQ":
            with self.subTest(code=code):
                self.check(array.array(code, SCORES), paths[array.array(code).itemsize])

    def test_bytes_and_bytearray(self) -> None:
        self.check(bytes(SCORES), "u8")
        self.check(bytearray(SCORES), "u8")

    def test_memoryview(self) -> None:
        self.check(memoryview(bytes(SCORES)), "u8")
        self.check(memoryview(array.array("i", SCORES)), "i32")

    def test_memoryview_slice_and_stride(self) -> None:
        data = array.array("i", [99] + SCORES + [99])
        self.check(memoryview(data)[1:-1], "i32")                   # offset into the buffer
        spaced = array.array("i", [v for s in SCORES for v in (s, 99)])
        view = memoryview(spaced)[::2]
        self.assertFalse(view.c_contiguous)
        self.check(view, "i32")                                     # copied once, then one call

    def test_two_dimensional(self) -> None:
        self.check(memoryview(bytes(SCORES)).cast("B", (2, 5)), "u8")

    def test_ctypes_array(self) -> None:
        self.check((ctypes.c_int32 * len(SCORES))(*SCORES), "i32")

    def test_plain_iterables(self) -> None:
        self.check(SCORES, "i64")
        self.check(tuple(SCORES), "i64")
        self.check(iter(SCORES), "i64")
        self.check((s for s in SCORES), "i64")
        self.check([float(s) for s in SCORES], "f64")   # floats: the double rule

    def test_numpy_if_present(self) -> None:
        try:
            import numpy as np  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("NumPy is not installed (optional)")
        paths = {"int8": "u8", "uint8": "u8", "int16": "i32", "uint16": "i32",
                 "int32": "i32", "uint32": "i32", "int64": "i64", "uint64": "i64",
                 "float32": "f64", "float64": "f64"}
        for dtype, path in paths.items():
            with self.subTest(dtype=dtype):
                self.check(np.array(SCORES, dtype=dtype), path)
        self.check(np.array([[s, 99] for s in SCORES], dtype=np.int32)[:, 0], "i32")
        self.check(np.array([[s, 99] for s in SCORES], dtype=np.int64)[:, 0], "i64")

    def test_pandas_if_present(self) -> None:
        try:
            import pandas as pd  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("pandas is not installed (optional)")
        self.check(pd.Series(SCORES), "i64")
        self.check(pd.Series(SCORES, dtype="int32"), "i32")
        self.check(pd.Series(SCORES, dtype="Int64"), "f64")
        # gaps: a float64 column with NaN and a nullable Int64 column with NA count the same
        with_gaps = SCORES[:3] + [None] + SCORES[3:] + [None]
        for series in (pd.Series(with_gaps, dtype="float64"), pd.Series(with_gaps, dtype="Int64")):
            with self.subTest(dtype=str(series.dtype)):
                n = cxkpi.Nps()
                self.assertEqual(n.add_many(series), 2)
                self.assertEqual(n, expected())

    def test_empty(self) -> None:
        n = cxkpi.Nps()
        for empty in (b"", [], array.array("i"), memoryview(b"")):
            n.add_many(empty)
        self.assertEqual(n.count, 0)

    def test_atomic_on_error(self) -> None:
        # off the scale in every format, including values that would become a valid score
        # if they were truncated or sign-converted unchecked: 2**32 + 9, 2**64 - 1 (-1)
        for bad in (bytes([9, 11]), array.array("b", [9, -1]), array.array("h", [9, -1]),
                    array.array("H", [9, 65535]), array.array("i", [9, 2 ** 31 - 1]),
                    array.array("I", [9, 2 ** 32 - 1]), array.array("q", [9, 2 ** 32 + 9]),
                    array.array("Q", [9, 2 ** 64 - 1]), array.array("d", [9.0, 9.5]),
                    array.array("f", [9.0, float("inf")]), [9, 12], [9, -5], [9, 2 ** 40],
                    [9, 2 ** 70], [9.0, 10.5]):
            n = cxkpi.Nps()
            n.add(10)
            with self.subTest(bad=bad), self.assertRaises(cxkpi.RangeError):
                n.add_many(bad)
            self.assertEqual(n.count, 1)

    def test_refuses_non_numbers(self) -> None:
        n = cxkpi.Nps()
        # the package's own exception (a TypeError too), naming the C function
        for bad in (memoryview(b"ab").cast("c"), "9", [9, None], ["5", 4]):
            with self.subTest(bad=bad), self.assertRaises(cxkpi.InvalidTypeError) as caught:
                n.add_many(bad)  # type: ignore[arg-type]
            self.assertIsInstance(caught.exception, TypeError)
            self.assertIn("cxkpi_nps_add_many", str(caught.exception))
        self.assertEqual(n.count, 0)

    def test_doubles_with_gaps(self) -> None:
        # 10, gap, 9, 0, gap -> 3 answers: 2 promoters, 1 detractor: NPS 100 * 1 / 3
        n = cxkpi.Nps()
        nan = float("nan")
        self.assertEqual(n.add_many(array.array("d", [10, nan, 9, 0, nan])), 2)
        self.assertEqual(n.count, 3)
        self.assertAlmostEqual(n.score, 100 / 3, places=12)
        self.assertEqual(n.add_many(array.array("i", [10])), 0)
        self.assertEqual(n.add_many([nan, nan]), 2)
        self.assertEqual(n.count, 4)

    def test_fcr_flags_of_other_widths(self) -> None:
        # FCR flags are uint32: bytes are widened, int64 narrowed if the high bytes are 0.
        flags = [1, 0, 2, 1, 12]  # 2 resolved of 5 -> 40 %
        for values in (bytes(flags), array.array("h", flags), array.array("i", flags),
                       array.array("q", flags), array.array("Q", flags)):
            with self.subTest(values=values):
                f = cxkpi.Fcr()
                f.add_many(values)
                self.assertEqual(f.percent, 40.0)
        for bad in (array.array("q", [1, 2 ** 32 + 1]), array.array("q", [1, -1]),
                    array.array("b", [1, -1])):
            f = cxkpi.Fcr()
            with self.subTest(bad=bad), self.assertRaises(cxkpi.RangeError):
                f.add_many(bad)
            self.assertEqual(f.count, 0)

    def test_readonly_buffer_is_read_in_place(self) -> None:
        # bytes are read-only: the address C gets is the bytes object's own storage.
        data = bytes(SCORES)
        seen = []
        real = cxkpi.Nps._bulk["u8"]

        def spy(handle: int, addr: int, n: int) -> int:
            seen.append(ctypes.string_at(addr, n))
            return real(handle, addr, n)

        if _buffer.HAVE_PYTHONAPI:
            with mock.patch.dict(cxkpi.Nps._bulk, {"u8": spy}):
                cxkpi.Nps().add_many(data)
            self.assertEqual(seen, [data])

    def test_buffer_is_locked_during_the_call(self) -> None:
        # While C reads an array.array it cannot be resized (the buffer export holds it).
        arr = array.array("b", SCORES)
        real = cxkpi.Nps._bulk["u8"]

        def grow_then_call(handle: int, addr: int, n: int) -> int:
            with self.assertRaises(BufferError):
                arr.extend([1] * 1000)
            return real(handle, addr, n)

        if _buffer.HAVE_PYTHONAPI:
            with mock.patch.dict(cxkpi.Nps._bulk, {"u8": grow_then_call}):
                cxkpi.Nps().add_many(arr)
        arr.extend([1])  # released afterwards

    @unittest.skipUnless(sys.byteorder == "little", "little-endian only")
    def test_explicit_little_endian_format(self) -> None:
        raw = array.array("i", SCORES).tobytes()
        self.check(memoryview(raw).cast("B").cast("i"), "i32")


if __name__ == "__main__":
    unittest.main()
