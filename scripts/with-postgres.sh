#!/usr/bin/env bash
# Runs a command with a private, throwaway PostgreSQL server on loopback, so the
# gateway's PostgreSQL backend is tested against the real thing.
# Exports INTEL_TEST_POSTGRES_URL (postgres://intel@127.0.0.1:PORT/intel_gateway).
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
dir=$(mktemp -d -t intel-pg.XXXXXX)
chmod 755 "$dir"
port=${INTEL_TEST_POSTGRES_PORT:-$((20000 + RANDOM % 20000))}
# initdb refuses to run as root: run the server as the postgres system user then.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U intel --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U intel intel_gateway
export INTEL_TEST_POSTGRES_URL="postgres://intel@127.0.0.1:$port/intel_gateway"
status=0
"$@" || status=$?
exit $status
