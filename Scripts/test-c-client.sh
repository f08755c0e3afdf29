#!/usr/bin/env bash
# Builds the C client with its Makefile and runs its test against a real pointsd under
# valgrind: every check must pass and valgrind must report no leak and no error.
# Called by Scripts/test.sh after `swift build` (it uses the debug pointsd).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C Sources/CPointsClient all client-test
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
.build/debug/pointsd --port "$port" --unix-socket "$work/pointsd.sock" \
  --max-frame-bytes 1048576 --idle-timeout-seconds 2 2>"$work/pointsd.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -S "$work/pointsd.sock" ] && break; sleep 0.1; done
valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 \
  .build/c/client-test 127.0.0.1 "$port" "$work/pointsd.sock"
echo "C client: valgrind reports no leaks and no errors"
