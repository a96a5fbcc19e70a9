"""The status -> exception mapping: every cxkpi_status code, and real C failures."""
from __future__ import annotations

import ctypes
import pickle
import unittest

import cxkpi
from cxkpi import _lib

from support import csat_payload, frame

# Every status code of include/cxkpi/common.h, its exception and the built-in it must also be.
EXPECTED = {
    1: ("CXKPI_EINVAL", cxkpi.InvalidArgumentError, ValueError),
    2: ("CXKPI_ERANGE", cxkpi.RangeError, ValueError),
    3: ("CXKPI_EEMPTY", cxkpi.EmptyError, ValueError),
    4: ("CXKPI_EOVERFLOW", cxkpi.CounterOverflowError, OverflowError),
    5: ("CXKPI_ENOMEM", cxkpi.OutOfMemoryError, MemoryError),
    6: ("CXKPI_EMISMATCH", cxkpi.MismatchError, ValueError),
    7: ("CXKPI_ENOSPC", cxkpi.NoSpaceError, ValueError),
    8: ("CXKPI_EFORMAT", cxkpi.FormatError, ValueError),
    9: ("CXKPI_EVERSION", cxkpi.VersionError, ValueError),
    10: ("CXKPI_ENOTFOUND", cxkpi.NotFoundError, LookupError),
    11: ("CXKPI_EORDER", cxkpi.OrderError, ValueError),
    12: ("CXKPI_EIO", cxkpi.FileError, OSError),
}


def c_message(status: int) -> str:
    """cxkpi_status_str, called through a separate ctypes handle (not the binding's)."""
    lib = ctypes.CDLL(_lib.LIBRARY_PATH)
    lib.cxkpi_status_str.restype = ctypes.c_char_p
    lib.cxkpi_status_str.argtypes = [ctypes.c_int]
    return lib.cxkpi_status_str(status).decode()


class StatusMapping(unittest.TestCase):
    def test_every_status_code(self) -> None:
        for status, (name, cls, builtin) in EXPECTED.items():
            with self.subTest(status=status):
                self.assertIs(cxkpi.error_class(status), cls)
                self.assertEqual(cls.status_code, status)
                self.assertEqual(cls.code_name, name)
                self.assertTrue(issubclass(cls, cxkpi.CxkpiError))
                self.assertTrue(issubclass(cls, builtin))
                with self.assertRaises(cls) as cm:
                    _lib.raise_status(status, "cxkpi_some_function")
                err = cm.exception
                self.assertEqual(err.status, status)
                self.assertEqual(err.code, name)
                self.assertEqual(err.function, "cxkpi_some_function")
                self.assertEqual(err.message, c_message(status))
                self.assertEqual(str(err), f"cxkpi_some_function: {c_message(status)} ({name})")

    def test_no_two_codes_share_a_class(self) -> None:
        classes = [cls for _, cls, _ in EXPECTED.values()]
        self.assertEqual(len(set(classes)), len(classes))

    def test_ok_raises_nothing(self) -> None:
        _lib.raise_status(0, "f")

    def test_unknown_status_is_the_base_class(self) -> None:
        self.assertIs(cxkpi.error_class(99), cxkpi.CxkpiError)
        with self.assertRaises(cxkpi.CxkpiError) as cm:
            _lib.raise_status(99, "f")
        self.assertEqual(cm.exception.status, 99)
        self.assertEqual(cm.exception.message, "unknown status")  # the C library's text
        self.assertEqual(cm.exception.code, "status 99")

    def test_exceptions_pickle(self) -> None:
        for status, (_, cls, _) in EXPECTED.items():
            err = cls(c_message(status), status, "cxkpi_x")
            back = pickle.loads(pickle.dumps(err))
            self.assertIs(type(back), cls)
            self.assertEqual((back.status, back.function, str(back)), (status, "cxkpi_x", str(err)))


class RealFailures(unittest.TestCase):
    """Each status the C library can be made to return from Python, end to end."""

    def test_einval_bad_configuration(self) -> None:
        for args in [(5, 1, 3), (1, 5, 1), (1, 5, 6), (-1, 5, 4), (1, 101, 4)]:
            with self.subTest(args=args), self.assertRaises(cxkpi.InvalidArgumentError) as cm:
                cxkpi.Csat(*args)
            self.assertEqual(cm.exception.function, "cxkpi_csat_new")

    def test_einval_null_handle_from_c(self) -> None:
        with self.assertRaises(cxkpi.InvalidArgumentError) as cm:
            cxkpi.Csat._c_add(None, 3)
        self.assertEqual(cm.exception.function, "cxkpi_csat_add")

    def test_erange(self) -> None:
        c = cxkpi.Csat()
        with self.assertRaises(cxkpi.RangeError):
            c.add(6)
        with self.assertRaises(ValueError):  # also catchable as the built-in
            c.add(0)
        with self.assertRaises(cxkpi.RangeError):
            c.add(2 ** 40)  # would wrap to 0 as a C int32: refused before reaching C
        with self.assertRaises(cxkpi.RangeError):
            cxkpi.normal_z(1.0)
        self.assertEqual(c.count, 0)

    def test_eempty(self) -> None:
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.Nps().score
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.Csat().interval()
        with self.assertRaises(cxkpi.EmptyError):
            cxkpi.wilson_interval(0, 0)

    def test_eoverflow_by_doubling(self) -> None:
        c = cxkpi.Csat()
        c.add(5)
        for _ in range(63):
            c += c  # 1 -> 2**63
        self.assertEqual(c.count, 2 ** 63)
        before = c.to_bytes()
        with self.assertRaises(cxkpi.CounterOverflowError):
            c.merge(c)  # 2**64 does not fit
        with self.assertRaises(OverflowError):
            c += c
        self.assertEqual(c.to_bytes(), before)

    def test_eoverflow_forged_state(self) -> None:
        # One score short of 2**64 counted: one more add must fail and change nothing.
        data = frame(1, 1, csat_payload(1, 5, 4, [2 ** 64 - 1, 0, 0, 0, 0]))
        c = cxkpi.Csat.from_bytes(data)
        self.assertEqual(c.count, 2 ** 64 - 1)
        with self.assertRaises(cxkpi.CounterOverflowError):
            c.add(3)
        with self.assertRaises(cxkpi.CounterOverflowError):
            c.add_many([1, 2])
        self.assertEqual(c.to_bytes(), data)

    def test_emismatch(self) -> None:
        a, b = cxkpi.Csat(1, 5, 4), cxkpi.Csat(1, 10, 8)
        with self.assertRaises(cxkpi.MismatchError):
            a.merge(b)
        with self.assertRaises(cxkpi.MismatchError):
            a + b

    def test_enospc(self) -> None:
        c = cxkpi.Csat()
        buf = ctypes.create_string_buffer(8)
        written = ctypes.c_size_t(12345)
        with self.assertRaises(cxkpi.NoSpaceError):
            cxkpi.Csat._c_serialize(c._h, buf, 8, ctypes.byref(written))
        self.assertEqual(written.value, 12345)

    def test_eformat(self) -> None:
        good = cxkpi.Csat().to_bytes()
        bad_crc = good[:-1] + bytes([good[-1] ^ 1])
        for data in [b"", b"CXKP", good[:-1], good + b"\0", bad_crc, cxkpi.Nps().to_bytes()]:
            with self.subTest(data=data), self.assertRaises(cxkpi.FormatError):
                cxkpi.Csat.from_bytes(data)

    def test_eversion(self) -> None:
        data = frame(1, 2, csat_payload(1, 5, 4, [0, 0, 0, 0, 0]))
        with self.assertRaises(cxkpi.VersionError):
            cxkpi.Csat.from_bytes(data)
        # The same payload as version 1 is fine: the forging itself is right.
        self.assertEqual(cxkpi.Csat.from_bytes(frame(1, 1, data[16:-4])).count, 0)

    def test_enotfound(self) -> None:
        n = cxkpi.Nps()
        n.add(9)
        with self.assertRaises(cxkpi.NotFoundError):
            n.remove(10)
        with self.assertRaises(LookupError):
            n.remove(0)
        self.assertEqual(n.count, 1)

    def test_eorder(self) -> None:
        with self.assertRaises(cxkpi.OrderError):
            cxkpi.Calendar().elapsed(10, 5)          # end before start
        t = cxkpi.FcrTracker(window=100)
        t.add(1, 1000)
        with self.assertRaises(cxkpi.OrderError):
            t.add(2, 10)                             # later than the tolerated lateness

    def test_eio_has_no_portable_trigger(self) -> None:
        # A zoneinfo file that exists but cannot be read needs a non-root user or an I/O
        # fault; the mapping of CXKPI_EIO is covered by StatusMapping above.
        self.assertTrue(issubclass(cxkpi.FileError, OSError))


if __name__ == "__main__":
    unittest.main()
