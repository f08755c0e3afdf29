// swift-tools-version:6.0
// libFuzzer targets for every decoder a caller or operator can reach. Build and run them with
// Scripts/fuzz.sh (it passes -sanitize=fuzzer,address); a separate package, so the product
// never builds with sanitizers.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let targets = ["fuzz-connection", "fuzz-wire-calls", "fuzz-facts-document", "fuzz-scheme", "fuzz-csv"]

let package = Package(
    name: "PointsFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "PointsCore", package: root),
                .product(name: "PointsProtocol", package: root),
                .product(name: "PointsServer", package: root),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/\(name)"
        )
    },
    swiftLanguageModes: [.v6]
)
