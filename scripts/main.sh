#!/usr/bin/env bash
# The main job: build cxkpi and run the quickstart example on sample scores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh main
[ -f build-main/build.ninja ] || meson setup build-main -Dtests=false >/dev/null
meson compile -C build-main >/dev/null
echo "9 10 8 7 10 6 9 3 10 8 9 5" | ./build-main/examples/quickstart
