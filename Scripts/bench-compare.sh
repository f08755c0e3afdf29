#!/usr/bin/env bash
# Side by side in one run: a release pointsd built from REV (a git worktree under
# .build-compare/) against the working tree's, the C load generator alternating between them
# for ROUNDS rounds, so a noisy machine hits both alike. A benchmark, not a test.
# Usage: Scripts/bench-compare.sh REV [CALLS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: Scripts/bench-compare.sh REV [CALLS] [ROUNDS]}
calls=${2:-40000}
rounds=${3:-2}
tree=.build-compare/$rev
[ -d "$tree" ] || git worktree add -f "$tree" "$rev" >/dev/null
(cd "$tree" && swift build -c release --product pointsd >/dev/null)
swift build -c release --product pointsd >/dev/null
make -s -C Sources/CPointsClient all
"$tree/.build/release/pointsd" --port 7631 2>/dev/null & before=$!
.build/release/pointsd --port 7632 2>/dev/null & after=$!
trap 'kill $before $after 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for port in 7631 7632; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done
echo "| pointsd | connections × in flight | card | calls/s | p50 µs | p99 µs |"
echo "|---|---|---|---|---|---|"
for _ in $(seq "$rounds"); do
  for port in 7631 7632; do
    label=$([ $port = 7631 ] && echo "$rev" || echo "working tree")
    for args in "--summary --connections 2 --window 32" "--window 64" "--summary --window 64"; do
      # shellcheck disable=SC2086
      .build/c/loadgen --port $port --label "$label" --calls "$calls" $args |
        awk -F'\t' '{ printf "| %s | %s × %s | %s | %s | %s | %s |\n", $1, $3, $4, $5, $7, $8, $10 }'
    done
  done
done
