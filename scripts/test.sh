#!/usr/bin/env bash
# Every test: gcc and clang builds with warnings as errors, the unit suite under each,
# again under AddressSanitizer + UndefinedBehaviorSanitizer, an install into a temporary
# prefix with a consumer program built through pkg-config (shared and static), and the
# libabigail ABI check against the committed baseline; the Python binding installed into a
# fresh virtualenv and tested there; the PostgreSQL extension built, installed and run by
# pg_regress against a server started for it; then the hardening stages (scripts/harden.sh:
# allocation-failure injection, ThreadSanitizer, libFuzzer, coverage of lib/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test

step() { printf '\n==== %s ====\n' "$*"; }

run_suite() { # name, extra meson setup args...
  local dir=build-$1; shift
  rm -rf "$dir"
  meson setup "$dir" --werror "$@" >/dev/null
  meson compile -C "$dir"
  meson test -C "$dir" --print-errorlogs --num-processes 2
}

step "gcc: build and unit tests"
CC=gcc CXX=g++ run_suite gcc

step "clang: build and unit tests"
CC=clang CXX=clang++ run_suite clang

step "gcc: AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
CC=gcc CXX=g++ run_suite asan -Db_sanitize=address,undefined -Db_lundef=false \
  -Dc_args=-fno-sanitize-recover=all
unset ASAN_OPTIONS UBSAN_OPTIONS

step "python binding: mypy --strict; install into a fresh virtualenv (offline) and run its tests"
bash bindings/python/tests/ci.sh build-gcc

step "install into a temporary prefix; consumer via pkg-config (shared and static)"
bash tests/consumer/check.sh

step "documentation (Doxygen, warnings are errors)"
meson compile -C build-gcc docs

step "ABI check against tests/abi/libcxkpi.abi"
bash tests/abi/check.sh build-gcc

step "cxkpi-report: a build without the compression libraries; the manual page installed"
bash scripts/stage-report-unix.sh build-gcc

step "sqlite extension: installed module loaded by name (shell, Python)"
bash bindings/sqlite/tests/ci.sh build-gcc

step "postgresql extension: build (PGXS), install, make installcheck on a throw-away server"
bash bindings/postgresql/tests/ci.sh build-gcc

step "ruby and php bindings: minitest, PHPUnit, cross-language identity (C, Python, Ruby, PHP)"
bash scripts/stage-rubyphp.sh build-gcc

step "hardening: allocation-failure injection, ThreadSanitizer, fuzzing, coverage"
bash scripts/harden.sh

step "summary"
python3 scripts/test-summary.py build-gcc build-clang build-asan
