#!/usr/bin/env bash
# CI stage of the SQLite extension, on the gcc build that scripts/test.sh made (its
# `meson test` already ran the sqlite suite: C API, sqlite3 shell, Python example). Here:
# the installed module, loaded by its bare name as users do.
#   1. build-gcc built the module (the SQLite headers were found);
#   2. `meson install` into a temporary root: the module exports only its entry points and
#      needs no libcxkpi.so;
#   3. `.load cxkpi` in the sqlite3 shell and load_extension("cxkpi") in Python find it on
#      the loader's path and derive the entry point from the name.
# Usage: bindings/sqlite/tests/ci.sh [build-dir]   (default build-gcc)
set -euo pipefail
cd "$(dirname "$0")/../../.."
build=${1:-build-gcc}
start=$(date +%s)

[ -f "$build/bindings/sqlite/cxkpi.so" ] || {
  echo "sqlite: $build has no bindings/sqlite/cxkpi.so (SQLite headers missing?)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$build" --no-rebuild --destdir "$root" >/dev/null
module=$(find "$root" -name cxkpi.so -path '*/cxkpi/*' | head -n1)
[ -n "$module" ] || { echo "sqlite: cxkpi.so was not installed" >&2; exit 1; }
echo "installed: ${module#"$root"}"

exports=$(nm -D --defined-only "$module" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exports" = "sqlite3_cxkpi_init sqlite3_cxkpi_recompute_init " ] || {
  echo "sqlite: unexpected exports: $exports" >&2; exit 1; }
if ldd "$module" | grep -q libcxkpi; then
  echo "sqlite: the module needs libcxkpi.so at run time" >&2; exit 1
fi
echo "exports: $exports(no libcxkpi.so needed)"

dir=$(dirname "$module")
got=$(LD_LIBRARY_PATH=$dir sqlite3 -bail :memory: '.load cxkpi' \
  "SELECT nps(s) FROM (SELECT 10 AS s UNION ALL SELECT 9 UNION ALL SELECT 3 UNION ALL SELECT 8)")
# 2 promoters, 1 detractor of 4: 100 * (2 - 1) / 4 = 25
[ "$got" = "25.0" ] || { echo "sqlite: .load cxkpi gave '$got', expected 25.0" >&2; exit 1; }
echo "sqlite3 shell: .load cxkpi -> NPS 25.0"

LD_LIBRARY_PATH=$dir /usr/bin/python3 -B examples/python/sqlite_kpis.py --extension cxkpi >"$root/report.txt"
grep -q '^3000 tickets' "$root/report.txt" || { cat "$root/report.txt" >&2; exit 1; }
echo "python: examples/python/sqlite_kpis.py with load_extension('cxkpi'): $(wc -l <"$root/report.txt") lines"
echo "sqlite stage: $(( $(date +%s) - start )) s"
