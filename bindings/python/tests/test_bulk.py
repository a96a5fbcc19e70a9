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

    def test_array_other_int_sizes_are_converted(self) -> None:
        for code in "hHlLqQ":
            with self.subTest(code=code):
                path = "i32" if array.array(code).itemsize != 4 or code in "HL" else ""
                self.check(array.array(code, SCORES), path)

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
        self.check(SCORES, "i32")
        self.check(tuple(SCORES), "i32")
        self.check(iter(SCORES), "i32")
        self.check((s for s in SCORES), "i32")

    def test_numpy_if_present(self) -> None:
        try:
            import numpy as np  # type: ignore[import-not-found]
        except ImportError:
            self.skipTest("NumPy is not installed (optional)")
        self.check(np.array(SCORES, dtype=np.uint8), "u8")
        self.check(np.array(SCORES, dtype=np.int32), "i32")
        self.check(np.array(SCORES, dtype=np.int64), "i32")
        self.check(np.array([[s, 99] for s in SCORES], dtype=np.int32)[:, 0], "i32")

    def test_empty(self) -> None:
        n = cxkpi.Nps()
        for empty in (b"", [], array.array("i"), memoryview(b"")):
            n.add_many(empty)
        self.assertEqual(n.count, 0)

    def test_atomic_on_error(self) -> None:
        for bad in (bytes([9, 11]), array.array("b", [9, -1]), array.array("i", [9, 2 ** 31 - 1]),
                    [9, 12], [9, -5], [9, 2 ** 40]):
            n = cxkpi.Nps()
            n.add(10)
            with self.subTest(bad=bad), self.assertRaises(cxkpi.RangeError):
                n.add_many(bad)
            self.assertEqual(n.count, 1)

    def test_refuses_non_integers(self) -> None:
        n = cxkpi.Nps()
        for bad in (array.array("d", [9.0]), array.array("f", [1.0]), memoryview(b"ab").cast("c")):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                n.add_many(bad)
        with self.assertRaises(TypeError):
            n.add_many([9.5])  # array.array('i', ...) refuses floats
        with self.assertRaises(TypeError):
            n.add_many("9")    # not a buffer, and a str is not ints
        self.assertEqual(n.count, 0)

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
