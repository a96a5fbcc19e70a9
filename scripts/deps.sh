#!/usr/bin/env bash
# Installs the Debian 12 packages that cxkpi's build, tests and tools need, if any is missing.
# Usage: scripts/deps.sh [main|test|bench]   (main: enough to build and run; test: everything
# CI runs; bench: what bench/run.py compares against: SQLite, NumPy, pandas -- kept out of CI)
set -euo pipefail
profile=${1:-test}

packages=(meson ninja-build pkg-config gcc libc6-dev python3 tzdata)
if [ "$profile" = test ]; then
  packages+=(g++ clang llvm libclang-rt-14-dev libcmocka-dev abigail-tools binutils
             doxygen python3-venv python3-setuptools python3-pip gcovr)
  # cxkpi-report: compressed input (each library optional in the build, all tested in CI),
  # the zstd command for its tests, pandoc for its manual page, groff to check the page.
  packages+=(zlib1g-dev libzstd-dev libzip-dev zstd pandoc groff-base)
  packages+=(libsqlite3-dev sqlite3)  # the SQLite extension, its shell test and fuzz harness
  # PostgreSQL extension: the server, PGXS headers and make, pg_virtualenv for the test server
  packages+=(postgresql-15 postgresql-server-dev-15 postgresql-common make)
  # Ruby and PHP bindings (scripts/stage-rubyphp.sh): interpreters, ruby-ffi, the test frameworks
  packages+=(ruby ruby-ffi ruby-minitest php8.2-cli phpunit)
  # cxkpi-report's HTML report rendered in headless Chromium (tools/cxkpi-report/test_html.py);
  # a font so that the screenshot it keeps has readable text
  packages+=(chromium fonts-dejavu-core)
  # Python binding (bindings/python/tests/ci.sh): meson-python to build the wheel that
  # bundles libcxkpi; cxkpi.pandas and cxkpi.dask with their tests (a LocalCluster of worker
  # processes); mypy for the type check
  packages+=(python3-mesonpy python3-numpy python3-pandas python3-dask python3-distributed mypy)
fi
if [ "$profile" = bench ]; then
  packages+=(libsqlite3-dev python3-numpy python3-pandas)
  # bench/pg_bench.py: the PostgreSQL server and the tdigest extension it compares against
  packages+=(postgresql-15 postgresql-server-dev-15 postgresql-common postgresql-15-tdigest make)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: not root; install these packages first: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
