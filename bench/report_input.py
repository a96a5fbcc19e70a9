#!/usr/bin/python3
"""cxkpi-report on a large export: the built-in decompression against a decompressor in a
pipe, and the cost of the progress line. Not run by CI (minutes of work, a GiB of disk).

    bench/report_input.py --tool build-bench/tools/cxkpi-report/cxkpi-report [--mb 1024]
                          [--reps 5] [--dir /var/tmp]

It writes a synthetic export of about --mb MiB (deterministic: row i's values come from
an integer hash of i; 200,000 distinct rows repeated), compresses it with `gzip -6` and `zstd -3`, then times, --reps
times each, in an order that rotates every repetition so that a disturbance from another
process hits every variant:

  plain          cxkpi-report export.csv
  cat | tool     cat export.csv | cxkpi-report -   (a control: the same work through a
                 pipe; on a busy machine the scheduler favours a pipeline's processes,
                 which wake up often, over a process that never sleeps)
  gzip built-in  cxkpi-report export.csv.gz
  zcat | tool    zcat export.csv.gz | cxkpi-report -
  zstd built-in  cxkpi-report export.csv.zst
  zstdcat | tool zstdcat export.csv.zst | cxkpi-report -
  progress       cxkpi-report --progress export.csv (the line drawn twice a second,
                 standard error to /dev/null)

and prints, per variant, the median wall time (min-max), the median CPU time of every
process involved (user + system), the throughput in MiB of CSV per second and the tool's
peak resident memory. Every variant's report must be the same bytes (checked). The
machine's load (`uptime`) is printed before and after.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PRIORITIES = ["low", "normal", "high", "urgent"]
POOL = 200000
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
AGENTS = ["alice", "bob", "chen", "dana", "emil", "fatima", "gus", "hana", "ivan", "jo"]


def mix(x):
    """splitmix64's finalizer: a well-spread 64-bit value from an index."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def write_export(path, mib):
    """Writes POOL distinct rows (about 22 MiB: more than any window gzip or zstd -3 can
    look back over, so the repetition gains them nothing), again and again up to `mib`."""
    t0 = 1767225600  # 2026-01-01T00:00:00Z
    lines = []
    for i in range(POOL):
        z = mix(i)
        created = t0 + i * 20 + (z & 0xFF)
        reply = created + ((z >> 8) & 0x3FFF)
        solved = "" if (z >> 22) & 7 == 0 else iso(reply + ((z >> 25) & 0x3FFFF))
        csat = "" if (z >> 43) & 3 == 0 else str(1 + (z >> 45) % 5)
        nps = "" if (z >> 48) & 3 == 0 else str((z >> 50) % 11)
        lines.append(f"T{i},{iso(created)},{iso(reply)},{solved},"
                     f"{PRIORITIES[(z >> 53) & 3]},{AGENTS[(z >> 55) % 10]},"
                     f"\"Order #{z & 0xFFFFF}, question\",{csat},{nps},{(z >> 60) & 1}\n")
    block = "".join(lines).encode()
    target = mib << 20
    size = rows = 0
    with open(path, "wb") as f:
        f.write(b"id,created_at,first_reply_at,solved_at,priority,agent,subject,csat,nps,fcr\n")
        while size < target:
            f.write(block)
            size += len(block)
            rows += POOL
    return rows


def run_timed(cmd, shell=False):
    """Runs a command (a pipeline when shell) with stdout to a file; returns wall seconds,
    CPU seconds of all its processes, the peak resident memory of the largest in KiB (from
    GNU time, which forks it from a small process: a child of this script would inherit
    the script's own high-water mark), and the output."""
    out = tempfile.TemporaryFile()
    rss_file = tempfile.NamedTemporaryFile(mode="r")
    argv = ["sh", "-c", cmd] if shell else list(cmd)
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + argv
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
    # wait4's usage covers the process and the children it waited for (a pipeline's).
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"failed: {cmd}")
    rss = int(rss_file.read().strip() or 0) if GNU_TIME else 0
    out.seek(0)
    return wall, ru.ru_utime + ru.ru_stime, rss, out.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--mb", type=int, default=1024, help="size of the CSV in MiB")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--dir", default=None, help="where to write the export (default: a "
                    "temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the files")
    ap.add_argument("--pin", default=None, help="run every variant with taskset -c PIN "
                    "(e.g. 0: one core for every process, so no variant can use a second)")
    ap.add_argument("--only", default=None, help="comma-separated variant names to run "
                    "(e.g. 'plain,zstd built-in')")
    args = ap.parse_args()
    tool = os.path.abspath(args.tool)
    for prog in ("gzip", "zcat", "zstd", "zstdcat", "uptime"):
        if shutil.which(prog) is None:
            sys.exit(f"needs {prog}")

    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    d = tempfile.mkdtemp(prefix="cxkpi-bench-input-", dir=args.dir)
    csv = os.path.join(d, "export.csv")
    t = time.perf_counter()
    rows = write_export(csv, args.mb)
    csv_bytes = os.path.getsize(csv)
    subprocess.run(f"gzip -6 -c '{csv}' > '{csv}.gz'", shell=True, check=True)
    subprocess.run(["zstd", "-q", "-3", "-f", csv, "-o", csv + ".zst"], check=True)
    print(f"export: {rows} rows, {csv_bytes / 2**20:.0f} MiB of CSV; gzip -6 "
          f"{os.path.getsize(csv + '.gz') / 2**20:.0f} MiB, zstd -3 "
          f"{os.path.getsize(csv + '.zst') / 2**20:.0f} MiB "
          f"(written in {time.perf_counter() - t:.0f} s)")

    q = f"'{tool}' --format json --quiet"
    variants = [
        ("plain", [tool, "--format", "json", "--quiet", csv], False),
        ("cat | tool", f"cat '{csv}' | {q} -", True),
        ("gzip built-in", [tool, "--format", "json", "--quiet", csv + ".gz"], False),
        ("zcat | tool", f"zcat '{csv}.gz' | {q} -", True),
        ("zstd built-in", [tool, "--format", "json", "--quiet", csv + ".zst"], False),
        ("zstdcat | tool", f"zstdcat '{csv}.zst' | {q} -", True),
        ("progress", [tool, "--format", "json", "--progress", csv], False),
    ]
    if args.only:
        keep = set(args.only.split(","))
        variants = [v for v in variants if v[0] in keep]
    if args.pin is not None:
        if shutil.which("taskset") is None:
            sys.exit("--pin needs taskset (util-linux)")
        variants = [(n, f"taskset -c {args.pin} sh -c \"{c}\"" if sh else
                     ["taskset", "-c", args.pin] + c, sh) for n, c, sh in variants]
    results = {name: [] for name, _, _ in variants}
    reference = None
    for r in range(args.reps):
        k = r % len(variants)
        for name, cmd, shell in variants[k:] + variants[:k]:
            wall, cpu, rss, out = run_timed(cmd, shell)
            # The input's name differs between the variants; the rest must not.
            body = out.split(b"\n", 5)[-1]
            if reference is None:
                reference = body
            elif body != reference:
                sys.exit(f"{name}: a different report")
            results[name].append((wall, cpu, rss))
    print("load after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

    print(f"\n{'variant':<16} {'wall s (min-max)':>20} {'CPU s':>7} {'MiB/s':>7} "
          f"{'peak RSS':>9}")
    med = {}
    for name, _, _ in variants:
        walls = [w for w, _, _ in results[name]]
        cpus = [c for _, c, _ in results[name]]
        m = statistics.median(walls)
        med[name] = m
        print(f"{name:<16} {m:8.2f} ({min(walls):.2f}-{max(walls):.2f}) "
              f"{statistics.median(cpus):7.2f} {csv_bytes / 2**20 / m:7.0f} "
              f"{max(r for _, _, r in results[name]) / 1024:6.1f} MiB")
    for a, b in (("gzip built-in", "zcat | tool"), ("zstd built-in", "zstdcat | tool"),
                 ("plain", "cat | tool"), ("progress", "plain")):
        if a in med and b in med:
            print(f"{a} / {b}: {med[a] / med[b]:.3f} (wall medians)")
    if not args.keep:
        shutil.rmtree(d)


if __name__ == "__main__":
    main()
