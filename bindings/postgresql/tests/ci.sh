#!/usr/bin/env bash
# CI stage of the PostgreSQL extension. Builds it with PGXS against a Meson build of the
# library (argument 1, default build-gcc; its static libcxkpi.a is linked in), installs it
# into the system's PostgreSQL 15 (needs root, as in CI), and runs the regression tests
# (make installcheck) against a throw-away server that pg_virtualenv (postgresql-common)
# creates in a temporary directory and starts on 127.0.0.1; it is removed afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build-gcc}" && pwd)
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

cd "$here"
make -s clean
make -s CXKPI_BUILD="$build"
make -s install CXKPI_BUILD="$build"
echo "pg: installed $("$PG_CONFIG" --pkglibdir)/cxkpi.so (library linked statically:" \
     "$(ldd cxkpi.so | grep -c cxkpi || true) run-time libcxkpi dependencies)"

# The server runs as the `postgres` user. A bare root file system unpacked from an archive
# can have "/" at mode 0700, which no other user can enter; then initdb cannot even start.
# On such a throw-away CI root, give others search permission on "/" (never done elsewhere).
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$("$PG_CONFIG" --bindir)/initdb" 2>/dev/null; then
  echo "pg: the postgres user cannot enter / (mode $(stat -c %a /)); adding o+x so it can run the test server"
  chmod o+x /
fi

status=0
# (the trailing space makes pg_createcluster quote the address in postgresql.conf)
pg_virtualenv -t -v 15 -o "listen_addresses=127.0.0.1 " -o max_worker_processes=8 \
  env PGHOST=127.0.0.1 make -s installcheck CXKPI_BUILD="$build" || status=$?
if [ "$status" -ne 0 ] && [ -f results-dir/regression.diffs ]; then
  cat results-dir/regression.diffs
fi
make -s clean
exit "$status"
