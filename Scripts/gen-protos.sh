#!/usr/bin/env bash
# Regenerates the committed protobuf code from Protos/. Run by hand after editing a .proto;
# CI never runs it (a test fails when the committed code is stale).
#
# Needs protoc (Debian's protobuf-compiler) and protoc-gen-swift, built once from the
# mirrored swift-protobuf 1.39.0 outside this package (about 80 s on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

command -v protoc >/dev/null && command -v protoc-c >/dev/null \
  || { apt-get update -qq && apt-get install -y -qq protobuf-compiler protobuf-c-compiler libprotobuf-c-dev; }

plugin_dir="${PROTOC_GEN_SWIFT_DIR:-/tmp/swift-protobuf-1.39.0}"
if [ ! -x "$plugin_dir/.build/release/protoc-gen-swift" ]; then
  rm -rf "$plugin_dir"
  git clone -q --branch 1.39.0 https://github.com/apple/swift-protobuf "$plugin_dir"
  (cd "$plugin_dir" && swift build -c release --product protoc-gen-swift)
fi

out=Sources/PointsProtocol/Generated
rm -f "$out"/*.pb.swift
protoc --proto_path=Protos \
  --plugin=protoc-gen-swift="$plugin_dir/.build/release/protoc-gen-swift" \
  --swift_out="$out" --swift_opt=Visibility=Public,FileNaming=PathToUnderscores \
  Protos/points/v1/points.proto

# The C client's code (protobuf-c): the header is public, the source compiles with the library.
c_dir=Sources/CPointsClient
tmp="$(mktemp -d)"
protoc-c --proto_path=Protos --c_out="$tmp" Protos/points/v1/points.proto
mv "$tmp/points/v1/points.pb-c.h" "$c_dir/include/points/v1/points.pb-c.h"
mv "$tmp/points/v1/points.pb-c.c" "$c_dir/points.pb-c.c"
rm -rf "$tmp"

# The hash the staleness test compares with the .proto it was generated from.
sha256sum Protos/points/v1/points.proto | cut -d' ' -f1 > "$out/points.proto.sha256"
cp "$out/points.proto.sha256" "$c_dir/points.proto.sha256"
echo "generated $(ls "$out"/*.pb.swift) from $(cat "$out/points.proto.sha256")"
