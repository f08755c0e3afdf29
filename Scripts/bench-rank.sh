#!/usr/bin/env bash
# Benchmark: rank N synthetic applicants (default 100,000) in release mode and report the time.
# Usage: Scripts/bench-rank.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/gen-applicants.py --count "$count" > "$work/applicants.csv"
swift build -c release --product points >/dev/null
start=$(date +%s.%N)
.build/release/points rank --scheme guangzhou-hukou --quota 16000 --as-of 2025-06-01 \
  --output "$work/ranked.csv" "$work/applicants.csv"
end=$(date +%s.%N)
rows=$(($(wc -l < "$work/ranked.csv") - 1))
admitted=$(grep -c ',true,' "$work/ranked.csv" || true)
python3 -c "print(f'ranked {$rows} applicants ({$admitted} admitted, quota 16000) in {$end - $start:.2f} s')"
