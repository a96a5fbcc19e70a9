"""cxkpi-report's input: gzip, Zstandard and zip (files and standard input), truncated and
corrupt archives, and the progress line (under a pseudo-terminal, and its absence when
standard error is a pipe).

Usage: test_input.py TOOL

Every archive is made here from one CSV whose figures the test knows by construction
(counted below from the rows it writes, not from the tool): row i has CSAT 1 + i % 5,
NPS i % 11, FCR 1 on every fourth row, a creation time i minutes after 2026-01-01 and a
first reply (i % 90) minutes later. Archives come from Python's gzip and zipfile modules
and from the zstd command (Debian package zstd; the zstd cases are skipped without it).
"""
import gzip
import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

TOOL = sys.argv[1]
N = 2200  # rows; about 150 KB of CSV, more than one 64 KiB read
FAILURES = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def make_rows(lo, hi):
    rows = []
    for i in range(lo, hi):
        created = 1767225600 + 60 * i  # 2026-01-01T00:00:00Z + i minutes
        reply = created + 60 * (i % 90)
        subject = f'"order {i}, ""urgent""\nsecond line"' if i % 7 == 0 else f"order {i}"
        rows.append((i, 1 + i % 5, i % 11, 1 if i % 4 == 0 else 0, created, reply, subject))
    return rows


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


HEADER = "id,csat,nps,fcr,created_at,first_reply_at,subject\r\n"


def csv_text(rows):
    return HEADER + "".join(f"{i},{c},{n},{f},{iso(cr)},{iso(rp)},{s}\r\n"
                            for i, c, n, f, cr, rp, s in rows)


def expected(rows):
    """The figures, counted from the definitions: satisfied = CSAT >= 4 on 1-5, promoters
    score 9-10, detractors 0-6, first reply met when within the default hour."""
    return {
        "tickets": len(rows),
        "csat_responses": len(rows),
        "satisfied": sum(1 for r in rows if r[1] >= 4),
        "promoters": sum(1 for r in rows if r[2] >= 9),
        "detractors": sum(1 for r in rows if r[2] <= 6),
        "fcr_resolved": sum(r[3] for r in rows),
        "first_reply_met": sum(1 for r in rows if r[5] - r[4] <= 3600),
    }


def figures(report):
    o = report["overall"]
    return {
        "tickets": o["tickets"],
        "csat_responses": o["csat"]["responses"],
        "satisfied": o["csat"]["satisfied"],
        "promoters": o["nps"]["promoters"],
        "detractors": o["nps"]["detractors"],
        "fcr_resolved": o["fcr"]["resolved"],
        "first_reply_met": o["sla"]["first_reply"]["met"],
    }


def run(args, stdin=None, env=None):
    p = subprocess.run([TOOL] + args, input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def report_of(args, stdin=None):
    rc, out, err = run(["--format", "json"] + args, stdin)
    check(rc == 0, f"{args}: exit status {rc}, stderr {err!r}")
    if rc != 0:
        return None
    return json.loads(out)


ROWS = make_rows(0, N)
TEXT = csv_text(ROWS).encode()
HALF = N // 2
PART1, PART2 = csv_text(ROWS[:HALF]).encode(), csv_text(ROWS[HALF:]).encode()
WANT = expected(ROWS)
# The arithmetic above, by hand: 2200 rows; CSAT 4 and 5 are 2 of every 5 -> 880
# satisfied; NPS 9 and 10 are 2 of every 11 -> 400 promoters, 0-6 are 7 of 11 -> 1400
# detractors; FCR every 4th -> 550; first reply within 60 min: 61 of every 90 minutes
# (0..60), 24 full cycles (2160 rows) -> 1464, and the last 40 rows (0..39) -> 1504.
assert WANT == {"tickets": 2200, "csat_responses": 2200, "satisfied": 880, "promoters": 400,
                "detractors": 1400, "fcr_resolved": 550, "first_reply_met": 1504}

tmp = tempfile.mkdtemp(prefix="cxkpi-input-")


def path(name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def same_report(args, what, stdin=None, want=WANT):
    r = report_of(args, stdin)
    if r is not None:
        check(figures(r) == want, f"{what}: figures {figures(r)} != {want}")
        return r
    return None


def fails(args, what, status, needle, stdin=None):
    rc, out, err = run(args, stdin)
    check(rc == status, f"{what}: exit status {rc}, expected {status} (stderr {err!r})")
    check(out == b"", f"{what}: something was written on stdout ({len(out)} bytes)")
    check(needle in err, f"{what}: {needle!r} not in stderr {err!r}")


def flip(data, at):
    b = bytearray(data)
    for k in range(at, at + 8):
        b[k] ^= 0x55
    return bytes(b)


def formats():
    rc, out, _ = run(["--version"])
    line = [ln for ln in out.decode().splitlines() if ln.startswith("input formats:")]
    return line[0].split(":", 1)[1].split() if line else []


BUILT = formats()
check("csv" in BUILT, f"--version lists the formats: {BUILT}")

# ---- plain CSV: the reference ---------------------------------------------------------
plain = path("tickets.csv", TEXT)
base = same_report([plain], "plain file")
same_report([], "plain on stdin", stdin=TEXT)

# ---- gzip ------------------------------------------------------------------------------
if "gzip" in BUILT:
    gz = gzip.compress(TEXT, mtime=0)
    gzp = path("tickets.csv.gz", gz)
    r = same_report([gzp], "gzip file")
    if r is not None and base is not None:
        check(r["overall"] == base["overall"], "gzip: the same report as the plain file")
    same_report(["-"], "gzip on stdin", stdin=gz)
    # Not by name: a gzip file called .csv, a plain file called .gz.
    same_report([path("named-wrong.csv", gz)], "gzip file named .csv")
    same_report([path("plain-named.gz", TEXT)], "plain file named .gz")
    # Two members, as cat a.gz b.gz or pigz write them.
    cut = TEXT.index(b"\r\n", len(TEXT) // 2) + 2
    same_report([path("two-members.gz",
                      gzip.compress(TEXT[:cut], mtime=0) + gzip.compress(TEXT[cut:], mtime=0))],
                "gzip with two members")
    fails([path("truncated.gz", gz[:len(gz) // 2])], "truncated gzip", 3, "truncated gzip")
    fails(["-"], "truncated gzip on stdin", 3, "truncated gzip", stdin=gz[:len(gz) // 3])
    fails([path("corrupt.gz", flip(gz, len(gz) // 2))], "corrupt gzip", 3, "corrupt gzip")
    # The CRC-32 of the trailer (the last 8 bytes: CRC, size) is wrong, the data fine.
    bad_crc = gz[:-8] + bytes([gz[-8] ^ 1]) + gz[-7:]
    fails([path("bad-crc.gz", bad_crc)], "gzip with a wrong CRC", 3, "corrupt gzip")
    fails([path("trailing.gz", gz + b"junk")], "gzip with trailing bytes", 3, "corrupt gzip")
    fails([path("header-only.gz", gz[:10])], "gzip header only", 3, "truncated gzip")
else:
    print("gzip: not in this build; checking the message")
    fails([path("tickets.csv.gz", gzip.compress(TEXT))], "gzip without zlib", 3, "zlib")

# ---- Zstandard -------------------------------------------------------------------------
zstd = shutil.which("zstd")
if "zstd" in BUILT and zstd:
    zs = subprocess.run([zstd, "-q", "-c", "--check"], input=TEXT, capture_output=True,
                        check=True).stdout
    same_report([path("tickets.csv.zst", zs)], "zstd file")
    same_report([], "zstd on stdin", stdin=zs)
    cut = TEXT.index(b"\r\n", len(TEXT) // 3) + 2
    two = b"".join(subprocess.run([zstd, "-q", "-c"], input=part, capture_output=True,
                                  check=True).stdout for part in (TEXT[:cut], TEXT[cut:]))
    same_report([path("two-frames.zst", two)], "zstd with two frames")
    # A skippable frame first (magic 0x184D2A50, little-endian, then a 4-byte length).
    skip = bytes([0x50, 0x2A, 0x4D, 0x18]) + (5).to_bytes(4, "little") + b"hello"
    same_report([path("skippable.zst", skip + zs)], "zstd after a skippable frame")
    fails([path("truncated.zst", zs[:len(zs) // 2])], "truncated zstd", 3, "truncated zstd")
    fails([path("corrupt.zst", flip(zs, len(zs) // 2))], "corrupt zstd", 3, "corrupt zstd")
    fails([path("checksum.zst", zs[:-4] + bytes([zs[-4] ^ 1]) + zs[-3:])],
          "zstd with a wrong checksum", 3, "corrupt zstd")
elif "zstd" not in BUILT:
    print("zstd: not in this build; checking the message")
    fails([path("x.zst", bytes([0x28, 0xB5, 0x2F, 0xFD]) + b"\0" * 16)], "zstd without libzstd",
          3, "libzstd")
else:
    print("zstd: no zstd command, Zstandard cases skipped")

# ---- zip -------------------------------------------------------------------------------


def make_zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, method in members:
            if name.endswith("/"):
                z.writestr(zipfile.ZipInfo(name), b"")
            else:
                z.writestr(name, data, compress_type=method)
    return buf.getvalue()


D, S = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
if "zip" in BUILT:
    zdata = make_zip([("README.txt", b"not a table", D), ("part1.csv", PART1, D),
                      ("__MACOSX/._part1.csv", b"\0\5\26\7", D), ("sub/", b"", S),
                      ("sub/PART2.CSV", PART2, S)])
    zp = path("export.zip", zdata)
    r = same_report([zp], "zip, every CSV member")
    if r is not None:
        check(r["input"]["rows"] == N, f"zip: {r['input']['rows']} rows, the second header "
                                       "is not a row")
    same_report([], "zip on stdin (copied to a temporary file)", stdin=zdata)
    same_report([zp + ":sub/PART2.CSV"], "zip, one member", want=expected(ROWS[HALF:]))
    same_report([zp + ":part1.csv"], "zip, the other member", want=expected(ROWS[:HALF]))
    same_report(["-:part1.csv"], "zip on stdin, one member", stdin=zdata,
                want=expected(ROWS[:HALF]))
    fails([zp + ":nope.csv"], "zip, a member that is not there", 3, "no member named 'nope.csv'")
    fails([plain + ":x.csv"], "member of a plain file", 3, "not a zip archive")
    # A bad row in the second member is reported with the member's name and line.
    bad2 = PART2.replace(b"\r\n", b"\r\nzzz,9,9,1,2026-01-01,2026-01-01,x\r\n", 1)
    rc, out, err = run([path("badrow.zip", make_zip([("a.csv", PART1, D), ("b.csv", bad2, D)]))])
    check(rc == 0 and "badrow.zip:b.csv:2:" in err,
          f"zip: a bad row names its member and line: {rc} {err!r}")
    other = b"id,score\r\n1,2\r\n"
    fails([path("mixed.zip", make_zip([("a.csv", PART1, D), ("b.csv", other, D)]))],
          "zip members with different headers", 1, "header differs")
    fails([path("nocsv.zip", make_zip([("a.txt", PART1, D)]))], "zip without a CSV member",
          1, "no CSV member")
    fails([path("truncated.zip", zdata[:len(zdata) - 60])], "truncated zip", 3,
          "truncated or corrupt zip")
    fails([], "truncated zip on stdin", 3, "truncated or corrupt zip", stdin=zdata[:len(zdata) // 2])
    one = make_zip([("a.csv", TEXT, D)])
    at = one.index(b"a.csv") + 5 + len(one) // 3  # inside the deflated data
    fails([path("corrupt.zip", flip(one, at))], "corrupt zip member", 3, "corrupt zip member")
    stored = make_zip([("a.csv", TEXT, S)])
    at = stored.index(b"a.csv") + 5 + 1000  # inside the stored data: only the CRC can tell
    fails([path("crc.zip", flip(stored, at))], "stored zip member with a wrong CRC", 3,
          "corrupt zip member")
else:
    print("zip: not in this build; checking the message")
    fails([path("x.zip", make_zip([("a.csv", PART1, D)]))], "zip without libzip", 3, "libzip")

# ---- the progress line -----------------------------------------------------------------

ENV = {k: v for k, v in os.environ.items() if k != "CI"}


def slow_feed(proc):
    """Writes the CSV in two halves 1.5 s apart: more than a second of work."""
    proc.stdin.write(TEXT[:len(TEXT) // 2])
    proc.stdin.flush()
    time.sleep(1.5)
    proc.stdin.write(TEXT[len(TEXT) // 2:])
    proc.stdin.close()


def under_pty(args, env):
    """Runs the tool with stderr on a pseudo-terminal and the CSV arriving slowly on a
    pipe; returns (exit status, stdout, what the terminal received)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([TOOL] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    slow_feed(proc)
    out = proc.stdout.read()
    proc.wait()
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the other side is closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.returncode, out, seen.decode("utf-8", "replace")


try:
    for fd in pty.openpty():
        os.close(fd)
    HAVE_PTY = True
except OSError as e:
    HAVE_PTY = False
    print(f"no pseudo-terminal here ({e}): the terminal cases are skipped")

if HAVE_PTY:
    rc, out, tty = under_pty(["--format", "json"], ENV)
    check(rc == 0 and figures(json.loads(out)) == WANT, f"pty: the report is right ({rc})")
    check("rows" in tty and "/s" in tty and "\r" in tty,
          f"pty: a progress line (bytes, rows, rate) appears: {tty!r}")
    check("%" not in tty, f"pty, input on a pipe: no percentage (size unknown): {tty!r}")
    check(tty.rstrip(" ").endswith("\r"), f"pty: the line is erased at the end: {tty[-40:]!r}")

    rc, out, tty = under_pty(["--quiet"], ENV)
    check(rc == 0 and tty == "", f"pty with --quiet: nothing on the terminal: {tty!r}")
    rc, out, tty = under_pty([], dict(ENV, CI="true"))
    check(rc == 0 and tty == "", f"pty with CI=true: nothing on the terminal: {tty!r}")

proc = subprocess.Popen([TOOL], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, env=ENV)
slow_feed(proc)
out, err = proc.stdout.read(), proc.stderr.read()
proc.wait()
check(proc.returncode == 0 and err == b"", f"stderr on a pipe: no progress line: {err!r}")

# --progress: shown even on a pipe; on a regular file with the percentage and time left.
rc, out, err = run(["--progress", plain], env=dict(ENV, CI="true"))
last = err.replace("\r", "\n").strip().splitlines()[-1] if err.strip() else ""
check(rc == 0 and "100%" in last and "left" in last and f"{N} rows" in last
      and err.endswith("\n"), f"--progress on a file: percentage, rows, time left: {err!r}")
if "gzip" in BUILT:
    rc, out, err = run(["--progress", "--quiet", gzp], env=ENV)
    check(rc == 0 and err == "", f"--quiet after --progress wins: {err!r}")

shutil.rmtree(tmp)
print(f"{CHECKS[0]} checks, {len(FAILURES)} failed")
sys.exit(1 if FAILURES else 0)
