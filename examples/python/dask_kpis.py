#!/usr/bin/env python3
"""CSAT, NPS, FCR and handling-time quantiles per team and agent with Dask, across the
worker processes of a cluster -- and the same figures again, rolled up per team from the
per-agent states.

    python3 dask_kpis.py                          # a local cluster of 2 worker processes
    python3 dask_kpis.py --scheduler tcp://10.0.0.5:8786   # an existing cluster
    python3 dask_kpis.py --csv 'exports/tickets-*.csv'     # your rows (see below)

On a real multi-machine cluster: start ``dask scheduler`` on one machine and
``dask worker tcp://<scheduler-host>:8786`` on each worker machine, with the ``cxkpi``
package (and its C library) installed on every one of them, then pass the scheduler's
address with ``--scheduler``. Files must be readable by every worker (a shared file
system or object storage).

The rows need the columns ``team``, ``agent``, ``csat`` (1-5, empty when not answered),
``nps`` (0-10), ``resolved`` (0/1: resolved on first contact) and ``handle_seconds``.
Without ``--csv``, a synthetic table of ``--rows`` rows is made.

Every partial result travels between processes as the C library's serialized state
(bytes), and merges exactly: the figures are those one process computes over all rows.
"""
from __future__ import annotations

import argparse
from typing import List, Optional

import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

import cxkpi.dask as ckd


def synthetic(rows: int, partitions: int) -> dd.DataFrame:
    """A helpdesk-like table: 40 agents in 5 teams, some surveys unanswered."""
    rng = np.random.default_rng(2026)
    agent = rng.integers(0, 40, rows)
    csat = rng.choice([1, 2, 3, 4, 5], rows, p=[0.05, 0.07, 0.13, 0.35, 0.40]).astype(float)
    csat[rng.random(rows) < 0.6] = np.nan  # most customers skip the survey
    df = pd.DataFrame({
        "team": agent % 5,
        "agent": agent,
        "csat": csat,
        "nps": rng.choice(11, rows, p=[0.03] * 7 + [0.12, 0.14, 0.25, 0.28]),
        "resolved": rng.random(rows) < 0.72,
        "handle_seconds": rng.lognormal(np.log(360), 0.6, rows),
    })
    return dd.from_pandas(df, npartitions=partitions)


def report(ddf: dd.DataFrame) -> pd.DataFrame:
    """The KPI table per team and agent, plus each agent's states for the rollup."""
    table = ddf.groupby(["team", "agent"]).agg({
        "csat": [ckd.csat("n"), ckd.csat("percent"), ckd.csat("lo"), ckd.csat("hi"),
                 ckd.csat("state")],
        "nps": [ckd.nps("score"), ckd.nps("margin"), ckd.nps("state")],
        "resolved": [ckd.fcr("percent"), ckd.fcr("lo"), ckd.fcr("hi")],
        "handle_seconds": [ckd.duration("p50"), ckd.duration("p90"), ckd.duration("state")],
    }).compute()
    table.columns = ["csat_n", "csat", "csat_lo", "csat_hi", "csat_state", "nps",
                     "nps_margin", "nps_state", "fcr", "fcr_lo", "fcr_hi", "aht_p50",
                     "aht_p90", "aht_state"]
    return table.sort_index()


def rollup(per_agent: pd.DataFrame) -> pd.DataFrame:
    """Per team, from the stored per-agent states alone (no row is read again)."""
    states = dd.from_pandas(
        per_agent[["csat_state", "nps_state", "aht_state"]].reset_index(), npartitions=2)
    teams = states.groupby("team").agg({
        "csat_state": ckd.merged("csat", "percent"),
        "nps_state": ckd.merged("nps", "score"),
        "aht_state": ckd.merged("duration", "p90"),
    }).compute()
    teams.columns = ["csat", "nps", "aht_p90"]
    return teams.sort_index()


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheduler", help="address of a running scheduler (tcp://host:8786)")
    parser.add_argument("--csv", help="glob of CSV files with the columns described above")
    parser.add_argument("--rows", type=int, default=200_000, help="synthetic rows (default 200000)")
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args(argv)

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    try:
        ddf = dd.read_csv(args.csv) if args.csv else synthetic(args.rows, args.partitions)
        per_agent = report(ddf)
        pd.set_option("display.width", 160)
        pd.set_option("display.max_columns", 20)
        print(per_agent.drop(columns=["csat_state", "nps_state", "aht_state"]).round(1).head(10))
        print(f"... {len(per_agent)} agents; per team, rolled up from their states:")
        print(rollup(per_agent).round(1))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
