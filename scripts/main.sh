#!/usr/bin/env bash
# The main job: build cxkpi and turn the bundled helpdesk export (3000 synthetic tickets,
# examples/data/tickets.csv) into a KPI report with cxkpi-report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh main
[ -f build-main/build.ninja ] || meson setup build-main -Dtests=false >/dev/null
meson compile -C build-main >/dev/null
./build-main/tools/cxkpi-report/cxkpi-report examples/data/tickets.csv
