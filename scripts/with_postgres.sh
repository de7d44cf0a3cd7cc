#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster (or $DATABASE_URL when set).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || { echo "Không tìm thấy PostgreSQL (initdb)." >&2; exit 1; }
DIR=$(mktemp -d /tmp/lamtheo-pg-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" = "0" ] && chown postgres "$DIR"
cleanup() { as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
as_pg "'$PG_BIN/initdb' -D '$DIR/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w -o \"-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
as_pg "'$PG_BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres lamtheo"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/lamtheo"
echo "PostgreSQL tạm thời: $DATABASE_URL"
"$@"
