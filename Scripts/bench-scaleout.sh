#!/usr/bin/env bash
# Scale-out benchmark: the C load generator scores through HAProxy (TCP mode, round robin) in
# front of one and of two pointsd on this machine, first with a SQLite decision log per server,
# then with one PostgreSQL decision log shared by both (a fresh database per setup, on a
# throwaway server from Scripts/local-postgres.sh). Prints calls/s and p99 latency of the four
# setups as a Markdown table, and the loadgen command used. A benchmark, not a test: CI never
# runs it.
#   Scripts/bench-scaleout.sh [SECONDS] [CONNECTIONS]     (defaults: 10 s, 16 connections)
#   POINTSD=path  the server binary (default .build/release/pointsd if built, else .build/debug/pointsd)
#   WINDOW=N      calls in flight per connection (default 8)
# Everything runs on this machine, so the servers share its cores with HAProxy, PostgreSQL
# and the load generator: one pointsd keeps its default event loops (one per core), each of
# two gets `--event-loops 1`. Two servers on a small machine measure the cost of the shared
# log and the balancer more than added capacity.
# loadgen counts calls, not seconds: a short probe through the balancer measures each setup's
# rate, and the measured run asks for SECONDS' worth of calls at that rate (after loadgen's
# own unrecorded warm-up); the table's seconds column is how long it really took.
# Builds no Swift and installs nothing; needs Debian's haproxy and postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-16}"
window="${WINDOW:-8}"
haproxy=/usr/sbin/haproxy
if [ ! -x "$haproxy" ] || ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || ! command -v psql >/dev/null; then
  echo "HAProxy and PostgreSQL are needed: apt-get install -y haproxy postgresql" >&2
  exit 1
fi
if [ -z "${POINTSD:-}" ]; then
  POINTSD=.build/debug/pointsd
  [ -x .build/release/pointsd ] && POINTSD=.build/release/pointsd
fi
[ -x "$POINTSD" ] || { echo "no pointsd at $POINTSD (build it, or set POINTSD=path)" >&2; exit 1; }
echo "pointsd: $POINTSD"
make -s -C Sources/CPointsClient all

work="$(mktemp -d)"
postgres_dir="$(mktemp -d)"
servers=() balancer= balancer_port=
stop_servers() {
  [ -n "$balancer" ] && { kill -TERM "$balancer" 2>/dev/null || true; wait "$balancer" 2>/dev/null || true; }
  balancer=
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}
trap 'stop_servers; Scripts/local-postgres.sh stop "$postgres_dir"; rm -rf "$work" "$postgres_dir"' EXIT

# One scorer agency known by a token of this run; loadgen reads it from POINTS_TOKEN.
export POINTS_TOKEN="bench-scaleout-$RANDOM$RANDOM$RANDOM"
printf 'decision_key: bench-scaleout-decision-key-%s\nagencies:\n  - {name: bench-agency, token_sha256: %s, roles: [scorer]}\n' \
  "$RANDOM$RANDOM" "$(printf '%s' "$POINTS_TOKEN" | sha256sum | cut -d' ' -f1)" > "$work/pointsd.yaml"

# shellcheck source=Scripts/listening-port.sh
source Scripts/listening-port.sh
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# HAProxy in front of the given backend ports; sets $balancer and $balancer_port.
# One thread: the cores are the servers'. A port taken meanwhile makes HAProxy exit: try again.
start_balancer() {
  for _ in 1 2 3 4 5; do
    local port
    port="$(free_port)"
    {
      printf 'global\n  maxconn 4000\n  nbthread 1\ndefaults\n  mode tcp\n  timeout connect 2s\n  timeout client 10m\n  timeout server 10m\n'
      printf 'frontend points\n  bind 127.0.0.1:%s\n  default_backend pointsd\nbackend pointsd\n  balance roundrobin\n' "$port"
      local i=0
      for backend in "$@"; do printf '  server pointsd%s 127.0.0.1:%s\n' $((i++)) "$backend"; done
    } > "$work/haproxy.cfg"
    "$haproxy" -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
    balancer=$!
    for _ in $(seq 100); do
      kill -0 "$balancer" 2>/dev/null || break
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { balancer_port=$port; return 0; }
      sleep 0.1
    done
    kill -TERM "$balancer" 2>/dev/null || true; wait "$balancer" 2>/dev/null || true
    balancer=
  done
  echo "haproxy did not start:" >&2; cat "$work/haproxy.log" >&2; return 1
}

loadgen=(.build/c/loadgen --connections "$connections" --window "$window" --summary)
# Appends one row to $work/results.tsv: setup label, event loops per server ("default" or N),
# then each server's decision log (a SQLite path or a postgresql:// URL).
run() {
  local label="$1" loops="$2"; shift 2
  local ports=() extra=() n=0 port probe rate calls
  [ "$loops" != default ] && extra=(--event-loops "$loops")
  for log in "$@"; do
    n=$((n + 1))
    "$POINTSD" --config "$work/pointsd.yaml" --port 0 --decision-log "$log" "${extra[@]}" 2>"$work/pointsd$n.log" &
    servers+=($!)
    port="$(listening_port "$work/pointsd$n.log" $!)"
    ports+=("$port")
  done
  start_balancer "${ports[@]}"
  probe="$("${loadgen[@]}" --port "$balancer_port" --calls 2000 --label probe)"
  rate="$(echo "$probe" | cut -f7)"
  calls=$(( rate * seconds > 1000 ? rate * seconds : 1000 ))
  "${loadgen[@]}" --port "$balancer_port" --calls "$calls" --label "$label" | awk -F'\t' -v servers="$#" -v loops="$loops" \
    '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, servers, loops, $3, $6, $7, $10, $12 }' >> "$work/results.tsv"
  stop_servers
}

run "SQLite" default "$work/one.sqlite"
run "SQLite, a file each" 1 "$work/two-a.sqlite" "$work/two-b.sqlite"
url="$(Scripts/local-postgres.sh start "$postgres_dir")"
psql -q "$url" -c "CREATE DATABASE bench_one"
psql -q "$url" -c "CREATE DATABASE bench_two"
run "PostgreSQL" default "${url%/*}/bench_one"
run "PostgreSQL, shared" 1 "${url%/*}/bench_two" "${url%/*}/bench_two"
# Every answered call (the probe's and the warm-ups' too) is in a log.
sqlite_count() { python3 -c "import sqlite3,sys; print(sum(sqlite3.connect(f).execute('select count(*) from decisions').fetchone()[0] for f in sys.argv[1:]))" "$@"; }
pg_count() { psql -Atc 'select count(*) from decisions' "${url%/*}/$1"; }
recorded="$(sqlite_count "$work/one.sqlite"), $(sqlite_count "$work/two-a.sqlite" "$work/two-b.sqlite"), $(pg_count bench_one), $(pg_count bench_two)"

echo "C load generator through HAProxy $("$haproxy" -v | head -1 | awk '{ print $3 }') (TCP, round robin), $(nproc) cores, $(date -u +%F); ~${seconds} s per setup"
echo "loadgen: POINTS_TOKEN=… ${loadgen[*]} --port HAPROXY_PORT --calls N  (N: the rate of a 2000-call probe × ${seconds} s)"
echo
echo "| decision log | pointsd | event loops each | connections | calls | seconds | calls/s | p99 µs | errors |"
echo "|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %.1f | %s | %s | %s |\n", $1, $2, $3, $4, $5, $5 / $6, $6, $7, $8 }' "$work/results.tsv"
echo
echo "decisions recorded, in the same order (probe and warm-ups included): $recorded"
