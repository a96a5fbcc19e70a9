#!/usr/bin/python3
"""Benchmark of the cxkpi PostgreSQL extension (not run in CI).

Starts its own throw-away PostgreSQL 15 server (pg_virtualenv, in a temporary directory,
on 127.0.0.1), fills a table of --rows ticket rows, and times, with 0 and 2 parallel
workers (median of --runs runs after a warm-up run):

  - NPS and CSAT: cxkpi's aggregates against the plain SQL count(*) FILTER expressions;
  - duration p50/p90/p99: cxkpi against percentile_cont, percentile_disc and the tdigest
    extension, with each answer's relative error against the exact quantile of rank
    floor(q (n - 1));
  - a year of daily per-agent states merged, against the raw aggregate;
  - state sizes.

Needs the extension installed (make -C bindings/postgresql install) and the Debian
packages postgresql-15, postgresql-common and postgresql-15-tdigest
(scripts/deps.sh bench). Usage, from the top of the tree:

  /usr/bin/python3 bench/pg_bench.py [--rows 10000000] [--runs 5]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

QS = (0.5, 0.9, 0.99)


def psql(sql, timing=False):
    """Runs sql through psql; returns (rows as lists of fields, [milliseconds of each
    statement] when timing)."""
    script = ("\\timing on\n" if timing else "") + sql
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1"],
                         input=script, capture_output=True, text=True, check=True).stdout
    rows, times = [], []
    for line in out.splitlines():
        m = re.match(r"^Time: ([0-9.]+) ms", line)
        if m:
            times.append(float(m.group(1)))
        elif line:
            rows.append(line.split("|"))
    return rows, times


def timed(query, workers, runs, jit=True):
    """Median wall time (ms) of a query over runs runs after one warm-up, and its result."""
    setup = f"SET max_parallel_workers_per_gather = {workers}; SET jit = {'on' if jit else 'off'};\n"
    rows, times = psql(setup + (query + ";\n") * (runs + 1), timing=True)
    times = times[-(runs + 1):][1:]  # drop the SETs and the warm-up run
    return statistics.median(times), rows[0]


def window(runs):
    """A sliding window of 1000 rows over 20000 rows: the aggregates' moving-aggregate mode
    (one forward and one inverse transition per row) against the same aggregate without it
    (PostgreSQL recomputes each frame: about 1000 transitions per row)."""
    psql("""CREATE AGGREGATE nps_score_no_moving_mode(integer) (SFUNC = cxkpi_nps_trans,
              STYPE = cxkpi_nps, FINALFUNC = nps_score, COMBINEFUNC = cxkpi_nps_combine);
            CREATE TABLE answers AS SELECT g AS id, (g * 7) % 11 AS nps
            FROM generate_series(1, 20000) AS g; VACUUM ANALYZE answers;""")
    w = "OVER (ORDER BY id ROWS 999 PRECEDING)"
    moving, r1 = timed(f"SELECT sum(x) FROM (SELECT nps_score(nps) {w} AS x FROM answers) s", 0, runs)
    plain, r2 = timed(f"SELECT sum(x) FROM (SELECT nps_score_no_moving_mode(nps) {w} AS x "
                      "FROM answers) s", 0, runs)
    sql, _ = timed(f"SELECT sum(x) FROM (SELECT 100.0 * (count(*) FILTER (WHERE nps >= 9) {w} - "
                   f"count(*) FILTER (WHERE nps <= 6) {w}) / count(nps) {w} AS x FROM answers) s",
                   0, runs)
    print(f"\nsliding window of 1000 rows over 20000 rows (NPS): moving-aggregate mode "
          f"{moving:.0f} ms, the same aggregate without it {plain:.0f} ms "
          f"({plain / moving:.0f}x), SQL count(*) FILTER windows {sql:.0f} ms; "
          f"same results: {abs(float(r1[0]) - float(r2[0])) < 1e-6 * abs(float(r2[0]))}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", choices=["all", "window"], default="all",
                    help="window: only the sliding-window comparison")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if not args.inner:  # start a server and run again inside its environment
        cmd = ["pg_virtualenv", "-t", "-v", "15", "-o", "listen_addresses=127.0.0.1 ",
               "-o", "shared_buffers=1GB", "-o", "work_mem=256MB",
               "-o", "max_worker_processes=8", "-o", "max_parallel_workers=4",
               "env", "PGHOST=127.0.0.1", sys.executable, os.path.abspath(__file__),
               "--inner", "--rows", str(args.rows), "--runs", str(args.runs), "--only", args.only]
        sys.exit(subprocess.run(cmd).returncode)

    print(f"uptime: {os.popen('uptime').read().strip()}")
    psql("CREATE EXTENSION cxkpi; CREATE EXTENSION tdigest;")
    window(args.runs)
    if args.only == "window":
        return
    psql(f"""
        SELECT setseed(0.42);
        CREATE UNLOGGED TABLE t AS
        SELECT floor(random() * 50)::int AS agent, date '2025-01-01' + (g % 365) AS day,
               floor(random() * 11)::int AS nps, 1 + floor(random() * 5)::int AS csat,
               3600 * exp(6 * (random() - 0.5)) AS secs
        FROM generate_series(1, {args.rows}) AS g;
        VACUUM ANALYZE t;""")
    n = int(psql("SELECT count(*) FROM t")[0][0][0])
    size = psql("SELECT pg_size_pretty(pg_relation_size('t'))")[0][0][0]
    print(f"rows: {n}, table {size}")

    sql_nps = ("SELECT 100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER "
               "(WHERE nps <= 6)) / count(nps) FROM t")
    sql_csat = "SELECT 100.0 * count(*) FILTER (WHERE csat >= 4) / count(csat) FROM t"
    qarr = "ARRAY[" + ",".join(str(q) for q in QS) + "]"
    queries = [
        ("NPS", "cxkpi nps_score(nps)", "SELECT nps_score(nps) FROM t"),
        ("NPS", "SQL count(*) FILTER", sql_nps),
        ("CSAT", "cxkpi csat_percent(csat, 1, 5, 4)", "SELECT csat_percent(csat, 1, 5, 4) FROM t"),
        ("CSAT", "cxkpi csat_percent(csat) (the 1-5 form)", "SELECT csat_percent(csat) FROM t"),
        ("CSAT", "SQL count(*) FILTER", sql_csat),
        ("p50/p90/p99", "cxkpi duration_quantiles(duration_state(secs))",
         f"SELECT duration_quantiles(duration_state(secs), {qarr}::float8[]) FROM t"),
        ("p50/p90/p99", "percentile_cont", f"SELECT percentile_cont({qarr}) WITHIN GROUP (ORDER BY secs) FROM t"),
        ("p50/p90/p99", "percentile_disc", f"SELECT percentile_disc({qarr}) WITHIN GROUP (ORDER BY secs) FROM t"),
        ("p50/p90/p99", "tdigest_percentile(secs, 100)", f"SELECT tdigest_percentile(secs, 100, {qarr}) FROM t"),
    ]

    # exact quantiles of rank floor(q (n - 1)): percentile_disc at (k + 0.5) / n picks it
    exact = []
    for q in QS:
        k = int(q * (n - 1))
        exact.append(float(psql(f"SELECT percentile_disc({(k + 0.5) / n!r}) WITHIN GROUP "
                                f"(ORDER BY secs) FROM t")[0][0][0]))

    results = {}
    for workers in (0, 2):
        for kpi, name, query in queries:
            ms, row = timed(query, workers, args.runs)
            results[(kpi, name, workers)] = (ms, row)
    for kpi, name, query in queries:  # serial, without JIT compilation
        if not kpi.startswith("p50"):
            results[(kpi, name, "nojit")] = timed(query, 0, args.runs, jit=False)

    print("\n| figure | method | 0 workers (ms) | 0 workers, jit off (ms) | 2 workers (ms) "
          "| relative error at p50, p90, p99 |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for kpi, name, _ in queries:
        t0, row = results[(kpi, name, 0)]
        t2, _ = results[(kpi, name, 2)]
        nojit = results.get((kpi, name, "nojit"))
        err = ""
        if kpi.startswith("p50"):
            vals = [float(x) for x in row[0].strip("{}").split(",")]
            err = ", ".join(f"{abs(v - e) / e:.1e}" for v, e in zip(vals, exact))
        nj = f"{nojit[0]:.0f}" if nojit else ""
        print(f"| {kpi} | {name} | {t0:.0f} | {nj} | {t2:.0f} | {err} |")

    def ratio(a, b, w):
        return results[b + (w,)][0] / results[a + (w,)][0]

    print("\nspeed-up of cxkpi (time of the other / time of cxkpi):")
    for w in (0, "nojit", 2):
        print(f"  workers {w}: NPS vs SQL {ratio(('NPS', 'cxkpi nps_score(nps)'), ('NPS', 'SQL count(*) FILTER'), w):.2f}x, "
              f"CSAT vs SQL {ratio(('CSAT', 'cxkpi csat_percent(csat, 1, 5, 4)'), ('CSAT', 'SQL count(*) FILTER'), w):.2f}x, "
              f"CSAT (1-5 form) vs SQL {ratio(('CSAT', 'cxkpi csat_percent(csat) (the 1-5 form)'), ('CSAT', 'SQL count(*) FILTER'), w):.2f}x"
              + ("" if w == "nojit" else
                 f", quantiles vs percentile_cont {ratio(('p50/p90/p99', 'cxkpi duration_quantiles(duration_state(secs))'), ('p50/p90/p99', 'percentile_cont'), w):.2f}x, "
                 f"vs tdigest {ratio(('p50/p90/p99', 'cxkpi duration_quantiles(duration_state(secs))'), ('p50/p90/p99', 'tdigest_percentile(secs, 100)'), w):.2f}x"))

    # rollup: a year of daily per-agent states
    psql("""CREATE TABLE daily AS
            SELECT agent, day, nps_state(nps) AS n, csat_state(csat, 1, 5, 4) AS c,
                   duration_state(secs) AS d
            FROM t GROUP BY agent, day;
            VACUUM ANALYZE daily;""")
    states = int(psql("SELECT count(*) FROM daily")[0][0][0])
    merged = (f"SELECT nps_score(nps_merge(n)), csat_percent(csat_merge(c)), "
              f"duration_quantiles(duration_merge(d), {qarr}::float8[]) FROM daily")
    raw = (f"SELECT nps_score(nps), csat_percent(csat, 1, 5, 4), "
           f"duration_quantiles(duration_state(secs), {qarr}::float8[]) FROM t")
    print(f"\nrollup ({states} daily per-agent states = 50 agents x 365 days):")
    for w in (0, 2):
        tm, rm = timed(merged, w, args.runs)
        tr, rr = timed(raw, w, args.runs)
        print(f"  workers {w}: merge the states {tm:.1f} ms, raw rows {tr:.0f} ms, "
              f"same figures: {rm == rr}")

    sizes = psql(f"""
        SELECT 'cxkpi_nps, any count', octet_length(nps_state(nps)::bytea) FROM t WHERE agent = 0
        UNION ALL SELECT 'cxkpi_csat 1-5, any count', octet_length(csat_state(csat)::bytea) FROM t WHERE agent = 0
        UNION ALL SELECT 'cxkpi_duration, one agent-day (avg)', avg(octet_length(d::bytea))::int FROM daily
        UNION ALL SELECT 'cxkpi_duration, one agent-day stored (avg, compressed)', avg(pg_column_size(d))::int FROM daily
        UNION ALL SELECT 'cxkpi_duration, all rows', octet_length(duration_state(secs)::bytea) FROM t
        UNION ALL SELECT 'tdigest(secs, 100), all rows', pg_column_size(tdigest(secs, 100)) FROM t
        ORDER BY 1""")[0]
    print("\n| state | bytes |\n| --- | ---: |")
    for name, size in sizes:
        print(f"| {name} | {size} |")
    print(f"\nuptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
