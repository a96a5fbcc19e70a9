#!/usr/bin/env bash
# Compares the ABI of BUILD_DIR/lib/libcxkpi.so with the committed baseline
# tests/abi/libcxkpi.abi (libabigail). Added symbols are fine (--no-added-syms). abidiff's
# exit bit 8 (an incompatible change: a removed symbol...) fails. Bit 4 (a changed type of an
# existing function, which libabigail does not always call incompatible: int32_t -> double
# for a parameter is only bit 4) fails too, because every such change must be reviewed and
# recorded by updating the baseline in the same commit.
# After an intentional change: tests/abi/update-baseline.sh BUILD_DIR, in the same commit,
# with the reason in the commit message.
set -uo pipefail
build=${1:?usage: check.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=$(readlink -f "$build/lib/libcxkpi.so")
abidiff --no-added-syms --drop-private-types \
  --headers-dir2 "$root/include" --headers-dir2 "$build/include" \
  --suppressions "$root/tests/abi/suppressions.txt" \
  "$root/tests/abi/libcxkpi.abi" "$lib"
rc=$?
if [ $((rc & 8)) -ne 0 ]; then
  echo "abi: INCOMPATIBLE change against tests/abi/libcxkpi.abi (abidiff exit $rc)"
  exit 1
fi
if [ $((rc & 3)) -ne 0 ]; then
  echo "abi: abidiff failed to run (exit $rc)"
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
  echo "abi: changed types of existing symbols (abidiff exit $rc); if intentional and compatible,"
  echo "     run tests/abi/update-baseline.sh and commit the new baseline with the reason"
  exit 1
fi
echo "abi: no change against the baseline tests/abi/libcxkpi.abi"
exit 0
