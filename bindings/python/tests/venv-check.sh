#!/usr/bin/env bash
# Installs the Python binding into a fresh virtualenv, offline, and runs its test suite there
# against the library of BUILD_DIR -- what a user does with `pip install bindings/python`.
#
#   bindings/python/tests/venv-check.sh BUILD_DIR     (PYTHON=... to pick the interpreter)
#
# Offline on Debian 12: a venv with --system-site-packages sees Debian's setuptools and wheel
# (python3-setuptools, python3-wheel, pulled in by python3-pip), so
# `pip install --no-build-isolation --no-index` builds without any download. (A plain venv
# has setuptools but not wheel, which setuptools 66 needs to build a wheel.)
set -euo pipefail
build=$(cd "${1:?usage: venv-check.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build from a copy, so that pip's in-tree build leaves nothing in the source tree.
cp -r "$here" "$tmp/src"
rm -rf "$tmp/src/build" "$tmp/src/src/cxkpi.egg-info"
"$python" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --no-build-isolation --no-index "$tmp/src"
rm -rf "$tmp/src"

lib=$(readlink -f "$build/lib/libcxkpi.so")
cd "$tmp"
env -u PYTHONPATH \
  CXKPI_LIBRARY="$lib" \
  CXKPI_FIGURES="$build/bindings/python/py_figures" \
  CXKPI_FAKE_MAJOR_LIBRARY="$build/bindings/python/libfakemajor.so" \
  CXKPI_SOURCE_ROOT="$root" \
  CXKPI_EXPECT_INSTALLED="$tmp/venv" \
  PYTHONDONTWRITEBYTECODE=1 \
  "$tmp/venv/bin/python" -m unittest discover -s "$here/tests" 2>&1
echo "python: binding installed into a fresh virtualenv ($("$tmp/venv/bin/python" -c 'import sys; print(sys.version.split()[0])')) and tested OK"
