"""One accumulator per group, counted in one C call per column (internal).

Shared by :mod:`cxkpi.pandas` and :mod:`cxkpi.dask`: the caller turns its group keys into
codes ``0 .. groups - 1`` (a ``uint32`` buffer, one per row) and hands each KPI column over
as one buffer; :func:`count` makes the accumulators and calls the C library's grouped
batch (``cxkpi_<kind>_add_grouped*``), which counts every row into its group's accumulator
in one pass, atomically. :func:`figures` reads every group's figures back. Neither needs
NumPy or pandas.
"""
from __future__ import annotations

import array
import ctypes
import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Type

from ._base import Accumulator, vp
from ._buffer import borrow
from ._lib import available, fn
from .csat import Csat
from .duration import Duration
from .errors import CxkpiError
from .fcr import Fcr, FcrFlag
from .nps import Nps

_size = ctypes.c_size_t
_szp = ctypes.POINTER(ctypes.c_size_t)
_GROUPED: Dict[str, Tuple[Callable[..., Any], bool]] = {
    # kind -> (C function, whether it reports skipped NaNs)
    "csat": (fn("cxkpi_csat_add_grouped_f64", [vp, _size, vp, vp, _size, _szp]), True),
    "nps": (fn("cxkpi_nps_add_grouped_f64", [vp, _size, vp, vp, _size, _szp]), True),
    "fcr": (fn("cxkpi_fcr_add_grouped", [vp, _size, vp, vp, _size]), False),
    "duration": (fn("cxkpi_duration_add_grouped", [vp, _size, vp, vp, _size]), False),
}
CLASSES: Dict[str, Type[Accumulator]] = {"csat": Csat, "nps": Nps, "fcr": Fcr, "duration": Duration}

#: The FCR figures besides gross FCR, by the flag whose column brings them.
FCR_PARTS = {"excluded": "net", "escalated": "escalation", "reopened": "reopen"}


def supported() -> bool:
    """Whether the loaded C library has the grouped batches (libcxkpi 0.2)."""
    return all(available(f) for f, _ in _GROUPED.values())


_c_void = ctypes.c_void_p
_u64p = ctypes.POINTER(ctypes.c_uint64)
_dp = ctypes.POINTER(ctypes.c_double)
_NEW = {
    "csat": fn("cxkpi_csat_new", [ctypes.POINTER(_c_void), ctypes.c_int32, ctypes.c_int32,
                                  ctypes.c_int32]),
    "nps": fn("cxkpi_nps_new", [ctypes.POINTER(_c_void)]),
    "fcr": fn("cxkpi_fcr_new", [ctypes.POINTER(_c_void)]),
    "duration": fn("cxkpi_duration_new", [ctypes.POINTER(_c_void), ctypes.c_double,
                                          ctypes.c_uint32]),
}
_FREE = {kind: fn(f"cxkpi_{kind}_free", [vp], None) for kind in _NEW}
# The configuration of an empty stand-in accumulator (a group without a state).
_EMPTY_CONFIG: Dict[str, Tuple[Any, ...]] = {"csat": (1, 5, 4), "nps": (), "fcr": (),
                                             "duration": (0.01, 0)}
_COUNT = {kind: fn(f"cxkpi_{kind}_count", [vp, _u64p]) for kind in ("csat", "nps", "duration")}
_FCR_COUNTS = fn("cxkpi_fcr_counts", [vp, _u64p, _u64p, _u64p, _u64p, _u64p])
_SIZE = {kind: fn(f"cxkpi_{kind}_serialized_size", [vp, _szp]) for kind in _NEW}
_SERIALIZE = {kind: fn(f"cxkpi_{kind}_serialize", [vp, vp, _size, _szp]) for kind in _NEW}
_GET = {
    "csat": [("percent", fn("cxkpi_csat_percent", [vp, _dp]), False),
             ("lo", fn("cxkpi_csat_percent_interval", [vp, ctypes.c_double, _dp, _dp]), True),
             ("mean", fn("cxkpi_csat_mean", [vp, _dp]), False)],
    "fcr": [("percent", fn("cxkpi_fcr_percent", [vp, _dp]), False),
            ("lo", fn("cxkpi_fcr_percent_interval", [vp, ctypes.c_double, _dp, _dp]), True)],
    "net": [("net_percent", fn("cxkpi_fcr_net_percent", [vp, _dp]), False),
            ("net_lo", fn("cxkpi_fcr_net_percent_interval", [vp, ctypes.c_double, _dp, _dp]),
             True)],
    "escalation": [("escalation_percent", fn("cxkpi_fcr_escalation_percent", [vp, _dp]), False),
                   ("escalation_lo", fn("cxkpi_fcr_escalation_percent_interval",
                                        [vp, ctypes.c_double, _dp, _dp]), True)],
    "reopen": [("reopen_percent", fn("cxkpi_fcr_reopen_percent", [vp, _dp]), False),
               ("reopen_lo", fn("cxkpi_fcr_reopen_percent_interval",
                                [vp, ctypes.c_double, _dp, _dp]), True)],
}
_NPS_SCORE = fn("cxkpi_nps_score", [vp, _dp])
_NPS_MARGIN = fn("cxkpi_nps_margin", [vp, ctypes.c_double, _dp])
_DURATION_MEAN = fn("cxkpi_duration_mean", [vp, _dp])
_DURATION_QUANTILES = fn("cxkpi_duration_quantiles", [vp, vp, _size, vp])


class Handles:
    """``groups`` C accumulators of one kind, owned here (freed by :meth:`close` or at the
    end of a ``with`` block): the raw handles, without a Python object each."""

    def __init__(self, kind: str, config: Sequence[Any], groups: int) -> None:
        self.kind = kind
        self.handles: List[int] = []
        new, out = _NEW[kind], _c_void()
        args = [float(c) if kind == "duration" else c for c in config]
        if kind == "duration":
            args.append(0)
        try:
            for _ in range(groups):
                new(ctypes.byref(out), *args)
                assert out.value
                self.handles.append(out.value)
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_states(cls, kind: str, blobs: Sequence[Any]) -> "Handles":
        """Accumulators deserialized from states (``None`` or NaN: an empty one)."""
        acc = cls.__new__(cls)
        acc.kind, acc.handles = kind, []
        out = _c_void()
        try:
            for blob in blobs:
                if blob is None or (isinstance(blob, float) and math.isnan(blob)):
                    _NEW[kind](ctypes.byref(out), *_EMPTY_CONFIG[kind])
                else:
                    view = memoryview(blob)
                    with borrow(view) as addr:
                        _DESERIALIZE[kind](ctypes.byref(out), addr, view.nbytes)
                acc.handles.append(int(out.value or 0))
        except BaseException:
            acc.close()
            raise
        return acc

    def close(self) -> None:
        free = _FREE[self.kind]
        for h in self.handles:
            free(h)
        self.handles = []

    def __enter__(self) -> "Handles":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.handles)


def count(acc: Handles, codes: memoryview, values: memoryview, column: str = "") -> int:
    """Counts row i of ``values`` into group ``codes[i]``'s accumulator, one C call;
    returns the NaNs skipped (scores). ``codes`` is a ``uint32`` buffer, ``values`` doubles
    (``uint32`` flag words for FCR), of the same length. Errors name the column."""
    func, reports = _GROUPED[acc.kind]
    if len(codes) != len(values):
        raise ValueError(f"{len(codes)} group codes for {len(values)} values")
    handles = (_c_void * max(len(acc), 1))(*acc.handles)
    skipped = ctypes.c_size_t()
    try:
        with borrow(codes) as codes_addr, borrow(values) as values_addr:
            if reports:
                func(handles, len(acc), codes_addr, values_addr, len(values),
                     ctypes.byref(skipped))
            else:
                func(handles, len(acc), codes_addr, values_addr, len(values))
    except CxkpiError as exc:
        where = f"column {column!r}: " if column else ""
        raise type(exc)(where + exc.message, exc.status, exc.function) from None
    return skipped.value


_NAN = math.nan


def figures(acc: Handles, confidence: float = 0.95, quantiles: Sequence[float] = (0.5, 0.9, 0.95),
            fcr_parts: Sequence[str] = ()) -> Dict[str, List[Any]]:
    """Every group's figures, by name (``n``, ``percent``, ``lo``, ``hi``, ...). A group
    with nothing counted has ``n`` 0 and NaN figures (``EEMPTY`` in C); so has a figure
    C finds empty (net FCR when every issue is excluded)."""
    kind = acc.kind
    n_out, x, lo, hi = ctypes.c_uint64(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    bn, bx, blo, bhi = ctypes.byref(n_out), ctypes.byref(x), ctypes.byref(lo), ctypes.byref(hi)
    ns: List[int] = []
    out: Dict[str, List[Any]] = {"n": ns}
    if kind == "fcr":
        other = ctypes.byref(ctypes.c_uint64())  # the counts besides issues: not needed here
        for h in acc.handles:
            _FCR_COUNTS(h, bn, other, other, other, other)
            ns.append(n_out.value)
    else:
        count_fn = _COUNT[kind]
        for h in acc.handles:
            count_fn(h, bn)
            ns.append(n_out.value)
    nonempty = [(h, n > 0) for h, n in zip(acc.handles, ns)]
    if kind == "nps":
        score: List[float] = []
        lows: List[float] = []
        highs: List[float] = []
        margin: List[float] = []
        for h, full in nonempty:
            if not full:
                for col in (score, lows, highs, margin):
                    col.append(_NAN)
                continue
            _NPS_SCORE(h, bx)
            _NPS_MARGIN(h, confidence, blo)
            s, m = x.value, lo.value
            score.append(s)
            lows.append(max(-100.0, s - m))
            highs.append(min(100.0, s + m))
            margin.append(m)
        out.update(score=score, lo=lows, hi=highs, margin=margin)
        return out
    if kind == "duration":
        means: List[float] = []
        nq = len(quantiles)
        q_in = (ctypes.c_double * max(nq, 1))(*quantiles)
        q_out = (ctypes.c_double * max(nq, 1))()
        per_q: List[List[float]] = [[] for _ in quantiles]
        for h, full in nonempty:
            if not full:
                means.append(_NAN)
                for col in per_q:
                    col.append(_NAN)
                continue
            _DURATION_MEAN(h, bx)
            means.append(x.value)
            if nq:
                _DURATION_QUANTILES(h, q_in, nq, q_out)
            for k in range(nq):
                per_q[k].append(q_out[k])
        out["mean"] = means
        for q, col in zip(quantiles, per_q):
            out[quantile_name(q)] = col
        return out
    getters = list(_GET[kind]) + [g for part in fcr_parts for g in _GET[part]]
    for name, func, is_interval in getters:
        first: List[float] = []
        second: List[float] = []
        for h, full in nonempty:
            try:
                if not full:
                    raise CxkpiError("empty")
                if is_interval:
                    func(h, confidence, blo, bhi)
                    first.append(lo.value)
                    second.append(hi.value)
                else:
                    func(h, bx)
                    first.append(x.value)
            except CxkpiError:
                first.append(_NAN)
                if is_interval:
                    second.append(_NAN)
        out[name] = first
        if is_interval:
            out[name[:-2] + "hi"] = second
    return out


def states(acc: Handles) -> List[bytes]:
    """Each accumulator's serialized state (the library's portable bytes)."""
    return [_serialize(acc.kind, h) for h in acc.handles]


def quantile_name(q: float) -> str:
    """``0.5`` -> ``"p50"``, ``0.999`` -> ``"p99.9"``."""
    return f"p{q * 100:g}"


def fcr_flags(resolved: Any = None, escalated: Any = None, reopened: Any = None,
              excluded: Any = None) -> Dict[str, int]:
    """The flag bit of each named part (for building flag words)."""
    bits = {"resolved": int(FcrFlag.RESOLVED_FIRST_CONTACT), "escalated": int(FcrFlag.ESCALATED),
            "reopened": int(FcrFlag.REOPENED), "excluded": int(FcrFlag.EXCLUDED)}
    given = {"resolved": resolved, "escalated": escalated, "reopened": reopened,
             "excluded": excluded}
    return {k: bits[k] for k, v in given.items() if v is not None}


_DESERIALIZE = {kind: fn(f"cxkpi_{kind}_deserialize", [ctypes.POINTER(_c_void), vp, _size])
                for kind in _NEW}
_MERGE = {kind: fn(f"cxkpi_{kind}_merge", [vp, vp]) for kind in _NEW}


def _serialize(kind: str, h: int) -> bytes:
    size, written = ctypes.c_size_t(), ctypes.c_size_t()
    _SIZE[kind](h, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    _SERIALIZE[kind](h, buf, size.value, ctypes.byref(written))
    return buf.raw[:written.value]


def merge_states(kind: str, blobs: Sequence[Any]) -> Optional[bytes]:
    """The state of the merge of serialized states of one kind; ``None`` and NaN entries
    (no state) are skipped, and when nothing is left the result is ``None``. Raw C calls
    (deserialize, merge, serialize), no Python object per state."""
    total, out = _c_void(), _c_void()
    try:
        for blob in blobs:
            if blob is None or (isinstance(blob, float) and math.isnan(blob)):
                continue
            view = memoryview(blob)
            with borrow(view) as addr:
                _DESERIALIZE[kind](ctypes.byref(total if not total.value else out), addr,
                                   view.nbytes)
            if out.value:
                try:
                    _MERGE[kind](total.value, out.value)
                finally:
                    _FREE[kind](out.value)
                    out.value = None
        return None if not total.value else _serialize(kind, total.value)
    finally:
        if total.value:
            _FREE[kind](total.value)


def uint32_codes(codes: Any) -> memoryview:
    """A ``uint32`` memoryview of group codes from any integer buffer or iterable."""
    try:
        view = memoryview(codes)
        if view.format in ("I", "=I", "<I") and view.c_contiguous:
            return view
    except TypeError:
        pass
    return memoryview(array.array("I", codes))
