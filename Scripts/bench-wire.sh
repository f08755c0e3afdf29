#!/usr/bin/env bash
# Benchmark: pipelined Score calls against a release pointsd over loopback TCP, with 1 and 64
# calls in flight on one connection; prints calls/s and p50/p99 round-trip latency.
# Usage: Scripts/bench-wire.sh [CALLS]   (a benchmark, not a test: CI never runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-200000}"
port=7499
swift build -c release --product pointsd >/dev/null
(cd Benchmarks && swift build -c release --product wire-bench >/dev/null)
.build/release/pointsd --port "$port" 2>/dev/null &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
echo "pointsd (release) on 127.0.0.1:$port; $(nproc) cores; $(date -u +%F)"
Benchmarks/.build/release/wire-bench 127.0.0.1 "$port" "$calls"
