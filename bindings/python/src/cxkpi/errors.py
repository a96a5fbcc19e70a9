"""The exception hierarchy: one class per ``cxkpi_status`` code.

Every failing C call raises a subclass of :class:`CxkpiError` that also derives from the
built-in exception a Python programmer would expect (``ValueError`` for bad values,
``MemoryError`` for allocation failure, ...), so both ``except cxkpi.RangeError`` and
``except ValueError`` work.  The exception carries the C status code (``status``), its
name (``code``, e.g. ``"CXKPI_ERANGE"``), the C function that failed (``function``) and
the library's own message (from ``cxkpi_status_str``) in its text.
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple, Type

__all__ = [
    "CxkpiError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "RangeError",
    "EmptyError",
    "CounterOverflowError",
    "OutOfMemoryError",
    "MismatchError",
    "NoSpaceError",
    "FormatError",
    "VersionError",
    "NotFoundError",
    "OrderError",
    "FileError",
    "error_class",
]


class CxkpiError(Exception):
    """Base class of every error reported by the cxkpi C library.

    Attributes:
        status: the numeric ``cxkpi_status`` (``None`` for an error raised by the binding
            itself before reaching C).
        code: the status's C name, e.g. ``"CXKPI_ERANGE"``.
        function: the C function (or binding method) that failed, if known.
        message: the library's description of the status.
    """

    #: ``cxkpi_status`` value this class stands for (``None`` on the base class).
    status_code: Optional[int] = None
    #: C name of that status.
    code_name: str = "CXKPI_?"

    def __init__(self, message: str, status: Optional[int] = None,
                 function: Optional[str] = None) -> None:
        self.message = message
        self.status = self.status_code if status is None else status
        self.function = function
        if self.status is not None and self.status != self.status_code:
            self.code = f"status {self.status}"
        else:
            self.code = self.code_name
        text = f"{function}: {message}" if function else message
        super().__init__(f"{text} ({self.code})")

    def __reduce__(self) -> Tuple[object, ...]:
        return (type(self), (self.message, self.status, self.function))


class InvalidArgumentError(CxkpiError, ValueError):
    """``CXKPI_EINVAL``: an invalid configuration (or a NULL pointer, which the binding never passes)."""
    status_code, code_name = 1, "CXKPI_EINVAL"


class InvalidTypeError(InvalidArgumentError, TypeError):
    """An argument of a type the binding cannot pass to C (a ``str`` score, say): raised by
    the binding itself, as ``CXKPI_EINVAL``; also a ``TypeError``."""


class RangeError(CxkpiError, ValueError):
    """``CXKPI_ERANGE``: a value outside its domain (a score off the scale, a confidence not in (0, 1), ...)."""
    status_code, code_name = 2, "CXKPI_ERANGE"


class EmptyError(CxkpiError, ValueError):
    """``CXKPI_EEMPTY``: a result was asked of an accumulator that has counted nothing.

    Like :func:`statistics.mean` on an empty list, a figure of nothing is an error, never
    ``nan`` or ``0``.  Check ``acc.count`` first when emptiness is expected.
    """
    status_code, code_name = 3, "CXKPI_EEMPTY"


class CounterOverflowError(CxkpiError, OverflowError):
    """``CXKPI_EOVERFLOW``: a 64-bit counter would overflow; nothing was counted."""
    status_code, code_name = 4, "CXKPI_EOVERFLOW"


class OutOfMemoryError(CxkpiError, MemoryError):
    """``CXKPI_ENOMEM``: the C library could not allocate memory; nothing was changed."""
    status_code, code_name = 5, "CXKPI_ENOMEM"


class MismatchError(CxkpiError, ValueError):
    """``CXKPI_EMISMATCH``: merge of accumulators with different configurations."""
    status_code, code_name = 6, "CXKPI_EMISMATCH"


class NoSpaceError(CxkpiError, ValueError):
    """``CXKPI_ENOSPC``: an output buffer is too small (the binding sizes its buffers, so rare)."""
    status_code, code_name = 7, "CXKPI_ENOSPC"


class FormatError(CxkpiError, ValueError):
    """``CXKPI_EFORMAT``: serialized bytes (or a parsed text) are malformed, truncated,
    corrupted, or of another kind of accumulator."""
    status_code, code_name = 8, "CXKPI_EFORMAT"


class VersionError(CxkpiError, ValueError):
    """``CXKPI_EVERSION``: serialized bytes use a newer format version than the loaded library reads."""
    status_code, code_name = 9, "CXKPI_EVERSION"


class NotFoundError(CxkpiError, LookupError):
    """``CXKPI_ENOTFOUND``: the thing to remove, look up or open does not exist."""
    status_code, code_name = 10, "CXKPI_ENOTFOUND"


class OrderError(CxkpiError, ValueError):
    """``CXKPI_EORDER``: an event arrived out of order beyond the tolerance, or a call came in the wrong state."""
    status_code, code_name = 11, "CXKPI_EORDER"


class FileError(CxkpiError, OSError):
    """``CXKPI_EIO``: a file (e.g. a zoneinfo file) could not be read."""
    status_code, code_name = 12, "CXKPI_EIO"


_BY_STATUS: Dict[int, Type[CxkpiError]] = {
    cls.status_code: cls
    for cls in (InvalidArgumentError, RangeError, EmptyError, CounterOverflowError,
                OutOfMemoryError, MismatchError, NoSpaceError, FormatError, VersionError,
                NotFoundError, OrderError, FileError)
    if cls.status_code is not None
}


def error_class(status: int) -> Type[CxkpiError]:
    """The exception class for a ``cxkpi_status`` value (:class:`CxkpiError` for unknown codes)."""
    return _BY_STATUS.get(status, CxkpiError)
