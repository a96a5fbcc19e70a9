"""Passing Python buffers to C without copying element by element (internal).

:func:`borrow` yields the address of a C-contiguous buffer for the duration of one C
call. On CPython it uses ``PyObject_GetBuffer`` / ``PyBuffer_Release`` through
``ctypes.pythonapi``, which works for read-only buffers (``bytes``, a read-only NumPy
array) as well as writable ones, and holds an export on the object so that it cannot be
resized or freed while C reads it. Where ``ctypes.pythonapi`` is unavailable (PyPy),
writable buffers go through ``(c_char * n).from_buffer`` and read-only ones are copied
once into a ``bytearray`` -- still one call into C, with one ``memcpy``.

:func:`as_native` classifies a buffer for the bulk ``add_many`` entry points:

- 1-byte integers (``'B'``, ``'b'``, ``'?'``: ``bytes``, ``bytearray``,
  ``array('B')``, ``array('b')``, NumPy ``uint8``/``int8``/``bool``) go to the ``_u8``
  path as they are. A negative ``int8`` reads as 128..255 there, which is outside every
  cxkpi score scale (0..100), so it is still reported as ``RangeError``.
- 4-byte signed integers (``'i'``, or ``'l'`` where long is 4 bytes): the ``int32`` path;
  4-byte unsigned ones (``'I'``): the ``uint32`` path (FCR flags); 8-byte integers
  (``'q'``/``'Q'``, NumPy ``int64``/``uint64``): the ``int64``/``uint64`` paths (tracker
  times and keys).
- 8-byte doubles (``'d'``): the ``double`` path (durations).
- Any other integer or float format (NumPy ``int64`` for instance) is converted once to
  the accumulator's native type with ``array.array`` -- one pass in C, not a Python loop
  over ``add``. Non-contiguous views are copied once (``tobytes``) first.
"""
from __future__ import annotations

import array
import contextlib
import ctypes
import sys
from typing import Any, Dict, Iterator, Tuple

_INT_FORMATS = frozenset("bBhHiIlLqQnN?")
_FLOAT_FORMATS = frozenset("fd")


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


try:
    _get_buffer = ctypes.pythonapi.PyObject_GetBuffer
    _get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
    _get_buffer.restype = ctypes.c_int
    _release_buffer = ctypes.pythonapi.PyBuffer_Release
    _release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
    _release_buffer.restype = None
    HAVE_PYTHONAPI = True
except (AttributeError, OSError):  # pragma: no cover - not CPython
    HAVE_PYTHONAPI = False

_PyBUF_SIMPLE = 0  # contiguous bytes, no format needed: the caller already checked the view

# Empty buffers get this address rather than NULL: C functions take (NULL, 0) for an empty
# batch, but a deserializer must see "0 bytes" (CXKPI_EFORMAT), not a NULL pointer (EINVAL).
_EMPTY = ctypes.create_string_buffer(1)


@contextlib.contextmanager
def borrow(view: memoryview) -> Iterator[int]:
    """Yields the address of the C-contiguous ``view``'s first byte (never NULL)."""
    if view.nbytes == 0:
        yield ctypes.addressof(_EMPTY)
        return
    if HAVE_PYTHONAPI:
        pybuf = _PyBuffer()
        _get_buffer(view, ctypes.byref(pybuf), _PyBUF_SIMPLE)
        try:
            yield pybuf.buf or ctypes.addressof(_EMPTY)
        finally:
            _release_buffer(ctypes.byref(pybuf))
    else:  # pragma: no cover - not CPython
        if view.readonly:
            view = memoryview(bytearray(view))
        holder = (ctypes.c_char * view.nbytes).from_buffer(view.cast("B"))
        try:
            yield ctypes.addressof(holder)
        finally:
            del holder


def _native_code(view: memoryview) -> str:
    """The format's struct letter when it is native (or standard little-endian on a
    little-endian machine, where the layout is the same); '' otherwise."""
    fmt = view.format
    if len(fmt) == 2 and (fmt[0] in "@=" or (fmt[0] == "<" and sys.byteorder == "little")):
        fmt = fmt[1]
    return fmt if len(fmt) == 1 else ""


# (struct letter, itemsize) -> native path name
_DIRECT: Dict[Tuple[str, int], str] = {
    ("B", 1): "u8", ("b", 1): "u8", ("?", 1): "u8",
    ("i", 4): "i32", ("l", 4): "i32",
    ("I", 4): "u32", ("L", 4): "u32",
    ("q", 8): "i64", ("l", 8): "i64", ("n", 8): "i64",
    ("Q", 8): "u64", ("L", 8): "u64", ("N", 8): "u64",
    ("d", 8): "f64",
}
_TYPECODE = {"u8": "B", "i32": "i", "u32": "I", "i64": "q", "u64": "Q", "f64": "d"}


def as_native(values: Any, paths: Dict[str, Any], fallback: str) -> Tuple[str, memoryview]:
    """Turns ``values`` into ``(path, C-contiguous 1-D memoryview)`` for one C call.

    ``paths`` names the bulk entry points the accumulator has (``"u8"``, ``"i32"``,
    ``"u32"``, ``"f64"``); ``fallback`` is the one used for plain iterables and conversions.
    Raises ``TypeError`` for a buffer whose items are not numbers; conversion of an
    integer that does not fit raises ``OverflowError`` (the caller maps it).
    """
    try:
        view = memoryview(values)
    except TypeError:
        # A plain iterable: one conversion, in C, by array.array.
        arr = array.array(_TYPECODE[fallback], values)
        return fallback, memoryview(arr)
    code = _native_code(view)
    if not code or (code not in _INT_FORMATS and code not in _FLOAT_FORMATS):
        raise TypeError(f"add_many: cannot read a buffer of format {view.format!r}; "
                        "give integers (or doubles), e.g. array.array('i'), bytes")
    if not view.c_contiguous:
        view = memoryview(view.tobytes()).cast(code)
    elif view.ndim != 1:
        view = view.cast("B").cast(code)
    path = _DIRECT.get((code, view.itemsize))
    if path is not None and path in paths:
        return path, view
    if code in _FLOAT_FORMATS and fallback != "f64":
        raise TypeError(f"add_many: scores must be integers, got a buffer of format {view.format!r}")
    return fallback, memoryview(array.array(_TYPECODE[fallback], view.tolist()))
