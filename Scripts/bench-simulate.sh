#!/usr/bin/env bash
# Benchmark: `points simulate` of N synthetic applicants (default 1,000,000) against one
# candidate (residence permit 8 -> 10 points), beside a `points rank` of the same file, in
# release mode, in alternating rounds (the machine is shared: the ratio holds, times do not).
# Prints each round and the median ratio; the goal is simulate <= 2.5 x rank.
# Usage: Scripts/bench-simulate.sh [COUNT] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000000}"
rounds="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/gen-applicants.py --count "$count" > "$work/applicants.csv"
sed 's/^        points: 8$/        points: 10/' Sources/PointsCore/Schemes/guangzhou-hukou-2023.yaml > "$work/permit-10.yaml"
swift build -c release --product points >/dev/null
points=.build/release/points
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.3f}')"; }
ratios=(); with_changes=()
for round in $(seq "$rounds"); do
  rank=$(seconds "$points" rank --scheme guangzhou-hukou --quota 160000 --as-of 2025-06-01 --output "$work/ranked.csv" "$work/applicants.csv")
  simulate=$(seconds "$points" simulate --baseline guangzhou-hukou@2023 --candidate "$work/permit-10.yaml" \
    --population "$work/applicants.csv" --quota 160000 --as-of 2025-06-01)
  changes=$(seconds "$points" simulate --baseline guangzhou-hukou@2023 --candidate "$work/permit-10.yaml" \
    --population "$work/applicants.csv" --quota 160000 --as-of 2025-06-01 --changes "$work/changes.csv")
  ratio=$(python3 -c "print(f'{$simulate / $rank:.2f}')"); ratios+=("$ratio")
  changes_ratio=$(python3 -c "print(f'{$changes / $rank:.2f}')"); with_changes+=("$changes_ratio")
  echo "round $round: rank ${rank} s, simulate ${simulate} s (${ratio}x), simulate --changes ${changes} s (${changes_ratio}x)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$count applicants, one candidate: simulate / rank median $(median "${ratios[@]}")x (goal <= 2.5x); with --changes $(median "${with_changes[@]}")x"
