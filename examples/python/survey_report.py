#!/usr/bin/env python3
"""CSAT and NPS per agent from a CSV export of survey responses.

    python3 survey_report.py [responses.csv] [--scale 1-5] [--satisfied 4] [--confidence 0.95]

The CSV needs the columns ``agent``, ``csat`` and ``nps`` (others are ignored); an empty
cell means the customer skipped that question. A value off its scale is reported on stderr
with its line number and skipped. Without a file, the sample next to this script is read.

Needs the ``cxkpi`` package (``pip install bindings/python``, or ``PYTHONPATH``) and the C
library (installed, or named by ``CXKPI_LIBRARY``).
"""
from __future__ import annotations

import argparse
import csv
import functools
import operator
import os
import sys
from typing import Dict, Tuple

import cxkpi


def read(path: str, scale: Tuple[int, int], satisfied: int) -> Dict[str, Tuple[cxkpi.Csat, cxkpi.Nps]]:
    agents: Dict[str, Tuple[cxkpi.Csat, cxkpi.Nps]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            csat, nps = agents.setdefault(
                row["agent"], (cxkpi.Csat(scale[0], scale[1], satisfied), cxkpi.Nps()))
            for acc, column in ((csat, "csat"), (nps, "nps")):
                cell = (row.get(column) or "").strip()
                if not cell:
                    continue
                try:
                    acc.add(int(cell))
                except (ValueError, cxkpi.RangeError) as exc:
                    print(f"{path}:{reader.line_num}: {column}={cell!r} skipped ({exc})",
                          file=sys.stderr)
    return agents


def csat_cells(c: cxkpi.Csat, confidence: float) -> str:
    if c.count == 0:  # an empty accumulator has no percentage (EmptyError): show a dash
        return f"{0:>6}  {'-':>7}  {'':14}"
    lo, hi = c.interval(confidence)
    return f"{c.count:>6}  {c.percent:>6.1f}%  [{lo:5.1f}, {hi:5.1f}]"


def nps_cells(n: cxkpi.Nps, confidence: float) -> str:
    if n.count == 0:
        return f"{0:>6}  {'-':>6}"
    return f"{n.count:>6}  {n.score:>+6.1f}  ± {n.margin(confidence):.1f}"


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", nargs="?", default=os.path.join(here, "survey_responses.csv"))
    ap.add_argument("--scale", default="1-5", help="CSAT scale MIN-MAX (default 1-5)")
    ap.add_argument("--satisfied", type=int, default=4, help="lowest satisfied CSAT score (default 4)")
    ap.add_argument("--confidence", type=float, default=0.95, help="interval confidence (default 0.95)")
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.scale.split("-"))

    agents = read(args.csv, (lo, hi), args.satisfied)
    pct = f"{args.confidence * 100:g}%"
    print(f"{'agent':<12}{'CSAT n':>6}  {'CSAT':>7}  {pct + ' interval':<14}  {'NPS n':>6}  {'NPS':>6}  margin")
    for agent in sorted(agents):
        csat, nps = agents[agent]
        print(f"{agent:<12}{csat_cells(csat, args.confidence)}  {nps_cells(nps, args.confidence)}")
    if agents:  # merging the per-agent accumulators gives the team's figures exactly
        total_csat = functools.reduce(operator.add, (c for c, _ in agents.values()))
        total_nps = functools.reduce(operator.add, (n for _, n in agents.values()))
        print(f"{'all':<12}{csat_cells(total_csat, args.confidence)}  {nps_cells(total_nps, args.confidence)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
