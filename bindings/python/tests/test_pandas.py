"""cxkpi.pandas: KPI tables per group, checked against figures worked out by hand and
against pandas' own group-by on the same rows."""
from __future__ import annotations

import math
import unittest

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - pandas is optional
    pd = None

import cxkpi

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson(k: int, n: int, z: float = Z95) -> tuple:
    """Wilson score interval in percent, written out from its formula."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (100 * (centre - half) / (1 + z * z / n), 100 * (centre + half) / (1 + z * z / n))


@unittest.skipIf(pd is None, "pandas is not installed (optional)")
class KpiTable(unittest.TestCase):
    def setUp(self) -> None:
        import cxkpi.pandas
        self.cp = cxkpi.pandas

    def test_by_hand(self) -> None:
        df = pd.DataFrame({
            "agent": ["b", "a", "a", "b", "b", "a", None],
            "csat": [2, 5, 4, None, 5, 1, 5],
            "nps": [0, 10, 9, 7, 8, 10, 10],
            "resolved": [True, False, True, True, False, True, True],
            "aht": [30.0, 10.0, 20.0, 40.0, np.nan, 60.0, 1.0],
        })
        t = self.cp.kpi_table(df, by="agent", csat="csat", nps="nps", fcr="resolved",
                              durations="aht")
        self.assertEqual(list(t.index), ["a", "b"])  # the row without an agent is left out
        a, b = t.loc["a"], t.loc["b"]
        # CSAT a: 5, 4, 1 -> 2 of 3; b: 2, (gap), 5 -> 1 of 2
        self.assertEqual((a.csat_n, a.csat_skipped, b.csat_n, b.csat_skipped), (3, 0, 2, 1))
        self.assertAlmostEqual(a.csat_percent, 200 / 3, places=12)
        self.assertEqual(b.csat_percent, 50.0)
        self.assertAlmostEqual(a.csat_mean, 10 / 3, places=12)
        lo, hi = wilson(2, 3)
        self.assertAlmostEqual(a.csat_lo, lo, places=9)
        self.assertAlmostEqual(a.csat_hi, hi, places=9)
        # NPS a: 10, 9, 10 -> 100; b: 0, 7, 8 -> (0 - 1) / 3 = -33.3
        self.assertEqual(a.nps, 100.0)
        self.assertAlmostEqual(b.nps, -100 / 3, places=12)
        # margin b: p = 0, d = 1/3: variance = 1/3 - 1/9 = 2/9, se = 100 sqrt(2/27)
        se = 100 * math.sqrt((1 / 3 - 1 / 9) / 3)
        self.assertAlmostEqual(b.nps_margin, Z95 * se, places=9)
        self.assertAlmostEqual(b.nps_lo, -100 / 3 - Z95 * se, places=9)
        # FCR a: F, T, T -> 2 of 3; b: T, T, F -> 2 of 3
        self.assertEqual((a.fcr_n, b.fcr_n), (3, 3))
        self.assertAlmostEqual(a.fcr_percent, 200 / 3, places=12)
        # durations a: 10, 20, 60 -> mean 30, median (rank 1) 20; b: 30, 40 (NaN left out)
        self.assertEqual((a.aht_n, b.aht_n), (3, 2))
        self.assertEqual(a.aht_mean, 30.0)
        self.assertLessEqual(abs(a.aht_p50 - 20.0), 0.01 * 20.0)
        self.assertEqual(b.aht_mean, 35.0)

    def test_gaps_int64_nullable_and_clean_int32_agree(self) -> None:
        rng = np.random.default_rng(7)
        n = 5000
        agents = rng.integers(0, 40, n)
        scores = rng.integers(0, 11, n)
        gap = rng.random(n) < 0.15
        with_gaps = scores.astype(np.float64)
        with_gaps[gap] = np.nan
        frames = {
            "float64 with NaN": pd.DataFrame({"agent": agents, "s": with_gaps}),
            "nullable Int64": pd.DataFrame({"agent": agents,
                                            "s": pd.array(np.where(gap, None, scores),
                                                          dtype="Int64")}),
            "int64, gaps dropped": pd.DataFrame({"agent": agents[~gap],
                                                 "s": scores[~gap].astype(np.int64)}),
        }
        clean = pd.DataFrame({"agent": agents[~gap], "s": scores[~gap].astype(np.int32)})
        figures = ["csat_n", "csat_percent", "csat_lo", "csat_hi", "csat_mean", "nps_n", "nps",
                   "nps_margin"]
        expected = self.cp.kpi_table(clean, by="agent", csat="s", csat_scale=(0, 10, 9),
                                     nps="s")[figures]
        for name, df in frames.items():
            with self.subTest(column=name):
                got = self.cp.kpi_table(df, by="agent", csat="s", csat_scale=(0, 10, 9),
                                        nps="s")[figures]
                pd.testing.assert_frame_equal(got, expected, check_exact=True)
        # and the counts are pandas' own
        counts = clean.groupby("agent").size()
        self.assertEqual(list(expected.csat_n), list(counts))

    def test_against_pandas_groupby(self) -> None:
        rng = np.random.default_rng(3)
        n = 20000
        df = pd.DataFrame({"team": rng.integers(0, 5, n), "agent": rng.integers(0, 12, n),
                           "csat": rng.integers(1, 6, n), "resolved": rng.random(n) < 0.7,
                           "wait": rng.lognormal(5, 1.5, n)})
        t = self.cp.kpi_table(df, by=["team", "agent"], csat="csat", fcr="resolved",
                              durations="wait", quantiles=(0.5, 0.9, 0.99))
        g = df.groupby(["team", "agent"])
        self.assertEqual(list(t.index), list(g.size().index))
        self.assertEqual(list(t.csat_n), list(g.size()))
        sat = (df.csat >= 4).groupby([df.team, df.agent]).sum()
        np.testing.assert_allclose(t.csat_percent, 100 * sat / g.size(), rtol=1e-13)
        np.testing.assert_allclose(t.fcr_percent, 100 * g.resolved.mean(), rtol=1e-13)
        for q in (0.5, 0.9, 0.99):
            exact = g.wait.quantile(q, interpolation="lower")
            got = t[f"wait_p{q * 100:g}"]
            self.assertTrue(((got - exact).abs() <= 0.01 * exact).all(), q)
        np.testing.assert_allclose(t.wait_mean, g.wait.mean(), rtol=1e-12)

    def test_period(self) -> None:
        df = pd.DataFrame({
            "agent": ["a", "a", "a", "b"],
            "at": pd.to_datetime(["2026-01-05", "2026-01-30", "2026-02-01", "2026-01-09"]),
            "csat": [5, 1, 4, 4],
        })
        t = self.cp.kpi_table(df, by="agent", time="at", period="M", csat="csat")
        self.assertEqual([(a, str(p)) for a, p in t.index],
                         [("a", "2026-01"), ("a", "2026-02"), ("b", "2026-01")])
        self.assertEqual(list(t.csat_n), [2, 1, 1])
        self.assertEqual(list(t.csat_percent), [50.0, 100.0, 100.0])
        with self.assertRaises(ValueError):
            self.cp.kpi_table(df, by="agent", period="M", csat="csat")

    def test_fcr_parts_and_empty_groups(self) -> None:
        df = pd.DataFrame({
            "agent": ["a", "a", "a", "b"],
            "fcr": [True, False, False, False],
            "esc": [False, True, False, False],
            "excl": [False, False, True, True],
            "csat": [np.nan, np.nan, np.nan, 4.0],
        })
        t = self.cp.kpi_table(df, by="agent", csat="csat",
                              fcr={"resolved": "fcr", "escalated": "esc", "excluded": "excl"})
        a, b = t.loc["a"], t.loc["b"]
        # a: 1 resolved of 3, 1 excluded -> net 1 of 2; escalation 1 of 3
        self.assertAlmostEqual(a.fcr_percent, 100 / 3, places=12)
        self.assertEqual(a.fcr_net_percent, 50.0)
        self.assertAlmostEqual(a.fcr_escalation_percent, 100 / 3, places=12)
        # b: its only issue is excluded: net FCR has no issue left -> NaN
        self.assertTrue(math.isnan(b.fcr_net_percent))
        # a has no CSAT answer at all: n 0, figures NaN, 3 skipped
        self.assertEqual((a.csat_n, a.csat_skipped), (0, 3))
        self.assertTrue(math.isnan(a.csat_percent) and math.isnan(a.csat_lo))

    def test_bad_values_name_the_column(self) -> None:
        df = pd.DataFrame({"agent": [1, 1, 2], "csat": [4, 6, 5], "nps": [4.5, 1, 1],
                           "aht": [1.0, -2.0, 3.0]})
        for kwargs, column in (({"csat": "csat"}, "csat"), ({"nps": "nps"}, "nps"),
                               ({"durations": "aht"}, "aht")):
            with self.subTest(column=column):
                with self.assertRaises(cxkpi.RangeError) as cm:
                    self.cp.kpi_table(df, by="agent", **kwargs)
                self.assertIn(repr(column), str(cm.exception))

    def test_states_roll_up(self) -> None:
        rng = np.random.default_rng(11)
        n = 3000
        df = pd.DataFrame({"team": rng.integers(0, 3, n), "agent": rng.integers(0, 30, n),
                           "nps": rng.integers(0, 11, n), "wait": rng.exponential(60, n)})
        df["team"] = df.agent % 3  # each agent in one team
        by_agent = self.cp.kpi_table(df, by=["team", "agent"], nps="nps", durations="wait",
                                     states=True)
        by_team = self.cp.kpi_table(df, by="team", nps="nps", durations="wait", states=True)
        rolled = self.cp.states_table(by_agent.reset_index(), "nps", "nps_state", "team")
        for team, state in rolled.items():
            merged = cxkpi.Nps.from_bytes(state)
            self.assertEqual(merged, cxkpi.Nps.from_bytes(by_team.loc[team, "nps_state"]))
            self.assertEqual(merged.score, by_team.loc[team, "nps"])
        rolled = self.cp.states_table(by_agent.reset_index(), "duration", "wait_state", "team")
        for team, state in rolled.items():
            d = cxkpi.Duration.from_bytes(state)
            self.assertEqual(d.count, by_team.loc[team, "wait_n"])
            self.assertEqual(d.quantile(0.9), by_team.loc[team, "wait_p90"])  # sketches merge exactly


if __name__ == "__main__":
    unittest.main()
