#!/bin/sh
# Compiles the test zoneinfo source with zic: mkzoneinfo.sh ZIC OUTDIR SOURCE STAMP [zic options]
set -eu
zic=$1 out=$2 src=$3 stamp=$4
shift 4
rm -rf "$out"
"$zic" "$@" -d "$out" "$src"
touch "$stamp"
