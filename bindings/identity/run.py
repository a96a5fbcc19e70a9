#!/usr/bin/env python3
"""Cross-language identity test: C, Python, Ruby and PHP fed the same events must write
bit-identical serialized states and identical figures (doubles compared bit for bit), and
the states written by any of them must restore and merge in every other with, again,
identical results.

    run.py --c-program BUILD/bindings/identity/identity_c [--events N]

The C library is the one named by CXKPI_LIBRARY (each binding loads it); the events are
generated from a fixed seed, so a failure is reproducible. Needs python3, ruby with the ffi
gem, and php with FFI. Exit status 0 when every comparison holds.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BINDINGS = os.path.dirname(HERE)
KINDS = ["csat", "nps", "fcr", "sla", "duration", "aht", "churn", "fcr_tracker", "survival"]


def lcg(seed):
    """64-bit linear congruential generator (Knuth's MMIX constants): portable and fixed."""
    x = seed
    while True:
        x = (x * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        yield x >> 33


def events(n):
    """A mixed event stream: every kind, awkward doubles included (fractions, sub-nanosecond
    durations that land in the zero bucket, large values), out-of-order contacts within the
    tracker's lateness."""
    r = lcg(20261130)
    out = ["churn_start 1000", "churn_gained 40"]
    now = 1_700_000_000
    for i in range(n):
        out.append(f"csat {next(r) % 5 + 1}")
        out.append(f"nps {next(r) % 11}")
        out.append(f"fcr {[0, 1, 1, 1, 2, 4, 8, 6, 10, 12, 14][next(r) % 11]}")
        out.append(f"sla {repr((next(r) % 2880000) / 400)}")
        if i % 7 == 0:
            out.append(f"sla_open {repr((next(r) % 1440000) / 300)}")
        d = (next(r) % 10_000_000) / 1000 * (10 ** (next(r) % 5 - 2))
        out.append(f"duration {repr(1e-10 if i % 97 == 0 else d)}")
        out.append("aht " + " ".join(repr((next(r) % 60000) / 100) for _ in range(3)))
        out.append(f"survival {repr((next(r) % 3_600_000) / 10)}")
        if i % 8 == 0:
            out.append(f"survival_open {repr((next(r) % 3_600_000) / 10)}")
        now += next(r) % 900
        late = next(r) % 500 if i % 5 == 0 else 0          # within the 600 s lateness
        out.append(f"contact cust-{next(r) % (n // 4 + 1)} {now - late}")
    out.append("churn_lost 25")
    return out


def canonical_tracker(data):
    """A tracker state with its open keys sorted. The format (cxkpi/fcr_tracker.h) lists the
    keys in an unspecified (hash table) order, which depends on how the table grew: a tracker
    fed one contact at a time and one fed in one batch hold the same state in different key
    orders. Payload v1: window, lateness (i64), started (u8), watermark (i64), 72 bytes of FCR
    counts, the number of keys (u64), then per key: key (u64), episodes (u8), and per episode
    its first contact (i64) and whether it was repeated (u8). The frame's header is kept, its
    checksum (which covers the order) is not."""
    size = int.from_bytes(data[8:16], "little")
    payload = data[16:16 + size]
    head, pos, records = payload[:105], 105, []
    for _ in range(int.from_bytes(payload[97:105], "little")):
        end = pos + 9 + 9 * payload[pos + 8]
        records.append(payload[pos:end])
        pos = end
    if pos != len(payload):
        raise ValueError("tracker payload does not parse")
    return data[:16] + head + b"".join(sorted(records))


def run(cmd, env):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {r.returncode}\n{r.stdout}{r.stderr}")


def compare(dirs, what):
    """Every file of every directory equals the first directory's (C's); returns the count."""
    ref_name, ref = dirs[0]
    checked = reordered = 0
    for name in [k + ".bin" for k in KINDS] + ["figures.txt"]:
        with open(os.path.join(ref, name), "rb") as f:
            expected = f.read()
        for lang, d in dirs[1:]:
            with open(os.path.join(d, name), "rb") as f:
                got = f.read()
            if name == "fcr_tracker.bin" and got != expected:
                got, expected_cmp = canonical_tracker(got), canonical_tracker(expected)
                reordered += 1
            else:
                expected_cmp = expected
            if got != expected_cmp:
                first = next((i for i, (a, b) in enumerate(zip(expected_cmp, got)) if a != b),
                             min(len(expected_cmp), len(got)))
                sys.exit(f"FAIL ({what}): {lang}'s {name} differs from {ref_name}'s at byte {first} "
                         f"({len(got)} vs {len(expected_cmp)} bytes)")
            checked += 1
    return checked, reordered


def figures(d):
    with open(os.path.join(d, "figures.txt")) as f:
        return dict(line.split() for line in f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c-program", required=True)
    ap.add_argument("--events", type=int, default=2000)
    args = ap.parse_args()
    if not os.environ.get("CXKPI_LIBRARY"):
        sys.exit("run.py: set CXKPI_LIBRARY to the libcxkpi.so.0 to test")

    tmp = tempfile.mkdtemp(prefix="cxkpi-identity-")
    try:
        ev = events(args.events)
        events_path = os.path.join(tmp, "events.txt")
        with open(events_path, "w") as f:
            f.write("\n".join(ev) + "\n")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.path.join(BINDINGS, "python", "src")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        langs = {
            "C": [os.path.abspath(args.c_program)],
            "Python": [sys.executable, os.path.join(HERE, "identity_py.py")],
            "Ruby": ["ruby", "-I", os.path.join(BINDINGS, "ruby", "lib"), os.path.join(HERE, "identity.rb")],
            "PHP": ["php", "-d", "ffi.enable=1", os.path.join(HERE, "identity.php")],
        }
        fed = []
        for lang, cmd in langs.items():
            d = os.path.join(tmp, "fed-" + lang)
            os.mkdir(d)
            run(cmd + ["feed", events_path, d], env)
            fed.append((lang, d))
        n, reordered = compare(fed, "fed the same events")
        print(f"fed {len(ev)} events to C, Python, Ruby, PHP: {n} files identical to C's "
              f"({len(KINDS)} states + figures each; {reordered} tracker states equal with their "
              f"open keys in another order)")

        merged = []
        names = [d for _, d in fed]
        for i, (lang, cmd) in enumerate(langs.items()):
            d = os.path.join(tmp, "merged-" + lang)
            os.mkdir(d)
            order = names[i:] + names[:i]       # each starts from another language's states
            run(cmd + ["merge", d] + order, env)
            merged.append((lang, d))
        n, reordered = compare(merged, "restored and merged the four languages' states")
        single, total = figures(fed[0][1]), figures(merged[0][1])
        csat_events = sum(1 for e in ev if e.startswith("csat "))
        for key in ("csat.count", "nps.count", "duration.count"):
            if int(total[key]) != 4 * int(single[key]):
                sys.exit(f"FAIL: merged {key} is {total[key]}, not 4 x {single[key]}")
        if int(single["csat.count"]) != csat_events:
            sys.exit(f"FAIL: csat.count {single['csat.count']} for {csat_events} csat events")
        print(f"each language restored and merged the four states of every kind: {n} files "
              f"identical to C's ({reordered} tracker states in another key order); merged "
              f"counts are 4 x the single ones")
        print("cross-language identity: OK")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
