#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, then runs every test:
# the Swift suites, the C client's test under valgrind, then each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: protobuf-c for the C client (the generated code is committed, the
# compilers regenerate it), cJSON for points-c, valgrind for the C client's leak check,
# SQLite's headers for GRDB (the decision log), Chromium's headless shell for the simulation
# report's browser test.
need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s libprotobuf-c-dev >/dev/null 2>&1 || need+=(libprotobuf-c-dev)
dpkg -s libcjson-dev >/dev/null 2>&1 || need+=(libcjson-dev)
command -v protoc >/dev/null || need+=(protobuf-compiler)
command -v protoc-c >/dev/null || need+=(protobuf-c-compiler)
command -v valgrind >/dev/null || need+=(valgrind)
command -v make >/dev/null || need+=(make)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v chromium-headless-shell >/dev/null || need+=(chromium-headless-shell)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

swift build --build-tests
swift test --skip-build
Scripts/test-c-client.sh

# Every fuzz target briefly from the committed corpus (Scripts/fuzz.sh; longer runs in the README).
Scripts/fuzz.sh all 10
