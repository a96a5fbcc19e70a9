#!/usr/bin/env bash
# Builds and installs cxkpi into a temporary prefix, then builds tests/consumer/consumer.c
# against it with `pkg-config --cflags --libs cxkpi`, dynamically and statically.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson setup "$tmp/build" "$src" --prefix="$tmp/prefix" --libdir=lib -Dtests=false -Dexamples=false >/dev/null
meson install -C "$tmp/build" --quiet
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cc=${CC:-cc}

# shared
$cc -std=c11 -Wall -Wextra -Wpedantic -Werror "$here/consumer.c" -o "$tmp/consumer-shared" \
  $(pkg-config --cflags --libs cxkpi)
LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/consumer-shared"
# (outputs are captured first: `cmd | grep -q` under pipefail fails when grep exits early)
needed=$(readelf -d "$tmp/consumer-shared")
case "$needed" in *'Shared library: [libcxkpi.so.0]'*) ;; *) echo "consumer: not linked to libcxkpi.so.0"; exit 1 ;; esac

# static: a fully static executable, so no libcxkpi.so can be picked up by accident
$cc -std=c11 -Wall -Wextra -Wpedantic -Werror -static "$here/consumer.c" -o "$tmp/consumer-static" \
  $(pkg-config --cflags --libs --static cxkpi)
"$tmp/consumer-static"
if ldd "$tmp/consumer-static" >/dev/null 2>&1; then echo "consumer: static build is dynamic"; exit 1; fi

# what was installed
(cd "$tmp/prefix" && find . -type f -o -type l | sort | sed 's/^/  installed: /')
soname=$(readelf -d "$tmp/prefix/lib/libcxkpi.so.0")
case "$soname" in *'Library soname: [libcxkpi.so.0]'*) ;; *) echo "consumer: SONAME is not libcxkpi.so.0"; exit 1 ;; esac
echo "consumer: shared and static builds through pkg-config OK"

# as a Meson subproject: dependency('cxkpi') resolved through meson.override_dependency
mkdir -p "$tmp/sub/subprojects"
ln -s "$src" "$tmp/sub/subprojects/cxkpi"
cp "$here/consumer.c" "$tmp/sub/"
cat >"$tmp/sub/meson.build" <<'MESON'
project('consumer', 'c', default_options: ['c_std=c11'])
subproject('cxkpi', default_options: ['tests=false', 'examples=false', 'docs=disabled'])
executable('consumer', 'consumer.c', dependencies: dependency('cxkpi'))
MESON
meson setup "$tmp/sub/build" "$tmp/sub" >/dev/null
meson compile -C "$tmp/sub/build" >/dev/null
"$tmp/sub/build/consumer"
echo "consumer: Meson subproject build OK"
