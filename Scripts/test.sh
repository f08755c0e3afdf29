#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the project needs (none yet beyond the Swift toolchain; later issues add
# protobuf-compiler, protobuf-c-compiler and libprotobuf-c-dev here, guarded the same way).
need=()
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi

swift build --build-tests
swift test --skip-build
