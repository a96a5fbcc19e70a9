#!/bin/sh
# Fails when the shared library's exported symbols, the linker version script and the
# CXKPI_API declarations of the public headers do not name exactly the same functions,
# or when an export is unversioned. Catches a forgotten CXKPI_API, a leaked internal
# symbol and a symbol missing from lib/cxkpi.map.
# Usage: symbols-check.sh LIBCXKPI.so CXKPI.map INCLUDE_DIR
set -eu
lib=$1 map=$2 inc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Exported, defined, non-absolute symbols (the version node itself is an 'A' symbol).
nm -D --defined-only --with-symbol-versions "$lib" | awk '$2 != "A" {print $3}' | sort >"$tmp/exported_versioned"
sed 's/@.*//' "$tmp/exported_versioned" | sort >"$tmp/exported"
sed -n 's/^[[:space:]]*\(cxkpi_[A-Za-z0-9_]*\);.*/\1/p' "$map" | sort >"$tmp/map"
# Names of functions declared with CXKPI_API, possibly across several lines.
# Between CXKPI_API and "(" a declaration holds only a type, stars and the name.
cat "$inc"/cxkpi.h "$inc"/cxkpi/*.h* | tr '\n' ' ' | grep -oE 'CXKPI_API[[:space:]]+[A-Za-z0-9_ *]+\(' |
  sed -E 's/.*[^A-Za-z0-9_](cxkpi_[A-Za-z0-9_]*)[[:space:]]*\(/\1/' | grep '^cxkpi_' | sort -u >"$tmp/headers"

status=0
report() { # $1 = description, $2 = file of offending names
  if [ -s "$2" ]; then echo "symbols-check: $1:"; sed 's/^/  /' "$2"; status=1; fi
}
comm -23 "$tmp/exported" "$tmp/map" >"$tmp/a"; report "exported but not in the version script" "$tmp/a"
comm -13 "$tmp/exported" "$tmp/map" >"$tmp/b"; report "in the version script but not exported (missing CXKPI_API?)" "$tmp/b"
comm -23 "$tmp/headers" "$tmp/exported" >"$tmp/c"; report "declared CXKPI_API but not exported" "$tmp/c"
comm -13 "$tmp/headers" "$tmp/exported" >"$tmp/d"; report "exported but not declared CXKPI_API in a public header" "$tmp/d"
grep -v '^cxkpi_' "$tmp/exported" >"$tmp/e" || true; report "exported without the cxkpi_ prefix" "$tmp/e"
grep -v '@@\{0,1\}CXKPI_' "$tmp/exported_versioned" >"$tmp/f" || true; report "exported without a version node" "$tmp/f"
# A public header must not expose a struct body: handles are opaque.
if grep -n 'struct[[:space:]]*[A-Za-z0-9_]*[[:space:]]*{' "$inc"/cxkpi.h "$inc"/cxkpi/*.h* >"$tmp/g"; then
  report "struct body in a public header" "$tmp/g"
fi
n=$(wc -l <"$tmp/exported")
[ "$status" -eq 0 ] && echo "symbols-check: $n exported symbols, all versioned and declared"
exit $status
