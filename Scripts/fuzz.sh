#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, with SwiftPM's fuzzer and address sanitizers) and runs
# one or all.
#   Scripts/fuzz.sh TARGET SECONDS     e.g. Scripts/fuzz.sh fuzz-scheme 600
#   Scripts/fuzz.sh all SECONDS        each target in turn
#   FUZZ_CONFIG=release Scripts/fuzz.sh all 600   optimised (slower to build, faster to run)
# Each run starts from the committed seed corpus (Fuzz/Corpus/TARGET) and writes what it
# learns to a scratch corpus (.build-fuzz/corpus/TARGET). A crash leaves crash-* in
# .build-fuzz/ and fails the script; every crash found becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh TARGET|all SECONDS}
seconds=${2:?usage: Scripts/fuzz.sh TARGET|all SECONDS}
targets=(fuzz-connection fuzz-wire-calls fuzz-facts-document fuzz-scheme fuzz-csv)
[ "$target" = all ] || targets=("$target")

config=${FUZZ_CONFIG:-debug}
build=(swift build --package-path Fuzz --scratch-path .build-fuzz -c "$config" --sanitize=fuzzer --sanitize=address)
mkdir -p .build-fuzz
# SwiftPM writes compile errors to standard output: kept, and shown when the build fails.
"${build[@]}" > .build-fuzz/build.log 2>&1 || { tail -60 .build-fuzz/build.log; echo "the fuzz targets do not build"; exit 1; }
bin=$("${build[@]}" --show-bin-path)

for t in "${targets[@]}"; do
  scratch=.build-fuzz/corpus/$t
  mkdir -p "$scratch"
  log=.build-fuzz/$t.log
  echo "fuzzing $t for ${seconds}s"
  # -rss_limit_mb: an input that needs gigabytes is a finding too. Leak detection is off:
  # LeakSanitizer cannot see Swift's pointers inside enum payloads and reports the schemes
  # built once per process; growth is caught by the RSS limit instead.
  if ! (cd .build-fuzz && ASAN_OPTIONS=detect_leaks=0 "$bin/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -detect_leaks=0 \
        -print_final_stats=1 "corpus/$t" "../Fuzz/Corpus/$t" >"$t.log" 2>&1); then
    tail -40 "$log"
    echo "$t: CRASH (see .build-fuzz/crash-* and $log)"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "$t: $runs executions, 0 crashes"
done
