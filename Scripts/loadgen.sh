#!/usr/bin/env bash
# C-driven load report: the C echo server (the framing's own limit) and a release pointsd,
# measured in the same run by the C load generator; prints a Markdown table with the ratio
# of pointsd's throughput to the echo limit. A benchmark, not a test: CI never runs it.
# Usage: Scripts/loadgen.sh [CALLS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-100000}"
swift build -c release --product pointsd >/dev/null
make -s -C Sources/CPointsClient all
echo_port=7601 points_port=7602
.build/c/echo-server "$echo_port" & echo_pid=$!
.build/release/pointsd --port "$points_port" 2>/dev/null & points_pid=$!
trap 'kill $echo_pid 2>/dev/null || true; kill -TERM $points_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$points_port) 2>/dev/null && break; sleep 0.1; done

run() { .build/c/loadgen "$@"; }
results=$(
  run --port "$echo_port" --label "echo server" --calls $((calls * 3))
  run --port "$points_port" --label "pointsd Health" --method Health --calls $((calls * 3)) --connections 2 --window 32
  run --port "$points_port" --calls "$calls"
  run --port "$points_port" --calls "$calls" --summary
  run --port "$points_port" --calls "$calls" --summary --connections 2 --window 32
  run --port "$points_port" --calls $((calls / 5)) --summary --connections 2 --rate 20000
)
echo_rate=$(echo "$results" | awk -F'\t' 'NR == 1 { print $7 }')
echo "C load generator, $(nproc) cores, $(date -u +%F); latency from the intended send time"
echo
echo "| target | loop | connections | in flight each | card | calls | calls/s | % of echo | p50 µs | p90 µs | p99 µs | p99.9 µs | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
echo "$results" | awk -F'\t' -v echo_rate="$echo_rate" '{
  if (NR == 1) $5 = "(echoed)"
  if (NR == 2) $5 = "(no card)"
  printf "| %s | %s | %s | %s | %s | %s | %s | %.2f %% | %s | %s | %s | %s | %s |\n", $1, $2, $3, ($2 == "open" ? "rate 20000/s" : $4), $5, $6, $7, 100 * $7 / echo_rate, $8, $9, $10, $11, $12 }'
