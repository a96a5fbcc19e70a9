"""NPS from Python: cxkpi's add_many from a buffer against NumPy, pandas and a pure-Python
loop, on the same 10^7 answers as the C benchmarks (the same splitmix64 formula as
bench/bench.h, computed with NumPy). Prints the tab-separated rows bench/run.py reads.

Run with the Debian interpreter (/usr/bin/python3, python3-numpy and python3-pandas):
    /usr/bin/python3 bench/bench_py.py --build build-bench [--reps 5]

add_many is compared with the C function called directly (ctypes, raw address) in the
same process; pandas' group-by with cxkpi's per-group add loop in C, timed by
`bench_core --once groups ...` between the Python timings of the same repetition, on the
same data.
"""
import argparse
import array
import ctypes
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
N = 10_000_000
GROUPS = 100
NPS_WEIGHTS = [8, 4, 5, 6, 8, 14, 18, 30, 40, 52, 71]  # out of 256, as in bench.h


def row(name, value, unit, target=""):
    print(f"{name}\t{value:.6g}\t{unit}\t{target}", flush=True)


def make_data(n, groups):
    """(nps uint8 array, group int64 array), identical to bench_make() in bench.h."""
    u = np.uint64
    with np.errstate(over="ignore"):
        z = (np.arange(n, dtype=u) + u(1)) * u(0x9E3779B97F4A7C15)
        z = (z ^ (z >> u(30))) * u(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> u(27))) * u(0x94D049BB133111EB)
        z ^= z >> u(31)
    table = np.repeat(np.arange(11, dtype=np.uint8), NPS_WEIGHTS)
    nps = table[(z >> u(56)).astype(np.intp)]
    grp = ((z & u(0xFFFFFFFF)) % u(groups)).astype(np.int64)
    return nps, grp


class Cxkpi:
    """The Python binding (bindings/python) when it is there, else plain ctypes calls."""

    def __init__(self, build):
        lib = os.path.join(build, "lib", "libcxkpi.so")
        os.environ.setdefault("CXKPI_LIBRARY", lib)
        sys.path.insert(0, os.path.join(ROOT, "bindings", "python", "src"))
        try:
            from cxkpi import Nps  # noqa: F401  (the binding)
            self.Nps = Nps
            self.via = "binding"
        except ImportError:
            self.Nps = None
            self.via = "ctypes"
        self.lib = ctypes.CDLL(lib)
        self.lib.cxkpi_nps_add_many_u8.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
        self.lib.cxkpi_nps_add.argtypes = [ctypes.c_void_p, ctypes.c_int32]
        self.lib.cxkpi_nps_new.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        self.lib.cxkpi_nps_free.argtypes = [ctypes.c_void_p]
        self.lib.cxkpi_nps_groups.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_uint64)] * 3

    def new(self):
        if self.Nps:
            return self.Nps()
        h = ctypes.c_void_p()
        assert self.lib.cxkpi_nps_new(ctypes.byref(h)) == 0
        return h

    def add_many(self, acc, buf):
        if self.Nps:
            acc.add_many(buf)
            return
        n = len(buf)
        c = (ctypes.c_uint8 * n).from_buffer(buf)
        assert self.lib.cxkpi_nps_add_many_u8(acc, c, n) == 0

    def c_add_many_u8(self, arr):
        """Seconds for one cxkpi_nps_add_many_u8() call on the array.array's memory."""
        h = ctypes.c_void_p()
        assert self.lib.cxkpi_nps_new(ctypes.byref(h)) == 0
        t = time.perf_counter()
        st = self.lib.cxkpi_nps_add_many_u8(h, arr.buffer_info()[0], len(arr))
        t = time.perf_counter() - t
        assert st == 0
        self.lib.cxkpi_nps_free(h)
        return t

    def add(self, acc):
        """A per-event add callable: what a Python loop over events would call."""
        if self.Nps:
            return acc.add
        f, h = self.lib.cxkpi_nps_add, acc
        return lambda s: f(h, s)


def nps_of(p, d, n):
    return 100.0 * (p - d) / n


def python_loop(scores):
    counts = [0] * 11
    for s in scores:
        counts[s] += 1
    return nps_of(counts[9] + counts[10], sum(counts[:7]), len(scores))


def c_once(core, what, n, groups):
    out = subprocess.run([core, "--once", what, str(n), str(groups)], check=True, text=True,
                         stdout=subprocess.PIPE).stdout
    return float(out.split()[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    core = os.path.join(args.build, "bench", "bench_core")
    cx = Cxkpi(args.build)

    nps, grp = make_data(N, GROUPS)
    scores = array.array("b", nps.tobytes())  # what a Python program holds: array.array('b')
    series = pd.Series(nps)
    df = pd.DataFrame({"grp": grp, "nps": nps})
    counts = np.bincount(nps, minlength=11)
    expect = nps_of(int(counts[9] + counts[10]), int(counts[:7].sum()), N)

    label = "binding" if cx.via == "binding" else "ctypes, binding not merged yet"
    for _ in range(args.reps):
        # cxkpi add_many from the array.array buffer (zero copy), alternated with the C
        # function itself called on the raw address (one ctypes call: ~1 us of 10^7 events).
        # Same buffer, order alternated so that neither always finds it in cache.
        t_cx = t_c = 0.0
        for k in range(4):
            if k % 2:
                t_c += cx.c_add_many_u8(scores)
            acc = cx.new()
            t = time.perf_counter()
            cx.add_many(acc, scores)
            t_cx += time.perf_counter() - t
            if k % 2 == 0:
                t_c += cx.c_add_many_u8(scores)
        row(f"python: cxkpi Nps.add_many(array('b')) ({label})", 4 * N / t_cx, "events/s")
        row("python: add_many speed / C add_many_u8 on the same buffer", t_c / t_cx, "ratio",
            ">=0.8")
        t_cx /= 4

        # Pure-Python loop over the same array.array.
        t = time.perf_counter()
        got = python_loop(scores)
        t_loop = time.perf_counter() - t
        assert abs(got - expect) < 1e-9
        row("python: pure-Python counting loop", N / t_loop, "events/s")
        row("python: cxkpi add_many / pure-Python loop", t_loop / t_cx, "ratio", ">=50")

        # NumPy bincount and pandas vectorized comparisons.
        t = time.perf_counter()
        c = np.bincount(nps, minlength=11)
        got = nps_of(int(c[9] + c[10]), int(c[:7].sum()), N)
        t_np = time.perf_counter() - t
        assert abs(got - expect) < 1e-9
        row("python: NumPy bincount NPS", N / t_np, "events/s")
        row("python: cxkpi add_many / NumPy bincount", t_np / t_cx, "ratio")

        t = time.perf_counter()
        got = nps_of(int((series >= 9).sum()), int((series <= 6).sum()), len(series))
        t_pd = time.perf_counter() - t
        assert abs(got - expect) < 1e-9
        row("python: pandas vectorized NPS", N / t_pd, "events/s")
        row("python: cxkpi add_many / pandas vectorized", t_pd / t_cx, "ratio", ">=1.5")

        # pandas group-by over 100 groups, against cxkpi's per-group add in C.
        t = time.perf_counter()
        s = df["nps"]
        per = pd.DataFrame({"grp": df["grp"], "p": s >= 9, "d": s <= 6}).groupby("grp").agg(
            n=("p", "size"), p=("p", "sum"), d=("d", "sum"))
        res = 100.0 * (per["p"] - per["d"]) / per["n"]
        t_gb = time.perf_counter() - t
        assert len(res) == GROUPS
        c_groups = c_once(core, "groups", N, GROUPS)
        row("python: pandas groupby NPS, 100 groups", N / t_gb, "events/s")
        row("python: cxkpi add per group (C) / pandas groupby", c_groups / (N / t_gb), "ratio",
            ">=10")

        # A Python loop calling the per-event add (10^6 events: it is slow).
        acc = cx.new()
        add = cx.add(acc)
        few = scores[:1_000_000]
        t = time.perf_counter()
        for v in few:
            add(v)
        t_add = time.perf_counter() - t
        row(f"python: loop calling cxkpi add() per event ({label})", len(few) / t_add, "events/s")
        row("python: cxkpi add_many / Python loop calling add()", (N / t_cx) / (len(few) / t_add),
            "ratio")


if __name__ == "__main__":
    main()
