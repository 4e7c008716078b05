// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "CoreBackend",
    platforms: [.iOS(.v16), .macOS(.v13), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "CoreBackend", targets: ["CoreBackend"]),
        .library(name: "CoreBackendRuntimeTesting", targets: ["CoreBackendRuntimeTesting"]),
        .library(name: "CoreBackendTesting", targets: ["CoreBackendTesting"]),
        .executable(name: "core-backend", targets: ["core-backend"]),
        .executable(name: "core-backend-generator", targets: ["core-backend-generator"]),
        .executable(name: "core-backend-bench", targets: ["core-backend-bench"]),
        .plugin(name: "CoreBackendGeneratorPlugin", targets: ["CoreBackendGeneratorPlugin"]),
    ],
    targets: [
        // Build time: Specs/*.json -> Swift.
        // The named stale and gc times: the generator checks specs against them, generated code uses them.
        .target(name: "CoreBackendCacheTimes"),
        .target(name: "CoreBackendGenerator", dependencies: ["CoreBackendCacheTimes"]),
        .executableTarget(name: "core-backend-generator", dependencies: ["CoreBackendGenerator"]),
        .plugin(
            name: "CoreBackendGeneratorPlugin",
            capability: .buildTool(),
            dependencies: ["core-backend-generator"]
        ),

        // Run time.
        // System OpenSSL for wss:// on Linux (libssl-dev); Apple platforms use URLSession for WebSockets.
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .yum(["openssl-devel"])]
        ),
        .target(
            name: "CoreBackendRuntime",
            dependencies: [.target(name: "COpenSSL", condition: .when(platforms: [.linux]))]
        ),
        .target(
            name: "CoreBackend",
            dependencies: ["CoreBackendRuntime", "CoreBackendCacheTimes"],
            plugins: ["CoreBackendGeneratorPlugin"]
        ),
        // Test support in two layers: runtime-level helpers (test clock, loopback HTTP and WebSocket servers,
        // scripted transports) that know no MetaMask API, and domain mocks on top.
        .target(name: "CoreBackendRuntimeTesting", dependencies: ["CoreBackendRuntime"]),
        .target(name: "CoreBackendTesting", dependencies: ["CoreBackend", "CoreBackendRuntimeTesting"]),
        // Tools: option declarations from which parsing, validation and help are derived (depends on nothing).
        .target(name: "CommandLineOptions"),
        .executableTarget(
            name: "core-backend", dependencies: ["CoreBackend", "CoreBackendTesting", "CommandLineOptions"]),
        .executableTarget(
            name: "core-backend-bench", dependencies: ["CoreBackend", "CoreBackendTesting", "CommandLineOptions"]),

        // Fuzzing (Fuzz/README.md): the per-parser entry points, and the libFuzzer driver / replay tool.
        .target(
            name: "CoreBackendFuzzing",
            dependencies: ["CoreBackend", "CoreBackendRuntime", "CoreBackendTesting", "CoreBackendGenerator"]
        ),
        .executableTarget(name: "core-backend-fuzz", dependencies: ["CoreBackendFuzzing"]),

        // Tests.
        .testTarget(
            name: "CoreBackendGeneratorTests",
            dependencies: ["CoreBackendGenerator"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "GeneratedGoldenTests",
            dependencies: ["CoreBackendRuntime", "CoreBackendCacheTimes"]
        ),
        .testTarget(
            name: "CoreBackendRuntimeTests",
            dependencies: ["CoreBackendRuntime", "CoreBackendRuntimeTesting"],
            resources: [.copy("WebSocket/Resources")]
        ),
        .testTarget(name: "CommandLineOptionsTests", dependencies: ["CommandLineOptions"]),
        .testTarget(
            name: "CoreBackendCLITests",
            dependencies: [
                "core-backend", "core-backend-bench", "CommandLineOptions", "CoreBackend", "CoreBackendTesting",
            ]
        ),
        .testTarget(
            name: "CoreBackendTests",
            dependencies: ["CoreBackend", "CoreBackendTesting"],
            // The hostile peer is run from the source tree (the CLI tests use it too), not bundled.
            exclude: ["Samples", "Hostile/Resources"]
        ),
        .testTarget(
            name: "CoreBackendFuzzingTests",
            dependencies: ["CoreBackendFuzzing"]
        ),
    ]
)

// Upcoming language features on every target:
// SE-0335 ExistentialAny, SE-0409 InternalImportsByDefault, SE-0444 MemberImportVisibility.
// Not NonisolatedNonsendingByDefault (SE-0461): it would move every nonisolated async function and async
// closure type onto its caller's actor, including transports and services that rely on running off it.
// The fast paths say `nonisolated(nonsending)` explicitly instead (fetchQuery, generated fetch*, Messenger.call).
for target in package.targets where target.type != .plugin && target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
