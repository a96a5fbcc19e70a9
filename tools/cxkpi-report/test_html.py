#!/usr/bin/python3
"""The HTML report in a real browser: headless Chromium loads the page; the test fails on
any console message, checks that the page references nothing outside itself, and that
every chart's marks and labels match the figures of the JSON report written with the same
options (and that the bars' lengths are proportional to them). A screenshot is written to
OUTDIR for people to look at (a build artifact, never committed).

Usage: test_html.py PATH/TO/cxkpi-report PATH/TO/tickets.csv OUTDIR [CHROMIUM]
"""
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOL = SAMPLE = OUTDIR = None
CHROMIUM = "chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(url, *extra):
    """Runs Chromium on a URL with a fresh profile; returns (stdout, console messages)."""
    profile = tempfile.mkdtemp(prefix="cxkpi-chromium-")
    try:
        p = subprocess.run([CHROMIUM, *FLAGS, "--user-data-dir=" + profile,
                            "--enable-logging=stderr", "--v=0", *extra, url],
                           capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    err = p.stderr.decode("utf-8", "replace")
    console = [line for line in err.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return p.stdout.decode("utf-8", "replace"), console, p.returncode


class Dom(html.parser.HTMLParser):
    """The charts of a page: for each svg[data-chart], its marks (attributes) and labels."""

    def __init__(self):
        super().__init__()
        self.charts, self.tables = {}, {}
        self.chart = None
        self.in_label = False
        self.text = ""
        self.table = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "svg" and "data-chart" in a:
            self.chart = {"marks": [], "labels": []}
            self.charts[a["data-chart"]] = self.chart
        elif self.chart is not None and "mark" in a.get("class", "").split():
            self.chart["marks"].append(a)
        elif self.chart is not None and a.get("class") == "label":
            self.in_label, self.text = True, ""
        if tag == "table" and "data-chart" in a:
            self.table = self.tables.setdefault(a["data-chart"], [])
        if tag == "tr" and self.table is not None:
            self.table.append([])
        if tag == "td" and self.table is not None:
            self.in_label, self.text = True, ""

    def handle_data(self, data):
        if self.in_label:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "text" and self.in_label and self.chart is not None:
            self.chart["labels"].append(self.text)
            self.in_label = False
        if tag == "td" and self.table is not None:
            self.table[-1].append(self.text)
            self.in_label = False
        if tag == "svg":
            self.chart = None
        if tag == "table":
            self.table = None


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def short(label):
    return label if len(label) <= 24 else label[:24] + "\u2026"


class HtmlTest(unittest.TestCase):
    maxDiff = None

    def report(self, fmt, *args):
        p = subprocess.run([TOOL, "--format", fmt, *args], capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def render(self, args, name):
        page = self.report("html", *args)
        data = json.loads(self.report("json", *args))
        text = page.decode("utf-8")
        # Self-contained: no script, stylesheet, font or image from anywhere; the only URL
        # is the SVG namespace, which is a name, not something fetched.
        urls = set(re.findall(r"(?:https?|file|ftp)://[^\s\"'<>)]+", text))
        self.assertEqual(urls, {"http://www.w3.org/2000/svg"})
        for needle in ("<script", "<link", "@import", "url(", "<img", "<iframe"):
            self.assertNotIn(needle, text)
        fd, path = tempfile.mkstemp(suffix=".html")
        with os.fdopen(fd, "wb") as f:
            f.write(page)
        self.addCleanup(os.unlink, path)
        dom, console, rc = chromium("file://" + path, "--dump-dom")
        self.assertEqual(rc, 0)
        self.assertEqual(console, [], "console messages")
        shot = os.path.join(OUTDIR, name + ".png")
        _, console, rc = chromium("file://" + path, "--hide-scrollbars", "--window-size=1280,2400",
                                  "--screenshot=" + shot)
        self.assertEqual((rc, console), (0, []))
        self.assertGreater(os.path.getsize(shot), 10000)
        parser = Dom()
        parser.feed(dom)
        self.assertEqual(parser.scripts, 0)
        return parser, data

    def check_marks(self, chart, want, scale=None):
        """want: [(key, value, [lo, hi] or None)] in drawing order; value None = no mark."""
        keys = [k for k, v, _ in want if v is not None]
        self.assertEqual([m["data-key"] for m in chart["marks"]], keys)
        self.assertEqual(chart["labels"], [short(k) for k, _, _ in want])
        marks = iter(chart["marks"])
        for key, value, interval in want:
            if value is None:
                continue
            m = next(marks)
            self.assertTrue(close(float(m["data-value"]), value), (key, m["data-value"], value))
            if interval is not None:
                self.assertTrue(close(float(m["data-lo"]), interval[0]), key)
                self.assertTrue(close(float(m["data-hi"]), interval[1]), key)
            if scale == "percent":  # 200 px for 100 %
                self.assertAlmostEqual(float(m["height"]), 2 * value, delta=0.02)

    def test_groups_and_trends(self):
        dom, data = self.render(["--by", "team", "--period", "month", SAMPLE], "report-team-month")
        label = lambda g: g["group"] if g["group"] else "(empty)"
        for chart, key in (("csat", "csat"), ("fcr", "fcr")):
            self.check_marks(dom.charts[chart], [(label(g), g[key]["percent"], g[key]["interval"])
                                                 for g in data["groups"]], "percent")
            self.check_marks(dom.charts[chart + "-trend"],
                             [(p["period"], p[key]["percent"], p[key]["interval"]) for p in data["periods"]])
        self.check_marks(dom.charts["nps"], [(label(g), g["nps"]["score"], g["nps"]["interval"])
                                             for g in data["groups"]])
        for m in ("first_reply", "resolution"):
            self.check_marks(dom.charts["sla_" + m],
                             [(label(g), g["sla"][m]["compliance_percent"], g["sla"][m]["interval"])
                              for g in data["groups"]], "percent")
            d = data["overall"]["durations"][m]
            want = [(k, d[k], None) for k in ("mean", "median", "p90", "p95", "p99")]
            self.check_marks(dom.charts[m + "-time"], want)
            widths = [float(x["width"]) / float(x["data-value"]) for x in dom.charts[m + "-time"]["marks"]]
            self.assertLess(max(widths) - min(widths), 1e-3)  # lengths proportional to values
        # The tables beside the charts: one row per group and the overall last.
        rows = dom.tables["csat"]
        self.assertEqual([r[0] for r in rows[1:]], [label(g) for g in data["groups"]] + ["(all)"])
        self.assertEqual([int(r[1]) for r in rows[1:]],
                         [g["csat"]["responses"] for g in data["groups"]] + [data["overall"]["csat"]["responses"]])
        self.assertEqual([r[3] for r in rows[1:]],
                         ["%.1f" % g["csat"]["percent"] for g in data["groups"] + [data["overall"]]])

    def test_overall_and_aht(self):
        rows = ["agent,csat,talk,hold,acw"] + ["a%d,%d,%d,%d,%d" % (i % 3, 1 + i % 5, 60 + 17 * i, i % 4 * 10, 30)
                                             for i in range(40)]
        fd, path = tempfile.mkstemp(suffix=".csv")
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(rows) + "\n")
        self.addCleanup(os.unlink, path)
        dom, data = self.render(["--talk-col", "talk", "--hold-col", "hold", "--acw-col", "acw", path],
                                "report-aht")
        o = data["overall"]
        self.check_marks(dom.charts["csat"], [("(all)", o["csat"]["percent"], o["csat"]["interval"])], "percent")
        self.check_marks(dom.charts["aht"], [(k, o["aht"][k]["mean"], None) for k in ("talk", "hold", "acw", "total")])
        self.assertEqual([r[0] for r in dom.tables["aht"][1:]], ["talk", "hold", "acw", "total"])
        self.assertEqual([int(r[1]) for r in dom.tables["aht"][1:]], [o["aht"]["contacts"]] * 4)
        self.assertNotIn("csat-trend", dom.charts)

    def test_many_groups(self):
        rows = ["agent,csat"] + ["agent%02d,%d" % (i, 1 + i % 5) for i in range(55)]
        fd, path = tempfile.mkstemp(suffix=".csv")
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(rows) + "\n")
        self.addCleanup(os.unlink, path)
        dom, data = self.render(["--by", "agent", path], "report-many-groups")
        # 40 bars are drawn (the first 40 groups by name); the table lists all 55 and the total.
        self.check_marks(dom.charts["csat"], [(g["group"], g["csat"]["percent"], g["csat"]["interval"])
                                              for g in data["groups"][:40]], "percent")
        self.assertEqual(len(dom.tables["csat"]) - 1, 56)

    def test_console_errors_are_caught(self):
        """The check itself: a page that logs an error must be seen to do so."""
        fd, path = tempfile.mkstemp(suffix=".html")
        with os.fdopen(fd, "w") as f:
            f.write("<!DOCTYPE html><p>x</p><script>console.error('seen')</script>")
        self.addCleanup(os.unlink, path)
        _, console, _ = chromium("file://" + path, "--dump-dom")
        self.assertTrue(any("seen" in line for line in console), console)


if __name__ == "__main__":
    TOOL, SAMPLE, OUTDIR = (os.path.abspath(a) for a in sys.argv[1:4])
    if len(sys.argv) > 4:
        CHROMIUM = sys.argv[4]
    os.makedirs(OUTDIR, exist_ok=True)
    unittest.main(argv=[sys.argv[0], "-v"])
