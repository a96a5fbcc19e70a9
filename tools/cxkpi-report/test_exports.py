#!/usr/bin/python3
"""Tests of cxkpi-report on exports as helpdesks write them: scores as decimals and labels,
"no answer" values, time formats and zones, durations given as numbers, SLA outcomes,
FCR from escalations, reopens and reply counts, handling time, several --by columns,
periods, presets, and the first-run suggestions.

Every expected figure is recomputed here with Python's csv, datetime, zoneinfo and
statistics modules, from the definitions (see test_report.py for the shared helpers).

Usage: test_exports.py PATH/TO/cxkpi-report PATH/TO/tickets.csv PATH/TO/presets/
"""
import csv
import datetime
import io
import math
import os
import statistics
import sys
import unittest
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_report as tr  # noqa: E402  (the shared definitions)
from test_report import ReportTest, expected, read_rows, ts, wilson, write_temp  # noqa: E402

PRESETS = None
UTC = datetime.timezone.utc


def epoch(dt):
    return math.floor(dt.timestamp())


def ratio(k, n):
    return {"percent": 100 * k / n if n else None, "interval": wilson(k, n) if n else None}


def sla_ratio(k, n):
    r = ratio(k, n)
    return {"compliance_percent": r["percent"], "interval": r["interval"], "met": k, "breached": n - k}


def quantile_ok(test, got, values, where):
    test.assertQuantiles(got, sorted(values), where)


class ScoreTest(ReportTest):
    def csat_of(self, rows, *args):
        path = write_temp(self, rows.encode())
        report, err = self.json_of(*args, path)
        return report, err

    def test_integral_decimals_and_no_answer(self):
        # 4.0 and 3.0 are scores 4 and 3; "n/a", "Offered", "unoffered" are no answer;
        # 4.5 is not a whole score and -1.0 is off the scale (both bad CSAT values).
        data = "csat,nps\n4.0,9.0\n2.0,\n5,10\nn/a,6.0\nOffered,\n,n/a\n4.5,7\n3.0,\n-1.0,\n"
        report, err = self.csat_of(data)
        scores = [4, 2, 5, 3]
        c = report["overall"]["csat"]
        self.assertEqual((c["responses"], c["satisfied"]), (4, 2))
        self.assertClose(c, dict(ratio(2, 4), mean=statistics.mean(scores)), "csat")
        self.assertEqual(report["input"]["bad_values"]["csat"]["count"], 2)
        self.assertEqual([e["line"] for e in report["input"]["bad_values"]["csat"]["examples"]], [8, 10])
        n = report["overall"]["nps"]  # 9, 10, 6, 7: 2 promoters, 1 detractor of 4
        self.assertEqual((n["responses"], n["promoters"], n["detractors"]), (4, 2, 1))
        self.assertEqual(n["score"], 25)

    def test_decimal_comma(self):
        data = 'csat\n"4,0"\n"2,0"\n5\n"3,5"\n4.0\n'
        report, _ = self.csat_of(data, "--decimal-comma")
        c = report["overall"]["csat"]
        # 4, 2, 5 counted; 3,5 is not whole; 4.0 is not a number with the decimal comma.
        self.assertEqual((c["responses"], c["satisfied"]), (3, 2))
        self.assertEqual(report["input"]["bad_values"]["csat"]["count"], 2)

    def test_good_bad_map(self):
        data = "Satisfaction\nGood\nbad\nGOOD\nOffered\nUnoffered\ngood\nmeh\n1\n"
        report, _ = self.csat_of(data, "--csat-col", "Satisfaction", "--csat-scale", "0-1",
                                 "--csat-map", "good=1,bad=0")
        c = report["overall"]["csat"]
        # good x3 + "1": 4 satisfied of 5 answers; "meh" is bad.
        self.assertEqual((c["responses"], c["satisfied"]), (5, 4))
        self.assertClose(c, ratio(4, 5), "good/bad")
        self.assertEqual(report["csat_scale"], {"min": 0, "max": 1, "satisfied_min": 1})
        self.assertEqual(report["input"]["bad_values"]["csat"]["count"], 1)

    def test_label_map_five_points(self):
        labels = {"very satisfied": 5, "satisfied": 4, "neutral": 3, "dissatisfied": 2,
                  "very dissatisfied": 1}
        answers = ["Very satisfied", "satisfied", "Neutral", "neutral", "Dissatisfied",
                   "very dissatisfied", "Very Satisfied", "n/a"]
        data = "csat\n" + "\n".join(answers) + "\n"
        spec = ",".join("%s=%d" % kv for kv in labels.items())
        report, _ = self.csat_of(data, "--csat-map", spec)
        scores = [labels[a.lower()] for a in answers if a != "n/a"]
        sat = sum(1 for s in scores if s >= 4)
        self.assertClose(report["overall"]["csat"],
                         dict(ratio(sat, len(scores)), responses=len(scores), satisfied=sat,
                              mean=statistics.mean(scores)), "labels")

    def test_custom_no_answer(self):
        data = "csat\n5\nskipped\n-\nn/a\n"
        report, _ = self.csat_of(data, "--no-answer", "skipped,-")
        # "n/a" is no longer a no-answer word: a bad value.
        self.assertEqual(report["overall"]["csat"]["responses"], 1)
        self.assertEqual(report["input"]["bad_values"]["csat"]["count"], 1)


class TimeTest(ReportTest):
    def durations(self, report):
        return report["overall"]["durations"]["first_reply"]

    def check_format(self, fmt, pairs, bad=0):
        rows = ["created_at,first_reply_at"] + ['"%s","%s"' % p for p in pairs]
        path = write_temp(self, ("\n".join(rows) + "\n").encode())
        report, _ = self.json_of("--time-format", fmt, "--sla", "first_reply=1h", path)
        secs = []
        for a, b in pairs:
            try:
                ta = datetime.datetime.strptime(a, fmt).replace(tzinfo=UTC)
                tb = datetime.datetime.strptime(b, fmt).replace(tzinfo=UTC)
            except ValueError:
                continue
            secs.append(epoch(tb) - epoch(ta))
        d = self.durations(report)
        self.assertEqual(d["count"], len(secs), fmt)
        self.assertClose(d["mean"], statistics.fmean(secs), fmt)
        quantile_ok(self, d, secs, fmt)
        met = sum(1 for s in secs if s <= 3600)
        sla = report["overall"]["sla"]["first_reply"]
        self.assertEqual((sla["met"], sla["breached"]), (met, len(secs) - met))
        self.assertEqual(report["input"]["bad_values"]["first_reply"]["count"], bad, fmt)

    def test_us_dates(self):
        self.check_format("%m/%d/%Y %H:%M", [("11/13/2020 10:00", "11/13/2020 10:45"),
                                              ("02/28/2024 23:30", "02/29/2024 01:00"),
                                              ("12/31/2020 23:59", "01/01/2021 00:10"),
                                              ("13/01/2020 10:00", "13/01/2020 11:00")], bad=1)

    def test_german_dates(self):
        self.check_format("%d.%m.%Y %H:%M:%S", [("13.11.2020 10:00:00", "13.11.2020 10:20:30"),
                                                 ("01.03.2021 08:00:05", "01.03.2021 11:00:00"),
                                                 ("31.04.2021 08:00:00", "31.04.2021 09:00:00")], bad=1)

    def test_twelve_hour_clock(self):
        self.check_format("%Y-%m-%d %I:%M %p", [("2020-11-13 11:50 AM", "2020-11-13 12:10 PM"),
                                                 ("2020-11-13 12:05 AM", "2020-11-13 01:30 AM"),
                                                 ("2020-11-13 11:00 PM", "2020-11-14 12:30 AM")])

    def test_iso_still_read_with_a_format(self):
        data = "created_at,first_reply_at\n11/13/2020 10:00,2020-11-13T10:30:00Z\n"
        report, _ = self.json_of("--time-format", "%m/%d/%Y %H:%M", write_temp(self, data.encode()))
        self.assertEqual(self.durations(report)["mean"], 1800)

    def test_unix_milliseconds(self):
        data = "created_at,first_reply_at\n1767225600123,1767229200999\n1767225600000,1767225660500\n"
        report, _ = self.json_of("--time-format", "unix-ms", write_temp(self, data.encode()))
        # floor(ms / 1000): 1767225600 -> 1767229200 (3600 s) and -> 1767225660 (60 s).
        d = self.durations(report)
        self.assertEqual(d["mean"], (3600 + 60) / 2)
        self.assertEqual(report["now"], "2026-01-01T01:00:00Z")

    def test_tz_dst(self):
        """Wall times in America/New_York around both 2026 changes, read as Python's zoneinfo
        reads them with fold=0 (an ambiguous time is its first occurrence, a skipped one
        takes the offset before the change)."""
        zone = zoneinfo.ZoneInfo("America/New_York")
        pairs = [("2026-03-08 01:30", "2026-03-08 03:30"),   # 1 h across spring-forward
                 ("2026-03-08 01:59", "2026-03-08 02:30"),   # 02:30 does not exist
                 ("2026-11-01 00:30", "2026-11-01 01:30"),   # 01:30 happens twice
                 ("2026-11-01 01:00", "2026-11-01 02:00"),
                 ("2026-07-01 12:00", "2026-07-01T16:30:00Z")]  # explicit zone wins
        rows = ["created_at,first_reply_at"] + ["%s,%s" % p for p in pairs]
        path = write_temp(self, ("\n".join(rows) + "\n").encode())
        report, _ = self.json_of("--tz", "America/New_York", "--sla", "first_reply=1h", path)

        def local(text):
            if text.endswith("Z"):
                return ts(text)
            return epoch(datetime.datetime.fromisoformat(text).replace(tzinfo=zone))
        secs = [local(b) - local(a) for a, b in pairs]
        self.assertEqual(secs[0], 3600)
        d = self.durations(report)
        self.assertEqual(d["count"], 5)
        self.assertClose(d["mean"], statistics.fmean(secs), "tz mean")
        quantile_ok(self, d, secs, "tz")
        self.assertEqual(report["now"], datetime.datetime.fromtimestamp(
            max(local(b) for _, b in pairs), UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def test_now_in_tz(self):
        data = "created_at,first_reply_at\n2026-01-05 09:00,\n"
        path = write_temp(self, data.encode())
        # Berlin is at UTC+01:00 in January: created 08:00Z, now 09:30 local = 08:30Z, so
        # the open ticket has waited 30 min (< 1 h): in progress (read as UTC, "now" would
        # be 09:30Z). At 10:30 local (09:30Z) it has waited 90 min: breached, still open.
        report, _ = self.json_of("--tz", "Europe/Berlin", "--now", "2026-01-05 09:30", path)
        self.assertEqual(report["now"], "2026-01-05T08:30:00Z")
        self.assertEqual(report["overall"]["sla"]["first_reply"]["in_progress"], 1)
        report, _ = self.json_of("--tz", "Europe/Berlin", "--now", "2026-01-05 10:30", path)
        self.assertEqual(report["overall"]["sla"]["first_reply"]["breached_open"], 1)
        report, _ = self.json_of("--time-format", "%d.%m.%Y %H:%M", "--now", "05.01.2026 10:30", path)
        self.assertEqual(report["now"], "2026-01-05T10:30:00Z")

    def test_tz_fixed_offset_and_periods(self):
        # 23:30 at UTC-05:00 on 2026-01-04 (a Sunday) is 04:30Z on Monday the 5th: the local
        # day, ISO week, month and quarter are those of the 4th.
        data = "created_at,csat\n2026-01-04 23:30,5\n2026-01-05 00:30,1\n2026-03-31 22:00,4\n"
        path = write_temp(self, data.encode())
        for period, want in (("day", ["2026-01-04", "2026-01-05", "2026-03-31"]),
                             ("week", ["2026-W01", "2026-W02", "2026-W14"]),
                             ("month", ["2026-01", "2026-03"]),
                             ("quarter", ["2026-Q1"])):
            report, _ = self.json_of("--tz", "-05:00", "--period", period, path)
            self.assertEqual([p["period"] for p in report["periods"]], want, period)
        report, _ = self.json_of("--period", "day", path)  # UTC
        self.assertEqual([p["period"] for p in report["periods"]],
                         ["2026-01-04", "2026-01-05", "2026-03-31"])
        report, _ = self.json_of("--tz", "Asia/Tokyo", "--period", "day", path)
        self.assertEqual([p["period"] for p in report["periods"]],
                         ["2026-01-04", "2026-01-05", "2026-03-31"])


class DurationColumnTest(ReportTest):
    def test_minutes_and_hours(self):
        data = ("created_at,frt_min,res_hours,priority\n"
                "2026-01-05T09:00:00Z,12.5,3,normal\n"
                "2026-01-05T10:00:00Z,75,30.25,normal\n"
                "2026-01-05T11:00:00Z,,,urgent\n"          # open: judged at --now
                "2026-01-05T12:00:00Z,0:45:00,,normal\n"   # H:MM:SS whatever the unit
                "2026-01-05T13:00:00Z,-5,2,normal\n")      # negative: bad first reply
        path = write_temp(self, data.encode())
        now = "2026-01-06T12:00:00Z"
        report, _ = self.json_of("--first-reply-col", "frt_min:minutes", "--solved-col", "res_hours:hours",
                                 "--sla", "first_reply=1h,resolution=24h,urgent:first_reply=15m",
                                 "--now", now, path)
        fr = [12.5 * 60, 75 * 60, 45 * 60]
        res = [3 * 3600, 30.25 * 3600, 2 * 3600]
        d = report["overall"]["durations"]
        self.assertClose(d["first_reply"]["mean"], statistics.fmean(fr), "fr")
        self.assertClose(d["resolution"]["mean"], statistics.fmean(res), "res")
        quantile_ok(self, d["resolution"], res, "res")
        sla = report["overall"]["sla"]
        # first reply: 750 s met, 4500 s breached, 2700 s met; the urgent ticket has no
        # reply and is open for 25 h > 15 min: breached (open).
        self.assertEqual((sla["first_reply"]["met"], sla["first_reply"]["breached"],
                          sla["first_reply"]["breached_open"]), (2, 2, 1))
        # resolution: 3 h met, 30.25 h breached, 2 h met; open: the urgent ticket (25 h since
        # creation > 24 h: breached) and the 12:00 one (24 h: within, in progress).
        self.assertEqual((sla["resolution"]["met"], sla["resolution"]["breached"],
                          sla["resolution"]["in_progress"]), (2, 2, 1))
        self.assertEqual(report["input"]["bad_values"]["first_reply"]["count"], 1)


class OutcomeTest(ReportTest):
    def test_sla_columns(self):
        data = ("First response status,Resolution status\n"
                "Within SLA,SLA Violated\nSLA Violated,Within SLA\nmet,met\nbreached,\n"
                ",Within SLA\nmaybe,Within SLA\n")
        path = write_temp(self, data.encode())
        report, _ = self.json_of("--sla-first-reply-col", "First response status",
                                 "--sla-resolution-col", "Resolution status", path)
        sla = report["overall"]["sla"]
        self.assertClose(sla["first_reply"], sla_ratio(2, 4), "fr")
        self.assertClose(sla["resolution"], sla_ratio(4, 5), "res")
        self.assertEqual(report["input"]["bad_values"]["first_reply"]["count"], 1)


class FcrAhtTest(ReportTest):
    def test_escalated_reopened(self):
        rows = [("1", "0", "0"), ("0", "1", "0"), ("0", "0", "2"), ("1", "0", "0"),
                ("0", "yes", "1"), ("1", "1", "0"), ("", "1", "0")]
        data = "fcr,escalated,reopened\n" + "\n".join(",".join(r) for r in rows) + "\n"
        report, _ = self.json_of(write_temp(self, data.encode()))
        # Row 6 says resolved on first contact and escalated: contradictory, a bad FCR value.
        # Row 7 has no FCR answer: not counted. Issues: rows 1-5.
        good = rows[:5]
        n = len(good)
        res = sum(1 for r in good if r[0] == "1")
        esc = sum(1 for r in good if r[1] in ("1", "yes"))
        reo = sum(1 for r in good if r[2] not in ("0", ""))
        f = report["overall"]["fcr"]
        self.assertEqual(f["source"], "column")
        self.assertClose(f, dict(ratio(res, n), responses=n, resolved=res), "fcr")
        self.assertClose(f["escalation"], dict(ratio(esc, n), escalated=esc), "esc")
        self.assertClose(f["reopen"], dict(ratio(reo, n), reopened=reo), "reopen")
        self.assertEqual(report["input"]["bad_values"]["fcr"]["count"], 1)

    def test_net_fcr(self):
        rows = [("1", "0"), ("0", "1"), ("0", "0"), ("1", "no"), ("0", "yes"), ("1", "1")]
        data = "fcr,excluded\n" + "\n".join(",".join(r) for r in rows) + "\n"
        report, _ = self.json_of(write_temp(self, data.encode()))
        # Row 6 is resolved and excluded: contradictory (bad). Issues: rows 1-5, of which
        # rows 2 and 5 are excluded; resolved: rows 1 and 4. Net FCR = 2 / (5 - 2).
        f = report["overall"]["fcr"]
        self.assertClose(f, dict(ratio(2, 5), responses=5, resolved=2), "gross")
        self.assertClose(f["net"], dict(ratio(2, 3), issues=3, resolved=2), "net")
        self.assertEqual(report["input"]["bad_values"]["fcr"]["count"], 1)

    def test_one_touch_from_replies(self):
        rows = [  # replies, reopens, solved
            ("1", "0", "2026-01-05T10:00:00Z"), ("0", "0", "2026-01-05T10:00:00Z"),
            ("2", "0", "2026-01-05T10:00:00Z"), ("1", "1", "2026-01-05T10:00:00Z"),
            ("1", "0", ""), ("3", "0", "2026-01-05T10:00:00Z"), ("x", "0", "2026-01-05T10:00:00Z")]
        data = "created_at,Replies,Reopens,solved_at\n" + "\n".join(
            "2026-01-05T09:00:00Z," + ",".join(r) for r in rows) + "\n"
        report, _ = self.json_of("--replies-col", "Replies", "--reopened-col", "Reopens",
                                 write_temp(self, data.encode()))
        # Issues: solved rows with a reply count (1, 2, 3, 4, 6); one-touch: at most one
        # reply and not reopened: rows 1 and 2.
        f = report["overall"]["fcr"]
        self.assertEqual(f["source"], "replies")
        self.assertClose(f, dict(ratio(2, 5), responses=5, resolved=2), "one-touch")
        self.assertClose(f["reopen"], dict(ratio(1, 5), reopened=1), "reopen")
        self.assertEqual(report["input"]["bad_values"]["fcr"]["count"], 1)

    def test_aht(self):
        rows = [("300", "30", "60"), ("0:04:00", "", "0:01:30"), ("120", "0", "0"),
                ("", "", ""), ("90", "-1", "10"), ("1:00:00", "600", "300")]
        data = "agent,talk,hold,wrap\n" + "\n".join("a," + ",".join(r) for r in rows) + "\n"
        report, _ = self.json_of("--talk-col", "talk", "--hold-col", "hold", "--acw-col", "wrap",
                                 write_temp(self, data.encode()))

        def secs(x):
            if not x:
                return 0
            if ":" in x:
                h, m, s = x.split(":")
                return int(h) * 3600 + int(m) * 60 + int(s)
            return float(x)
        good = [r for r in rows if any(r) and r[1] != "-1"]  # row 4 empty, row 5 bad
        talk = [secs(r[0]) for r in good]
        hold = [secs(r[1]) for r in good]
        acw = [secs(r[2]) for r in good]
        total = [a + b + c for a, b, c in zip(talk, hold, acw)]
        a = report["overall"]["aht"]
        self.assertEqual(a["contacts"], len(good))
        for key, vals in (("talk", talk), ("hold", hold), ("acw", acw), ("total", total)):
            self.assertClose(a[key]["mean"], statistics.fmean(vals), key)
            nonzero = [v for v in vals]
            quantile_ok(self, a[key], nonzero, key)
        self.assertEqual(report["input"]["bad_values"]["aht"]["count"], 1)
        # minutes as the unit of the talk column
        report, _ = self.json_of("--talk-col", "talk:minutes", "--hold-col=", "--acw-col=",
                                 write_temp(self, b"talk\n1.5\n3\n"))
        self.assertEqual(report["overall"]["aht"]["total"]["mean"], 135)


class GroupingTest(ReportTest):
    def test_by_two_columns(self):
        rows = read_rows(tr.SAMPLE)
        report, _ = self.json_of("--by", "team,priority", tr.SAMPLE)
        self.assertEqual(report["by_columns"], ["team", "priority"])
        keys = sorted({(r["team"], r["priority"]) for r in rows},
                      key=lambda k: k[0].encode() + b"\x1f" + k[1].encode())
        self.assertEqual([g["keys"] for g in report["groups"]], [list(k) for k in keys])
        self.assertEqual([g["group"] for g in report["groups"]], ["%s / %s" % k for k in keys])
        now = ts(report["now"])
        for g, k in zip(report["groups"], keys):
            sub = [r for r in rows if (r["team"], r["priority"]) == k]
            self.assertClose(g, expected(sub, now=now)["overall"], "group %s" % (k,))
        self.check_report(dict(report, groups=[]), expected(rows))

    def period_of(self, text, period):
        d = datetime.datetime.fromtimestamp(ts(text), UTC).date()
        if period == "day":
            return d.isoformat()
        if period == "week":
            y, w, _ = d.isocalendar()
            return "%04d-W%02d" % (y, w)
        if period == "month":
            return "%04d-%02d" % (d.year, d.month)
        return "%04d-Q%d" % (d.year, (d.month - 1) // 3 + 1)

    def test_periods(self):
        rows = read_rows(tr.SAMPLE)
        for period in ("week", "month", "quarter"):
            report, _ = self.json_of("--period", period, tr.SAMPLE)
            now = ts(report["now"])
            keys = sorted({self.period_of(r["created_at"], period) for r in rows})
            self.assertEqual([p["period"] for p in report["periods"]], keys, period)
            self.assertEqual(report["groups"], [])
            for p in report["periods"]:
                sub = [r for r in rows if self.period_of(r["created_at"], period) == p["period"]]
                self.assertClose(p, expected(sub, now=now)["overall"], "%s %s" % (period, p["period"]))

    def test_group_per_period(self):
        rows = read_rows(tr.SAMPLE)
        report, _ = self.json_of("--by", "channel", "--period", "month", tr.SAMPLE)
        now = ts(report["now"])
        cells = sorted({(r["channel"], self.period_of(r["created_at"], "month")) for r in rows},
                       key=lambda k: (k[0].encode(), k[1]))
        self.assertEqual([(c["group"], c["period"]) for c in report["group_periods"]], cells)
        for c in report["group_periods"]:
            sub = [r for r in rows if (r["channel"], self.period_of(r["created_at"], "month")) ==
                   (c["group"], c["period"])]
            self.assertClose(c, expected(sub, now=now)["overall"], "cell %s %s" % (c["group"], c["period"]))
        self.assertEqual(len(report["groups"]), len({r["channel"] for r in rows}))
        rc, out, _ = tr.run("--by", "channel", "--period", "month", "--format", "csv", tr.SAMPLE)
        levels = {r["level"] for r in csv.DictReader(io.StringIO(out, newline=""))}
        self.assertEqual(levels, {"overall", "group", "period", "group_period"})


class FirstRunTest(ReportTest):
    def test_no_kpi_column_suggests(self):
        data = ("Ticket ID,Subject,Created time,First response time (in hrs),Resolution time (in hrs),"
                "Agent interactions,Survey results,Group\n1,a,2026-01-05 10:00:00,1.5,3,2,Awesome,g\n")
        rc, out, err = tr.run(write_temp(self, data.encode()))
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertIn("no KPI column found", err)
        self.assertIn("'Ticket ID'", err)
        self.assertIn("try --first-reply-col 'First response time (in hrs):hours'", err)
        self.assertIn("try --solved-col 'Resolution time (in hrs):hours'", err)
        self.assertIn("try --created-col 'Created time'", err)
        self.assertIn("try --csat-col 'Survey results'", err)
        self.assertIn("try --replies-col 'Agent interactions'", err)
        self.assertIn("try --preset freshdesk", err)

    def test_nothing_close(self):
        rc, _, err = tr.run(write_temp(self, b"a,b\n1,2\n"))
        self.assertEqual(rc, 1)
        self.assertIn("--csat-col", err)


class PresetTest(ReportTest):
    """One small fixture per preset, written with the helpdesk's column names, labels and
    time format; the figures are recomputed from the fixture here."""

    def fixture(self, name):
        return os.path.join(PRESETS, name + ".csv")

    def rows(self, name):
        with open(self.fixture(name), newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    def test_zendesk(self):
        rows = self.rows("zendesk")
        report, err = self.json_of("--preset", "zendesk", "--by", "Group", self.fixture("zendesk"))
        self.assertEqual(report["preset"], "zendesk")
        answers = [r["Satisfaction Score"].strip().lower() for r in rows]
        rated = [a for a in answers if a in ("good", "bad")]
        good = rated.count("good")
        self.assertClose(report["overall"]["csat"], dict(ratio(good, len(rated)), responses=len(rated),
                                                         satisfied=good), "zendesk csat")
        fr = [float(r["First reply time in minutes"]) * 60 for r in rows if r["First reply time in minutes"]]
        self.assertClose(report["overall"]["durations"]["first_reply"]["mean"], statistics.fmean(fr), "frt")
        solved = [r for r in rows if r["Full resolution time in minutes"]]
        one_touch = sum(1 for r in solved if int(r["Replies"]) <= 1 and int(r["Reopens"]) == 0)
        self.assertClose(report["overall"]["fcr"], dict(ratio(one_touch, len(solved)), resolved=one_touch,
                                                        responses=len(solved)), "one-touch")
        reopened = sum(1 for r in solved if int(r["Reopens"]) > 0)
        self.assertEqual(report["overall"]["fcr"]["reopen"]["reopened"], reopened)
        self.assertEqual([g["group"] for g in report["groups"]], sorted({r["Group"] for r in rows}))
        self.assertEqual(sum(b["count"] for b in report["input"]["bad_values"].values()), 0, err)

    def test_freshdesk(self):
        rows = self.rows("freshdesk")
        report, err = self.json_of("--preset", "freshdesk", self.fixture("freshdesk"))
        # The seven labels of Freshdesk's satisfaction scale on 1-7 (and the three of its
        # classic survey on the same scale); satisfied: the top two.
        labels = {"extremely happy": 7, "very happy": 6, "happy": 5, "neutral": 4, "unhappy": 3,
                  "very unhappy": 2, "extremely unhappy": 1, "awesome": 7, "just okay": 4, "not good": 1}
        scores = [labels[r["Survey results"].strip().lower()] for r in rows if r["Survey results"].strip()]
        sat = sum(1 for s in scores if s >= 6)
        self.assertClose(report["overall"]["csat"], dict(ratio(sat, len(scores)), responses=len(scores),
                                                         satisfied=sat, mean=statistics.mean(scores)), "fd csat")
        st = [r["First response status"] for r in rows if r["First response status"]]
        met = sum(1 for s in st if s == "Within SLA")
        self.assertClose(report["overall"]["sla"]["first_reply"], sla_ratio(met, len(st)), "fd sla")
        hrs = [float(r["Resolution time (in hrs)"]) * 3600 for r in rows if r["Resolution time (in hrs)"]]
        self.assertClose(report["overall"]["durations"]["resolution"]["mean"], statistics.fmean(hrs), "fd res")
        self.assertEqual(sum(b["count"] for b in report["input"]["bad_values"].values()), 0, err)

    def test_zammad(self):
        rows = self.rows("zammad")
        report, err = self.json_of("--preset", "zammad", "--by", "group", "--period", "month",
                                   self.fixture("zammad"))

        def t(x):
            return epoch(datetime.datetime.strptime(x, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC))
        fr = [t(r["first_response_at"]) - t(r["created_at"]) for r in rows if r["first_response_at"]]
        self.assertClose(report["overall"]["durations"]["first_reply"]["mean"], statistics.fmean(fr), "zammad")
        res = [t(r["close_at"]) - t(r["created_at"]) for r in rows if r["close_at"]]
        self.assertClose(report["overall"]["durations"]["resolution"]["mean"], statistics.fmean(res), "zammad")
        months = sorted({r["created_at"][:7] for r in rows})
        self.assertEqual([p["period"] for p in report["periods"]], months)
        self.assertEqual(sum(b["count"] for b in report["input"]["bad_values"].values()), 0, err)

    def test_chatwoot(self):
        rows = self.rows("chatwoot")
        report, err = self.json_of("--preset", "chatwoot", "--by", "Assigned agent", self.fixture("chatwoot"))
        scores = [int(r["Rating"]) for r in rows]
        sat = sum(1 for s in scores if s >= 4)
        self.assertClose(report["overall"]["csat"], dict(ratio(sat, len(scores)), responses=len(scores),
                                                         satisfied=sat, mean=statistics.mean(scores)), "cw")
        self.assertEqual(len(report["groups"]), len({r["Assigned agent"] for r in rows}))
        self.assertEqual(sum(b["count"] for b in report["input"]["bad_values"].values()), 0, err)

    def test_option_beats_preset(self):
        report, _ = self.json_of("--csat-col", "", "--preset", "chatwoot", "--nps-col", "Rating",
                                 self.fixture("chatwoot"))
        self.assertNotIn("csat", report["overall"])
        self.assertIn("nps", report["overall"])


if __name__ == "__main__":
    tr.TOOL, tr.SAMPLE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    PRESETS = os.path.abspath(sys.argv[3])
    unittest.main(argv=[sys.argv[0], "-v"])
