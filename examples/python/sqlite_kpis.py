#!/usr/bin/env python3
"""Helpdesk KPIs in SQLite with the cxkpi extension, from Python's standard sqlite3 module.

    python3 sqlite_kpis.py [tickets.csv] [--extension PATH]

Loads a helpdesk CSV export (columns id, created_at, first_reply_at, agent, csat, nps, fcr;
the sample in examples/data/ by default) into an in-memory SQLite database, loads the cxkpi
extension and prints, all computed by SQL:

* per agent: CSAT % (1-5, satisfied from 4), NPS, FCR %, first replies within one business
  hour (Mon-Fri 09:00-18:00 UTC) and the 90th percentile of the first reply time in business seconds;
* a rollup: one state BLOB per day (what a nightly job would store), merged into weeks;
* the NPS over a sliding window of 7 days of daily states.

The extension is found from --extension, else the CXKPI_SQLITE_EXTENSION environment
variable, else as "cxkpi" on the dynamic loader's path. The interpreter's sqlite3 module
must allow loading extensions (Debian's /usr/bin/python3 does; some builds do not).
"""
from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import sys
from typing import Any, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "tickets.csv")
CALENDAR = "mon-fri 09:00-18:00"


def connect(extension: str) -> sqlite3.Connection:
    """An in-memory database with the cxkpi extension loaded."""
    conn = sqlite3.connect(":memory:")
    if not hasattr(conn, "enable_load_extension"):
        raise RuntimeError("this Python's sqlite3 module cannot load extensions "
                           "(built without them); try Debian's /usr/bin/python3")
    conn.enable_load_extension(True)
    conn.load_extension(extension)  # entry point sqlite3_cxkpi_init, from the file name
    conn.enable_load_extension(False)
    return conn


def load_tickets(conn: sqlite3.Connection, path: str) -> int:
    """Creates table tickets from the CSV; empty cells become NULL (skipped by the KPIs)."""
    conn.execute("CREATE TABLE tickets (id TEXT, created_at TEXT, first_reply_at TEXT,"
                 " agent TEXT, csat INTEGER, nps INTEGER, fcr INTEGER)")
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["id"], r["created_at"], r["first_reply_at"] or None, r["agent"],
                 r["csat"] or None, r["nps"] or None, r["fcr"] or None)
                for r in csv.DictReader(f)]
    conn.executemany("INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def per_agent(conn: sqlite3.Connection) -> List[Tuple[Any, ...]]:
    """(agent, CSAT %, NPS, FCR %, first replies within 1 business hour %, p90 business
    seconds to first reply) per agent."""
    return conn.execute(
        "SELECT agent,"
        " csat_percent(csat, 1, 5, 4),"
        " nps(nps),"
        " fcr_percent(fcr, 0, 0, 0),"
        " sla_compliance_percent(business_seconds(created_at, first_reply_at, :cal), 3600),"
        " duration_quantile(business_seconds(created_at, first_reply_at, :cal), 0.9, 0.01)"
        " FROM tickets GROUP BY agent ORDER BY agent", {"cal": CALENDAR}).fetchall()


def daily_states(conn: sqlite3.Connection) -> None:
    """The rollup table: one NPS and one CSAT state BLOB per day."""
    conn.execute("CREATE TABLE daily AS SELECT date(created_at) AS day,"
                 " nps_state(nps) AS nps, csat_state(csat, 1, 5, 4) AS csat"
                 " FROM tickets GROUP BY day")


def weekly(conn: sqlite3.Connection) -> List[Tuple[Any, ...]]:
    """(week, responses, NPS, CSAT %) per ISO-like week (Monday first), from the daily states."""
    return conn.execute(
        "SELECT date(day, '-' || ((strftime('%w', day) + 6) % 7) || ' days') AS week,"
        " nps_count(cxkpi_merge(nps)), nps_score(cxkpi_merge(nps)),"
        " csat_percent(cxkpi_merge(csat))"
        " FROM daily GROUP BY week ORDER BY week").fetchall()


def sliding_nps(conn: sqlite3.Connection) -> List[Tuple[Any, ...]]:
    """(day, NPS over that day and the 6 before) from the daily states."""
    return conn.execute(
        "SELECT day, nps_score(cxkpi_merge(nps) OVER (ORDER BY day ROWS 6 PRECEDING))"
        " FROM daily ORDER BY day").fetchall()


def fmt(x: object, spec: str = "6.1f") -> str:
    return "-" if x is None else format(x, spec)


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", default=SAMPLE)
    ap.add_argument("--extension", default=os.environ.get("CXKPI_SQLITE_EXTENSION", "cxkpi"))
    args = ap.parse_args(argv)
    try:
        conn = connect(args.extension)
        n = load_tickets(conn, args.csv)
    except (RuntimeError, sqlite3.Error, OSError) as e:
        print(f"sqlite_kpis: {e}", file=sys.stderr)
        return 1
    print(f"{n} tickets; calendar '{CALENDAR}' (UTC)\n")
    print(f"{'agent':<8} {'CSAT %':>7} {'NPS':>7} {'FCR %':>7} {'1h SLA %':>9} {'p90 1st reply':>17}")
    for agent, csat, nps, fcr, sla, p90 in per_agent(conn):
        print(f"{agent:<8} {fmt(csat):>7} {fmt(nps):>7} {fmt(fcr):>7} {fmt(sla):>9} "
              f"{fmt(p90, '14.0f'):>14} s")
    daily_states(conn)
    print(f"\n{'week':<10} {'NPS n':>6} {'NPS':>7} {'CSAT %':>7}")
    for week, count, nps, csat in weekly(conn):
        print(f"{week:<10} {count:>6} {fmt(nps):>7} {fmt(csat):>7}")
    print("\nNPS over the last 7 days, every 7th day:")
    for day, nps in sliding_nps(conn)[6::7]:
        print(f"  {day} {fmt(nps)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
