#!/usr/bin/env bash
# Installs the Python binding into a fresh virtualenv, offline, as a user does with
# `pip install bindings/python`: meson-python builds libcxkpi from this source tree and
# bundles it in the package. Then checks that the installed package loads its own copy of
# the library (no CXKPI_LIBRARY, no system libcxkpi needed) and runs the test suite there.
#
#   bindings/python/tests/venv-check.sh BUILD_DIR     (PYTHON=... to pick the interpreter)
#
# BUILD_DIR provides the C test helpers only (py_figures, libfakemajor.so). Offline on
# Debian 12: the venv is made with --system-site-packages so that it sees Debian's
# meson-python (python3-mesonpy), and pip runs with --no-build-isolation --no-index.
set -euo pipefail
build=$(cd "${1:?usage: venv-check.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" -m venv --system-site-packages "$tmp/venv"
env -u CXKPI_LIBRARY "$tmp/venv/bin/python" -m pip install --quiet --no-build-isolation \
  --no-index "$here"

cd "$tmp"
# The bundled library, found without any help; say whether a system copy exists at all.
env -u CXKPI_LIBRARY -u LD_LIBRARY_PATH -u PYTHONPATH "$tmp/venv/bin/python" - "$tmp/venv" <<'PY'
import ctypes.util, os, sys
import cxkpi
venv = os.path.realpath(sys.argv[1])
where = os.path.realpath(cxkpi.LIBRARY_PATH)
assert where.startswith(venv + os.sep), f"loaded {where}, not the copy bundled in {venv}"
print(f"python: the wheel bundles {os.path.basename(where)} (libcxkpi {cxkpi.LIBRARY_VERSION}); "
      f"system libcxkpi: {ctypes.util.find_library('cxkpi') or 'none'}")
PY

# The suite against the installed package and its bundled library.
env -u PYTHONPATH -u CXKPI_LIBRARY \
  CXKPI_FIGURES="$build/bindings/python/tests/py_figures" \
  CXKPI_FAKE_MAJOR_LIBRARY="$build/bindings/python/tests/libfakemajor.so" \
  CXKPI_SOURCE_ROOT="$root" \
  CXKPI_EXPECT_INSTALLED="$tmp/venv" \
  PYTHONDONTWRITEBYTECODE=1 \
  "$tmp/venv/bin/python" -m unittest discover -s "$here/tests" 2>&1
echo "python: binding installed into a fresh virtualenv ($("$tmp/venv/bin/python" -c 'import sys; print(sys.version.split()[0])')) and tested OK"
