"""The base classes every wrapped C object shares (internal).

- :class:`Handle` owns one C object (``cxkpi_<prefix>_free``): Calendar, TicketClock;
- :class:`Serializable` also resets, clones and serializes (``_reset``, ``_clone``,
  ``_serialized_size``, ``_serialize``, ``_deserialize``): FcrTracker;
- :class:`Accumulator` also merges (``_merge``): every KPI accumulator.

Subclasses declare themselves with ``class Csat(Accumulator, prefix="csat")``, which binds
those functions; the subclass adds its constructor, ``add`` and its result properties.

Ownership: the C object is freed exactly once -- by ``close()``, by leaving a ``with``
block, or by a ``weakref.finalize`` when the Python object is garbage collected (no
``__del__``, so no resurrection or interpreter-shutdown ordering hazards). Using a closed
object raises ``ValueError``.
"""
from __future__ import annotations

import contextlib
import ctypes
import math
import numbers
import operator
import weakref
from typing import Any, Callable, ClassVar, Dict, Iterable, Optional, Tuple, Type, TypeVar, Union

from . import _buffer
from ._lib import available as available, fn as fn
from .errors import FormatError, InvalidTypeError, RangeError

_T = TypeVar("_T", bound="Accumulator")
_H = TypeVar("_H", bound="Handle")
_S = TypeVar("_S", bound="Serializable")

vp = ctypes.c_void_p
vpp = ctypes.POINTER(ctypes.c_void_p)
u64p = ctypes.POINTER(ctypes.c_uint64)
dp = ctypes.POINTER(ctypes.c_double)
szp = ctypes.POINTER(ctypes.c_size_t)

#: What ``add_many`` and ``from_bytes`` accept: any buffer or, for ``add_many``, any iterable.
BufferLike = Union[bytes, bytearray, memoryview, Any]

INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1


def out_new(c_func: Callable[..., Any], *args: Any) -> int:
    """Calls a ``_new``/``_clone``-style function whose first argument is ``T **out``."""
    out = ctypes.c_void_p()
    c_func(ctypes.byref(out), *args)
    if not out.value:  # pragma: no cover - the C contract forbids it
        raise MemoryError("cxkpi returned a NULL handle")
    return out.value


def range_error(function: str, message: str) -> RangeError:
    """A RangeError raised by the binding itself (a value that cannot even reach C)."""
    return RangeError(message, RangeError.status_code, function)


def u64_arg(value: Any, function: str) -> int:
    """Checks an unsigned 64-bit count argument (ctypes would silently wrap a negative one).

    Integers and NumPy integers pass; an integral float (``3.0``) is that count; any other
    float is a :class:`cxkpi.RangeError`, any other type a :class:`cxkpi.InvalidTypeError`.
    """
    if not isinstance(value, int):
        if hasattr(type(value), "__index__"):
            value = operator.index(value)
        elif isinstance(value, numbers.Real):
            if not float(value).is_integer():
                raise range_error(function, f"{value!r} is not a whole count")
            value = int(value)
        else:
            raise InvalidTypeError(f"a count must be an integer, got {type(value).__name__}",
                                   None, function)
    if not 0 <= value < 2 ** 64:
        raise range_error(function, f"{value} is not a count in [0, 2**64)")
    return int(value)


class Handle:
    """Owner of one C object: freed exactly once, by :meth:`close`, a ``with`` block, or a
    ``weakref.finalize`` when garbage collected. Subclasses pass ``prefix="calendar"`` to
    bind ``cxkpi_calendar_free``; using a closed object raises ``ValueError``."""

    __slots__ = ("_ptr", "_finalizer", "__weakref__")

    _prefix: ClassVar[str] = ""
    _c_free: ClassVar[Callable[..., Any]]

    _ptr: Optional[int]
    _finalizer: Any

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix:
            cls._prefix = prefix
            cls._c_free = fn(f"cxkpi_{prefix}_free", [vp], None)

    def _adopt(self, ptr: int) -> None:
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, type(self)._c_free, ptr)

    @classmethod
    def _wrap(cls: Type[_H], ptr: int) -> _H:
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    @property
    def _h(self) -> int:
        ptr: Optional[int] = getattr(self, "_ptr", None)
        if ptr is None:
            raise ValueError(f"this {type(self).__name__} is closed")
        return ptr

    def close(self) -> None:
        """Frees the C object now. Idempotent; any later use raises ``ValueError``."""
        if getattr(self, "_ptr", None) is not None:
            self._ptr = None
            self._finalizer()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return getattr(self, "_ptr", None) is None

    def __enter__(self: _H) -> _H:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- results ---------------------------------------------------------------------------

    def _u64(self, c_func: Callable[..., Any], *args: Any) -> int:
        out = ctypes.c_uint64()
        c_func(self._h, *args, ctypes.byref(out))
        return out.value

    def _f64(self, c_func: Callable[..., Any], *args: Any) -> float:
        out = ctypes.c_double()
        c_func(self._h, *args, ctypes.byref(out))
        return out.value

    def _i64(self, c_func: Callable[..., Any], *args: Any) -> int:
        out = ctypes.c_int64()
        c_func(self._h, *args, ctypes.byref(out))
        return out.value

    def _pair(self, c_func: Callable[..., Any], *args: Any) -> Tuple[float, float]:
        lo, hi = ctypes.c_double(), ctypes.c_double()
        c_func(self._h, *args, ctypes.byref(lo), ctypes.byref(hi))
        return lo.value, hi.value

    # -- bulk input ------------------------------------------------------------------------

    #: Bulk entry points of this accumulator: "u8", "i32", "f64" -> C function(handle, ptr, n).
    _bulk: ClassVar[Dict[str, Callable[..., Any]]] = {}
    #: The path plain iterables are converted to.
    _bulk_fallback: ClassVar[str] = "i32"

    #: Whether the accumulator's valid inputs are integers in [0, 2**31) (scores, flags):
    #: then integer buffers of any width are resized in bulk (see ``_buffer.as_native``).
    _bulk_small: ClassVar[bool] = False

    def _native(self, values: Any, paths: Dict[str, Callable[..., Any]], fallback: str,
                function: str) -> Tuple[str, memoryview]:
        """``_buffer.as_native`` with a value that cannot fit reported as
        :class:`cxkpi.RangeError` and an item that is not a number as
        :class:`cxkpi.InvalidTypeError` (a ``TypeError`` too)."""
        try:
            return _buffer.as_native(values, paths, fallback, self._bulk_small)
        except (OverflowError, _buffer.WideValueError):
            raise range_error(function, "a value does not fit the C type") from None
        except InvalidTypeError:
            raise
        except TypeError as e:
            raise InvalidTypeError(f"the values must be numbers: {e}", None, function) from None

    def _add_arrays(self, c_func: Callable[..., Any], *columns: Tuple[Any, str]) -> None:
        """One C call over parallel arrays: ``c_func(handle, ptr1, ptr2, ..., n)``; each
        column is ``(values, path)`` with path "f64", "i64", "u64"... (converted once when
        needed). The columns must have the same length (``ValueError`` otherwise)."""
        h = self._h
        name = getattr(c_func, "__name__", "add_many")
        views = [self._native(values, {path: c_func}, path, name)[1] for values, path in columns]
        lengths = {len(v) for v in views}
        if len(lengths) > 1:
            raise ValueError(f"the arrays have different lengths {sorted(lengths)}")
        with contextlib.ExitStack() as stack:
            addrs = [stack.enter_context(_buffer.borrow(v)) for v in views]
            c_func(h, *addrs, len(views[0]) if views else 0)

    def _add_buffer(self, values: Union[BufferLike, Iterable[Any]],
                    paths: Optional[Dict[str, Callable[..., Any]]] = None,
                    fallback: Optional[str] = None) -> None:
        """Feeds ``values`` to one of ``paths`` (default: the class's ``_bulk``) in one C call."""
        h = self._h
        paths = self._bulk if paths is None else paths
        fallback = self._bulk_fallback if fallback is None else fallback
        path, view = self._native(values, paths, fallback, f"cxkpi_{self._prefix}_add_many")
        with _buffer.borrow(view) as addr:
            paths[path](h, addr, len(view))

    def _describe(self) -> str:
        """The headline figure for ``repr`` (subclasses override)."""
        return ""

    def __repr__(self) -> str:
        if self.closed:
            return f"<{type(self).__name__} (closed)>"
        return f"<{type(self).__name__} {self._describe()}>"


class Serializable(Handle):
    """A handle that copies, resets and serializes (``_clone``, ``_reset``,
    ``_serialized_size``, ``_serialize``, ``_deserialize``): see :class:`Accumulator`."""

    __slots__ = ()

    _c_reset: ClassVar[Callable[..., Any]]
    _c_clone: ClassVar[Callable[..., Any]]
    _c_size: ClassVar[Callable[..., Any]]
    _c_serialize: ClassVar[Callable[..., Any]]
    _c_deserialize: ClassVar[Callable[..., Any]]

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(prefix=prefix, **kwargs)
        if not prefix:
            return
        p = f"cxkpi_{prefix}_"
        cls._c_reset = fn(p + "reset", [vp])
        cls._c_clone = fn(p + "clone", [vp, vpp])
        cls._c_size = fn(p + "serialized_size", [vp, szp])
        cls._c_serialize = fn(p + "serialize", [vp, vp, ctypes.c_size_t, szp])
        cls._c_deserialize = fn(p + "deserialize", [vpp, vp, ctypes.c_size_t])

    def reset(self) -> None:
        """Forgets everything counted, keeping the configuration."""
        self._c_reset(self._h)

    def copy(self: _S) -> _S:
        """An independent copy (``cxkpi_<kind>_clone``)."""
        return type(self)._wrap(out_new(lambda out: self._c_clone(self._h, out)))

    def __copy__(self: _S) -> _S:
        return self.copy()

    def __deepcopy__(self: _S, memo: Dict[int, Any]) -> _S:
        return self.copy()

    # -- serialization ---------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The accumulator in the portable binary format (``docs/FORMAT.md``)."""
        h = self._h
        size = ctypes.c_size_t()
        self._c_size(h, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        written = ctypes.c_size_t()
        self._c_serialize(h, buf, size.value, ctypes.byref(written))
        return buf.raw[:written.value]

    @classmethod
    def from_bytes(cls: Type[_S], data: BufferLike) -> _S:
        """Restores an accumulator from :meth:`to_bytes` output (any bytes-like object).

        Raises :class:`cxkpi.FormatError` for malformed, truncated or corrupted bytes, or
        bytes of another kind of accumulator, and :class:`cxkpi.VersionError` for bytes
        written by a newer library.
        """
        if not cls._prefix:
            raise TypeError("from_bytes needs a concrete accumulator class, e.g. cxkpi.Csat")
        view = memoryview(data)
        if not view.c_contiguous:
            view = memoryview(view.tobytes())
        try:
            with _buffer.borrow(view) as addr:
                ptr = out_new(lambda out: cls._c_deserialize(out, addr, view.nbytes))
        except FormatError as e:
            other = _claimed_kind(view)
            if other is None or other == cls._prefix:
                raise
            raise FormatError(f"a {other} state where a {cls._prefix} state was expected: "
                              f"{e.message}", e.status, e.function) from None
        return cls._wrap(ptr)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore, (type(self), self.to_bytes()))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Serializable)
        return self is other or self._state() == other._state()

    def _state(self) -> bytes:
        """What ``==`` compares: the serialized bytes (subclasses whose format has an
        unspecified order override this with a canonical form)."""
        return self.to_bytes()

    __hash__ = None  # type: ignore[assignment]  # mutable


class Accumulator(Serializable):
    """Base class of every cxkpi accumulator: ownership, merging, copying, serialization.

    Not instantiated directly. Every accumulator supports:

    - ``a.merge(b)``, ``a += b`` (in place) and ``a + b`` (a new accumulator), and
      ``sum([a, b, c])``: exactly what one accumulator fed all the inputs would hold.
      Accumulators of different configurations raise :class:`cxkpi.MismatchError`.
    - ``a.copy()`` (also ``copy.copy`` / ``copy.deepcopy``), ``a.reset()``.
    - ``a == b``: same class and same serialized state.
    - ``a.to_bytes()`` / ``Class.from_bytes(data)``: the portable, versioned, checksummed
      binary format of the C library (``docs/FORMAT.md``); ``pickle`` goes through them.
    - ``with Class(...) as a:`` and ``a.close()`` free the C memory deterministically.
    """

    __slots__ = ()

    _c_merge: ClassVar[Callable[..., Any]]

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(prefix=prefix, **kwargs)
        if prefix:
            cls._c_merge = fn(f"cxkpi_{prefix}_merge", [vp, vp])

    # -- combining -------------------------------------------------------------------------

    def merge(self: _T, other: _T) -> None:
        """Adds everything ``other`` counted into this accumulator (``other`` is unchanged).

        Raises :class:`cxkpi.MismatchError` when the configurations differ and
        :class:`cxkpi.CounterOverflowError` when a count would overflow (``self`` is then
        unchanged); ``TypeError`` for another kind of accumulator.
        """
        if not isinstance(other, type(self)):
            raise TypeError(f"cannot merge {type(other).__name__} into {type(self).__name__}")
        self._c_merge(self._h, other._h)

    def __iadd__(self: _T, other: _T) -> _T:
        if not isinstance(other, type(self)):
            return NotImplemented
        self.merge(other)
        return self

    def __add__(self: _T, other: _T) -> _T:
        if not isinstance(other, type(self)):
            return NotImplemented
        result = self.copy()
        result.merge(other)
        return result

    def __radd__(self: _T, other: Any) -> _T:
        # So that sum([a, b, c]) works: sum starts from the integer 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self.copy()
        return NotImplemented


# The kind a serialized state claims (docs/FORMAT.md: "CXKP", then the kind as a
# little-endian u16), to name it when a reader of another kind refuses the bytes.
_KIND_NAMES = {1: "csat", 2: "nps", 3: "fcr", 4: "fcr_tracker", 5: "sla", 6: "duration",
               7: "churn", 8: "aht", 9: "survival"}


def _claimed_kind(view: memoryview) -> Optional[str]:
    head = bytes(view[:6]) if view.nbytes >= 6 else b""
    if head[:4] != b"CXKP":
        return None
    return _KIND_NAMES.get(head[4] | head[5] << 8)


def _restore(cls: Type[_S], data: bytes) -> _S:
    """Unpickling helper: ``cls.from_bytes(data)``."""
    return cls.from_bytes(data)


class ScoreAccumulator(Accumulator):
    """Shared surface of the integer-score accumulators (CSAT, NPS): the C functions
    ``_add``, ``_add_many``, ``_add_many_u8``, ``_remove``, ``_count``, ``_score_count``."""

    __slots__ = ()

    _c_add: ClassVar[Callable[..., Any]]
    _c_remove: ClassVar[Callable[..., Any]]
    _c_count: ClassVar[Callable[..., Any]]
    _c_score_count: ClassVar[Callable[..., Any]]

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(prefix=prefix, **kwargs)
        if not prefix:
            return
        p = f"cxkpi_{prefix}_"
        cls._c_add = fn(p + "add", [vp, ctypes.c_int32])
        cls._c_remove = fn(p + "remove", [vp, ctypes.c_int32])
        cls._c_count = fn(p + "count", [vp, u64p])
        cls._c_score_count = fn(p + "score_count", [vp, ctypes.c_int32, u64p])
        bulk = {
            "i32": fn(p + "add_many", [vp, vp, ctypes.c_size_t]),
            "u8": fn(p + "add_many_u8", [vp, vp, ctypes.c_size_t]),
            "i64": fn(p + "add_many_i64", [vp, vp, ctypes.c_size_t]),
            "f64": fn(p + "add_many_f64", [vp, vp, ctypes.c_size_t, szp]),
        }
        # an older libcxkpi without the int64/double batches: those inputs are converted
        cls._bulk = {path: func for path, func in bulk.items() if available(func)}
        cls._bulk_small = True

    def _score(self, score: Any, function: str) -> Optional[int]:
        """``score`` as an int32 to pass to C, or None for a NaN ("no answer").

        ints, ``bool`` (``True`` is 1) and anything with ``__index__`` (NumPy integers)
        are integers; floats (and NumPy floats) go through C's rule for doubles: an
        integral value is that score, NaN is no answer, anything else is a
        :class:`cxkpi.RangeError` with the library's message. Other types raise
        :class:`cxkpi.InvalidTypeError` (a ``TypeError`` too).
        """
        if not isinstance(score, int):
            if getattr(getattr(score, "dtype", None), "kind", "") == "b":  # numpy.bool_
                score = bool(score)
            elif hasattr(type(score), "__index__"):
                score = operator.index(score)
            elif isinstance(score, numbers.Real) or hasattr(type(score), "__float__"):
                x = float(score)
                if math.isnan(x):
                    return None
                if not x.is_integer():  # 4.5, inf: C refuses it with its own message
                    if "f64" in self._bulk:
                        one = ctypes.c_double(x)
                        self._bulk["f64"](self._h, ctypes.addressof(one), 1, None)
                    raise range_error(function, f"score {x!r} is not an integer")
                score = int(x)
            else:
                raise InvalidTypeError(f"a score must be a number, got {type(score).__name__}",
                                       None, function)
        if not INT32_MIN <= score <= INT32_MAX:
            raise range_error(function, f"score {score} is out of range")
        return int(score)

    def add(self, score: Union[int, float, Any]) -> None:
        """Counts one response.

        ``score`` is an int (``True`` counts as 1), a NumPy integer, or a float that is
        integral (``4.0``); a NaN float is "no answer" and counts nothing. A score off the
        scale or a float that is not integral (``4.5``, ``inf``) raises
        :class:`cxkpi.RangeError` (nothing is counted); a value that is not a number
        raises :class:`cxkpi.InvalidTypeError`.
        """
        function = f"cxkpi_{self._prefix}_add"
        value = self._score(score, function)
        if value is not None:
            self._c_add(self._h, value)

    def add_many(self, scores: Union[BufferLike, Iterable[Any]]) -> int:
        """Counts many responses in one C call, atomically: all or (on error) none.

        ``scores`` may be any buffer, read in place where C has an entry point for its
        type -- ``bytes``, ``array.array``, a ``memoryview``, a NumPy array of any
        integer type or ``float64`` -- or converted once in bulk (other integer widths,
        ``float32``); a pandas ``Series`` (including nullable ``Int64``, whose ``NA`` is
        a gap); or any iterable of numbers, converted once with ``array.array``.

        Doubles follow the C rule: an integral value is that score, NaN (or ``NA``) is
        "no answer" and is skipped, anything else raises :class:`cxkpi.RangeError` and
        nothing is counted. Returns the number of values skipped as no answer (0 for
        integer input).
        """
        h = self._h
        fallback = "i64" if "i64" in self._bulk else "i32"
        path, view = self._native(scores, self._bulk, fallback, f"cxkpi_{self._prefix}_add_many")
        with _buffer.borrow(view) as addr:
            if path == "f64":
                skipped = ctypes.c_size_t()
                self._bulk["f64"](h, addr, len(view), ctypes.byref(skipped))
                return skipped.value
            self._bulk[path](h, addr, len(view))
        return 0

    def remove(self, score: Union[int, float, Any]) -> None:
        """Retracts one response previously counted (a customer changed a rating).

        ``score`` is read as in :meth:`add` (a NaN retracts nothing). Raises
        :class:`cxkpi.NotFoundError` (a ``LookupError``) when no response with that score
        is counted, :class:`cxkpi.RangeError` for a score off the scale.
        """
        value = self._score(score, f"cxkpi_{self._prefix}_remove")
        if value is not None:
            self._c_remove(self._h, value)

    @property
    def count(self) -> int:
        """Number of responses counted (0 when empty)."""
        return self._u64(self._c_count)

    def score_count(self, score: Union[int, float, Any]) -> int:
        """Number of responses with exactly ``score`` (read as in :meth:`add`; a NaN has none)."""
        value = self._score(score, f"cxkpi_{self._prefix}_score_count")
        return 0 if value is None else self._u64(self._c_score_count, value)
