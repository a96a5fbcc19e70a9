"""examples/python/sqlite_kpis.py against the same figures computed here in plain Python
from the CSV. Needs CXKPI_SQLITE_EXTENSION (the built module) and CXKPI_SOURCE_ROOT."""
import csv
import datetime as dt
import sqlite3
import sys
import importlib.util
import io
import math
import os
import unittest
from contextlib import redirect_stderr, redirect_stdout

if not hasattr(sqlite3.Connection, "enable_load_extension"):
    print("this Python's sqlite3 cannot load extensions: skipped", file=sys.stderr)
    sys.exit(77)

ROOT = os.environ["CXKPI_SOURCE_ROOT"]
EXTENSION = os.environ["CXKPI_SQLITE_EXTENSION"]
SAMPLE = os.path.join(ROOT, "examples", "data", "tickets.csv")

spec = importlib.util.spec_from_file_location(
    "sqlite_kpis", os.path.join(ROOT, "examples", "python", "sqlite_kpis.py"))
example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(example)


def instant(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def business_seconds(start, end):
    """Seconds of [start, end) inside Monday-Friday 09:00-18:00 UTC, day by day."""
    total = 0.0
    day = start.replace(hour=0, minute=0, second=0)
    while day < end:
        if day.weekday() < 5:
            lo = max(start, day + dt.timedelta(hours=9))
            hi = min(end, day + dt.timedelta(hours=18))
            total += max(0.0, (hi - lo).total_seconds())
        day += dt.timedelta(days=1)
    return total


def nps(scores):
    return 100.0 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


class SqliteKpisExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SAMPLE, newline="", encoding="utf-8") as f:
            cls.rows = list(csv.DictReader(f))
        cls.conn = example.connect(EXTENSION)
        example.load_tickets(cls.conn, SAMPLE)
        example.daily_states(cls.conn)

    def test_per_agent(self):
        got = {r[0]: r[1:] for r in example.per_agent(self.conn)}
        agents = sorted({r["agent"] for r in self.rows})
        self.assertEqual(sorted(got), agents)
        for agent in agents:
            mine = [r for r in self.rows if r["agent"] == agent]
            csat = [int(r["csat"]) for r in mine if r["csat"]]
            scores = [int(r["nps"]) for r in mine if r["nps"]]
            fcr = [int(r["fcr"]) for r in mine if r["fcr"]]
            secs = sorted(business_seconds(instant(r["created_at"]), instant(r["first_reply_at"]))
                          for r in mine if r["first_reply_at"])
            c, n, f, sla, p90 = got[agent]
            self.assertAlmostEqual(c, 100.0 * sum(s >= 4 for s in csat) / len(csat), places=9)
            self.assertAlmostEqual(n, nps(scores), places=9)
            self.assertAlmostEqual(f, 100.0 * sum(fcr) / len(fcr), places=9)
            self.assertAlmostEqual(sla, 100.0 * sum(s <= 3600 for s in secs) / len(secs), places=9)
            exact = secs[math.floor(0.9 * (len(secs) - 1))]
            self.assertLessEqual(abs(p90 - exact), 0.01 * exact)

    def test_weekly_rollup(self):
        weeks = {}
        for r in self.rows:
            day = instant(r["created_at"]).date()
            week = (day - dt.timedelta(days=day.weekday())).isoformat()
            weeks.setdefault(week, []).append(r)
        got = example.weekly(self.conn)
        self.assertEqual([w for w, *_ in got], sorted(weeks))
        for week, count, score, csat in got:
            scores = [int(r["nps"]) for r in weeks[week] if r["nps"]]
            sats = [int(r["csat"]) for r in weeks[week] if r["csat"]]
            self.assertEqual(count, len(scores))
            self.assertAlmostEqual(score, nps(scores), places=9)
            self.assertAlmostEqual(csat, 100.0 * sum(s >= 4 for s in sats) / len(sats), places=9)

    def test_sliding_window(self):
        days = sorted({instant(r["created_at"]).date() for r in self.rows})
        got = example.sliding_nps(self.conn)
        self.assertEqual([d for d, _ in got], [d.isoformat() for d in days])
        for k, (_, score) in enumerate(got):
            frame = set(days[max(0, k - 6):k + 1])
            scores = [int(r["nps"]) for r in self.rows
                      if r["nps"] and instant(r["created_at"]).date() in frame]
            self.assertAlmostEqual(score, nps(scores), places=9)

    def test_main_prints_report(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(example.main(["--extension", EXTENSION]), 0)
        self.assertIn("3000 tickets", out.getvalue())

    def test_missing_extension_is_an_error(self):
        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(example.main(["--extension", "/nonexistent/cxkpi"]), 1)
        self.assertIn("sqlite_kpis:", err.getvalue())


if __name__ == "__main__":
    unittest.main()
