// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Steady",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SteadyRules", targets: ["SteadyRules"]),
        .library(name: "SteadyEngine", targets: ["SteadyEngine"]),
        .executable(name: "steady", targets: ["steady"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .target(
            name: "SteadyRules",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "SteadyEngine",
            dependencies: ["SteadyRules"]
        ),
        .executableTarget(
            name: "steady",
            dependencies: [
                "SteadyRules",
                "SteadyEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SteadyRulesTests",
            dependencies: ["SteadyRules", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "SteadyEngineTests",
            dependencies: ["SteadyEngine", "SteadyRules", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SteadyCLITests",
            dependencies: ["steady"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
