// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ResidencePoints",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PointsCore", targets: ["PointsCore"]),
        .library(name: "PointsProtocol", targets: ["PointsProtocol"]),
        .library(name: "PointsServer", targets: ["PointsServer"]),
        .library(name: "PointsTLS", targets: ["PointsTLS"]),
        .library(name: "PointsPostgres", targets: ["PointsPostgres"]),
        .library(name: "PointsClient", targets: ["PointsClient"]),
        .library(name: "CPointsClient", targets: ["CPointsClient"]),
        .executable(name: "points", targets: ["points"]),
        .executable(name: "pointsd", targets: ["pointsd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "PointsCore",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Schemes"), .copy("ConstraintSets")]
        ),
        .target(
            name: "PointsProtocol",
            dependencies: [
                "PointsCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Generated/points.proto.sha256"]
        ),
        .target(
            name: "PointsServer",
            dependencies: [
                "PointsCore",
                "PointsProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // TLS and the PostgreSQL decision log plug into the server from targets of their own,
        // so the server library (and the fuzz build, with its sanitizers) never compiles them.
        .target(
            name: "PointsTLS",
            dependencies: [
                "PointsCore",
                "PointsServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PointsPostgres",
            dependencies: [
                "PointsServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PointsClient",
            dependencies: [
                "PointsCore",
                "PointsProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // The C client for agencies: protobuf-c (Debian's libprotobuf-c-dev). Also builds
        // without Swift: Sources/CPointsClient/Makefile.
        .target(
            name: "CPointsClient",
            exclude: ["Makefile", "points.proto.sha256", "tools"],
            linkerSettings: [.linkedLibrary("protobuf-c"), .linkedLibrary("ssl"), .linkedLibrary("crypto")]
        ),
        .executableTarget(
            name: "points",
            dependencies: [
                "PointsCore",
                "PointsClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pointsd",
            dependencies: [
                "PointsServer",
                "PointsTLS",
                "PointsPostgres",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PointsCoreTests",
            dependencies: ["PointsCore"],
            resources: [.copy("Cases"), .copy("ConstraintCases")]
        ),
        .testTarget(
            name: "PointsProtocolTests",
            dependencies: [
                "PointsCore",
                "PointsProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        // Hand-driven connections for the server and command-line tests.
        .target(
            name: "PointsTestSupport",
            dependencies: [
                "PointsProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/PointsTestSupport"
        ),
        .testTarget(
            name: "PointsServerTests",
            dependencies: [
                "PointsTestSupport",
                "CPointsClient",
                "PointsServer",
                "PointsTLS",
                "PointsPostgres",
                "PointsClient",
                "PointsProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "PointsCLITests",
            dependencies: ["points", "pointsd", "PointsClient", "PointsCore", "PointsProtocol", "PointsTestSupport",
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
