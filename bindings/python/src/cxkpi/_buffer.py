"""Passing Python buffers to C without copying element by element (internal).

:func:`borrow` yields the address of a C-contiguous buffer for the duration of one C
call. On CPython it uses ``PyObject_GetBuffer`` / ``PyBuffer_Release`` through
``ctypes.pythonapi``, which works for read-only buffers (``bytes``, a read-only NumPy
array) as well as writable ones, and holds an export on the object so that it cannot be
resized or freed while C reads it. Where ``ctypes.pythonapi`` is unavailable (PyPy),
writable buffers go through ``(c_char * n).from_buffer`` and read-only ones are copied
once into a ``bytearray`` -- still one call into C, with one ``memcpy``.

:func:`as_native` turns any input into one buffer for one bulk ``add_many`` C call,
never with a Python loop over the elements:

- a buffer whose format has a C entry point of its own is read in place: 1-byte integers
  (``'B'``, ``'b'``, ``'?'``: ``bytes``, NumPy ``uint8``/``int8``/``bool``) on the ``_u8``
  path, ``'i'`` on ``int32``, ``'I'`` on ``uint32``, ``'q'``/``'l'`` (8 bytes, NumPy's
  default integer) on ``int64``, ``'Q'`` on ``uint64``, ``'d'`` on ``double``;
- for accumulators whose valid inputs are small non-negative integers (scores, outcome
  flags: ``small=True``), any other integer format is reinterpreted or resized with bulk
  byte operations: same width, other signedness is read as is (a value that changes is
  negative or >= 2**31 either way, so still refused by C); narrower items are
  zero-extended (a negative value becomes >= 128, still off every scale); wider items
  must have zero high bytes (checked over the whole buffer at once), else the batch is a
  range error;
- ``'f'`` (float32) is widened to ``double`` once: by NumPy when it is loaded, otherwise
  by ``array.array`` (a C loop, slower);
- objects that are not buffers but arrays (pandas ``Series``, anything with
  ``__array__``) go through NumPy once; pandas nullable columns (``Int64``, ``Float64``,
  ``boolean``) become ``double`` with ``NA`` as NaN, which the score accumulators count as
  "no answer";
- plain iterables are converted once by ``array.array`` (integers, or doubles if a value
  is a float and the accumulator takes doubles);
- other conversions (e.g. integers to ``double`` for durations) go through NumPy when it
  is loaded and the cast is exact, else ``array.array`` over ``tolist()``.
Non-contiguous views are copied once (``tobytes``) first.
"""
from __future__ import annotations

import array
import contextlib
import ctypes
import sys
from typing import Any, Dict, Iterator, Optional, Tuple

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
_WIDTH = {"u8": 1, "i32": 4, "u32": 4, "i64": 8, "u64": 8, "f64": 8}


class WideValueError(ValueError):
    """A value of a wider integer buffer cannot fit the accumulator's C type (the caller
    reports it as :class:`cxkpi.RangeError`)."""


def _resize_unsigned(view: memoryview, width: int) -> memoryview:
    """The items of an integer ``view`` as unsigned integers of ``width`` bytes, by bulk
    byte slicing: zero-extended when wider, and when narrower only if every dropped high
    byte is zero (else :class:`WideValueError`)."""
    k, n = view.itemsize, len(view)
    raw = view.tobytes()
    little = sys.byteorder == "little"
    out = bytearray(n * width)
    keep = min(k, width)
    for b in range(keep):  # byte b of the value's low `keep` bytes, b = 0 least significant
        src = b if little else k - 1 - b
        dst = b if little else width - 1 - b
        out[dst::width] = raw[src::k]
    for b in range(keep, k):  # dropped high bytes must all be zero
        high = raw[(b if little else k - 1 - b)::k]
        if high.count(0) != len(high):
            raise WideValueError("a value does not fit the C type")
    return memoryview(out)


def _numpy() -> Any:
    """NumPy if the program has already imported it (this module never imports it)."""
    return sys.modules.get("numpy")


def _from_array_like(values: Any) -> Optional[memoryview]:
    """A memoryview of an array-like that is not a buffer (pandas Series, Index, extension
    arrays, anything with ``__array__``), or None when it is not one."""
    np = _numpy()
    if np is None or not (hasattr(values, "__array__") or hasattr(values, "to_numpy")):
        return None
    dtype = getattr(values, "dtype", None)
    if dtype is not None and not isinstance(dtype, np.dtype) and hasattr(values, "to_numpy"):
        # a pandas extension dtype: nullable Int64 / Float64 / boolean -> double, NA -> NaN
        if getattr(dtype, "kind", "O") in "iufb":
            return memoryview(values.to_numpy(dtype="float64", na_value=float("nan")))
    arr = np.asarray(values)
    if arr.dtype.kind not in "iufb":
        raise TypeError(f"add_many: cannot read an array of dtype {arr.dtype}")
    return memoryview(np.ascontiguousarray(arr))


def _convert(view: memoryview, code: str, path: str) -> memoryview:
    """One conversion of the whole buffer to ``path``'s C type."""
    np = _numpy()
    if np is not None:
        src = np.dtype("?" if code == "?" else
                       ("f%d" if code in _FLOAT_FORMATS else
                        ("i%d" if code.islower() else "u%d")) % view.itemsize)
        dst = np.dtype(_TYPECODE[path])
        if np.can_cast(src, dst, "safe"):
            return memoryview(np.frombuffer(view, dtype=src).astype(dst))
    if code == "f" and path == "f64":
        return memoryview(array.array("d", array.array("f", view.tobytes())))
    return memoryview(array.array(_TYPECODE[path], view.tolist()))


def as_native(values: Any, paths: Dict[str, Any], fallback: str,
              small: bool = False) -> Tuple[str, memoryview]:
    """Turns ``values`` into ``(path, C-contiguous 1-D memoryview)`` for one C call.

    ``paths`` names the bulk entry points the accumulator has (``"u8"``, ``"i32"``,
    ``"u32"``, ``"i64"``, ``"u64"``, ``"f64"``); ``fallback`` is the one used for plain
    iterables and conversions; ``small`` says that the accumulator's valid values are
    integers in [0, 2**31) (scores, flags), which allows the bulk integer resizing above.
    Raises ``TypeError`` for input whose items are not numbers; a value that cannot fit
    raises ``OverflowError`` or :class:`WideValueError` (the caller maps both).
    """
    try:
        view = memoryview(values)
    except TypeError:
        arr_view = _from_array_like(values)
        if arr_view is None:
            # A plain iterable: one conversion, in C, by array.array.
            seq = values if isinstance(values, (list, tuple)) else list(values)
            try:
                return fallback, memoryview(array.array(_TYPECODE[fallback], seq))
            except TypeError:
                if "f64" not in paths or fallback == "f64":
                    raise
                return "f64", memoryview(array.array("d", seq))
        view = arr_view
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
    if code in _FLOAT_FORMATS:
        if "f64" not in paths:
            raise TypeError(f"add_many: values must be integers, got a buffer of format "
                            f"{view.format!r}")
        return "f64", _convert(view, code, "f64")
    if small:
        ints = [p for p in ("u8", "i32", "u32", "i64", "u64") if p in paths]
        if ints:
            # the narrowest integer path at least as wide as the items, else the widest
            wide = [p for p in ints if _WIDTH[p] >= view.itemsize]
            target = min(wide, key=_WIDTH.__getitem__) if wide else max(ints, key=_WIDTH.__getitem__)
            resized = _resize_unsigned(view, _WIDTH[target]) if _WIDTH[target] != view.itemsize else view
            return target, resized.cast("B").cast(_TYPECODE[target])
    return fallback, _convert(view, code, fallback)
