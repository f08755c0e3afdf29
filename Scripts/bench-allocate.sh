#!/usr/bin/env bash
# Benchmark: allocate school seats for N synthetic Panyu applicants (default 50,000) over S
# schools (default 200) in release mode and report the time. A benchmark, not a test.
# Usage: Scripts/bench-allocate.sh [COUNT] [SCHOOLS]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-50000}"
schools="${2:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/gen-school-applicants.py --count "$count" --schools "$schools" \
  --applicants-out "$work/applicants.csv" --seats-out "$work/seats.csv"
swift build -c release --product points >/dev/null
start=$(date +%s.%N)
.build/release/points allocate "$work/applicants.csv" --seats "$work/seats.csv" \
  --scheme panyu-school-points --as-of 2016-05-01 --output "$work/placements.csv"
end=$(date +%s.%N)
python3 -c "print(f'allocated {$count} applicants over {$schools} schools in {$end - $start:.2f} s (whole command: read, score, allocate, write)')"
