#!/usr/bin/env bash
# Builds the C client with its Makefile and runs its test against a real pointsd under
# valgrind: every check must pass and valgrind must report no leak and no error.
# Called by Scripts/test.sh after `swift build` (it uses the debug pointsd).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C Sources/CPointsClient all client-test
work="$(mktemp -d)"
# shellcheck source=Scripts/listening-port.sh
source Scripts/listening-port.sh
.build/debug/pointsd --port 0 --unix-socket "$work/pointsd.sock" \
  --max-frame-bytes 1048576 --idle-timeout-seconds 2 2>"$work/pointsd.log" &
server=$!
# A second pointsd with one agency (role scorer), for the token checks.
token="c-client-scorer-token-$RANDOM$RANDOM"
printf 'agencies:\n  - {name: c-agency, token_sha256: %s, roles: [scorer]}\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" > "$work/secured.yaml"
.build/debug/pointsd --config "$work/secured.yaml" --port 0 2>"$work/secured.log" &
secured=$!
# A third pointsd speaks TLS only: hr-bureau (role scorer) is known by its client certificate.
# Tests/TLS is the committed test PKI (Scripts/make-test-certs.sh).
printf 'tls: {certificate: Tests/TLS/server.pem, private_key: Tests/TLS/server.key, client_ca: Tests/TLS/ca.pem}\nagencies:\n  - {name: hr-bureau, certificate_sha256: %s, roles: [scorer]}\n' \
  "$(grep ' hr-bureau.pem$' Tests/TLS/certificate-sha256.txt | cut -d' ' -f1)" > "$work/tls.yaml"
.build/debug/pointsd --config "$work/tls.yaml" --port 0 --idle-timeout-seconds 2 2>"$work/tls.log" &
tls_server=$!
trap 'kill -TERM $server $secured $tls_server 2>/dev/null || true; wait $server $secured $tls_server 2>/dev/null || true; rm -rf "$work"' EXIT
port="$(listening_port "$work/pointsd.log" "$server")"
secured_port="$(listening_port "$work/secured.log" "$secured")"
tls_port="$(listening_port "$work/tls.log" "$tls_server")"
for _ in $(seq 100); do [ -S "$work/pointsd.sock" ] && break; sleep 0.1; done
checked() { valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 "$@"; }
checked .build/c/client-test 127.0.0.1 "$port" "$work/pointsd.sock" "$secured_port" "$token"
# The same calls over TLS as hr-bureau (pipelining, a batch answer over many TLS records, goodbye),
# and each refusal in words: a wrong CA, a wrong name, an expired or a stranger's client
# certificate, plain TCP to the TLS port, TLS to the plain port, options that cannot work.
checked .build/c/client-test --tls 127.0.0.1 "$tls_port" "$port" Tests/TLS

# points-c over mutual TLS, and its refusals.
tls_agency=(--tls-ca Tests/TLS/ca.pem --tls-cert Tests/TLS/hr-bureau.pem --tls-key Tests/TLS/hr-bureau.key)
checked .build/c/points-c --server "127.0.0.1:$tls_port" "${tls_agency[@]}" --as-of 2025-06-01 --summary Examples/bachelor-renting.json | grep -q "^total 200  ranking score 170$"
set +e
checked .build/c/points-c --server "localhost:$tls_port" --tls-ca Tests/TLS/ca.pem --tls-cert Tests/TLS/expired.pem --tls-key Tests/TLS/expired.key Examples/bachelor-renting.json 2> "$work/expired.err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "the server refused our client certificate: certificate expired" "$work/expired.err" || { echo "points-c: an expired certificate gave rc $rc"; cat "$work/expired.err"; exit 1; }
set +e
checked .build/c/points-c --server "127.0.0.1:$tls_port" --tls-ca Tests/TLS/other-ca.pem Examples/bachelor-renting.json 2> "$work/wrong-ca.err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "TLS handshake with 127.0.0.1:$tls_port failed: certificate verify failed (unable to get local issuer certificate)" "$work/wrong-ca.err" \
  || { echo "points-c: the wrong CA gave rc $rc"; cat "$work/wrong-ca.err"; exit 1; }
# loadgen over mutual TLS: every call answered OK.
.build/c/loadgen --port "$tls_port" "${tls_agency[@]}" --calls 2000 --summary | grep -q $'\tnone$' || { echo "loadgen over TLS failed"; exit 1; }

# points-c: the whole path from a JSON facts file to a printed card, and a refused call.
checked .build/c/points-c --server "127.0.0.1:$port" --as-of 2025-06-01 --format json Examples/bachelor-renting.json > "$work/card.json"
grep -q '"total":[[:space:]]*"200"' "$work/card.json" || { echo "points-c: wrong card"; cat "$work/card.json"; exit 1; }
# A full card's next steps reach C too (this applicant qualifies: open points, e.g. R&D work).
grep -q '"kind":[[:space:]]*"open"' "$work/card.json" && grep -q '"id":[[:space:]]*"rnd_work"' "$work/card.json" \
  || { echo "points-c: no next steps on the full card"; cat "$work/card.json"; exit 1; }
checked .build/c/points-c --unix "$work/pointsd.sock" --as-of 2025-06-01 --summary Examples/bachelor-renting.json | grep -q "^total 200  ranking score 170$"
# points-c prints the text card `points score` prints, line for line, and its JSON card has the
# same keys: a qualified family's card (with next steps) and a card undetermined by a rule not
# on record (Chongqing's years of insurance and residence).
printf '{"stable_employment": true, "housing": "rented_registered", "pension_insurance_months": 30, "residence_months": 40, "holds_residence_permit": true}' > "$work/cq.json"
printf 'stable_employment: true\nhousing: rented_registered\npension_insurance_months: 30\nresidence_months: 40\nholds_residence_permit: true\n' > "$work/cq.yaml"
for case in "Examples/bachelor-renting guangzhou-hukou --next-steps" "$work/cq chongqing-settlement"; do
  set -- $case
  for format in text json; do
    checked .build/c/points-c --server "127.0.0.1:$port" --scheme "$2" --as-of 2025-06-01 --format "$format" ${3:-} "$1.json" > "$work/c.$format"
    .build/debug/points score "$1.yaml" --scheme "$2" --as-of 2025-06-01 --format "$format" ${3:-} --server "127.0.0.1:$port" > "$work/swift.$format"
  done
  diff "$work/c.text" "$work/swift.text" || { echo "points-c: its text card differs from points score's ($2)"; exit 1; }
  python3 Tests/CClientTests/json_keys.py "$work/c.json" "$work/swift.json" || { echo "points-c: its JSON keys differ from points score's ($2)"; exit 1; }
done
# points-c on a closed port says why it cannot connect.
if .build/c/points-c --server 127.0.0.1:1 Examples/bachelor-renting.json 2> "$work/refused.txt"; then echo "points-c: connected to a closed port"; exit 1; fi
grep -q "cannot connect to 127.0.0.1:1: Connection refused" "$work/refused.txt" || { echo "points-c: no reason for a refused connection:"; cat "$work/refused.txt"; exit 1; }
echo '{"birth_date": "1990-01-01", "housing": "castle"}' > "$work/bad.json"
set +e
checked .build/c/points-c --server "127.0.0.1:$port" --as-of 2025-06-01 "$work/bad.json" 2> "$work/bad.err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "INVALID_ARGUMENT: housing: expected one of" "$work/bad.err" || { echo "points-c: bad facts gave rc $rc"; cat "$work/bad.err"; exit 1; }
# Missing facts: every one on its line, past what one error message buffer holds.
echo '{"birth_date": "1990-01-01"}' > "$work/sparse.json"
set +e
checked .build/c/points-c --server "127.0.0.1:$port" --as-of 2025-06-01 "$work/sparse.json" 2> "$work/sparse.err"
rc=$?
set -e
[ "$rc" = 1 ] && [ "$(grep -c ': INVALID_ARGUMENT: [a-z0-9_]*: missing; scheme guangzhou-hukou' "$work/sparse.err")" = 10 ] \
  || { echo "points-c: missing facts gave rc $rc"; cat "$work/sparse.err"; exit 1; }
echo "C client and points-c: every check passed; valgrind reports no leaks and no errors"
