#!/usr/bin/env bash
# A throwaway PostgreSQL on a loopback port of its own, for the tests and the scale-out bench.
#   Scripts/local-postgres.sh start DIR   initialises DIR, starts the server, prints its URL
#   Scripts/local-postgres.sh stop DIR    stops it (DIR may then be removed)
# Debian's `postgresql` package provides the binaries; the server runs as the `postgres` user
# when this runs as root (PostgreSQL refuses root), with trust authentication on loopback only.
# It also speaks TLS with the test PKI's server certificate (Tests/TLS: 127.0.0.1 and localhost,
# signed by Tests/TLS/ca.pem), so a client may ask for sslmode=verify-full; plain connections
# are accepted too.
set -euo pipefail
command=${1:?usage: Scripts/local-postgres.sh start|stop DIR}
dir=${2:?usage: Scripts/local-postgres.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $command in
start)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U points --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # PostgreSQL reads its key only when the server's user owns it and no one else may read it.
  pki="$(cd "$(dirname "$0")/.." && pwd)/Tests/TLS"
  install -m 600 "$pki/server.key" "$dir/data/server.key"
  install -m 644 "$pki/server.pem" "$dir/data/server.crt"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
  # A free port from the kernel; if another process takes it first, pg_ctl fails and we retry.
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c ssl=on" start >/dev/null 2>&1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U points points
      echo "postgresql://points@127.0.0.1:$port/points"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: Scripts/local-postgres.sh start|stop DIR" >&2; exit 2
  ;;
esac
