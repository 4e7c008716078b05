import CoreBackend
import Foundation

/// Per-call timings of cache hits: keyed (`fetchV3SpotPrices` with two ids) and unkeyed
/// (`fetchV1SupportedNetworks`).
struct HitBench: Sendable {
    /// Sorted per-call nanoseconds and the tight-loop mean of one calling context.
    struct Samples: Sendable {
        var keyed: [Double]
        var unkeyed: [Double]
        var keyedLoopMean: Double
        var unkeyedLoopMean: Double
    }

    let client: ApiPlatformClient
    let samples: Int

    static let assetIds = ["eip155:137/slip44:966", "eip155:1/slip44:60"]

    func warmUp() async throws {
        _ = try await client.prices.fetchV3SpotPrices(assetIds: Self.assetIds)
        _ = try await client.accounts.fetchV1SupportedNetworks()
    }

    @MainActor
    func measureOnMainActor() async throws -> Samples {
        try await measure()
    }

    @concurrent
    func measureNonisolated() async throws -> Samples {
        try await measure()
    }

    /// Runs on the caller's executor: the main actor for ``measureOnMainActor()``, the global executor
    /// for ``measureNonisolated()``.
    nonisolated(nonsending) func measure() async throws -> Samples {
        let prices = client.prices
        let accounts = client.accounts
        let keyed = try await timings(samples / 2) { _ = try await prices.fetchV3SpotPrices(assetIds: Self.assetIds) }
        let unkeyed = try await timings(samples) { _ = try await accounts.fetchV1SupportedNetworks() }
        let keyedMean = try await loopMean(samples / 2) {
            _ = try await prices.fetchV3SpotPrices(assetIds: Self.assetIds)
        }
        let unkeyedMean = try await loopMean(samples) { _ = try await accounts.fetchV1SupportedNetworks() }
        return Samples(keyed: keyed, unkeyed: unkeyed, keyedLoopMean: keyedMean, unkeyedLoopMean: unkeyedMean)
    }

    nonisolated(nonsending) func timings(
        _ count: Int, _ call: nonisolated(nonsending) () async throws -> Void
    ) async throws -> [Double] {
        for _ in 0..<10_000 { try await call() }
        var result: [Double] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let start = monotonicNanoseconds()
            try await call()
            result.append(Double(monotonicNanoseconds() &- start))
        }
        return result.sorted()
    }

    nonisolated(nonsending) func loopMean(
        _ count: Int, _ call: nonisolated(nonsending) () async throws -> Void
    ) async throws -> Double {
        let start = monotonicNanoseconds()
        for _ in 0..<count { try await call() }
        return Double(monotonicNanoseconds() &- start) / Double(count)
    }

    func report(_ context: String, from samples: Samples) async throws {
        for (name, sorted, mean) in [
            ("keyed", samples.keyed, samples.keyedLoopMean), ("unkeyed", samples.unkeyed, samples.unkeyedLoopMean),
        ] {
            print(
                "hit.\(context).\(name): median \(format(percentile(sorted, 0.5))) ns, "
                    + "p99 \(format(percentile(sorted, 0.99))) ns, loop mean \(format(mean)) ns")
        }
    }
}
