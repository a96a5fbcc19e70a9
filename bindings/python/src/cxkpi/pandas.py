"""KPI tables per group from pandas DataFrames, counted by the C library.

>>> import pandas as pd, cxkpi.pandas
>>> df = pd.DataFrame({"agent": ["a", "a", "b", "b", "b"],
...                    "csat": [5, 4, 2, None, 5], "nps": [10, 9, 0, 7, 8]})
>>> t = cxkpi.pandas.kpi_table(df, by="agent", csat="csat", nps="nps")
>>> t[["csat_n", "csat_percent", "nps_n", "nps"]]
       csat_n  csat_percent  nps_n    nps
agent
a           2         100.0      2  100.0
b           2          50.0      3  -33.3...

:func:`kpi_table` groups the rows by one or more columns (and, optionally, by a time
period), and counts every KPI column into one accumulator per group **in one C call per
column**: the group keys become codes ``0 .. groups - 1`` (``pandas.factorize``, in C),
and the library's grouped batch (``cxkpi_<kind>_add_grouped``) walks the rows once. There
is no Python loop over rows, and none over groups while counting; the figures are then
read from each group's accumulator.

Missing values: a score column may be ``float64`` with NaN or a nullable ``Int64`` with
``NA``; a gap is "no answer" and is not counted (``<kpi>_skipped``). A score that is not
an integer on the scale raises :class:`cxkpi.RangeError` naming the column. Rows whose
group key is missing are left out, as ``DataFrame.groupby`` does. Durations may be
seconds (numbers) or ``timedelta64``; a missing duration is left out.

This module needs pandas (and NumPy); ``import cxkpi`` does not import it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import _groups

__all__ = ["kpi_table", "group_codes", "score_values", "duration_values", "fcr_flag_values",
           "states_table", "figure_columns"]

Columns = Union[str, Sequence[str]]
Array = npt.NDArray[Any]


def as_view(arr: Array) -> memoryview:
    """A C-contiguous array's buffer, to hand to C."""
    return np.ascontiguousarray(arr).data


def group_codes(df: pd.DataFrame, by: Columns, time: Optional[str] = None,
                period: Optional[str] = None) -> Tuple[Array, pd.Index, Array]:
    """``(codes, index, rows)``: a ``uint32`` group code per kept row (sorted key order),
    the index of the groups (a ``MultiIndex`` for several keys), and the positions of the
    kept rows (those whose keys are all present), or an empty array when all are kept.

    ``period`` (a pandas period alias: ``"D"``, ``"W"``, ``"M"``, ``"Q"``...) adds the
    period of the ``time`` column as the last key."""
    names = [by] if isinstance(by, str) else list(by)
    keys: List[pd.Series] = [df[c] for c in names]
    if period is not None:
        if time is None:
            raise ValueError("period= needs time= (the column of timestamps)")
        stamps = pd.to_datetime(df[time])
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_convert(None)
        keys.append(stamps.dt.to_period(period).rename(time))
        names.append(time)
    if not keys:
        raise ValueError("by= names no column")
    combined: Optional[Array] = None
    uniques: List[Any] = []
    sizes: List[int] = []
    for key in keys:
        codes, uniq = pd.factorize(key, sort=True)
        uniques.append(uniq)
        sizes.append(max(len(uniq), 1))
        codes = codes.astype(np.int64)
        if combined is None:
            combined = codes
        else:
            if float(np.prod(sizes, dtype=np.float64)) >= 2.0 ** 62:
                raise ValueError("too many combinations of group keys")
            combined = np.where((combined < 0) | (codes < 0), -1, combined * sizes[-1] + codes)
    assert combined is not None
    rows = np.empty(0, dtype=np.intp)
    if (combined < 0).any():
        rows = np.flatnonzero(combined >= 0)
        combined = combined[rows]
    if len(keys) == 1:
        codes32 = combined.astype(np.uint32)
        index = pd.Index(uniques[0], name=names[0])
        return codes32, index, rows
    dense, seen = pd.factorize(combined, sort=True)
    levels = []
    rest = np.asarray(seen, dtype=np.int64)
    for size in reversed(sizes):
        levels.append(rest % size)
        rest = rest // size
    levels.reverse()
    index = pd.MultiIndex.from_arrays(
        [pd.Index(u).take(c) for u, c in zip(uniques, levels)], names=names)
    return dense.astype(np.uint32), index, rows


def _column(df: pd.DataFrame, column: str, rows: Array) -> pd.Series:
    series = df[column]
    return series.iloc[rows] if len(rows) else series


def score_values(series: pd.Series) -> Array:
    """A score column as ``float64`` (NaN for gaps), converted once: int, float, nullable
    ``Int64``/``Float64`` (``NA`` -> NaN) and bool columns."""
    if isinstance(series.dtype, np.dtype):
        return np.ascontiguousarray(series.to_numpy(), dtype=np.float64)
    return np.ascontiguousarray(series.to_numpy(dtype="float64", na_value=np.nan))


def duration_values(series: pd.Series) -> Array:
    """Durations as seconds (``float64``; NaN for gaps): numbers as they are, ``timedelta64``
    converted."""
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        return np.ascontiguousarray(series.dt.total_seconds().to_numpy(dtype=np.float64))
    return score_values(series)


def fcr_flag_values(df: pd.DataFrame, fcr: Union[str, Mapping[str, str]],
                    rows: Array) -> Tuple[Array, Array, List[str]]:
    """``(flags, keep, parts)``: ``uint32`` outcome words for the rows ``keep`` (positions,
    or empty for all), and the extra FCR figures the columns allow.

    ``fcr`` is one column -- booleans (resolved on first contact) or integer outcome words
    (:class:`cxkpi.FcrFlag`) -- or a mapping ``{"resolved": col, "escalated": col,
    "reopened": col, "excluded": col}`` of boolean columns (``resolved`` required). Rows
    where a named column is missing are left out."""
    if isinstance(fcr, str):
        series = _column(df, fcr, rows)
        dtype = series.dtype
        if isinstance(dtype, np.dtype) and dtype.kind in "bu" or (
                isinstance(dtype, np.dtype) and dtype.kind == "i" and len(series)
                and int(series.min()) >= 0):
            # booleans (resolved or not) or outcome words, no gaps possible: one cast
            words = series.to_numpy()
            if len(words) and int(words.max()) >= 2 ** 32:
                words = np.where(words >= 2 ** 32, 16, words)  # refused by C
            return np.ascontiguousarray(words, dtype=np.uint32), np.empty(0, dtype=np.intp), []
    columns = {"resolved": fcr} if isinstance(fcr, str) else dict(fcr)
    unknown = set(columns) - {"resolved", "escalated", "reopened", "excluded"}
    if unknown or "resolved" not in columns:
        raise ValueError("fcr= is a column, or a mapping with 'resolved' and any of "
                         "'escalated', 'reopened', 'excluded'")
    bits = _groups.fcr_flags(**columns)
    flags: Optional[Array] = None
    present: Optional[Array] = None
    for part, column in columns.items():
        values = score_values(_column(df, column, rows))
        ok = ~np.isnan(values)
        present = ok if present is None else present & ok
        if part == "resolved" and isinstance(fcr, str) and not pd.api.types.is_bool_dtype(
                df[column].dtype):
            word = values  # outcome words as they are (checked by C)
        else:
            word = np.where(values != 0, bits[part], 0)
        flags = word if flags is None else flags + word
    assert flags is not None and present is not None
    keep = np.empty(0, dtype=np.intp)
    if not present.all():
        keep = np.flatnonzero(present)
        flags = flags[keep]
    bad = (flags < 0) | (flags >= 2 ** 32) | (flags != np.floor(flags))
    if bad.any():  # 16 is no outcome: C refuses the batch with its own message
        flags = np.where(bad, 16, flags)
    parts = [_groups.FCR_PARTS[p] for p in ("excluded", "escalated", "reopened") if p in columns]
    return np.ascontiguousarray(flags, dtype=np.uint32), keep, parts


def _count_column(kind: str, config: Sequence[Any], groups: int, codes: Array,
                  values: Array, column: str) -> _groups.Handles:
    acc = _groups.Handles(kind, config, groups)
    try:
        _groups.count(acc, as_view(codes), as_view(values), column)
    except BaseException:
        acc.close()
        raise
    return acc


def kpi_table(df: pd.DataFrame, by: Columns, *, csat: Optional[str] = None,
              csat_scale: Tuple[int, int, int] = (1, 5, 4), nps: Optional[str] = None,
              fcr: Union[None, str, Mapping[str, str]] = None,
              durations: Columns = (), quantiles: Sequence[float] = (0.5, 0.9, 0.95),
              alpha: float = 0.01, time: Optional[str] = None, period: Optional[str] = None,
              confidence: float = 0.95, states: bool = False) -> pd.DataFrame:
    """A KPI table: one row per group, every figure with its interval.

    Args:
        df: the rows (one per response, ticket or contact).
        by: the grouping column or columns.
        csat: column of CSAT scores on ``csat_scale = (scale_min, scale_max,
            satisfied_min)``. Gives ``csat_n``, ``csat_percent`` with its Wilson interval
            ``csat_lo``/``csat_hi`` at ``confidence``, ``csat_mean``, ``csat_skipped``.
        nps: column of 0-10 answers. Gives ``nps_n``, ``nps`` (the score), ``nps_lo``,
            ``nps_hi`` (score -/+ margin of error, clipped to [-100, 100]),
            ``nps_margin``, ``nps_skipped``.
        fcr: outcomes (see :func:`fcr_flag_values`). Gives ``fcr_n``, ``fcr_percent``,
            ``fcr_lo``, ``fcr_hi``, and with the matching columns ``fcr_net_percent``,
            ``fcr_escalation_percent``, ``fcr_reopen_percent`` with their intervals.
        durations: columns of durations (seconds or ``timedelta64``). Each gives
            ``<col>_n``, ``<col>_mean`` and ``<col>_p50``... for ``quantiles``, within a
            relative error ``alpha``.
        time, period: group also by the period (``"D"``, ``"W"``, ``"M"``...) of the
            timestamps in column ``time``.
        states: also return each KPI's serialized state per group (``<kpi>_state``
            columns of ``bytes``), to merge later (``cxkpi.Csat.from_bytes`` ...,
            :func:`cxkpi.dask.merge_states`).

    A group with no value for a KPI has ``<kpi>_n`` 0 and NaN figures.
    """
    codes, index, rows = group_codes(df, by, time, period)
    groups = len(index)
    table: Dict[str, Any] = {}
    quantiles = [float(q) for q in quantiles]

    def emit(prefix: str, acc: _groups.Handles, gaps: Optional[Array] = None,
             parts: Sequence[str] = ()) -> None:
        with acc:
            figure_columns(table, prefix, acc, confidence, quantiles, parts)
            if gaps is not None:
                table[f"{prefix}_skipped"] = _per_group(codes[gaps], groups)
            if states:
                table[f"{prefix}_state"] = _groups.states(acc)

    for kind, column, config in (("csat", csat, tuple(csat_scale)), ("nps", nps, ())):
        if column is None:
            continue
        values = score_values(_column(df, column, rows))
        emit(kind, _count_column(kind, config, groups, codes, values, column), np.isnan(values))
    if fcr is not None:
        flags, keep, parts = fcr_flag_values(df, fcr, rows)
        fcodes = codes[keep] if len(keep) else codes
        emit("fcr", _count_column("fcr", (), groups, fcodes, flags, "fcr"), parts=parts)
    for column in ([durations] if isinstance(durations, str) else list(durations)):
        values = duration_values(_column(df, column, rows))
        dcodes = codes
        missing = np.isnan(values)
        if missing.any():
            dcodes, values = codes[~missing], np.ascontiguousarray(values[~missing])
        emit(column, _count_column("duration", (alpha,), groups, dcodes, values, column))
    return pd.DataFrame(table, index=index)


def figure_columns(table: Dict[str, Any], prefix: str, acc: _groups.Handles, confidence: float,
                   quantiles: Sequence[float], parts: Sequence[str] = ()) -> None:
    """Adds the figures of every group's accumulator to ``table`` as columns named
    ``<prefix>_<figure>`` (``nps`` for the NPS score itself)."""
    figures = _groups.figures(acc, confidence, quantiles, parts)
    for name, values in figures.items():
        key = prefix if (acc.kind, name) == ("nps", "score") else f"{prefix}_{name}"
        table[key] = np.array(values, dtype=np.int64 if name == "n" else np.float64)


def _per_group(codes: Array, groups: int) -> Array:
    """How many of ``codes`` fall in each group."""
    return np.bincount(codes, minlength=groups).astype(np.int64)


def states_table(table: pd.DataFrame, kind: str, column: str, by: Columns) -> pd.Series:
    """Merges a column of serialized states by ``by`` (a rollup: agents to teams, days to
    months): a ``Series`` of merged states (``bytes``) indexed by the new groups."""
    return table.groupby(by)[column].agg(lambda s: _groups.merge_states(kind, list(s)))
