"""KPI aggregations for ``dask.dataframe``: every figure across partitions and workers.

>>> import dask.dataframe as dd, cxkpi.dask as ckd
>>> ddf = dd.read_parquet("tickets/")                               # doctest: +SKIP
>>> ddf.groupby("agent").agg({"csat": ckd.csat("percent"),          # doctest: +SKIP
...                           "wait": ckd.duration("p90")}).compute()

Each function returns a ``dask.dataframe.Aggregation`` whose three steps carry the C
library's own serialized state (``bytes``), never a ctypes object, so partial results
travel between worker processes and machines like any other value:

- *chunk*, on each partition: the rows are counted into one accumulator per group in one
  C call (the grouped batch, as :mod:`cxkpi.pandas` does) and each group's state is
  serialized;
- *agg*: the states of one group, from every partition, are merged (exactly: counts add,
  duration sketches merge bucket by bucket);
- *finalize*: the figure is read from the merged state -- or, with ``figure="state"``,
  the state itself is returned, to store and merge again later (:func:`merged`,
  :func:`cxkpi.pandas.states_table`).

So the figures equal those of one process over all the rows: counts and quantiles exactly,
means and standard deviations up to floating-point summation order.

Scores follow the rule for doubles: an integral value is that score, NaN (or ``NA``) is
no answer, anything else raises :class:`cxkpi.RangeError` when the graph is computed.

This module needs dask (``dask.dataframe``); ``import cxkpi`` does not import it.
"""
from __future__ import annotations

import collections
import functools
import hashlib
import math
import threading
import weakref
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import dask.dataframe as dd
import numpy as np
import pandas as pd

from . import _groups
from .errors import CxkpiError
from .pandas import Array, Columns, as_view, duration_values, figure_columns, score_values

__all__ = ["kpi_table", "csat", "nps", "fcr", "duration", "merged", "figure_of",
           "merge_states"]

#: The figures each kind gives (besides ``"state"``, and ``"pXX"`` quantiles for durations).
FIGURES: Dict[str, Tuple[str, ...]] = {
    "csat": ("n", "percent", "lo", "hi", "mean"),
    "nps": ("n", "score", "lo", "hi", "margin"),
    "fcr": ("n", "percent", "lo", "hi", "net_percent", "net_lo", "net_hi",
            "escalation_percent", "escalation_lo", "escalation_hi", "reopen_percent",
            "reopen_lo", "reopen_hi"),
    "duration": ("n", "mean", "min", "max", "stddev"),
}

#: The default configuration of each kind (as the functions below default to).
_DEFAULT_CONFIG: Dict[str, Tuple[Any, ...]] = {
    "csat": (1, 5, 4), "nps": (), "fcr": (), "duration": (0.01,)}


def merge_states(kind: str, blobs: Sequence[Any]) -> Optional[bytes]:
    """The merge of serialized states of one kind, serialized (``None``/NaN skipped;
    ``None`` when nothing is left)."""
    return _groups.merge_states(kind, blobs)


def figure_of(kind: str, state: Any, figure: str, confidence: float = 0.95) -> Any:
    """One figure of a serialized state: ``figure_of("csat", b, "percent")``. An empty
    accumulator's figures are NaN (``n`` is 0)."""
    if figure == "state":
        return state
    if state is None or (isinstance(state, float) and math.isnan(state)):
        return 0 if figure == "n" else math.nan
    acc: Any = _groups.CLASSES[kind].from_bytes(state)
    with acc:
        n = acc.count
        if figure == "n":
            return n
        if n == 0:
            return math.nan
        if kind == "duration":
            if figure.startswith("p"):
                return acc.quantile(float(figure[1:]) / 100)
            return float(getattr(acc, figure))
        if figure in ("lo", "hi") or figure.endswith(("_lo", "_hi")):
            part = figure[:-3]
            if kind == "nps":
                margin = acc.margin(confidence)
                return max(-100.0, acc.score - margin) if figure == "lo" else min(
                    100.0, acc.score + margin)
            interval = getattr(acc, f"{part}_interval" if part else "interval")
            try:
                return interval(confidence)[0 if figure.endswith("lo") else 1]
            except CxkpiError:  # e.g. net FCR with every issue excluded
                return math.nan
        if kind == "nps" and figure == "margin":
            return acc.margin(confidence)
        try:
            return float(getattr(acc, figure))
        except CxkpiError:
            return math.nan


def _check_figure(kind: str, figure: str) -> None:
    if figure == "state" or figure in FIGURES[kind]:
        return
    if kind == "duration" and figure.startswith("p"):
        try:
            q = float(figure[1:]) / 100
        except ValueError:
            q = -1.0
        if 0.0 <= q <= 1.0:
            return
    raise ValueError(f"{kind}: unknown figure {figure!r}; one of {FIGURES[kind]}, 'state'"
                     + (", or 'p50', 'p90', ..." if kind == "duration" else ""))


def _group_codes(sgb: Any) -> Tuple[Array, pd.Index]:
    """The group code of each row of a partition (NaN where the key is missing) and the
    groups' index; computed once per grouping of a partition (every column shares it)."""
    grouper = getattr(sgb, "grouper", None)
    key = ("codes", id(grouper))
    with _recent_lock:
        hit = _recent.get(key)
    if hit is not None and hit[0]() is grouper:
        return hit[1], hit[2]
    codes = sgb.ngroup().to_numpy(dtype=np.float64, na_value=np.nan)
    index = sgb.size().index
    try:
        ref = weakref.ref(grouper)
    except TypeError:  # not weakly referenceable: no caching
        return codes, index
    with _recent_lock:
        _recent[key] = (ref, codes, index)
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return codes, index


def _codes_and_values(sgb: Any) -> Tuple[Array, pd.Index, pd.Series]:
    """The group code of each row of a partition's SeriesGroupBy, the groups' index, and
    the rows (those whose key is present)."""
    codes, index = _group_codes(sgb)
    values = sgb.obj
    keep = ~np.isnan(codes)
    if not keep.all():
        codes, values = codes[keep], values[keep]
    return codes.astype(np.uint32), index, values


def _fake_partition(values: pd.Series) -> bool:
    """Whether ``values`` is the stand-in partition dask builds to infer an aggregation's
    output type (two rows, index 0..1, every value 1 or "foo"). Only consulted after the
    library has refused it, so real data is never affected but in that one shape."""
    if len(values) != 2 or not isinstance(values.index, pd.RangeIndex):
        return False
    return all(isinstance(v, str) and v == "foo" or (not isinstance(v, (str, bytes)) and v == 1)
               for v in values)


# The states of the last partitions counted, so that several figures of one column (one
# aggregation each for dask) count a partition once. The key is the column and the
# grouping of the partition (dask hands every aggregation of a partition the same two
# objects); live weak references to both mean the very same objects, so the same rows
# and group codes.
_recent: "collections.OrderedDict[Tuple[Any, ...], Tuple[Any, Any, Any]]" = \
    collections.OrderedDict()
_recent_lock = threading.Lock()
_RECENT_MAX = 16


def _chunk(kind: str, config: Tuple[Any, ...], sgb: Any) -> pd.Series:
    """The chunk step: one partition's rows counted per group, as serialized states."""
    obj, grouper = sgb.obj, getattr(sgb, "grouper", None)
    key = (kind, config, id(obj), id(grouper))
    with _recent_lock:
        hit = _recent.get(key)
    if hit is not None and hit[0]() is obj and hit[1]() is grouper:
        return hit[2]
    result = _counted(kind, config, sgb)
    try:
        refs = (weakref.ref(obj), weakref.ref(grouper))
    except TypeError:  # not weakly referenceable: no caching
        return result
    with _recent_lock:
        _recent[key] = (refs[0], refs[1], result)
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)
    return result


def _counted(kind: str, config: Tuple[Any, ...], sgb: Any) -> pd.Series:
    try:
        return _count_chunk(kind, config, sgb)
    except CxkpiError:
        if not _fake_partition(sgb.obj):
            raise
        # dask's stand-in data is off this scale: the output type is all it needs
        index = sgb.size().index
        return pd.Series([None] * len(index), index=index, dtype=object)


def _count_chunk(kind: str, config: Tuple[Any, ...], sgb: Any) -> pd.Series:
    codes, index, values = _codes_and_values(sgb)
    if kind == "fcr":
        words = score_values(values)
        bad = np.isnan(words)
        if bad.any():  # an issue without an outcome is left out
            codes, words = codes[~bad], words[~bad]
        arr = np.where((words >= 0) & (words < 2 ** 32) & (words == np.floor(words)),
                       words, 16).astype(np.uint32)
    elif kind == "duration":
        arr = duration_values(values)
        missing = np.isnan(arr)
        if missing.any():
            codes, arr = codes[~missing], np.ascontiguousarray(arr[~missing])
    else:
        arr = score_values(values)
    with _groups.Handles(kind, config, len(index)) as acc:
        _groups.count(acc, as_view(codes), as_view(arr),
                      str(getattr(values, "name", "")))
        states = _groups.states(acc)
    return pd.Series(states, index=index, dtype=object)


def _agg(kind: str, sgb: Any) -> pd.Series:
    """The agg step: the states of each group, from every partition, merged."""
    # one list of states per group (a pass over the rows, which are groups x
    # partitions), then one merge per group in C
    codes = sgb.ngroup().to_numpy(dtype=np.float64, na_value=np.nan)
    index = sgb.size().index
    buckets: List[List[Any]] = [[] for _ in range(len(index))]
    for code, state in zip(codes.tolist(), sgb.obj.tolist()):
        if code == code:  # not NaN: a group key is present
            buckets[int(code)].append(state)
    if len(codes) <= 2 and all(isinstance(v, str) and v == "foo" for v in sgb.obj):
        return pd.Series([None] * len(index), index=index, dtype=object)  # dask's stand-in
    return pd.Series([_groups.merge_states(kind, b) for b in buckets], index=index,
                     dtype=object)


def _finalize(kind: str, figure: str, confidence: float, states: pd.Series) -> pd.Series:
    """The finalize step: the figure of each merged state."""
    out = [figure_of(kind, s, figure, confidence) for s in states]
    if figure == "state":
        return pd.Series(out, index=states.index, dtype=object)
    dtype = np.int64 if figure == "n" else np.float64
    return pd.Series(out, index=states.index, dtype=dtype)


def _aggregation(kind: str, figure: str, config: Tuple[Any, ...], confidence: float,
                 from_states: bool = False) -> Any:
    _check_figure(kind, figure)
    _groups.Handles(kind, config, 1).close()  # an invalid configuration fails here, early
    # The name labels the result column (in a list of aggregations) and keys dask's graph,
    # so it tells the configuration apart when it is not the default one.
    name = f"{kind}_{figure}" + ("_states" if from_states else "")
    if config != _DEFAULT_CONFIG[kind] or confidence != 0.95:
        tag = hashlib.sha1(repr((config, confidence)).encode()).hexdigest()[:8]
        name += f"_{tag}"
    # module-level functions with their arguments bound: pickled by reference, so the
    # workers import cxkpi.dask rather than receive copies of them
    agg = functools.partial(_agg, kind)
    chunk = agg if from_states else functools.partial(_chunk, kind, config)
    return dd.Aggregation(name, chunk, agg, functools.partial(_finalize, kind, figure, confidence))


def csat(figure: str = "percent", scale_min: int = 1, scale_max: int = 5,
         satisfied_min: int = 4, confidence: float = 0.95) -> Any:
    """CSAT of a column of scores: ``figure`` is ``"percent"``, ``"lo"``/``"hi"`` (its
    Wilson interval at ``confidence``), ``"n"``, ``"mean"`` or ``"state"``."""
    return _aggregation("csat", figure, (scale_min, scale_max, satisfied_min), confidence)


def nps(figure: str = "score", confidence: float = 0.95) -> Any:
    """NPS of a column of 0-10 answers: ``"score"``, ``"lo"``/``"hi"`` (score -/+ margin),
    ``"margin"``, ``"n"`` or ``"state"``."""
    return _aggregation("nps", figure, (), confidence)


def fcr(figure: str = "percent", confidence: float = 0.95) -> Any:
    """FCR of a column of outcomes -- booleans (resolved on first contact) or outcome words
    (:class:`cxkpi.FcrFlag`): ``"percent"``, ``"lo"``/``"hi"``, ``"net_percent"``,
    ``"escalation_percent"``, ``"reopen_percent"`` (each with ``_lo``/``_hi``), ``"n"``,
    ``"state"``."""
    return _aggregation("fcr", figure, (), confidence)


def duration(figure: str = "p50", alpha: float = 0.01) -> Any:
    """Durations (seconds or ``timedelta64``): ``"p50"``, ``"p90"``, any ``"pXX"`` (within
    a relative error ``alpha``), ``"mean"``, ``"min"``, ``"max"``, ``"stddev"``, ``"n"``,
    ``"state"``."""
    return _aggregation("duration", figure, (float(alpha),), 0.95)


def merged(kind: str, figure: str = "state", confidence: float = 0.95) -> Any:
    """Merges a column of stored states (``bytes`` of one kind, e.g. a ``figure="state"``
    result saved per agent and day) by the new groups: a rollup. ``figure`` as for the
    kind's function, default the merged state."""
    return _aggregation(kind, figure, _DEFAULT_CONFIG[kind], confidence, from_states=True)



def kpi_table(ddf: Any, by: Columns, *, csat: Optional[str] = None,
              csat_scale: Tuple[int, int, int] = (1, 5, 4), nps: Optional[str] = None,
              fcr: Optional[str] = None, durations: Columns = (),
              quantiles: Sequence[float] = (0.5, 0.9, 0.95), alpha: float = 0.01,
              confidence: float = 0.95, states: bool = False,
              split_every: Optional[int] = None) -> pd.DataFrame:
    """The table of :func:`cxkpi.pandas.kpi_table` for a Dask DataFrame, computed on the
    cluster: one state per KPI column and group travels and merges (``figure="state"``),
    then every figure is read from the merged states here. Much cheaper than one
    aggregation per figure, which moves and merges the same states once per figure.
    ``fcr`` is one column (booleans or outcome words); the result is a pandas DataFrame
    sorted by the group keys, with the same columns as :func:`cxkpi.pandas.kpi_table`
    (without ``<kpi>_skipped``)."""
    names = [by] if isinstance(by, str) else list(by)
    plan: List[Tuple[str, str, Tuple[Any, ...], str]] = []  # (prefix, kind, config, column)
    if csat is not None:
        plan.append(("csat", "csat", tuple(csat_scale), csat))
    if nps is not None:
        plan.append(("nps", "nps", (), nps))
    if fcr is not None:
        plan.append(("fcr", "fcr", (), fcr))
    for column in ([durations] if isinstance(durations, str) else list(durations)):
        plan.append((column, "duration", (float(alpha),), column))
    spec: Dict[str, List[Any]] = {}
    for prefix, kind, config, column in plan:
        spec.setdefault(column, []).append(_aggregation(kind, "state", config, 0.95))
    result = ddf.groupby(names if len(names) > 1 else names[0]).agg(
        spec, split_every=split_every).compute().sort_index()
    table: Dict[str, Any] = {}
    seen: Dict[str, int] = {}
    for prefix, kind, config, column in plan:
        k = seen.get(column, 0)
        seen[column] = k + 1
        blobs = result[column].iloc[:, k] if result[column].ndim == 2 else result[column]
        with _groups.Handles.from_states(kind, list(blobs)) as acc:
            figure_columns(table, prefix, acc, confidence, [float(q) for q in quantiles])
            if states:
                table[f"{prefix}_state"] = list(blobs)
    return pd.DataFrame(table, index=result.index)
