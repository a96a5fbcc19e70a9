#!/usr/bin/env bash
# Regenerates tests/abi/libcxkpi.abi from BUILD_DIR (a gcc build with -g, as .ci/run makes),
# without corpus or compilation-directory paths so that no machine path is committed.
set -euo pipefail
build=${1:?usage: update-baseline.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
abidw --no-corpus-path --no-comp-dir-path --drop-private-types \
  --headers-dir "$root/include" --headers-dir "$build/include" \
  --out-file "$root/tests/abi/libcxkpi.abi" "$(readlink -f "$build/lib/libcxkpi.so")"
echo "wrote tests/abi/libcxkpi.abi"
