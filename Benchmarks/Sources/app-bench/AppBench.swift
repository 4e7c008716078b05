import CoreBackend
import CoreBackendTesting
import Foundation

/// app-bench: the SDK's fast paths measured from the caller's side, as an app calls them.
///
/// `swift run -c release app-bench [--quick] [--hits] [--cold] [--fan-in]` prints one line per figure: cache
/// hits from `@MainActor` and from nonisolated code (keyed and unkeyed, median and p99 of per-call timings,
/// plus the mean of a tight loop), cold misses at concurrency 32 next to the transport alone, and fan-in of
/// 10,000 identical calls against a loopback server answering after 50 ms. Naming parts runs only those;
/// `--main-actor-children` or `--plain-children` runs only that kind of fan-in, `--cold-sdk-only` or
/// `--cold-transport-only` only that side's cold runs (all for `perf record`).
@main
enum AppBench {
    @MainActor
    static func main() async throws {
        let arguments = CommandLine.arguments
        let quick = arguments.contains("--quick")
        let only = ["--hits", "--fan-in", "--cold"].filter(arguments.contains)
        let runHits = only.isEmpty || only.contains("--hits")
        let runFanIn = only.isEmpty || only.contains("--fan-in")
        let runCold = only.isEmpty || only.contains("--cold")
        let backend = try MockBackend()
        defer { backend.stop() }
        print("timer overhead: \(format(timerOverhead())) ns per reading pair")

        if runHits {
            let client = ApiPlatformClient(clientProduct: "app-bench", baseURLs: backend.baseURLs)
            let hits = HitBench(client: client, samples: quick ? 20_000 : 200_000)
            try await hits.warmUp()
            try await hits.report("mainActor", from: try await hits.measureOnMainActor())
            try await hits.report("nonisolated", from: try await hits.measureNonisolated())
        }
        if runCold {
            let cold = ColdBench(backend: backend, calls: quick ? 2_000 : 8_000)
            _ = try await cold.runSDK(run: 0)  // warm-up: connection pool, lazy initialisation
            _ = try await cold.runTransportAlone()
            for run in 1...(quick ? 1 : 3) {
                if arguments.contains("--cold-sdk-only") {
                    _ = try await cold.runSDK(run: run)
                    continue
                }
                if arguments.contains("--cold-transport-only") {
                    _ = try await cold.runTransportAlone()
                    continue
                }
                // Alternate which goes first, so neither always inherits the other's leftovers.
                let sdkFirst = run.isMultiple(of: 2)
                let first = sdkFirst ? try await cold.runSDK(run: run) : try await cold.runTransportAlone()
                let second = sdkFirst ? try await cold.runTransportAlone() : try await cold.runSDK(run: run)
                ColdBench.print(sdk: sdkFirst ? first : second, floor: sdkFirst ? second : first, run: run)
            }
        }
        guard runFanIn else { return }

        backend.override("prices", "V3SpotPrices", with: .init(latency: .milliseconds(50)))
        let fanIn = FanInBench(backend: backend, calls: 10_000)
        for run in 1...(quick ? 1 : 3) where !arguments.contains("--plain-children") {
            FanInBench.print(try await fanIn.runOnMainActor(), label: "fanIn.mainActorChildren run \(run)")
        }
        for run in 1...(quick ? 1 : 3) where !arguments.contains("--plain-children") {
            FanInBench.print(try await fanIn.runFloor(), label: "fanIn.floor (no SDK) run \(run)")
        }
        for run in 1...(quick ? 1 : 3) where !arguments.contains("--main-actor-children") {
            FanInBench.print(try await fanIn.runInheritingNothing(), label: "fanIn.plainChildren run \(run)")
        }
    }
}

/// Nanoseconds on the monotonic clock.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// The median cost of two back-to-back clock readings, included in every per-call sample.
func timerOverhead() -> Double {
    var samples: [Double] = []
    samples.reserveCapacity(10_000)
    for _ in 0..<10_000 {
        let start = monotonicNanoseconds()
        samples.append(Double(monotonicNanoseconds() &- start))
    }
    samples.sort()
    return samples[samples.count / 2]
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

func format(_ value: Double) -> String { String(format: "%.1f", value) }
