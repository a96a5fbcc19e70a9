#!/usr/bin/python3
"""The Python binding on data tools' inputs: NumPy batches, pandas KPI tables, Dask.

    CXKPI_LIBRARY=build-bench/lib/libcxkpi.so PYTHONPATH=bindings/python/src \\
        /usr/bin/python3 bench/python_data.py [--only bulk,pandas,dask] [--reps 7]
        [--rows 1000000] [--groups 1000] [--dask-rows 100000000]

Studies (each figure is the median of --reps timings; `uptime` is printed first, since
the machine may be shared):

- bulk: NPS `add_many` of 10^6 scores held as NumPy int32, int64 and float64 with 10 %
  NaN, through the binding, next to the C batch called directly (ctypes) on the same
  buffer. Targets: the three within 1.5x of each other; the binding >= 0.8x the C call.
- pandas: `cxkpi.pandas.kpi_table` (CSAT + NPS + FCR + handling-time quantiles, every
  figure with its interval) against the same table written with pandas `groupby`, on
  --rows rows and --groups groups, alternating the two; counts compared exactly,
  quantiles within alpha (1 %) of pandas' exact ones. Target: >= 5x.
- dask: --dask-rows rows made on the workers of a LocalCluster of 2 worker processes
  (one thread each), CSAT + NPS + FCR + quantiles per group with `cxkpi.dask.kpi_table`
  (one state per column) and with one `cxkpi.dask` aggregation per figure; against
  single-process pandas on a tenth of the rows (the full table would not fit in memory
  beside the rest of the machine), scaled; peak resident memory per worker.

Not a test: numbers depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import subprocess
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import cxkpi
import cxkpi.pandas as cp
from cxkpi import _lib


def median_time(reps: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bulk(reps: int) -> None:
    n = 10 ** 6
    rng = np.random.default_rng(1)
    i64 = rng.integers(0, 11, n)
    i32 = i64.astype(np.int32)
    f64 = i64.astype(np.float64)
    f64[rng.random(n) < 0.1] = np.nan
    c_many = {"int32": _lib.LIB.cxkpi_nps_add_many, "int64": _lib.LIB.cxkpi_nps_add_many_i64}
    skipped = ctypes.c_size_t()
    acc = cxkpi.Nps()
    for fn_ in c_many.values():
        fn_.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
    f64_fn = _lib.LIB.cxkpi_nps_add_many_f64
    f64_fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                       ctypes.POINTER(ctypes.c_size_t)]
    rows: Dict[str, Tuple[float, float]] = {}
    for name, arr in (("int32", i32), ("int64", i64), ("float64, 10% NaN", f64)):
        addr = arr.ctypes.data

        def direct(arr: Any = arr, addr: int = addr, name: str = name) -> None:
            if name.startswith("float64"):
                f64_fn(acc._h, addr, len(arr), ctypes.byref(skipped))
            else:
                c_many[name](acc._h, addr, len(arr))

        # the two back to back, each going first every other pass (the second one finds
        # the buffer in cache)
        t_py: List[float] = []
        t_c: List[float] = []
        for k in range(3 * reps):
            for which in ((0, 1) if k % 2 else (1, 0)):
                t0 = time.perf_counter()
                if which:
                    acc.add_many(arr)
                else:
                    direct()
                (t_py if which else t_c).append(time.perf_counter() - t0)
        rows[name] = (statistics.median(t_py), statistics.median(t_c))
    print("bulk: NPS add_many of 10^6 scores (median of %d)" % (3 * reps))
    for name, (py, c) in rows.items():
        print(f"  {name:18s} binding {py * 1e3:6.3f} ms ({n / py / 1e6:7.0f} M/s)   "
              f"C batch via ctypes {c * 1e3:6.3f} ms   binding/C speed {c / py:5.2f}x")
    times = [py for py, _ in rows.values()]
    print(f"  slowest / fastest of the three through the binding: {max(times) / min(times):.2f}x")


def table(n: int, groups: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    csat = rng.integers(1, 6, n).astype(np.float64)
    csat[rng.random(n) < 0.3] = np.nan  # unanswered surveys
    return pd.DataFrame({
        "agent": rng.integers(0, groups, n),
        "csat": csat,
        "nps": rng.integers(0, 11, n),
        "resolved": rng.random(n) < 0.72,
        "handle": rng.lognormal(6, 0.8, n),
    })


Z95 = 1.959963984540054


def hand_written(df: pd.DataFrame) -> pd.DataFrame:
    """What an analyst writes with pandas for the same table (Wilson intervals included)."""
    d = df.assign(sat=df.csat >= 4, answered=df.csat.notna(), pro=df.nps >= 9,
                  det=df.nps <= 6)
    g = d.groupby("agent", sort=True)
    out = pd.DataFrame({"csat_n": g.answered.sum(), "sat": g.sat.sum(), "nps_n": g.size(),
                        "pro": g.pro.mean(), "det": g.det.mean(), "fcr_n": g.size(),
                        "fcr_k": g.resolved.sum()})

    def wilson(k: pd.Series, n: pd.Series) -> Tuple[pd.Series, pd.Series, pd.Series]:
        p = k / n
        centre = p + Z95 ** 2 / (2 * n)
        half = Z95 * np.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n))
        den = 1 + Z95 ** 2 / n
        return 100 * p, 100 * (centre - half) / den, 100 * (centre + half) / den

    out["csat_percent"], out["csat_lo"], out["csat_hi"] = wilson(out.sat, out.csat_n)
    out["fcr_percent"], out["fcr_lo"], out["fcr_hi"] = wilson(out.fcr_k, out.fcr_n)
    out["nps"] = 100 * (out.pro - out.det)
    var = out.pro + out.det - (out.pro - out.det) ** 2
    out["nps_margin"] = Z95 * 100 * np.sqrt(var / out.nps_n)
    q = g.handle.quantile([0.5, 0.9, 0.99], interpolation="lower").unstack()
    out["handle_p50"], out["handle_p90"], out["handle_p99"] = q[0.5], q[0.9], q[0.99]
    out["handle_mean"] = g.handle.mean()
    return out


def with_cxkpi(df: pd.DataFrame) -> pd.DataFrame:
    return cp.kpi_table(df, by="agent", csat="csat", nps="nps", fcr="resolved",
                        durations="handle", quantiles=(0.5, 0.9, 0.99))


def pandas_study(n: int, groups: int, reps: int) -> None:
    df = table(n, groups)
    ours, theirs = with_cxkpi(df), hand_written(df)
    for col in ("csat_n", "nps_n", "fcr_n"):
        assert (ours[col].to_numpy() == theirs[col].to_numpy()).all(), col
    for q in ("p50", "p90", "p99"):
        err = ((ours[f"handle_{q}"] - theirs[f"handle_{q}"]).abs() / theirs[f"handle_{q}"]).max()
        assert err <= 0.01, (q, err)
    np.testing.assert_allclose(ours.csat_lo, theirs.csat_lo, rtol=1e-9)
    np.testing.assert_allclose(ours.nps_margin, theirs.nps_margin, rtol=1e-9)
    t_ours, t_theirs, ratios = [], [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        hand_written(df)
        t1 = time.perf_counter()
        with_cxkpi(df)
        t2 = time.perf_counter()
        t_theirs.append(t1 - t0)
        t_ours.append(t2 - t1)
        ratios.append((t1 - t0) / (t2 - t1))
    print(f"pandas: {n} rows, {groups} groups, CSAT + NPS + FCR + 3 quantiles with intervals "
          f"(median of {reps}, alternating)")
    print(f"  hand-written groupby {statistics.median(t_theirs) * 1e3:8.1f} ms   "
          f"cxkpi.pandas.kpi_table {statistics.median(t_ours) * 1e3:8.1f} ms   "
          f"speed-up {statistics.median(ratios):.1f}x (min {min(ratios):.1f}x, max {max(ratios):.1f}x)")
    print("  counts identical; quantiles within 1 % of pandas' exact ones (lower rank)")


def _partition(seed: int, rows: int, groups: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "agent": rng.integers(0, groups, rows).astype(np.int32),
        "csat": rng.integers(1, 6, rows).astype(np.int8),
        "nps": rng.integers(0, 11, rows).astype(np.int8),
        "resolved": rng.random(rows) < 0.72,
        "handle": rng.lognormal(6, 0.8, rows).astype(np.float64),
    })


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def dask_study(rows: int, groups: int, reps: int) -> None:
    import dask
    import dask.dataframe as dd
    import cxkpi.dask as ckd
    from distributed import Client, LocalCluster

    part_rows = 2_000_000
    parts = max(1, rows // part_rows)
    meta = _partition(0, 2, groups).iloc[:0]
    ddf = dd.from_delayed([dask.delayed(_partition)(k + 1, part_rows, groups)
                           for k in range(parts)], meta=meta)
    spec = {"csat": [ckd.csat("percent"), ckd.csat("lo"), ckd.csat("hi")],
            "nps": [ckd.nps("score"), ckd.nps("margin")],
            "resolved": [ckd.fcr("percent")],
            "handle": [ckd.duration("p50"), ckd.duration("p90"), ckd.duration("p99")]}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, memory_limit="6GiB") as cluster, \
            Client(cluster) as client:
        # the rows are made once and kept in the workers' memory, so that only the
        # aggregations are timed
        from distributed import wait
        t0 = time.perf_counter()
        ddf = ddf.persist()
        wait(ddf)
        gen = time.perf_counter() - t0
        total = median_time(max(1, reps // 3), lambda: ckd.kpi_table(
            ddf, by="agent", csat="csat", nps="nps", fcr="resolved", durations="handle",
            quantiles=(0.5, 0.9, 0.99)))
        per_figure = median_time(1, lambda: ddf.groupby("agent").agg(spec).compute())
        peaks = client.run(_peak_rss_kib)
    # single process, a tenth of the rows (the same partitions' generator), scaled
    local_parts = max(1, parts // 10)
    t_gen, t_agg = [], []
    for _ in range(max(1, reps // 3)):
        t0 = time.perf_counter()
        df = pd.concat([_partition(k + 1, part_rows, groups) for k in range(local_parts)])
        t1 = time.perf_counter()
        with_cxkpi_like = cp.kpi_table(df, by="agent", csat="csat", csat_scale=(1, 5, 4),
                                       nps="nps", fcr="resolved", durations="handle",
                                       quantiles=(0.5, 0.9, 0.99))
        t2 = time.perf_counter()
        hand = hand_written(df.assign(csat=df.csat.astype(np.float64)))
        t3 = time.perf_counter()
        t_gen.append(t1 - t0)
        t_agg.append((t2 - t1, t3 - t2))
        del df, with_cxkpi_like, hand
    local_rows = local_parts * part_rows
    cx = statistics.median(a for a, _ in t_agg)
    pdt = statistics.median(b for _, b in t_agg)
    print(f"dask: {parts * part_rows} rows in {parts} partitions, {groups} groups, LocalCluster "
          f"of 2 worker processes x 1 thread")
    print(f"  making the rows on the workers (kept in memory) {gen:.1f} s; "
          f"cxkpi.dask.kpi_table {total:.1f} s, {parts * part_rows / total / 1e6:.1f} M rows/s")
    print(f"  the same figures as 9 separate aggregations (one per figure): {per_figure:.1f} s")
    print("  peak resident memory per worker: "
          + ", ".join(f"{kib / 1024:.0f} MiB" for kib in peaks.values()))
    print(f"  single process, {local_rows} rows: cxkpi.pandas {cx:.2f} s "
          f"({local_rows / cx / 1e6:.1f} M rows/s), hand-written pandas {pdt:.2f} s "
          f"({local_rows / pdt / 1e6:.1f} M rows/s); peak RSS of this process "
          f"{_peak_rss_kib() / 1024:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="bulk,pandas,dask")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--groups", type=int, default=1000)
    ap.add_argument("--dask-rows", type=int, default=100_000_000)
    args = ap.parse_args()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"library: {cxkpi.LIBRARY_PATH}")
    only: List[str] = args.only.split(",")
    if "bulk" in only:
        bulk(args.reps)
    if "pandas" in only:
        pandas_study(args.rows, args.groups, args.reps)
    if "dask" in only:
        dask_study(args.dask_rows, args.groups, args.reps)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
