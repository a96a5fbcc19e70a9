"""Finds and loads libcxkpi, checks its version, and declares C functions (internal).

Where the library comes from, in this order:

1. the ``CXKPI_LIBRARY`` environment variable: a path (or a name ``dlopen`` resolves).
   When it is set it is the only candidate: a wrong path is an error, never silently
   replaced by another copy of the library;
2. a library shipped next to this package (``libcxkpi.so.0`` / ``libcxkpi.so`` in the
   ``cxkpi`` directory; ``.dylib`` / ``.dll`` on macOS / Windows);
3. ``ctypes.util.find_library("cxkpi")`` (the system's library search: ldconfig cache,
   ``LD_LIBRARY_PATH``, ...).

If none loads, one ``ImportError`` lists everything that was tried.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from typing import Any, Callable, List, Optional, Sequence, Tuple

from .errors import error_class

#: The ABI major version this binding is written for; a library with another major is refused.
ABI_MAJOR = 0

#: Marker for ``fn(..., restype=STATUS)``: the C function returns a ``cxkpi_status``.
STATUS: Any = object()


def _bundled_candidates() -> List[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.platform == "win32":
        names = ["cxkpi.dll", "libcxkpi.dll", f"cxkpi-{ABI_MAJOR}.dll"]
    elif sys.platform == "darwin":
        names = [f"libcxkpi.{ABI_MAJOR}.dylib", "libcxkpi.dylib"]
    else:
        names = [f"libcxkpi.so.{ABI_MAJOR}", "libcxkpi.so"]
    return [os.path.join(here, name) for name in names]


def _load() -> Tuple[ctypes.CDLL, str]:
    explicit = os.environ.get("CXKPI_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as exc:
            raise ImportError(
                f"cxkpi: cannot load the C library named by CXKPI_LIBRARY={explicit!r}: {exc}"
            ) from None
    tried = ["CXKPI_LIBRARY: not set"]
    for path in _bundled_candidates():
        if not os.path.exists(path):
            tried.append(f"{path}: no such file")
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as exc:
            tried.append(f"{path}: {exc}")
    found = ctypes.util.find_library("cxkpi")
    if found is None:
        tried.append('ctypes.util.find_library("cxkpi"): not found')
    else:
        try:
            return ctypes.CDLL(found), found
        except OSError as exc:
            tried.append(f'ctypes.util.find_library("cxkpi") -> {found}: {exc}')
    raise ImportError(
        "cxkpi: cannot find the cxkpi C library (libcxkpi). Tried:\n  "
        + "\n  ".join(tried)
        + "\nInstall libcxkpi (meson install), or set CXKPI_LIBRARY to the path of libcxkpi.so.")


LIB, LIBRARY_PATH = _load()

LIB.cxkpi_version.argtypes = []
LIB.cxkpi_version.restype = ctypes.c_uint
LIB.cxkpi_version_string.argtypes = []
LIB.cxkpi_version_string.restype = ctypes.c_char_p
LIB.cxkpi_status_str.argtypes = [ctypes.c_int]
LIB.cxkpi_status_str.restype = ctypes.c_char_p

#: Version number of the loaded library, ``MAJOR * 10000 + MINOR * 100 + PATCH``.
LIBRARY_VERSION_NUMBER: int = LIB.cxkpi_version()
#: Version string of the loaded library, e.g. ``"0.1.0"``.
LIBRARY_VERSION: str = LIB.cxkpi_version_string().decode("ascii", "replace")

if LIBRARY_VERSION_NUMBER // 10000 != ABI_MAJOR:
    raise ImportError(
        f"cxkpi: the C library {LIBRARY_PATH} is version {LIBRARY_VERSION} (major "
        f"{LIBRARY_VERSION_NUMBER // 10000}); this binding needs major version {ABI_MAJOR}")


def status_message(status: int) -> str:
    """The C library's static description of a status code (``cxkpi_status_str``)."""
    text: Optional[bytes] = LIB.cxkpi_status_str(status)
    return text.decode("utf-8", "replace") if text else "unknown status"


def raise_status(status: int, function: Optional[str] = None) -> None:
    """Raises the exception for a nonzero ``cxkpi_status`` (no-op for 0)."""
    if status:
        raise error_class(status)(status_message(status), status, function)


def _errcheck(result: int, func: Any, args: Tuple[Any, ...]) -> int:
    if result:
        raise error_class(result)(status_message(result), result, func.__name__)
    return result


class Missing:
    """Stands in for a C function the loaded library does not export (an older libcxkpi).

    Calling it raises ``NotImplementedError``; the rest of the binding keeps working.
    """

    available = False

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __call__(self, *args: Any) -> Any:
        raise NotImplementedError(
            f"{self.__name__} is not exported by the loaded cxkpi library {LIBRARY_PATH} "
            f"(version {LIBRARY_VERSION}); this needs a newer libcxkpi")


def fn(name: str, argtypes: Sequence[Any], restype: Any = STATUS) -> Callable[..., Any]:
    """Declares one C function: ``fn("cxkpi_csat_add", [c_void_p, c_int32])``.

    With the default ``restype=STATUS`` the function returns ``cxkpi_status`` and a
    nonzero result raises the matching :class:`cxkpi.CxkpiError` subclass. A symbol the
    library lacks gives a :class:`Missing` stub instead of failing the import.
    """
    try:
        func = getattr(LIB, name)
    except AttributeError:
        return Missing(name)
    func.argtypes = list(argtypes)
    if restype is STATUS:
        func.restype = ctypes.c_int
        func.errcheck = _errcheck
    else:
        func.restype = restype
    declared: Callable[..., Any] = func
    return declared


def available(func: Any) -> bool:
    """Whether a function declared with :func:`fn` exists in the loaded library."""
    return not isinstance(func, Missing)
