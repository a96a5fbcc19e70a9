#!/bin/sh
# The extension through the sqlite3 command-line shell: `.load` by path (the entry point
# comes from the file name), figures against the same figures in plain SQL, a rollup of
# daily states, a sliding window against its frames, and bad input as a shell error.
# Usage: shell.sh SQLITE3-PROGRAM EXTENSION-PATH
set -eu
shell=$1
ext=${2%.so}   # .load appends the platform's suffix itself
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { "$shell" -bail -batch :memory: ".load $ext" "$@"; }

# Each query prints rows of 'ok' or the disagreeing values.
out=$(run "
CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
  SELECT i, i / 50 AS day, (i * 7) % 11 AS nps, 1 + (i * 3) % 5 AS csat,
         (i % 4 = 0) AS r, (i % 4 != 0 AND i % 3 = 0) AS e, (i * 37) % 7200 AS elapsed FROM n;
SELECT CASE WHEN nps(nps) = 100.0 * (sum(nps >= 9) - sum(nps <= 6)) / count(*)
            THEN 'ok' ELSE 'nps ' || nps(nps) END,
       CASE WHEN csat_percent(csat, 1, 5, 4) = 100.0 * sum(csat >= 4) / count(*)
            THEN 'ok' ELSE 'csat' END,
       CASE WHEN fcr_percent(r, e, 0, 0) = 100.0 * sum(r) / count(*) THEN 'ok' ELSE 'fcr' END,
       CASE WHEN sla_compliance_percent(elapsed, 3600) = 100.0 * sum(elapsed <= 3600) / count(*)
            THEN 'ok' ELSE 'sla' END,
       CASE WHEN abs(duration_mean(elapsed, 0.01) - avg(elapsed)) <= 1e-9 * avg(elapsed)
            THEN 'ok' ELSE 'mean' END
  FROM t;
CREATE TABLE daily AS SELECT day, nps_state(nps) AS s FROM t GROUP BY day;
SELECT CASE WHEN (SELECT cxkpi_merge(s) FROM daily) = (SELECT nps_state(nps) FROM t)
            THEN 'ok' ELSE 'rollup' END;
SELECT count(*) FROM (SELECT i, nps(nps) OVER (ORDER BY i ROWS 6 PRECEDING) AS w,
         (SELECT nps(nps) FROM t AS f WHERE f.i BETWEEN t.i - 6 AND t.i) AS r FROM t)
  WHERE w IS NOT r;
")
expected="ok|ok|ok|ok|ok
ok
0"
if [ "$out" != "$expected" ]; then
  printf 'sqlite3 shell: expected\n%s\ngot\n%s\n' "$expected" "$out" >&2
  exit 1
fi

# Time to resolve with open tickets and a comparison, through the shell: six tickets
# resolved after 10, 20, 30, 40 s or open at 25, 50 s leave 2/3 * 2/3 = 4/9 unresolved at
# 35 s; daily survival states merged equal one pass; the NPS difference of two days, read
# with ->>, is the difference of their NPS in plain SQL.
out=$(run "
CREATE TABLE k(secs, resolved);
INSERT INTO k VALUES (10, 1), (20, 1), (25, 0), (30, 1), (40, 1), (50, 0);
SELECT CASE WHEN abs(survival_percent(survival_state(secs, resolved), 35) - 400.0 / 9) < 1e-9
            THEN 'ok' ELSE 'km' END FROM k;
CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
  SELECT i, i / 50 AS day, (i * 7) % 11 AS nps, (i * 37) % 7200 AS elapsed, i % 9 <> 0 AS done
  FROM n;
SELECT CASE WHEN (SELECT survival_merge(s) FROM (SELECT survival_state(elapsed, done) AS s
                  FROM t GROUP BY day)) = (SELECT survival_state(elapsed, done) FROM t)
            THEN 'ok' ELSE 'survival rollup' END;
SELECT CASE WHEN abs(nps_difference(a, b) ->> 'difference' - (na - nb)) < 1e-9
            THEN 'ok' ELSE 'difference' END
  FROM (SELECT nps_state(nps) FILTER (WHERE day = 1) AS a, nps_state(nps) FILTER (WHERE day = 2) AS b,
               100.0 * (sum(nps >= 9 AND day = 1) - sum(nps <= 6 AND day = 1)) / sum(day = 1) AS na,
               100.0 * (sum(nps >= 9 AND day = 2) - sum(nps <= 6 AND day = 2)) / sum(day = 2) AS nb
        FROM t);
")
if [ "$out" != "ok
ok
ok" ]; then
  printf 'sqlite3 shell: survival and comparison: got\n%s\n' "$out" >&2
  exit 1
fi

# A bad state is an error of the shell's statement, with the library's message.
if run "SELECT nps_score(x'00112233');" >"$tmp/out" 2>"$tmp/err"; then
  echo "sqlite3 shell: a bad state did not fail" >&2
  exit 1
fi
grep -q 'nps_score: not a cxkpi state of a known kind: malformed or corrupted data' "$tmp/err" || {
  cat "$tmp/err" >&2; exit 1; }
echo "sqlite3 shell: figures, rollup, window, survival, comparison and bad state as expected"
