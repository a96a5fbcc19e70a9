#!/usr/bin/env bash
# cxkpi-report as a Unix tool, the parts the ordinary builds do not show:
# 1. a build that leaves out zlib, libzstd, libzip and pandoc: the tool still builds, says
#    which library a compressed file needs, and the manual-page test skips;
# 2. `meson install` of the gcc build puts cxkpi-report(1) where man finds it.
# Usage: scripts/stage-report-unix.sh [BUILD_DIR]   (default build-gcc, already built)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-gcc}
py=/usr/bin/python3
[ -x "$py" ] || py=python3

echo "-- a build without the compression libraries and without the manual page"
rm -rf build-report-minimal
meson setup build-report-minimal --werror -Dtests=false -Dbench=false -Dexamples=false -Dpython=disabled \
  -Ddocs=disabled -Dreport_gzip=disabled -Dreport_zstd=disabled -Dreport_zip=disabled \
  -Dreport_man=disabled >/dev/null
meson compile -C build-report-minimal tools/cxkpi-report/cxkpi-report >/dev/null
tool=build-report-minimal/tools/cxkpi-report/cxkpi-report
"$tool" --version | grep -qx 'input formats: csv'
"$py" tools/cxkpi-report/test_input.py "$tool"
set +e
"$py" tools/cxkpi-report/test_man.py "$tool"
rc=$?
set -e
[ "$rc" -eq 77 ] || { echo "test_man.py without a manual page: exit $rc, expected 77 (skip)"; exit 1; }
rm -rf build-report-minimal

echo "-- meson install puts the manual page in share/man/man1, beside the tool in bin/"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
# Only what carries the 'man' install tag: other parts of the build install elsewhere.
meson install -C "$build" --destdir "$dest" --tags man >/dev/null
page=$(find "$dest" -path '*/share/man/man1/cxkpi-report.1' | head -n 1)
[ -n "$page" ] || { echo "cxkpi-report.1 not installed"; exit 1; }
meson introspect "$build" --installed | "$py" -c '
import json, sys
dests = json.load(sys.stdin).values()
assert any(d.endswith("/bin/cxkpi-report") for d in dests), "cxkpi-report is not installed in bin/"
assert any(d.endswith("/share/man/man1/cxkpi-report.1") for d in dests), "no manual page"
'
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q -- '--progress'
fi
"$py" tools/cxkpi-report/test_man.py "$build/tools/cxkpi-report/cxkpi-report" "$page"
echo "stage-report-unix: ok"
