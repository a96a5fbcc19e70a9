#!/usr/bin/env python3
"""Builds the benchmarks (if needed), runs them all and prints one Markdown table.

Usage: bench/run.py [--build DIR] [--reps N] [--sqlite-reps N] [--only NAME,...]

Every program prints one tab-separated line per measurement (name, value, unit, target);
each figure is measured --reps times and the table shows the median and the spread
(min - max over the repetitions). Ratios are computed inside one repetition from two
measurements taken back to back on the same data, then summarized the same way.
Needs only the Python standard library; the Python benchmark (bench_py.py) is run with
/usr/bin/python3, the Debian interpreter that has python3-numpy and python3-pandas.
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SYSTEM_PYTHON = "/usr/bin/python3"
# Programs with their own output format, run by hand (see bench/README.md).
NOT_TABULATED = {"bench_duration", "bench_sqlite_ext"}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def ensure_build(build):
    if not os.path.exists(os.path.join(build, "build.ninja")):
        sh(["meson", "setup", build, "-Dbench=true", "-Dtests=false", "-Dexamples=false",
            "-Ddocs=disabled", "--buildtype=release"], cwd=ROOT, stdout=subprocess.DEVNULL)
    sh(["ninja", "-C", build, "-j2"], cwd=ROOT, stdout=subprocess.DEVNULL)


def programs(build, args):
    bdir = os.path.join(build, "bench")
    progs = []
    for name in sorted(os.listdir(bdir)):
        path = os.path.join(bdir, name)
        if name in NOT_TABULATED:
            continue
        if name.startswith("bench_") and os.path.isfile(path) and os.access(path, os.X_OK):
            reps = args.sqlite_reps if name == "bench_sqlite" else args.reps
            progs.append((name, [path, str(reps)]))
    progs.append(("bench_py", [SYSTEM_PYTHON, os.path.join(HERE, "bench_py.py"),
                               "--build", build, "--reps", str(args.reps)]))
    if args.only:
        keep = set(args.only.split(","))
        progs = [p for p in progs if p[0] in keep or p[0].replace("bench_", "") in keep]
    return progs


def run(progs):
    rows = {}  # name -> {"values": [...], "unit":, "target":, "prog":}
    for prog, cmd in progs:
        print(f"running {prog} ...", file=sys.stderr, flush=True)
        res = subprocess.run(cmd, cwd=ROOT, text=True, stdout=subprocess.PIPE)
        if res.returncode != 0:
            print(f"{prog} failed (exit {res.returncode}); its figures are missing",
                  file=sys.stderr)
        for line in res.stdout.splitlines():
            f = line.split("\t")
            if len(f) != 4:
                continue
            try:
                value = float(f[1])
            except ValueError:
                continue
            r = rows.setdefault(f[0], {"values": [], "unit": f[2], "target": f[3], "prog": prog})
            r["values"].append(value)
    return rows


def fmt(v, unit):
    if unit == "ratio":
        return f"{v:.3g}×"
    if unit.endswith("/s"):
        return f"{v:.3g}".replace("e+0", "e").replace("e+", "e")
    if unit in ("bytes", "keys") or v >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def check(target, v):
    m = re.fullmatch(r"\s*(>=|<=)\s*([0-9.eE+-]+)\s*", target or "")
    if not m:
        return ""
    limit = float(m.group(2))
    ok = v >= limit if m.group(1) == ">=" else v <= limit
    return "✅ met" if ok else "❌ missed"


def lscpu_model():
    try:
        out = subprocess.run(["lscpu"], text=True, stdout=subprocess.PIPE).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--sqlite-reps", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated program names (core,sqlite,py,...)")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    ensure_build(build)
    load0 = os.getloadavg()[0]
    start = datetime.datetime.now(datetime.timezone.utc)
    rows = run(programs(build, args))
    load1 = os.getloadavg()[0]
    cc = subprocess.run(["cc", "--version"], text=True, stdout=subprocess.PIPE).stdout.split("\n")[0]
    print(f"cxkpi benchmarks, {start:%Y-%m-%d %H:%M} UTC: {lscpu_model()}, {os.cpu_count()} cores, "
          f"{cc}, meson buildtype=release; load average {load0:.2f} at start, {load1:.2f} at end; "
          f"median of {args.reps} repetitions ({args.sqlite_reps} for SQLite), spread = min – max.")
    print()
    print("| figure | median | spread (min – max) | unit | target | |")
    print("| --- | ---: | ---: | --- | --- | --- |")
    for name, r in rows.items():
        v = r["values"]
        med = statistics.median(v)
        spread = f"{fmt(min(v), r['unit'])} – {fmt(max(v), r['unit'])}" if len(v) > 1 else ""
        unit = "" if r["unit"] == "ratio" else r["unit"]
        print(f"| {name} | {fmt(med, r['unit'])} | {spread} | {unit} | {r['target']} | "
              f"{check(r['target'], med)} |")


if __name__ == "__main__":
    main()
