import CoreBackend
import CoreBackendTesting
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Benchmarks of the HTTP half: cache hits, de-duplication fan-in, cold-fetch overhead.
enum HTTPBenchmarks {
    static func run() async throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        results += try await cacheHits()
        results += try await fanIn()
        results += try await coldFetches()
        return results
    }

    /// `fetch*` on a fresh entry: one key build, one lock, no I/O.
    static func cacheHits() async throws -> [BenchmarkResult] {
        let backend = try MockBackend()
        defer { backend.stop() }
        let client = ApiPlatformClient(clientProduct: "bench", baseURLs: backend.baseURLs)
        _ = try await client.accounts.fetchV1SupportedNetworks()
        let clock = ContinuousClock()
        for _ in 0..<10_000 { _ = try await client.accounts.fetchV1SupportedNetworks() }
        var samples: [Double] = []
        samples.reserveCapacity(200_000)
        for _ in 0..<200_000 {
            let start = clock.now
            _ = try await client.accounts.fetchV1SupportedNetworks()
            samples.append(nanoseconds(start.duration(to: clock.now)))
        }
        samples.sort()
        // A keyed endpoint (object key with a sorted array) costs more to key.
        _ = try await client.accounts.fetchV5MultiAccountBalances(accountIds: ["eip155:1:0xb", "eip155:1:0xa"])
        var keyed: [Double] = []
        keyed.reserveCapacity(100_000)
        for _ in 0..<100_000 {
            let start = clock.now
            _ = try await client.accounts.fetchV5MultiAccountBalances(accountIds: ["eip155:1:0xb", "eip155:1:0xa"])
            keyed.append(nanoseconds(start.duration(to: clock.now)))
        }
        keyed.sort()
        return [
            BenchmarkResult(
                name: "http.cacheHit.median", value: percentile(samples, 0.5), unit: "ns/op", target: "<= 500"),
            BenchmarkResult(
                name: "http.cacheHit.p99", value: percentile(samples, 0.99), unit: "ns/op", target: "<= 2000"),
            BenchmarkResult(name: "http.cacheHit.keyed.median", value: percentile(keyed, 0.5), unit: "ns/op"),
            BenchmarkResult(name: "http.cacheHit.keyed.p99", value: percentile(keyed, 0.99), unit: "ns/op"),
        ]
    }

    /// 10,000 concurrent identical calls against a 50 ms response.
    static func fanIn() async throws -> [BenchmarkResult] {
        let backend = try MockBackend()
        defer { backend.stop() }
        backend.override("accounts", "V2Balances", with: .init(latency: .milliseconds(50)))
        let client = ApiPlatformClient(clientProduct: "bench", baseURLs: backend.baseURLs)
        let clock = ContinuousClock()
        let start = clock.now
        let lastAnswer = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<10_000 {
                group.addTask {
                    _ = try await client.accounts.fetchV2Balances(address: "0xfanin")
                    return start.duration(to: clock.now)
                }
            }
            var latest = Duration.zero
            for try await finished in group { latest = max(latest, finished) }
            return latest
        }
        return [
            BenchmarkResult(
                name: "http.fanIn.requests", value: Double(backend.requestCount("accounts", "V2Balances")),
                unit: "requests", target: "== 1"),
            BenchmarkResult(
                name: "http.fanIn.allAnswered", value: nanoseconds(lastAnswer) / 1e6, unit: "ms",
                target: "<= 150 (50 ms response + 100 ms)"),
        ]
    }

    /// Cold fetches through the SDK with each transport, next to each transport alone (plus the same
    /// JSONDecoder decode) on the same loopback server: sequential latency, and distinct keys at
    /// concurrency 32.
    static func coldFetches() async throws -> [BenchmarkResult] {
        let backend = try MockBackend()
        defer { backend.stop() }
        let session = URLSession(configuration: .ephemeral)
        let urlSession = URLSessionTransport(session: session)
        let builtin = BuiltinHTTPTransport()
        let viaURLSession = client(backend, urlSession)
        let viaBuiltin = client(backend, builtin)
        let plainURLSession = plainFetcher(session: session, accountsBase: backend.baseURLs.accounts)
        let plainBuiltin = plainFetcher(transport: builtin, accountsBase: backend.baseURLs.accounts)
        // Warm up every path (connection pools, lazy initialisation).
        for _ in 0..<200 {
            for sdk in [viaURLSession, viaBuiltin] {
                _ = try await sdk.accounts.fetchV2Balances(address: "0xcold", options: .init(staleTime: .zero))
            }
            try await plainURLSession("0xcold")
            try await plainBuiltin("0xcold")
        }
        let (oursMicros, plainMicros) = try await sequentialColdFetches(viaURLSession, plainURLSession, rounds: 2_000)
        let (builtinMicros, plainBuiltinMicros) = try await sequentialColdFetches(
            viaBuiltin, plainBuiltin, rounds: 2_000)

        // Distinct keys at concurrency 32; each SDK run on keys of its own, so none is a cache hit.
        let sdkURLSession = try await concurrentThroughput { index in
            _ = try await viaURLSession.accounts.fetchV2Balances(address: "0xa\(index)")
        }
        let sdkBuiltin = try await concurrentThroughput { index in
            _ = try await viaBuiltin.accounts.fetchV2Balances(address: "0xb\(index)")
        }
        let rawURLSession = try await concurrentThroughput { index in try await plainURLSession("0x\(index)") }
        let rawBuiltin = try await concurrentThroughput { index in try await plainBuiltin("0x\(index)") }
        let sequential: [BenchmarkResult] = [
            BenchmarkResult(name: "http.cold.ours", value: oursMicros, unit: "µs/op"),
            BenchmarkResult(name: "http.cold.urlsession", value: plainMicros, unit: "µs/op"),
            BenchmarkResult(
                name: "http.cold.overhead", value: (oursMicros / plainMicros - 1) * 100, unit: "%", target: "<= 10"),
            BenchmarkResult(name: "http.cold.builtin.ours", value: builtinMicros, unit: "µs/op"),
            BenchmarkResult(name: "http.cold.builtin.plain", value: plainBuiltinMicros, unit: "µs/op"),
            BenchmarkResult(
                name: "http.cold.builtin.overhead", value: (builtinMicros / plainBuiltinMicros - 1) * 100, unit: "%",
                target: "<= 10"),
        ]
        return sequential + [
            BenchmarkResult(name: "http.cold.c32.ours", value: sdkURLSession.rate, unit: "requests/s"),
            BenchmarkResult(name: "http.cold.c32.urlsession", value: rawURLSession.rate, unit: "requests/s"),
            BenchmarkResult(
                name: "http.cold.c32.builtin.ours", value: sdkBuiltin.rate, unit: "requests/s", target: ">= 9000"),
            BenchmarkResult(name: "http.cold.c32.builtin.plain", value: rawBuiltin.rate, unit: "requests/s"),
            BenchmarkResult(
                name: "http.cold.c32.builtin.overhead", value: (rawBuiltin.rate / sdkBuiltin.rate - 1) * 100, unit: "%",
                target: "<= 10"),
            BenchmarkResult(name: "http.cold.c32.ours.cpu", value: sdkURLSession.cpuMicros, unit: "µs CPU/op"),
            BenchmarkResult(name: "http.cold.c32.urlsession.cpu", value: rawURLSession.cpuMicros, unit: "µs CPU/op"),
            BenchmarkResult(name: "http.cold.c32.builtin.ours.cpu", value: sdkBuiltin.cpuMicros, unit: "µs CPU/op"),
            BenchmarkResult(name: "http.cold.c32.builtin.plain.cpu", value: rawBuiltin.cpuMicros, unit: "µs CPU/op"),
        ]
    }

    /// A client of the mock backend on `transport`, with its own cache.
    static func client(_ backend: MockBackend, _ transport: any HTTPTransport) -> ApiPlatformClient {
        ApiPlatformClient(
            clientProduct: "bench", clientVersion: "1.0.0", baseURLs: backend.baseURLs, transport: transport)
    }

    /// The same request the SDK sends, made with plain URLSession: URL, the three headers, decode into the
    /// same model.
    static func plainFetcher(session: URLSession, accountsBase: URL) -> @Sendable (String) async throws -> Void {
        { address in
            var request = URLRequest(url: accountsBase.appendingPathComponent("v2/accounts/\(address)/balances"))
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("bench", forHTTPHeaderField: "x-metamask-clientproduct")
            request.setValue("1.0.0", forHTTPHeaderField: "x-metamask-clientversion")
            let (data, _) = try await session.data(for: request)
            _ = try JSONDecoder().decode(V2BalancesResponse.self, from: data)
        }
    }

    /// The same request made with `transport` alone, decoded into the same model.
    static func plainFetcher(transport: any HTTPTransport, accountsBase: URL) -> @Sendable (String) async throws -> Void
    {
        { address in
            let request = HTTPRequest(
                url: accountsBase.appendingPathComponent("v2/accounts/\(address)/balances"),
                headers: [
                    ("Content-Type", "application/json"), ("x-metamask-clientproduct", "bench"),
                    ("x-metamask-clientversion", "1.0.0"),
                ])
            let response = try await transport.send(request)
            _ = try JSONDecoder().decode(V2BalancesResponse.self, from: response.body)
        }
    }

    /// Mean microseconds per cold fetch, ours and plain, interleaved to share any drift in machine load.
    static func sequentialColdFetches(
        _ client: ApiPlatformClient, _ plainFetch: @Sendable (String) async throws -> Void, rounds: Int
    ) async throws -> (ours: Double, plain: Double) {
        let clock = ContinuousClock()
        var ours = Duration.zero
        var plain = Duration.zero
        for round in 0..<rounds {
            // Alternate which path goes first, so neither always pays for the other's wake-ups.
            for path in (round.isMultiple(of: 2) ? [0, 1] : [1, 0]) {
                let start = clock.now
                if path == 0 {
                    _ = try await client.accounts.fetchV2Balances(address: "0xcold", options: .init(staleTime: .zero))
                    ours += start.duration(to: clock.now)
                } else {
                    try await plainFetch("0xcold")
                    plain += start.duration(to: clock.now)
                }
            }
        }
        return (nanoseconds(ours) / Double(rounds) / 1e3, nanoseconds(plain) / Double(rounds) / 1e3)
    }

    /// Requests per second for 8,000 calls of `body` (with distinct indices) from 32 concurrent workers,
    /// and the process's CPU time per call (client and the in-process server together, so it does not
    /// depend on what else the machine runs).
    static func concurrentThroughput(_ body: @escaping @Sendable (Int) async throws -> Void) async throws -> (
        rate: Double, cpuMicros: Double
    ) {
        let clock = ContinuousClock()
        let total = 8_000
        let cpuStart = processCPUTime()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<32 {
                group.addTask {
                    for index in stride(from: worker, to: total, by: 32) { try await body(index) }
                }
            }
            try await group.waitForAll()
        }
        let rate = Double(total) / (nanoseconds(start.duration(to: clock.now)) / 1e9)
        return (rate, (processCPUTime() - cpuStart) * 1e6 / Double(total))
    }

    /// User and system CPU seconds this process has used.
    static func processCPUTime() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
