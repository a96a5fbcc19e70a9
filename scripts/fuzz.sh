#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, -Dfuzzing=true, in build-fuzz/) and runs each for a
# bounded time, printing the executions per harness. Usage:
#   scripts/fuzz.sh [seconds-per-harness] [harness...]     (default 60 s, every harness)
# The committed seed corpus tests/fuzz/corpus/<harness>/ is read but never written: new
# inputs go to build-fuzz/corpus/<harness>/ (kept between runs), crashes to
# build-fuzz/artifacts/. FUZZ_SEED=N fixes libFuzzer's random seed, so that a run from the
# same corpus walks the same inputs on any machine (CI does this; see scripts/harden.sh).
# Longer runs: tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true

if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Dexamples=false -Dreport=false \
    -Dbench=false -Ddocs=disabled >/dev/null
else
  meson configure build-fuzz -Dfuzzing=true >/dev/null
fi
if ! log=$(ninja -C build-fuzz -j2 2>&1); then
  printf '%s\n' "$log" | grep -v '^\[' >&2 || true  # the failing command and its error, not the progress
  echo "fuzz: the fuzz build failed" >&2
  exit 1
fi

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  mapfile -t harnesses < <(grep -v '^$' build-fuzz/tests/fuzz/harnesses.txt)
fi

mkdir -p build-fuzz/artifacts
status=0
total=0
printf '%-28s %14s %10s %s\n' harness executions exec/s result
for h in "${harnesses[@]}"; do
  exe=$(find build-fuzz -name "fuzz_$h" -type f -perm -u+x | head -n1)
  if [ -z "$exe" ]; then
    echo "fuzz: no harness fuzz_$h" >&2; status=1; continue
  fi
  work=build-fuzz/corpus/$h
  mkdir -p "$work"
  seeds=()
  [ -d "tests/fuzz/corpus/$h" ] && seeds+=("tests/fuzz/corpus/$h")
  log=build-fuzz/artifacts/$h.log
  opts=()
  [ -f "tests/fuzz/$h.dict" ] && opts+=(-dict="tests/fuzz/$h.dict")
  [ -n "${FUZZ_SEED:-}" ] && opts+=(-seed="$FUZZ_SEED")
  result=ok
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix=build-fuzz/artifacts/"$h"- "${opts[@]}" "$work" "${seeds[@]}" >"$log" 2>&1; then
    result="FAILED (see $log)"
    status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  printf '%-28s %14s %10s %s\n' "$h" "${execs:-?}" "${rate:-?}" "$result"
  total=$((total + ${execs:-0}))
  if [ "$result" != ok ]; then
    grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$log" | head -n 8 >&2 || true
  fi
done
printf '%-28s %14s\n' total "$total"
exit $status
