"""cxkpi.dask on a real distributed cluster: a LocalCluster of 2 worker processes (the
states cross process boundaries as bytes), figures equal to one process over all rows."""
from __future__ import annotations

import os
import unittest

try:
    import numpy as np
    import pandas as pd
    import dask.dataframe as dd
    from distributed import Client, LocalCluster
except ImportError:  # pragma: no cover - dask is optional
    dd = None

import cxkpi


@unittest.skipIf(dd is None, "dask / distributed are not installed (optional)")
@unittest.skipIf("asan" in os.environ.get("LD_PRELOAD", ""),
                 "worker processes under AddressSanitizer: slow; run in the other suites")
class OnALocalCluster(unittest.TestCase):
    cluster = None
    client = None

    @classmethod
    def setUpClass(cls) -> None:
        # Worker processes inherit the environment (CXKPI_LIBRARY, PYTHONPATH).
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.client is not None:
            cls.client.close()
        if cls.cluster is not None:
            cls.cluster.close()

    def setUp(self) -> None:
        import cxkpi.dask
        import cxkpi.pandas
        self.ckd, self.cp = cxkpi.dask, cxkpi.pandas
        rng = np.random.default_rng(5)
        n = 30000
        df = pd.DataFrame({"team": rng.integers(0, 4, n), "agent": rng.integers(0, 25, n),
                           "csat": rng.integers(1, 6, n).astype(np.float64),
                           "nps": rng.integers(0, 11, n), "resolved": rng.random(n) < 0.7,
                           "wait": rng.lognormal(5, 1.5, n)})
        df.loc[df.index % 9 == 0, "csat"] = np.nan  # gaps
        df["team"] = df.agent % 4
        self.df = df
        self.ddf = dd.from_pandas(df, npartitions=6)

    def test_workers_are_processes(self) -> None:
        pids = self.client.run(os.getpid)
        self.assertEqual(len(pids), 2)
        self.assertNotIn(os.getpid(), pids.values())

    def test_figures_equal_one_process(self) -> None:
        ckd = self.ckd
        got = self.ddf.groupby("agent").agg({
            "csat": [ckd.csat("n"), ckd.csat("percent"), ckd.csat("lo"), ckd.csat("hi")],
            "nps": [ckd.nps("n"), ckd.nps("score"), ckd.nps("margin")],
            "resolved": [ckd.fcr("n"), ckd.fcr("percent")],
            "wait": [ckd.duration("n"), ckd.duration("p50"), ckd.duration("p90"),
                     ckd.duration("p99"), ckd.duration("mean")],
        }).compute().sort_index()
        ref = self.cp.kpi_table(self.df, by="agent", csat="csat", nps="nps", fcr="resolved",
                                durations="wait", quantiles=(0.5, 0.9, 0.99))
        self.assertEqual(list(got.index), list(ref.index))
        exact = {("csat", "csat_n"): "csat_n", ("csat", "csat_percent"): "csat_percent",
                 ("csat", "csat_lo"): "csat_lo", ("csat", "csat_hi"): "csat_hi",
                 ("nps", "nps_n"): "nps_n", ("nps", "nps_score"): "nps",
                 ("nps", "nps_margin"): "nps_margin",
                 ("resolved", "fcr_n"): "fcr_n", ("resolved", "fcr_percent"): "fcr_percent",
                 ("wait", "duration_n"): "wait_n", ("wait", "duration_p50"): "wait_p50",
                 ("wait", "duration_p90"): "wait_p90", ("wait", "duration_p99"): "wait_p99"}
        for column, ref_column in exact.items():
            with self.subTest(column=column):
                self.assertEqual(list(got[column]), list(ref[ref_column]))
        # the mean of merged partial sums: equal up to summation order
        np.testing.assert_allclose(got[("wait", "duration_mean")], ref.wait_mean, rtol=1e-12)
        # and the counts are pandas' own
        self.assertEqual(list(got[("nps", "nps_n")]), list(self.df.groupby("agent").size()))

    def test_kpi_table_equals_one_process(self) -> None:
        got = self.ckd.kpi_table(self.ddf, by=["team", "agent"], csat="csat", nps="nps",
                                 fcr="resolved", durations="wait", quantiles=(0.5, 0.99))
        ref = self.cp.kpi_table(self.df, by=["team", "agent"], csat="csat", nps="nps",
                                fcr="resolved", durations="wait", quantiles=(0.5, 0.99))
        self.assertEqual(list(got.index), list(ref.index))
        for column in got.columns:
            with self.subTest(column=column):
                if column == "wait_mean":  # merged partial sums: summation order
                    np.testing.assert_allclose(got[column], ref[column], rtol=1e-12)
                else:
                    self.assertEqual(list(got[column]), list(ref[column]))
        self.assertIn("csat_percent", got.columns)
        self.assertIn("wait_p99", got.columns)

    def test_states_roll_up(self) -> None:
        ckd = self.ckd
        per_agent = self.ddf.groupby(["team", "agent"]).agg(
            {"nps": ckd.nps("state"), "wait": ckd.duration("state")}).reset_index()
        states = dd.from_pandas(per_agent.compute(), npartitions=3)
        by_team = states.groupby("team").agg(
            {"nps": ckd.merged("nps", "score"), "wait": ckd.merged("duration", "p90")}
        ).compute().sort_index()
        ref = self.cp.kpi_table(self.df, by="team", nps="nps", durations="wait")
        self.assertEqual(list(by_team.nps), list(ref.nps))
        self.assertEqual(list(by_team.wait), list(ref.wait_p90))

    def test_example(self) -> None:
        # examples/python/dask_kpis.py on this cluster: its per-team rollup from per-agent
        # states equals one process over all the rows
        import importlib.util
        root = os.environ.get("CXKPI_SOURCE_ROOT")
        if not root:
            self.skipTest("CXKPI_SOURCE_ROOT is not set")
        spec = importlib.util.spec_from_file_location(
            "dask_kpis", os.path.join(root, "examples", "python", "dask_kpis.py"))
        assert spec is not None and spec.loader is not None
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
        ddf = example.synthetic(20000, 5)
        per_agent = example.report(ddf)
        teams = example.rollup(per_agent)
        ref = self.cp.kpi_table(ddf.compute(), by="team", csat="csat", nps="nps",
                                durations="handle_seconds")
        self.assertEqual(list(teams.csat), list(ref.csat_percent))
        self.assertEqual(list(teams.nps), list(ref.nps))
        self.assertEqual(list(teams.aht_p90), list(ref.handle_seconds_p90))
        self.assertEqual(int(per_agent.csat_n.sum()), int(ref.csat_n.sum()))

    def test_bad_scores_raise_the_library_error(self) -> None:
        bad = self.df.assign(csat=self.df.csat.fillna(4.5))
        with self.assertRaises(cxkpi.RangeError):
            dd.from_pandas(bad, npartitions=2).groupby("agent").agg(
                {"csat": self.ckd.csat()}).compute()

    def test_unknown_figure(self) -> None:
        with self.assertRaises(ValueError):
            self.ckd.csat("median")
        with self.assertRaises(cxkpi.InvalidArgumentError):
            self.ckd.csat(scale_min=5, scale_max=1)


if __name__ == "__main__":
    unittest.main()
