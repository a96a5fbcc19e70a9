#!/usr/bin/python3
"""cxkpi-report against pandas on a 10^6-row export with every metric, per agent and ISO
week: wall time and peak memory (maximum resident set size of the process), medians of
several runs, and a check that both computed the same figures.

    /usr/bin/python3 bench/report_vs_pandas.py --tool build-bench/tools/cxkpi-report/cxkpi-report
    /usr/bin/python3 bench/report_vs_pandas.py --tool ... --rows 100000,1000000,3000000 --reps 3

The export is generated (fixed seed) into a temporary directory and deleted afterwards.
pandas does what the tool does, in the way a pandas user would write it: read_csv with
the dates parsed, derived columns, then groupby per agent, per week, per agent and week,
and overall: CSAT, NPS (with its margin), FCR, escalation and reopen rates with Wilson
intervals, both SLA clocks (open tickets judged at the same "now"), the durations' mean,
median, p90, p95, p99 (rank floor(q (n - 1)), interpolation="lower") and handling time.
"""
import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

NOW = "2026-07-01T00:00:00Z"
AGENTS = 50
QS = [0.5, 0.9, 0.95, 0.99]


def generate(path, rows, seed=1):
    rnd = random.Random(seed)
    start = 1767225600  # 2026-01-01T00:00:00Z; six months of tickets
    span = 181 * 86400
    prio = ["low", "normal", "normal", "high", "urgent"]
    with open(path, "w") as f:
        f.write("id,created_at,first_reply_at,solved_at,priority,agent,csat,nps,fcr,escalated,"
                "reopened,talk,hold,acw\n")
        fmt = time.strftime
        for i in range(rows):
            c = start + rnd.randrange(span)
            r = c + int(rnd.expovariate(1 / 2400)) if rnd.random() < 0.97 else None
            s = c + int(rnd.expovariate(1 / 30000)) + 60 if rnd.random() < 0.95 else None
            if r is not None and s is not None and s < r:
                s = r
            esc = 1 if rnd.random() < 0.1 else 0
            reo = 1 if rnd.random() < 0.06 else 0
            fcr = 0 if esc or reo else (1 if rnd.random() < 0.75 else 0)
            csat = str(rnd.choice((1, 2, 3, 4, 4, 5, 5, 5))) if rnd.random() < 0.45 else ""
            nps = str(rnd.randrange(11)) if rnd.random() < 0.25 else ""
            f.write("T%d,%s,%s,%s,%s,agent%02d,%s,%s,%d,%d,%d,%d,%d,%d\n" % (
                i, fmt("%Y-%m-%dT%H:%M:%SZ", time.gmtime(c)),
                fmt("%Y-%m-%dT%H:%M:%SZ", time.gmtime(r)) if r is not None else "",
                fmt("%Y-%m-%dT%H:%M:%SZ", time.gmtime(s)) if s is not None else "",
                prio[rnd.randrange(5)], rnd.randrange(AGENTS), csat, nps, fcr, esc, reo,
                30 + int(rnd.expovariate(1 / 300)), rnd.choice((0, 0, 0, 30, 90)),
                rnd.randrange(15, 120)))


PANDAS = r'''
import json, sys
import numpy as np
import pandas as pd

path, now_text = sys.argv[1], sys.argv[2]
Z = 1.959963984540054
QS = [0.5, 0.9, 0.95, 0.99]
df = pd.read_csv(path, dtype={"agent": "category", "priority": "category"},
                 parse_dates=["created_at", "first_reply_at", "solved_at"])
now = pd.Timestamp(now_text)
iso = df["created_at"].dt.isocalendar()
df["week"] = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
sec = lambda a, b: (a - b).dt.total_seconds()
df["fr"] = sec(df["first_reply_at"], df["created_at"])
df["res"] = sec(df["solved_at"], df["created_at"])
stop = df["fr"].fillna(df["res"])                      # first reply clock stops at the solve
running = sec(pd.Series(now, index=df.index), df["created_at"]).clip(lower=0)
for name, elapsed, target in (("sla_fr", stop, 3600), ("sla_res", df["res"], 86400)):
    done = elapsed.notna()
    df[name + "_met"] = (done & (elapsed <= target)).astype(np.int64)
    df[name + "_breached"] = ((done & (elapsed > target)) | (~done & (running > target))).astype(np.int64)
df["sat"] = (df["csat"] >= 4).astype(np.int64).where(df["csat"].notna())
df["pro"] = (df["nps"] >= 9).astype(np.int64).where(df["nps"].notna())
df["det"] = (df["nps"] <= 6).astype(np.int64).where(df["nps"].notna())
df["total"] = df["talk"] + df["hold"] + df["acw"]

def wilson(k, n):
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z / d * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return 100 * np.where(k == 0, 0, c - h), 100 * np.where(k == n, 1, c + h)

def level(keys):
    g = df.groupby(keys, observed=True, sort=True) if keys else df.groupby(np.zeros(len(df)))
    a = g.agg(tickets=("id", "size"), csat_n=("csat", "count"), csat_sat=("sat", "sum"),
              csat_mean=("csat", "mean"), nps_n=("nps", "count"), pro=("pro", "sum"),
              det=("det", "sum"), fcr_n=("fcr", "count"), fcr=("fcr", "sum"),
              esc=("escalated", "sum"), reo=("reopened", "sum"),
              fr_met=("sla_fr_met", "sum"), fr_br=("sla_fr_breached", "sum"),
              res_met=("sla_res_met", "sum"), res_br=("sla_res_breached", "sum"),
              fr_mean=("fr", "mean"), res_mean=("res", "mean"), aht=("total", "mean"),
              talk=("talk", "mean"), hold=("hold", "mean"), acw=("acw", "mean"))
    out = {"csat": 100 * a.csat_sat / a.csat_n, "csat_ci": wilson(a.csat_sat, a.csat_n)}
    p, d = a.pro / a.nps_n, a.det / a.nps_n
    out["nps"] = 100 * (p - d)
    out["nps_margin"] = Z * 100 * np.sqrt((p + d - (p - d) ** 2) / a.nps_n)
    for k in ("fcr", "esc", "reo"):
        out[k] = 100 * a[k] / a.fcr_n
        out[k + "_ci"] = wilson(a[k], a.fcr_n)
    for k in ("fr", "res"):
        out["sla_" + k] = 100 * a[k + "_met"] / (a[k + "_met"] + a[k + "_br"])
        out["sla_" + k + "_ci"] = wilson(a[k + "_met"], a[k + "_met"] + a[k + "_br"])
    q = g[["fr", "res", "total", "talk", "hold", "acw"]].quantile(QS, interpolation="lower")
    return a, out, q

levels = {"overall": level([]), "agent": level(["agent"]), "week": level(["week"]),
          "agent_week": level(["agent", "week"])}
a, out, q = levels["overall"]
pick = lambda s: float(np.asarray(s)[0])
res = {"cells": len(levels["agent_week"][0]),
       "csat": pick(out["csat"]), "nps": pick(out["nps"]), "fcr": pick(out["fcr"]),
       "escalation": pick(out["esc"]), "sla_first_reply": pick(out["sla_fr"]),
       "sla_resolution": pick(out["sla_res"]), "fr_mean": pick(a.fr_mean), "aht": pick(a.aht),
       "fr_p99": float(q["fr"].iloc[3]), "res_median": float(q["res"].iloc[0])}
a, out, q = levels["agent_week"]
res["cell0"] = {"key": [str(x) for x in a.index[0]], "csat": float(out["csat"].iloc[0]),
                "sla_first_reply": float(out["sla_fr"].iloc[0]), "tickets": int(a.tickets.iloc[0])}
json.dump(res, sys.stdout)
'''


def run_measured(argv, stdout_path):
    """Runs argv with stdout to a file; returns (wall seconds, peak RSS in MiB, CPU seconds
    (user + system): less disturbed than wall time on a shared machine)."""
    with open(stdout_path, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - t0
        err = p.stderr.read().decode()
        p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(argv), err))
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def close(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--rows", default="1000000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-pandas", action="store_true", help="time the tool only")
    args = ap.parse_args()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    tmp = tempfile.mkdtemp(prefix="cxkpi-bench-")
    script = os.path.join(tmp, "pandas_report.py")
    with open(script, "w") as f:
        f.write(PANDAS)
    print("%-9s %-8s %10s %10s %10s %12s  %s" % ("rows", "program", "median s", "min s", "CPU s",
                                                "peak RSS MiB", "all runs (s)"))
    try:
        for rows in [int(x) for x in args.rows.split(",")]:
            data = os.path.join(tmp, "export-%d.csv" % rows)
            generate(data, rows)
            tool_argv = [args.tool, "--by", "agent", "--period", "week", "--now", NOW,
                         "--talk-col", "talk", "--hold-col", "hold", "--acw-col", "acw",
                         "--format", "json", data]
            results = {}
            programs = [("cxkpi", tool_argv)]
            if not args.no_pandas:
                programs.append(("pandas", ["/usr/bin/python3", script, data, NOW]))
            for rep in range(args.reps):
                for name, argv in programs:  # alternate, so that load hits both alike
                    out = os.path.join(tmp, name + ".json")
                    results.setdefault(name, []).append(run_measured(argv, out))
            for name, runs in results.items():
                times = [t for t, _, _ in runs]
                print("%-9d %-8s %10.2f %10.2f %10.2f %12.1f  %s" % (
                    rows, name, statistics.median(times), min(times),
                    statistics.median(c for _, _, c in runs), max(m for _, m, _ in runs),
                    " ".join("%.2f" % t for t in times)))
            if "pandas" in results:
                med = lambda name, i: statistics.median(r[i] for r in results[name])
                print("%-9d speed-up: %.1fx wall, %.1fx CPU (medians, pandas / cxkpi)" % (
                    rows, med("pandas", 0) / med("cxkpi", 0), med("pandas", 2) / med("cxkpi", 2)))
                check(os.path.join(tmp, "cxkpi.json"), os.path.join(tmp, "pandas.json"))
            os.unlink(data)
    finally:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)


def check(tool_path, pandas_path):
    """Both computed the same figures (quantiles: the sketch's 1% guarantee)."""
    with open(tool_path) as f:
        t = json.load(f)
    with open(pandas_path) as f:
        p = json.load(f)
    o = t["overall"]
    pairs = [("csat", o["csat"]["percent"], p["csat"]), ("nps", o["nps"]["score"], p["nps"]),
             ("fcr", o["fcr"]["percent"], p["fcr"]),
             ("escalation", o["fcr"]["escalation"]["percent"], p["escalation"]),
             ("sla first reply", o["sla"]["first_reply"]["compliance_percent"], p["sla_first_reply"]),
             ("sla resolution", o["sla"]["resolution"]["compliance_percent"], p["sla_resolution"]),
             ("first reply mean", o["durations"]["first_reply"]["mean"], p["fr_mean"]),
             ("aht", o["aht"]["total"]["mean"], p["aht"])]
    bad = [(k, a, b) for k, a, b in pairs if not close(a, b)]
    for k, a, b in (("first reply p99", o["durations"]["first_reply"]["p99"], p["fr_p99"]),
                    ("resolution median", o["durations"]["resolution"]["median"], p["res_median"])):
        if abs(a - b) > 0.01 * b + 1e-9:
            bad.append((k, a, b))
    cell = next(c for c in t["group_periods"] if [c["group"], c["period"]] == p["cell0"]["key"])
    if cell["tickets"] != p["cell0"]["tickets"] or not close(cell["csat"]["percent"], p["cell0"]["csat"]) or \
            not close(cell["sla"]["first_reply"]["compliance_percent"], p["cell0"]["sla_first_reply"]):
        bad.append(("cell " + "/".join(p["cell0"]["key"]), cell, p["cell0"]))
    if len(t["group_periods"]) != p["cells"]:
        bad.append(("cells", len(t["group_periods"]), p["cells"]))
    print("          figures: %s" % ("the same (%d checks, %d agent-week cells)" % (len(pairs) + 4, p["cells"])
                                      if not bad else "DIFFER: %r" % bad))


if __name__ == "__main__":
    main()
