#!/usr/bin/python3
"""End-to-end tests of cxkpi-report.

Every expected number is computed here, independently of the C code: Python's csv module
reads the same file, datetime parses the timestamps, statistics gives the means and the
normal quantile, and the Wilson interval, NPS error and SLA rules are written out below
from their definitions (docs/kpi-definitions.md, docs/cli.md).

Usage: test_report.py PATH/TO/cxkpi-report PATH/TO/tickets.csv
"""
import csv
import datetime
import io
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import unittest

TOOL = None
SAMPLE = None
REL = 1e-8  # the tool prints 10 significant digits


# ---- the definitions, written independently ----------------------------------------

def z_of(confidence):
    return statistics.NormalDist().inv_cdf((1 + confidence) / 2)


def wilson(k, n, confidence=0.95):
    z = z_of(confidence)
    p = k / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = center - half, center + half
    if k == 0:
        lo = 0.0
    if k == n:
        hi = 1.0
    return [100 * lo, 100 * hi]


def ts(text):
    text = text.strip()
    if not text:
        return None
    if text.replace("-", "", 1).replace(".", "", 1).isdigit():
        return math.floor(float(text))
    dt = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if dt.tzinfo is None:  # no zone: UTC, as documented
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return math.floor(dt.timestamp())


def parse_duration(text):
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    if text.isdigit():
        return int(text)
    total, num = 0, ""
    for ch in text:
        if ch.isdigit():
            num += ch
        else:
            total += int(num) * units[ch]
            num = ""
    return total


def targets_of(spec):
    """{(priority or '', metric): seconds} from an --sla spec."""
    out = {}
    for item in spec.split(","):
        key, dur = item.split("=")
        prio, _, metric = key.rpartition(":")
        out[(prio.lower(), metric)] = parse_duration(dur)
    return out


def business_seconds(start, end, calendar):
    """Working seconds in [start, end) for a calendar given as (utc_offset_seconds,
    {weekday: [(from_s, to_s)]}, {holiday dates}), walking local days one by one."""
    offset, week, holidays = calendar
    if end <= start:
        return 0
    total = 0
    day = datetime.date.fromtimestamp(0) + datetime.timedelta(days=(start + offset) // 86400 - 1)
    last = datetime.date.fromtimestamp(0) + datetime.timedelta(days=(end + offset) // 86400 + 1)
    epoch = datetime.date(1970, 1, 1)
    while day <= last:
        if day not in holidays:
            midnight_utc = (day - epoch).days * 86400 - offset
            for a, b in week.get(day.weekday(), []):
                lo, hi = max(start, midnight_utc + a), min(end, midnight_utc + b)
                total += max(0, hi - lo)
        day += datetime.timedelta(days=1)
    return total


def elapsed_of(start, end, calendar):
    if calendar is None:
        return max(0, end - start)
    return business_seconds(start, end, calendar)


def expected(rows, by=None, satisfied_min=4, scale=(1, 5), sla="first_reply=1h,resolution=24h",
             now=None, confidence=0.95, calendar=None):
    """The report's numbers, from dict rows (already free of bad rows)."""
    targets = targets_of(sla) if sla else {}
    if now is None:
        stamps = [ts(r[c]) for r in rows for c in ("created_at", "first_reply_at", "solved_at")
                  if c in r and r[c].strip()]
        now = max(stamps)

    def target(metric, prio):
        return targets.get((prio.strip().lower(), metric), targets.get(("", metric)))

    def metrics(group):
        m = {"tickets": len(group)}
        cs = [int(r["csat"]) for r in group if r["csat"].strip()]
        sat = sum(1 for s in cs if s >= satisfied_min)
        m["csat"] = {"responses": len(cs), "satisfied": sat,
                     "percent": 100 * sat / len(cs) if cs else None,
                     "interval": wilson(sat, len(cs), confidence) if cs else None,
                     "mean": statistics.mean(cs) if cs else None}
        ns = [int(r["nps"]) for r in group if r["nps"].strip()]
        n = len(ns)
        pro = sum(1 for s in ns if s >= 9)
        det = sum(1 for s in ns if s <= 6)
        nps = {"responses": n, "promoters": pro, "passives": n - pro - det, "detractors": det}
        if n:
            p, d = pro / n, det / n
            se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
            score = 100 * (pro - det) / n
            nps.update(score=score, stderr=se, margin=z_of(confidence) * se,
                       promoters_percent=100 * p, detractors_percent=100 * d,
                       passives_percent=100 * (n - pro - det) / n)
            nps["interval"] = [max(-100.0, score - nps["margin"]),
                               min(100.0, score + nps["margin"])]
        m["nps"] = nps
        fs = [r["fcr"].strip() for r in group if r["fcr"].strip()]
        res = sum(1 for f in fs if f in ("1", "true", "yes", "y"))
        m["fcr"] = {"responses": len(fs), "resolved": res,
                    "percent": 100 * res / len(fs) if fs else None,
                    "interval": wilson(res, len(fs), confidence) if fs else None}
        sla_out = {}
        for metric in ("first_reply", "resolution"):
            if not any(k[1] == metric for k in targets):
                continue
            met = breached = breached_open = progress = 0
            for r in group:
                created = ts(r["created_at"])
                t = target(metric, r.get("priority", ""))
                if created is None or t is None:
                    continue
                reply, solved = ts(r["first_reply_at"]), ts(r["solved_at"])
                end = (reply if reply is not None else solved) if metric == "first_reply" else solved
                if end is not None:  # the clock stopped
                    if elapsed_of(created, end, calendar) <= t:
                        met += 1
                    else:
                        breached += 1
                elif elapsed_of(created, now, calendar) > t:  # still open, already late
                    breached += 1
                    breached_open += 1
                else:
                    progress += 1
            sla_out[metric] = {"met": met, "breached": breached, "in_progress": progress,
                               "breached_open": breached_open,
                               "compliance_percent": 100 * met / (met + breached) if met + breached else None,
                               "interval": wilson(met, met + breached, confidence) if met + breached else None}
        m["sla"] = sla_out
        durations = {}
        for metric, column in (("first_reply", "first_reply_at"), ("resolution", "solved_at")):
            values = sorted(elapsed_of(ts(r["created_at"]), ts(r[column]), calendar)
                            for r in group if r[column].strip())
            durations[metric] = {"count": len(values),
                                 "mean": statistics.fmean(values) if values else None,
                                 "_sorted": values}
        # open tickets (created, not solved) at their age at `now`: censored resolution times
        opened = [elapsed_of(ts(r["created_at"]), now, calendar) for r in group
                  if not r["solved_at"].strip() and ts(r["created_at"]) is not None]
        durations["resolution"]["open"] = len(opened)
        durations["resolution"]["_km"] = ([(t, True) for t in durations["resolution"]["_sorted"]]
                                          + [(t, False) for t in opened])
        m["durations"] = durations
        return m

    out = {"overall": metrics(rows), "groups": []}
    if by:
        keys = sorted({r[by].strip() for r in rows}, key=lambda k: k.encode())
        out["groups"] = [dict(group=k, **metrics([r for r in rows if r[by].strip() == k]))
                         for k in keys]
    return out


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def run(*args, stdin=None):
    p = subprocess.run([TOOL, *args], input=stdin, capture_output=True)
    # JSON output is always UTF-8; table and CSV pass group names through as they are.
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def write_temp(test, data, suffix=".csv"):
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    test.addCleanup(os.unlink, path)
    return path


class ReportTest(unittest.TestCase):
    maxDiff = None

    def assertClose(self, got, want, where):
        if want is None or isinstance(want, (int, str)) and not isinstance(want, bool):
            self.assertEqual(got, want, where)
        elif isinstance(want, float):
            self.assertIsNotNone(got, where)
            self.assertTrue(math.isclose(got, want, rel_tol=REL, abs_tol=1e-9),
                            f"{where}: got {got!r}, want {want!r}")
        elif isinstance(want, list):
            self.assertEqual(len(got), len(want), where)
            for i, (g, w) in enumerate(zip(got, want)):
                self.assertClose(g, w, f"{where}[{i}]")
        elif isinstance(want, dict):
            for k, w in want.items():
                if k == "_sorted":
                    self.assertQuantiles(got, w, where)
                    continue
                if k == "_km":
                    self.assertKaplanMeier(got, w, where)
                    continue
                self.assertIn(k, got, f"{where}: missing key {k}")
                self.assertClose(got[k], w, f"{where}.{k}")
        else:
            self.fail(f"{where}: unexpected type {type(want)}")

    def assertQuantiles(self, got, values, where):
        """The sketch's contract (cxkpi/duration.h): the q-quantile is the value of rank
        floor(q * (n - 1)) of the sorted values, returned within alpha = 1% of it. The
        product is a double, as numpy.quantile(x, q, method="lower") computes it: for
        n = 201, 0.95 * 200 is 190.0 (rank 190) although the double nearest 0.95 is slightly
        below it — a Python float product is exactly that double product."""
        for key, q in (("median", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)):
            if not values:
                self.assertIsNone(got[key], where)
                continue
            exact = values[math.floor(q * (len(values) - 1))]
            self.assertLessEqual(abs(got[key] - exact), 0.01 * exact + 1e-9,
                                 f"{where}.{key}: {got[key]} vs exact {exact}")

    def assertKaplanMeier(self, got, obs, where):
        """The median with open tickets included: the first resolution time where the exact
        product-limit estimate (resolutions before censorings at equal times) falls to 0.5 or
        below; the report's answer is a bucket of the duration sketch, within one bucket
        width (about 2% at alpha 1%) of it, or null when it is never reached."""
        s, at_risk, exact = 1.0, len(obs), None
        ordered = sorted(obs, key=lambda o: (o[0], not o[1]))
        i = 0
        while i < len(ordered) and exact is None:
            j, d = i, 0
            while j < len(ordered) and ordered[j][0] == ordered[i][0]:
                d += ordered[j][1]
                j += 1
            if d:
                s *= (at_risk - d) / at_risk
                if s <= 0.5 + 1e-12:
                    exact = ordered[i][0]
            at_risk -= j - i
            i = j
        if exact is None:
            self.assertIsNone(got["median_open_included"], where)
            return
        self.assertLessEqual(abs(got["median_open_included"] - exact), 0.03 * exact + 1e-9,
                             f"{where}.median_open_included: {got['median_open_included']} vs exact {exact}")

    def check_report(self, report, want):
        self.assertClose(report["overall"], want["overall"], "overall")
        self.assertEqual([g["group"] for g in report["groups"]],
                         [g["group"] for g in want["groups"]])
        for g, w in zip(report["groups"], want["groups"]):
            self.assertClose(g, w, "group " + w["group"])

    def json_of(self, *args, stdin=None, expect_rc=0):
        rc, out, err = run("--format", "json", *args, stdin=stdin)
        self.assertEqual(rc, expect_rc, err)
        return json.loads(out), err


class SampleTest(ReportTest):
    def test_overall_defaults(self):
        report, err = self.json_of(SAMPLE)
        self.assertEqual(err, "")
        rows = read_rows(SAMPLE)
        self.assertEqual(report["input"]["rows"], len(rows))
        self.assertEqual(report["input"]["bad_rows"], 0)
        self.assertEqual(report["by"], None)
        self.assertEqual(report["groups"], [])
        self.assertEqual(report["now_source"], "data")
        self.check_report(report, expected(rows))

    def test_by_agent(self):
        report, _ = self.json_of("--by", "agent", SAMPLE)
        self.assertEqual(report["by"], "agent")
        self.check_report(report, expected(read_rows(SAMPLE), by="agent"))

    def test_per_priority_sla_and_now(self):
        spec = "first_reply=2h,resolution=2d,urgent:first_reply=15m,urgent:resolution=4h,HIGH:first_reply=30m"
        now = "2026-03-31T12:00:00+02:00"
        report, _ = self.json_of("--by", "priority", "--sla", spec, "--now", now, SAMPLE)
        self.assertEqual(report["now"], "2026-03-31T10:00:00Z")
        self.assertEqual(report["now_source"], "option")
        self.check_report(report, expected(read_rows(SAMPLE), by="priority", sla=spec,
                                           now=ts(now)))

    def test_confidence_and_scale(self):
        # CSAT read from the NPS column on 0-10 with satisfied >= 9 is the promoters' share.
        report, _ = self.json_of("--csat-col", "nps", "--csat-scale", "0-10", "--satisfied-min", "9",
                                 "--confidence", "0.9", "--by", "team", SAMPLE)
        rows = [dict(r, csat=r["nps"]) for r in read_rows(SAMPLE)]
        self.check_report(report, expected(rows, by="team", satisfied_min=9, confidence=0.9))
        self.assertEqual(report["csat_scale"], {"min": 0, "max": 10, "satisfied_min": 9})
        o = report["overall"]
        self.assertEqual(o["csat"]["satisfied"], o["nps"]["promoters"])

    def test_sla_none(self):
        report, _ = self.json_of("--sla", "none", SAMPLE)
        self.assertNotIn("sla", report["overall"])
        self.assertEqual(report["sla_targets"], [])

    def test_small_sample_marks(self):
        """A figure is a small sample when its count is below --min-n or its interval is
        wider than --max-width points: checked on every figure of every group, from the
        counts and intervals the JSON gives (themselves checked against the definitions)."""
        for min_n, width in ((30, 20.0), (150, 12.5), (0, 200.0)):
            report, _ = self.json_of("--by", "agent", "--min-n", str(min_n), "--max-width",
                                     str(width), SAMPLE)
            seen = 0
            for g in [report["overall"]] + report["groups"]:
                figures = [(g["csat"]["responses"], g["csat"]), (g["nps"]["responses"], g["nps"]),
                           (g["fcr"]["responses"], g["fcr"])]
                figures += [(s["met"] + s["breached"], s) for s in g["sla"].values()]
                for n, fig in figures:
                    if fig["interval"] is None:
                        self.assertNotIn("small_sample", fig)
                        continue
                    lo, hi = fig["interval"]
                    self.assertEqual(fig["small_sample"], n < min_n or hi - lo > width,
                                     (min_n, width, g.get("group"), fig))
                    seen += fig["small_sample"]
            if min_n == 0:
                self.assertEqual(seen, 0)
            else:
                self.assertGreater(seen, 0)
        # the table marks them with a '*' after the figure
        rc, out, _ = run("--by", "agent", "--min-n", "150", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertIn("A * marks a small sample: fewer than 150 answers", out)
        self.assertRegex(out, r"\d\.\d\* \[")
        for bad in (("--min-n", "-1"), ("--min-n", "x"), ("--max-width", "0"), ("--max-width", "nan")):
            rc, _, err = run(*bad, SAMPLE)
            self.assertEqual(rc, 2, bad)

    def expected_comparison(self, kind, a, b, confidence=0.95):
        """Difference a - b of one KPI from the counts of two JSON groups, computed here:
        NPS by the Wald formula, percentages by Newcombe's hybrid score interval (from the
        Wilson intervals above) and the pooled z-test."""
        z = z_of(confidence)
        if kind == "nps":
            def moments(g):
                n = g["responses"]
                p, d = g["promoters"] / n, g["detractors"] / n
                return 100 * (p - d), p + d - (p - d) ** 2, n
            sa, va, na = moments(a)
            sb, vb, nb = moments(b)
            diff, se = sa - sb, 100 * math.sqrt(va / na + vb / nb)
            p = math.erfc(abs(diff) / se / math.sqrt(2)) if se else (1.0 if diff == 0 else 0.0)
            return diff, [diff - z * se, diff + z * se], p
        xa, na, xb, nb = a
        pa, pb = 100 * xa / na, 100 * xb / nb
        la, ua = wilson(xa, na, confidence)
        lb, ub = wilson(xb, nb, confidence)
        diff = pa - pb
        lo = diff - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
        hi = diff + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
        pooled = (xa + xb) / (na + nb)
        var0 = pooled * (1 - pooled) * (1 / na + 1 / nb)
        p = math.erfc(abs(xa / na - xb / nb) / math.sqrt(var0) / math.sqrt(2)) if var0 and diff else 1.0
        return diff, [lo, hi], p

    def check_comparisons(self, comparisons, by_name):
        self.assertGreater(len(comparisons), 0)
        for c in comparisons:
            a, b = by_name[c["a"]], by_name[c["b"]]
            kinds = {"csat": lambda g: (g["csat"]["satisfied"], g["csat"]["responses"]),
                     "fcr": lambda g: (g["fcr"]["resolved"], g["fcr"]["responses"])}
            for metric in ("first_reply", "resolution"):
                kinds["sla_" + metric] = (lambda m: lambda g: (g["sla"][m]["met"],
                                                               g["sla"][m]["met"] + g["sla"][m]["breached"]))(metric)
            for kind, counts in list(kinds.items()) + [("nps", None)]:
                got = c[kind]
                if kind == "nps":
                    diff, interval, p = self.expected_comparison("nps", a["nps"], b["nps"])
                else:
                    (xa, na), (xb, nb) = counts(a), counts(b)
                    diff, interval, p = self.expected_comparison(kind, (xa, na, xb, nb), None)
                where = f"{c['a']} vs {c['b']}: {kind}"
                self.assertClose(got["difference"], diff, where)
                self.assertClose(got["interval"], interval, where)
                self.assertTrue(math.isclose(got["p_value"], p, rel_tol=1e-6, abs_tol=1e-12), (where, got, p))
                self.assertEqual(got["significant"], p < 0.05, where)

    def test_compare_to_group(self):
        report, _ = self.json_of("--by", "agent", "--compare-to", "alice", SAMPLE)
        by_name = {g["group"]: g for g in report["groups"]}
        self.check_comparisons(report["comparisons"], by_name)
        self.assertEqual([c["a"] for c in report["comparisons"]],
                         [g for g in sorted(by_name, key=lambda k: k.encode()) if g != "alice"])
        self.assertTrue(all(c["b"] == "alice" for c in report["comparisons"]))
        rc, out, _ = run("--by", "agent", "--compare-to", "alice", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertIn("Comparisons: difference a - b", out)
        self.assertRegex(out, r"bruno vs alice +CSAT %.* (yes|no)")
        rc, out, _ = run("--by", "agent", "--compare-to", "alice", "--format", "csv", SAMPLE)
        rows = [r for r in csv.reader(io.StringIO(out)) if r and r[0] == "comparison"]
        for c in report["comparisons"]:
            for kind in ("csat", "nps", "fcr"):
                diff = [r for r in rows if r[1] == f"{c['a']} vs alice" and r[2] == kind + "_difference"]
                pval = [r for r in rows if r[1] == f"{c['a']} vs alice" and r[2] == kind + "_p_value"]
                self.assertEqual(len(diff), 1)
                self.assertClose(float(diff[0][4]), c[kind]["difference"], kind)
                self.assertClose([float(diff[0][5]), float(diff[0][6])], c[kind]["interval"], kind)
                self.assertTrue(math.isclose(float(pval[0][4]), c[kind]["p_value"], rel_tol=1e-8))
        self.assertEqual(run("--by", "agent", "--compare-to", "nobody", SAMPLE)[0], 1)
        self.assertEqual(run("--compare-to", "alice", SAMPLE)[0], 2)   # needs --by

    def test_compare_previous(self):
        report, _ = self.json_of("--period", "month", "--compare", "previous", SAMPLE)
        by_name = {g["period"]: g for g in report["periods"]}
        self.check_comparisons(report["comparisons"], by_name)
        periods = sorted(by_name)
        self.assertEqual([(c["a"], c["b"]) for c in report["comparisons"]],
                         list(zip(periods[1:], periods[:-1])))
        self.assertEqual(run("--compare", "previous", SAMPLE)[0], 2)   # needs --period
        self.assertEqual(run("--period", "month", "--compare", "next", SAMPLE)[0], 2)

    def test_csv_output_matches_json(self):
        report, _ = self.json_of("--by", "channel", SAMPLE)
        rc, out, err = run("--format", "csv", "--by", "channel", SAMPLE)
        self.assertEqual(rc, 0, err)
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        self.assertEqual(list(rows[0].keys()), ["level", "group", "metric", "count", "value", "low", "high", "period"])
        by_key = {(r["level"], r["group"], r["metric"]): r for r in rows}
        for level, g in [("overall", dict(report["overall"], group=""))] + \
                        [("group", g) for g in report["groups"]]:
            r = by_key[(level, g["group"], "csat_percent")]
            self.assertEqual(int(r["count"]), g["csat"]["responses"])
            self.assertClose(float(r["value"]), g["csat"]["percent"], "csv csat")
            self.assertClose([float(r["low"]), float(r["high"])], g["csat"]["interval"], "csv csat ci")
            r = by_key[(level, g["group"], "nps")]
            self.assertClose(float(r["value"]), g["nps"]["score"], "csv nps")
            r = by_key[(level, g["group"], "sla_resolution_percent")]
            sla = g["sla"]["resolution"]
            self.assertEqual(int(r["count"]), sla["met"] + sla["breached"])
            r = by_key[(level, g["group"], "tickets")]
            self.assertEqual(int(r["count"]), g["tickets"])

    def test_table_default(self):
        rc, out, err = run(SAMPLE)
        self.assertEqual((rc, err), (0, ""))
        want = expected(read_rows(SAMPLE))["overall"]
        for title in ("CSAT", "NPS", "FCR", "SLA first reply", "SLA resolution"):
            self.assertIn(title, out)
        self.assertIn("%.1f" % want["csat"]["percent"], out)
        self.assertIn("%+.1f" % want["nps"]["score"], out)

    def test_stdin(self):
        with open(SAMPLE, "rb") as f:
            data = f.read()
        report, _ = self.json_of("-", stdin=data)
        self.assertEqual(report["input"]["name"], "<stdin>")
        self.check_report(report, expected(read_rows(SAMPLE)))


HEADER = "id,created_at,first_reply_at,solved_at,priority,agent,subject,csat,nps,fcr"


# mon-fri 09:00-17:00 at UTC+02:00, New Year's Day and 2026-01-06 off.
CALENDAR_TEXT = """# a small office
offset +02:00
mon-fri 09:00-17:00
holiday 2026-01-01
holiday 2026-01-06
"""
CALENDAR = (7200, {d: [(9 * 3600, 17 * 3600)] for d in range(5)},
            {datetime.date(2026, 1, 1), datetime.date(2026, 1, 6)})


class TableDurationTest(ReportTest):
    def test_rounded_to_the_unit_shown(self):
        """The table writes a duration to the second, minute or hour, rounded to the
        nearest (as the percentages are), never truncated. One ticket, so the mean and
        every quantile (median, p90, p95, p99) are that ticket's time exactly."""
        cases = [
            (29, "29s"),
            (89, "1m29s"),
            (3599, "59m59s"),
            (5399, "1h30m"),          # 1h29m59s
            (36287, "10h05m"),        # 10h04m47s
            (36269, "10h04m"),        # 10h04m29s
            (86369, "23h59m"),        # 23h59m29s
            (86370, "1d00h"),         # 23h59m30s
            (131940, "1d13h"),        # 1d12h39m
            (131399, "1d12h"),        # 1d12h29m59s
        ]
        for seconds, want in cases:
            created = 1767571200  # 2026-01-05T00:00:00Z
            data = ("created_at,first_reply_at\n%d,%d\n" % (created, created + seconds)).encode()
            path = write_temp(self, data)
            rc, out, err = run("--sla", "none", path)
            self.assertEqual((rc, err), (0, ""))
            line = next(l for l in out.splitlines() if l.startswith("(all)"))
            self.assertEqual(line.split()[2:], [want] * 5, f"{seconds} s: {line}")


    def test_sla_target_titles_are_exact(self):
        """The SLA section titles show the target itself: 3661 s is 1h1m1s (not 1h1m),
        90061 s is 1d1h1m1s, 90 s stays 90s, 2 days is 2d."""
        created = 1767571200
        data = ("created_at,first_reply_at,solved_at\n%d,%d,%d\n"
                % (created, created + 60, created + 120)).encode()
        path = write_temp(self, data)
        for spec, want in (("first_reply=3661,resolution=90061", ("1h1m1s", "1d1h1m1s")),
                           ("first_reply=90,resolution=172800", ("90s", "2d")),
                           ("first_reply=5400,resolution=86460", ("1h30m", "1d0h1m"))):
            rc, out, err = run("--sla", spec, path)
            self.assertEqual((rc, err), (0, ""))
            self.assertIn("SLA first reply (<= %s)" % want[0], out, spec)
            self.assertIn("SLA resolution (<= %s)" % want[1], out, spec)


class NpsIntervalTest(ReportTest):
    def test_interval_clipped_to_the_range_of_an_nps(self):
        """Answers 10 and 7: NPS 50; p = 0.5, d = 0, variance 0.5 - 0.25 = 0.25,
        se = 100 * sqrt(0.25 / 2) = 35.35533906, margin 1.959963985 * se = 69.29519122;
        score -+ margin is [-19.29519122, 119.29519122], reported as [-19.29519122, 100].
        The same on the other side with 0 and 8 (NPS -50), in JSON, CSV and HTML."""
        data = b"nps,team\n10,up\n7,up\n0,down\n8,down\n"
        path = write_temp(self, data)
        report, _ = self.json_of("--by", "team", path)
        groups = {g["group"]: g["nps"] for g in report["groups"]}
        for name, score, interval in (("up", 50.0, [-19.29519122, 100.0]),
                                      ("down", -50.0, [-100.0, 19.29519122])):
            self.assertAlmostEqual(groups[name]["score"], score, places=6)
            self.assertAlmostEqual(groups[name]["margin"], 69.29519122, places=6)
            self.assertAlmostEqual(groups[name]["interval"][0], interval[0], places=6)
            self.assertAlmostEqual(groups[name]["interval"][1], interval[1], places=6)
        rc, out, err = run("--format", "csv", "--by", "team", path)
        self.assertEqual((rc, err), (0, ""))
        rows = {(r["group"], r["metric"]): r for r in csv.DictReader(io.StringIO(out))}
        self.assertAlmostEqual(float(rows[("up", "nps")]["high"]), 100.0, places=6)
        self.assertAlmostEqual(float(rows[("down", "nps")]["low"]), -100.0, places=6)


class CalendarTest(ReportTest):
    def test_business_hours_by_priority(self):
        cal = write_temp(self, CALENDAR_TEXT.encode(), suffix=".cal")
        spec = "first_reply=1h,resolution=8h,urgent:first_reply=15m"
        report, err = self.json_of("--calendar", cal, "--sla", spec, "--by", "priority", SAMPLE)
        self.assertEqual(err, "")
        self.check_report(report, expected(read_rows(SAMPLE), by="priority", sla=spec,
                                           calendar=CALENDAR))

    def test_worked_example(self):
        # Created Friday 2026-01-09 16:30 local (14:30Z), replied Monday 2026-01-12 09:20
        # local (07:20Z): 30 min on Friday + 20 min on Monday = 3000 working seconds.
        # Solved Wednesday 2026-01-07 ... (second ticket): created Monday 2026-01-05 16:00
        # local, solved Wednesday 2026-01-07 10:00 local: 1 h Monday, Tuesday the 6th is a
        # holiday, 1 h Wednesday = 7200 s.
        cal = write_temp(self, CALENDAR_TEXT.encode(), suffix=".cal")
        data = (HEADER + "\n"
                "1,2026-01-09T14:30:00Z,2026-01-12T07:20:00Z,,normal,ann,s,,,\n"
                "2,2026-01-05T14:00:00Z,2026-01-05T14:00:00Z,2026-01-07T08:00:00Z,normal,ann,s,,,\n")
        path = write_temp(self, data.encode())
        report, _ = self.json_of("--calendar", cal, "--sla", "first_reply=1h,resolution=2h", path)
        d = report["overall"]["durations"]
        self.assertEqual(d["first_reply"]["count"], 2)
        self.assertEqual(d["first_reply"]["mean"], 1500)  # (3000 + 0) / 2
        self.assertEqual(d["resolution"]["mean"], 7200)
        sla = report["overall"]["sla"]
        self.assertEqual((sla["first_reply"]["met"], sla["first_reply"]["breached"]), (2, 0))
        # 7200 s <= 2 h: met; ticket 1 still open: now = its reply 2026-01-12T07:20Z,
        # 3000 working seconds <= 7200: in progress.
        self.assertEqual((sla["resolution"]["met"], sla["resolution"]["in_progress"]), (1, 1))
        self.check_report(report, expected(list(csv.DictReader(io.StringIO(data))),
                                           sla="first_reply=1h,resolution=2h", calendar=CALENDAR))
        rc, out, _ = run("--calendar", cal, path)
        self.assertIn("Time to first reply (business hours)", out)

    def test_bad_calendars(self):
        cases = [
            (b"mon-fri 09:00-25:00\n", 2, ":1: "),
            (b"offset +01:00\n\nmon-fri 9-5\n", 2, ":3: "),
            (b"tz Nowhere/Atlantis\nmon-fri 09:00-17:00\n", 2, ":1: unknown time zone"),
            (b"offset +01:00\n", 2, "no working hours"),
        ]
        for text, rc_want, needle in cases:
            cal = write_temp(self, text, suffix=".cal")
            rc, out, err = run("--calendar", cal, SAMPLE)
            self.assertEqual(rc, rc_want, err)
            self.assertIn(needle, err)
            self.assertEqual(out, "")


class SyntaxTest(ReportTest):
    def test_quoted_multiline_crlf_bom(self):
        lines = [
            HEADER,
            '1,2026-01-05T09:00:00Z,2026-01-05T09:30:00Z,2026-01-05T12:00:00Z,high,"Smith, Jane","line one\r\nline two, with ""quotes""",5,10,1',
            '2,2026-01-05 10:00:00+01:00,2026-01-05T09:45:00Z,,normal,"Smith, Jane","a\nb\nc",2,,0',
            '3,1767607200,1767610800,1767700800,low,bob,plain,4,6,yes',
            '4,2026-01-06T00:00:00Z,,,urgent,bob,"",,9,',
        ]
        data = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"
        path = write_temp(self, data)
        report, err = self.json_of("--by", "agent", path)
        self.assertEqual(err, "")
        self.assertEqual({k: report["input"][k] for k in ("name", "rows", "bad_rows")},
                         {"name": path, "rows": 4, "bad_rows": 0})
        self.assertEqual(sum(b["count"] for b in report["input"]["bad_values"].values()), 0)
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        self.assertEqual(rows[0]["subject"], 'line one\r\nline two, with "quotes"')
        want = expected(rows, by="agent")
        self.check_report(report, want)
        # By hand: agent "Smith, Jane" (sorted bytewise: 'S' < 'b') has CSAT 5 and 2 ->
        # 1 of 2 satisfied = 50%.
        self.assertEqual(report["groups"][0]["group"], "Smith, Jane")
        self.assertEqual(report["groups"][0]["csat"]["percent"], 50)
        # By hand: ticket 1 replied in 30 min, ticket 2 (10:00+01:00 = 09:00Z, reply
        # 09:45Z) in 45 min, ticket 3 (Unix 1767607200 -> 1767610800) in exactly 1 h: all
        # met. Ticket 4 has no reply and is open; "now" is the latest timestamp, ticket 3's
        # solve time 1767700800 = 2026-01-06T12:00Z, 12 h after ticket 4 was created: breached.
        self.assertEqual(report["now"], "2026-01-06T12:00:00Z")
        self.assertEqual(report["overall"]["sla"]["first_reply"],
                         dict(report["overall"]["sla"]["first_reply"], met=3, breached=1, in_progress=0))


    def test_odd_group_names(self):
        # UTF-8, a quoted line break, a byte that is not UTF-8, quotes and a comma.
        data = b'agent,csat\r\nJos\xc3\xa9,5\r\n"a\nb",4\r\n\xff,3\r\n"Smith, ""JJ""",2\r\n'
        path = write_temp(self, data)
        report, _ = self.json_of("--by", "agent", path)  # json.loads: the output is valid JSON
        # Sorted bytewise: 'J' (0x4a) < 'S' (0x53) < 'a' (0x61) < 0xff; the 0xff byte comes
        # out as U+FFFD.
        self.assertEqual([g["group"] for g in report["groups"]],
                         ["Jos\u00e9", 'Smith, "JJ"', "a\nb", "\ufffd"])
        self.assertEqual([g["csat"]["satisfied"] for g in report["groups"]], [1, 0, 1, 0])
        rc, out, _ = run("--format", "csv", "--by", "agent", path)
        self.assertEqual(rc, 0)
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        groups = [r["group"] for r in rows if r["metric"] == "tickets" and r["level"] == "group"]
        self.assertEqual(groups[:3], ["Jos\u00e9", 'Smith, "JJ"', "a\nb"])
        rc, out, _ = run("--by", "agent", path)
        self.assertIn("a?b ", out)  # the table shows the line break as '?'


class BadRowTest(ReportTest):
    """A bad cell costs only the metrics that need it; a row that cannot be read as CSV (a
    syntax error, a wrong number of fields) is skipped as a whole."""
    # Physical line numbers: the multi-line field of row 2 spans lines 2-4, so the
    # rows after it start two lines later than their record number suggests.
    LINES = [
        HEADER,                                                                     # line 1
        '1,2026-01-05T09:00:00Z,2026-01-05T09:10:00Z,2026-01-05T10:00:00Z,high,ann,"x\ny\nz",5,9,1',  # 2-4
        '2,2026-01-05T09:00:00Z,,,low,ann,s,abc,,',                                  # 5: csat not a number
        '3,2026-01-05T09:00:00Z,,,low,ann,s,7,,',                                    # 6: csat off the scale
        '4,2026-02-30T09:00:00Z,,,low,bob,s,4,,',                                    # 7: Feb 30
        '5,2026-01-05T09:00:00Z,,,low,bob,s,4',                                      # 8: missing fields
        '6,2026-01-05T09:00:00Z,2026-01-05T08:00:00Z,,low,bob,s,4,,',                # 9: reply before created
        '7,2026-01-05T09:00:00Z,,,low,bob,s"t,4,,',                                  # 10: stray quote
        '8,2026-01-05T09:00:00Z,2026-01-05T11:00:00Z,2026-01-06T09:00:00Z,low,bob,ok,3,5,0',  # 11: good
        '9,2026-01-05T09:00:00Z,,,low,bob,s,,11,',                                   # 12: NPS 11
        '10,2026-01-05T09:00:00Z,,,low,bob,s,,,maybe',                               # 13: bad FCR flag
        '11,2026-01-05T25:00:00Z,,,low,bob,s,,,',                                    # 14: hour 25
    ]
    BAD_LINES = [5, 6, 7, 8, 9, 10, 12, 13, 14]
    # What each metric skips (by ticket id): the two clocks need a valid creation time;
    # the first-reply clock of ticket 6 stops before it started.
    BAD = {"csat": {"2", "3"}, "nps": {"9"}, "fcr": {"10"}, "first_reply": {"4", "6", "11"},
           "resolution": {"4", "11"}, "aht": set()}
    BAD_ROWS = {"5", "7"}

    def path(self):
        return write_temp(self, ("\n".join(self.LINES) + "\n").encode())

    def readable_rows(self):
        text = "\n".join(self.LINES[:1] + self.LINES[1:]) + "\n"
        rows = list(csv.DictReader(io.StringIO(text)))
        return [r for r in rows if r["id"] not in self.BAD_ROWS and None not in r and
                len(r) == len(HEADER.split(",")) and '"' not in r["subject"]]

    def test_skipped_and_reported(self):
        path = self.path()
        report, err = self.json_of("--by", "agent", path)
        self.assertEqual(report["input"]["rows"], 11)
        self.assertEqual(report["input"]["bad_rows"], 2)
        bad = report["input"]["bad_values"]
        self.assertEqual({m: bad[m]["count"] for m in bad}, {m: len(v) for m, v in self.BAD.items()})
        self.assertEqual([e["line"] for e in bad["first_reply"]["examples"]], [7, 9, 14])
        self.assertEqual([e["line"] for e in bad["csat"]["examples"]], [5, 6])
        reported = [int(m.group(1)) for m in re.finditer(re.escape(path) + r":(\d+): ", err)]
        self.assertEqual(reported, self.BAD_LINES, err)
        self.assertIn("2 bad rows skipped, 9 bad values skipped", err)
        # Every readable row is a ticket (9 of 11); each metric counts the rows good for it.
        self.assertEqual(report["overall"]["tickets"], 9)
        rows = [r for r in csv.DictReader(io.StringIO("\n".join(self.LINES) + "\n"))
                if r["id"] not in self.BAD_ROWS]
        self.assertEqual(len(rows), 9)
        now = ts("2026-01-06T09:00:00Z")  # the latest valid timestamp (ticket 8's solve)
        self.assertEqual(report["now"], "2026-01-06T09:00:00Z")
        for metric, cols in (("csat", ["csat"]), ("nps", ["nps"]), ("fcr", ["fcr"])):
            good = [blank_except(r, cols) for r in rows if r["id"] not in self.BAD[metric]]
            want = expected(good, by="agent", now=now)
            self.assertClose(report["overall"][metric], want["overall"][metric], metric)
            for g, w in zip(report["groups"], want["groups"]):
                self.assertClose(g[metric], w[metric], metric + " " + w["group"])
        for metric in ("first_reply", "resolution"):
            good = [blank_except(r, ["created_at", "first_reply_at", "solved_at"]) for r in rows
                    if r["id"] not in self.BAD[metric]]
            want = expected(good, now=now)["overall"]
            self.assertClose(report["overall"]["sla"][metric], want["sla"][metric], metric)
            self.assertClose(report["overall"]["durations"][metric], want["durations"][metric], metric)
        # By hand: CSAT 5 (ticket 1), 4 (ticket 4, whose bad creation time costs it nothing
        # here), 4 (ticket 6, whose bad reply time neither) and 3 (ticket 8): 3 of 4 satisfied.
        self.assertEqual((report["overall"]["csat"]["responses"], report["overall"]["csat"]["satisfied"]), (4, 3))

    def test_messages_name_the_problem(self):
        _, err = self.json_of(self.path())
        for needle in ("csat: 'abc'", "csat: '7'", "day out of range", "8 fields where the header has 10",
                       "first_reply_at is before created_at", "quote inside an unquoted field",
                       "nps: '11'", "fcr: 'maybe'", "hour out of range"):
            self.assertIn(needle, err)

    def test_table_lists_bad_values(self):
        rc, out, _ = run(self.path())
        self.assertEqual(rc, 0)
        self.assertIn("Bad values skipped by csat: 2 (line 5: csat: 'abc'", out)
        self.assertIn("Bad values skipped by first_reply: 3", out)

    def test_max_errors(self):
        path = self.path()
        _, err = self.json_of("--max-errors", "2", path)
        listed = re.findall(re.escape(path) + r":\d+: ", err)
        self.assertEqual(len(listed), 2)
        self.assertIn("(only the first ones are listed above)", err)
        _, err = self.json_of("--max-errors=0", path)
        self.assertEqual(err.strip().splitlines(), ["cxkpi-report: %s: 2 bad rows skipped, 9 bad values skipped by their metrics (only the first ones are listed above)" % path])

    def test_strict(self):
        path = self.path()
        rc, out, err = run("--strict", "--format", "json", path)
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 2, err)
        self.assertTrue(lines[0].startswith("cxkpi-report: %s:5: csat: 'abc'" % path), err)
        self.assertIn("--strict", lines[1])

    def test_strict_clean_input(self):
        report, err = self.json_of("--strict", SAMPLE)
        self.assertEqual(err, "")
        self.assertEqual(report["input"]["bad_rows"], 0)

    def test_unterminated_quote_line(self):
        path = write_temp(self, (HEADER + "\n" + '1,2026-01-05T09:00:00Z,,,low,ann,"open,4,,\n2,x\n').encode())
        rc, _, err = run(path)
        self.assertEqual(rc, 0)
        self.assertIn("%s:2: quoted field not closed" % path, err)


def blank_except(row, keep):
    """The row with every metric column but `keep` emptied (grouping columns stay)."""
    metric_cols = {"csat", "nps", "fcr", "created_at", "first_reply_at", "solved_at"}
    return {k: (v if k in keep or k not in metric_cols else "") for k, v in row.items()}


class UsageTest(ReportTest):
    def test_exit_codes(self):
        empty = write_temp(self, b"")
        header_only = write_temp(self, (HEADER + "\n").encode())
        cases = [
            (["--help"], 0), (["-h"], 0), (["--version"], 0),
            (["--bogus", SAMPLE], 2), (["--strict=1", SAMPLE], 2), (["-x", SAMPLE], 2), (["--format", "xml", SAMPLE], 2), (["--format"], 2),
            (["--csat-scale", "5-1", SAMPLE], 2), (["--csat-scale", "1-5", "--satisfied-min", "1", SAMPLE], 2),
            (["--confidence", "1", SAMPLE], 2), (["--confidence", "nan", SAMPLE], 2),
            (["--sla", "first_reply=soon", SAMPLE], 2), (["--now", "2026-13-01", SAMPLE], 2),
            (["--calendar", "/nonexistent/hours.txt", SAMPLE], 3), (["--max-errors", "-1", SAMPLE], 2),
            ([SAMPLE, SAMPLE], 2),
            (["/nonexistent/tickets.csv"], 3),
            ([empty], 1), (["--csat-col", "rating", SAMPLE], 1), (["--by", "region", SAMPLE], 1),
            ([header_only], 0), (["--nps-col=", SAMPLE], 0),
            (["--period", "year", SAMPLE], 2), (["--tz", "Nowhere/Atlantis", SAMPLE], 2),
            (["--tz", "+25:00", SAMPLE], 2), (["--time-format", "%Q", SAMPLE], 2), (["--time-format", "%Y-%Q", SAMPLE], 2),
            (["--time-format", "%Y%", SAMPLE], 2), (["--time-format=", SAMPLE], 2),
            (["--csat-map", "good", SAMPLE], 2), (["--preset", "helpscout", SAMPLE], 2),
(["--by", "agent,region", SAMPLE], 1), (["--format", "html", SAMPLE], 0),
        ]
        for args, want in cases:
            rc, out, err = run(*args)
            self.assertEqual(rc, want, f"{args}: {err}")
            if want == 2:
                self.assertIn("cxkpi-report:", err)
                self.assertEqual(out, "")

    def test_help_lists_options(self):
        _, out, _ = run("--help")
        for opt in ("--csat-col", "--csat-scale", "--satisfied-min", "--nps-col", "--fcr-col",
                    "--created-col", "--first-reply-col", "--solved-col", "--priority-col", "--by",
                    "--sla", "--now", "--calendar", "--format", "--strict", "--max-errors",
                    "--confidence", "--version"):
            self.assertIn(opt, out)

    def test_version(self):
        _, out, _ = run("--version")
        self.assertRegex(out, r"^cxkpi-report \d+\.\d+\.\d+\ninput formats: csv( [a-z]+)*\n$")

    def test_missing_default_columns_are_skipped(self):
        path = write_temp(self, b"agent,csat\nann,5\nbob,1\n")
        report, err = self.json_of(path)
        self.assertEqual(set(report["overall"]), {"tickets", "csat"})
        self.assertEqual(report["overall"]["csat"]["percent"], 50)  # 1 of 2 satisfied

    def test_empty_header_only(self):
        report, _ = self.json_of(write_temp(self, (HEADER + "\n").encode()))
        o = report["overall"]
        self.assertEqual(o["tickets"], 0)
        self.assertEqual(o["csat"], {"responses": 0, "satisfied": 0, "percent": None, "interval": None, "mean": None})
        self.assertEqual(report["now"], None)


if __name__ == "__main__":
    TOOL, SAMPLE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
