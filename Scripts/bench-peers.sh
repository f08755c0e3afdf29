#!/usr/bin/env bash
# Side by side in one run, on the same machine: `points rank` against an OpenFisca model of the
# same table (OPENFISCA_PEER: its run.sh, which makes its own venv) on one generated CSV, then the C load
# generator against the C echo server and a release pointsd (Health, summary and full cards,
# 2 connections x 32 in flight, one in flight: medians of three interleaved rounds; open loops).
# Prints one table of ratios.
# A benchmark, not a test: CI never runs it.
# Usage: Scripts/bench-peers.sh [APPLICANTS] [CALLS]   (defaults 1000000 and 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
applicants="${1:-1000000}"
calls="${2:-100000}"
# The team keeps the peer beside the project; it is a yardstick, not part of the product.
peer="${OPENFISCA_PEER:-$(cd .. && pwd)/shared/peers/openfisca/run.sh}"
work="$(mktemp -d)"
trap 'kill $echo_pid $points_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
echo_pid="" points_pid=""

swift build -c release --product points >/dev/null
swift build -c release --product pointsd >/dev/null
make -s -C Sources/CPointsClient all
python3 Scripts/gen-applicants.py --count "$applicants" > "$work/applicants.csv"
[ -f "$peer" ] || { echo "no OpenFisca peer: set OPENFISCA_PEER to the run.sh of the OpenFisca model of the points table" >&2; exit 1; }

# Rank: each side three times, alternating, so a noisy moment hits both alike. Wall seconds and peak RSS.
measure() {  # label command...: prints "label wall_s rss_mib"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall rss < "$work/time"
  echo "$label $wall $((rss / 1024))"
}
rank=()
for _ in 1 2 3; do
  rank+=("$(measure points .build/release/points rank --scheme guangzhou-hukou --quota 16000 --as-of 2025-06-01 --output "$work/points.csv" "$work/applicants.csv")")
  rank+=("$(measure openfisca bash "$peer" "$work/applicants.csv" "$work/peer.csv" --quota 16000 --as-of 2025-06-01)")
done

# The wire: the echo server is the framing's limit; Health is pointsd's own.
.build/c/echo-server 7611 & echo_pid=$!
.build/release/pointsd --port 7612 2>/dev/null & points_pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/7612) 2>/dev/null && break; sleep 0.1; done
load() { .build/c/loadgen "$@" | awk -F'\t' '{ print $7, $10 }'; }  # calls/s, p99 µs
# Closed loops in three interleaved rounds (a noisy moment hits every method alike); each
# figure is the median of its three.
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
declare -A seen
for _ in 1 2 3; do
  read -r rate _ <<< "$(load --port 7611 --calls $((calls * 3)) --connections 2 --window 32)"; seen[echo32]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --method Health --calls $((calls * 3)) --connections 2 --window 32)"; seen[health32]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --summary --calls "$calls" --connections 2 --window 32)"; seen[summary32]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --calls "$calls" --connections 2 --window 32)"; seen[full32]+=" $rate"
  read -r rate _ <<< "$(load --port 7611 --calls $((calls / 5)) --window 1)"; seen[echo1]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --method Health --calls $((calls / 5)) --window 1)"; seen[health1]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --summary --calls $((calls / 5)) --window 1)"; seen[summary1]+=" $rate"
  read -r rate _ <<< "$(load --port 7612 --calls $((calls / 5)) --window 1)"; seen[full1]+=" $rate"
done
for name in echo32 health32 summary32 full32 echo1 health1 summary1 full1; do
  # shellcheck disable=SC2086
  printf -v "$name" '%s' "$(median ${seen[$name]})"
done
read -r _ open20k <<< "$(load --port 7612 --summary --calls $((calls * 2)) --connections 2 --rate 20000)"
read -r _ open5k <<< "$(load --port 7612 --calls $((calls / 2)) --connections 2 --rate 5000)"

echo "Scripts/bench-peers.sh $applicants $calls on $(nproc) cores, $(date -u +%F)"
echo
echo "| work | ours | peer or limit | ratio | goal |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rank[@]}" | awk '
  $1 == "points" { pw[++p] = $2; pr[p] = $3 } $1 == "openfisca" { ow[++o] = $2; orss[o] = $3 }
  END {
    for (i = 1; i <= p; i++) {
      printf "| `points rank` %s applicants, round %d: wall | %.2f s | OpenFisca %.2f s | %.1f× faster | ≥ 5× |\n", "'"$applicants"'", i, pw[i], ow[i], ow[i] / pw[i]
      printf "| round %d: peak RSS | %d MiB | %d MiB | %.2f of it | ≤ 0.25 |\n", i, pr[i], orss[i], pr[i] / orss[i]
    }
    # Medians of the three rounds.
    mp = median3(pw[1], pw[2], pw[3]); mo = median3(ow[1], ow[2], ow[3])
    printf "| `points rank`, median of the rounds | %.2f s | OpenFisca %.2f s | %.1f× faster | ≥ 5× |\n", mp, mo, mo / mp
  }
  function median3(a, b, c) {
    if ((a <= b && b <= c) || (c <= b && b <= a)) return b
    if ((b <= a && a <= c) || (c <= a && a <= b)) return a
    return c
  }'
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }
echo "| pointsd Score summary, 2 × 32 in flight | $summary32 calls/s | Health $health32 (echo $echo32) | $(ratio "$summary32" "$health32") of Health | ≥ 50 % |"
echo "| pointsd Score full card, 2 × 32 in flight | $full32 calls/s | Health $health32 | $(ratio "$full32" "$health32") of Health | ≥ 25 % |"
echo "| pointsd Score summary, one in flight | $summary1 calls/s | Health $health1 (echo $echo1) | $(ratio "$summary1" "$health1") of Health | ≥ 80 % |"
echo "| pointsd Score full card, one in flight | $full1 calls/s | Health $health1 | $(ratio "$full1" "$health1") of Health | |"
echo "| open loop 20,000 summary calls/s, 2 connections | p99 $open20k µs | | | p99 < 1,000 µs |"
echo "| open loop 5,000 full cards/s, 2 connections | p99 $open5k µs | | | |"
echo
echo "OpenFisca rounds: $(printf '%s; ' "${rank[@]}" | sed 's/points [^;]*; //g')"
