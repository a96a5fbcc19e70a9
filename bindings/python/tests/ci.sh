#!/usr/bin/env bash
# The Python binding's CI stage: the type check (Debian's mypy in strict mode over the
# package and examples/python, configured in bindings/python/pyproject.toml), then the
# package installed offline into a fresh virtualenv and tested there (venv-check.sh).
#
#   bindings/python/tests/ci.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: ci.sh BUILD_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
start=$SECONDS
(cd "$here" && /usr/bin/python3 -m mypy)
bash "$here/tests/venv-check.sh" "$build"
echo "python stage: $((SECONDS - start)) s"
