// swift-tools-version: 6.2
// The SDK measured as an app uses it: a separate package that depends on CoreBackend by path, built in
// release, calling from `@MainActor` and from nonisolated code. Not part of the root package's build or
// tests; run it with `cd Benchmarks && swift run -c release app-bench`.
import PackageDescription

let package = Package(
    name: "CoreBackendBenchmarks",
    platforms: [.macOS(.v15), .iOS(.v18)],
    dependencies: [.package(name: "CoreBackend", path: "../")],
    targets: [
        .executableTarget(
            name: "app-bench",
            dependencies: [
                .product(name: "CoreBackend", package: "CoreBackend"),
                .product(name: "CoreBackendTesting", package: "CoreBackend"),
            ]
        )
    ]
)
