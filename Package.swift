// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Steady",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SteadyRules", targets: ["SteadyRules"]),
        .library(name: "SteadyEngine", targets: ["SteadyEngine"]),
        .library(name: "SteadyPlan", targets: ["SteadyPlan"]),
        .library(name: "SteadyStore", targets: ["SteadyStore"]),
        .library(name: "SteadyFHIR", targets: ["SteadyFHIR"]),
        .library(name: "SteadyServer", targets: ["SteadyServer"]),
        .executable(name: "steady", targets: ["steady"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    ],
    targets: [
        .target(
            name: "SteadyRules",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SteadyEngine",
            dependencies: ["SteadyRules"]
        ),
        .target(
            name: "SteadyPlan",
            dependencies: ["SteadyRules", "SteadyEngine"]
        ),
        .target(
            name: "SteadyStore",
            dependencies: ["SteadyRules", "SteadyEngine", "SteadyPlan", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "SteadyFHIR",
            dependencies: ["SteadyRules", "SteadyEngine", "SteadyPlan", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SteadyLanguageServer",
            dependencies: ["SteadyRules"]
        ),
        .target(
            name: "SteadyServer",
            dependencies: [
                "SteadyRules", "SteadyEngine", "SteadyPlan", "SteadyStore", "SteadyFHIR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "steady",
            dependencies: [
                "SteadyRules",
                "SteadyEngine",
                "SteadyPlan",
                "SteadyStore",
                "SteadyFHIR",
                "SteadyServer",
                "SteadyLanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SteadyTestSupport",
            dependencies: ["SteadyRules", "SteadyEngine", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/SteadyTestSupport"
        ),
        .testTarget(
            name: "SteadyRulesTests",
            dependencies: ["SteadyRules", "SteadyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "SteadyEngineTests",
            dependencies: ["SteadyEngine", "SteadyRules", "SteadyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SteadyPlanTests",
            dependencies: ["SteadyPlan", "SteadyEngine", "SteadyRules", "SteadyStore", "SteadyTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SteadyStoreTests",
            dependencies: ["SteadyStore", "SteadyPlan", "SteadyEngine", "SteadyRules", "SteadyTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SteadyLanguageServerTests",
            dependencies: ["SteadyLanguageServer"]
        ),
        .testTarget(
            name: "SteadyFHIRTests",
            dependencies: ["SteadyFHIR", "SteadyPlan", "SteadyEngine", "SteadyRules"]
        ),
        .testTarget(
            name: "SteadyServerTests",
            dependencies: ["SteadyServer", "SteadyStore", "SteadyPlan", "SteadyEngine", "SteadyRules", "SteadyFHIR", "SteadyTestSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "SteadyCLITests",
            dependencies: ["steady", "SteadyTestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets, only with STEADY_FUZZ=1 (libFuzzer brings its own `main`, so they cannot be
// built by a plain `swift build`): see Fuzz/run.sh.
if ProcessInfo.processInfo.environment["STEADY_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    for (name, dependencies) in [("FuzzRuleFile", ["SteadyRules", "SteadyEngine", "SteadyPlan"]),
                                 ("FuzzState", ["SteadyRules", "SteadyEngine", "SteadyPlan"]),
                                 ("FuzzCSV", ["SteadyRules", "SteadyEngine", "SteadyStore"]),
                                 ("FuzzFHIR", ["SteadyRules", "SteadyEngine", "SteadyPlan", "SteadyFHIR"]),
                                 ("FuzzExpression", ["SteadyRules", "SteadyEngine", "SteadyPlan"])] {
        package.targets.append(.executableTarget(name: name, dependencies: (dependencies + ["FuzzSupport"]).map { .target(name: $0) }, path: "Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
