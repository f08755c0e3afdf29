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
# A second pointsd with one agency (role scorer), for the token checks.
token="c-client-scorer-token-$RANDOM$RANDOM"
secured_port=$((port + 1))
printf 'agencies:\n  - {name: c-agency, token_sha256: %s, roles: [scorer]}\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" > "$work/secured.yaml"
.build/debug/pointsd --config "$work/secured.yaml" --port "$secured_port" 2>"$work/secured.log" &
secured=$!
trap 'kill -TERM $server $secured 2>/dev/null || true; wait $server $secured 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -S "$work/pointsd.sock" ] && break; sleep 0.1; done
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$secured_port) 2>/dev/null && break; sleep 0.1; done
checked() { valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 "$@"; }
checked .build/c/client-test 127.0.0.1 "$port" "$work/pointsd.sock" "$secured_port" "$token"

# points-c: the whole path from a JSON facts file to a printed card, and a refused call.
checked .build/c/points-c --server "127.0.0.1:$port" --as-of 2025-06-01 --format json Examples/bachelor-renting.json > "$work/card.json"
grep -q '"total":[[:space:]]*"200"' "$work/card.json" || { echo "points-c: wrong card"; cat "$work/card.json"; exit 1; }
# A full card's next steps reach C too (this applicant qualifies: open points, e.g. R&D work).
grep -q '"kind":[[:space:]]*"open"' "$work/card.json" && grep -q '"id":[[:space:]]*"rnd_work"' "$work/card.json" \
  || { echo "points-c: no next steps on the full card"; cat "$work/card.json"; exit 1; }
checked .build/c/points-c --unix "$work/pointsd.sock" --as-of 2025-06-01 --summary Examples/bachelor-renting.json | grep -q "^total 200  ranking score 170$"
echo '{"birth_date": "1990-01-01", "housing": "castle"}' > "$work/bad.json"
set +e
checked .build/c/points-c --server "127.0.0.1:$port" --as-of 2025-06-01 "$work/bad.json" 2> "$work/bad.err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "INVALID_ARGUMENT: housing: expected one of" "$work/bad.err" || { echo "points-c: bad facts gave rc $rc"; cat "$work/bad.err"; exit 1; }
echo "C client and points-c: every check passed; valgrind reports no leaks and no errors"
