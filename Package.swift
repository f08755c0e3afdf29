// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ResidencePoints",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PointsCore", targets: ["PointsCore"]),
        .executable(name: "points", targets: ["points"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "PointsCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Schemes")]
        ),
        .executableTarget(
            name: "points",
            dependencies: [
                "PointsCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PointsCoreTests",
            dependencies: ["PointsCore"],
            resources: [.copy("Cases")]
        ),
        .testTarget(
            name: "PointsCLITests",
            dependencies: ["points"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
