#!/usr/bin/env bash
# Benchmark: Score throughput with and without the decision log (release pointsd, the C load
# generator, summary cards, 64 calls in flight on one connection). A benchmark, not a test.
# Usage: Scripts/bench-decision-log.sh [CALLS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-60000}"
swift build -c release --product pointsd >/dev/null
make -s -C Sources/CPointsClient all
work="$(mktemp -d)"
pid=
trap 'kill -TERM $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
run() {  # label, extra pointsd arguments...
  local label="$1"; shift
  local port=$((7700 + RANDOM % 200))
  .build/release/pointsd --port "$port" "$@" 2>/dev/null & pid=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  .build/c/loadgen --port "$port" --calls "$calls" --summary --label "$label"
  kill -TERM $pid; wait $pid 2>/dev/null || true
}
echo "| pointsd | loop | connections | in flight | card | calls | calls/s | p50 µs | p90 µs | p99 µs | p99.9 µs | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
{ run "no decision log"; run "decision log (WAL, synchronous=FULL)" --decision-log "$work/decisions.sqlite"; } | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }'
echo
echo "decisions recorded: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from decisions').fetchone()[0])" "$work/decisions.sqlite")"
