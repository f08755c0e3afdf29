#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, then runs every test:
# the Swift suites, the C client's test under valgrind, then each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: protobuf-c for the C client (the generated code is committed, the
# compilers regenerate it), OpenSSL's headers for its TLS, cJSON for points-c, valgrind for the
# C client's leak check, SQLite's headers for GRDB (the decision log), Chromium's headless shell
# for the simulation report's browser test, PostgreSQL and HAProxy for the scale-out tests.
need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s libprotobuf-c-dev >/dev/null 2>&1 || need+=(libprotobuf-c-dev)
dpkg -s libcjson-dev >/dev/null 2>&1 || need+=(libcjson-dev)
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
command -v openssl >/dev/null || need+=(openssl)
dpkg -s postgresql >/dev/null 2>&1 || need+=(postgresql)
command -v haproxy >/dev/null || need+=(haproxy)
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

# A PostgreSQL of the tests' own on a loopback port (the decision log shared by several pointsd),
# stopped at the end whatever happens; HAProxy is started by the tests that need it.
postgres_dir=$(mktemp -d)
trap 'Scripts/local-postgres.sh stop "$postgres_dir"; rm -rf "$postgres_dir"' EXIT
POINTS_TEST_POSTGRES=$(Scripts/local-postgres.sh start "$postgres_dir")
export POINTS_TEST_POSTGRES

swift build --build-tests
swift test --skip-build
Scripts/test-c-client.sh

# Every fuzz target briefly from the committed corpus (Scripts/fuzz.sh; longer runs in the README).
Scripts/fuzz.sh all 10
