import CoreBackend
import CoreBackendTesting
import Foundation

/// Cold misses at concurrency 32, as an app sees them: 8,000 `fetchV2Balances` calls on distinct keys from
/// 32 concurrent children, through the SDK on its default transport, next to that transport alone plus the
/// same `JSONDecoder` decode (the floor). Both run against the in-process mock backend on the same cores.
struct ColdBench: Sendable {
    /// One run's figures.
    struct Result: Sendable {
        var requestsPerSecond: Double
        var cpuMicrosecondsPerCall: Double
    }

    let backend: MockBackend
    let calls: Int
    let concurrency = 32

    /// Through the SDK: each run on keys of its own, so none is a cache hit.
    func runSDK(run: Int) async throws -> Result {
        let client = ApiPlatformClient(clientProduct: "app-bench", baseURLs: backend.baseURLs)
        return try await measure { index in
            _ = try await client.accounts.fetchV2Balances(address: "0x\(run)x\(index)")
        }
    }

    /// The floor: the SDK's default transport called directly, and the body decoded into the same model.
    func runTransportAlone() async throws -> Result {
        let transport = APIClientConfiguration.defaultTransport
        let base = backend.baseURLs.accounts
        return try await measure { index in
            let request = HTTPRequest(
                url: base.appendingPathComponent("v2/accounts/0xplain\(index)/balances"),
                headers: [("Content-Type", "application/json"), ("x-metamask-clientproduct", "app-bench")])
            let response = try await transport.send(request)
            _ = try JSONDecoder().decode(V2BalancesResponse.self, from: response.body)
        }
    }

    private func measure(_ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Result {
        let total = calls
        let workers = concurrency
        let cpuStart = processCPUSeconds()
        let start = monotonicNanoseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: total, by: workers) { try await body(index) }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        return Result(
            requestsPerSecond: Double(total) / seconds,
            cpuMicrosecondsPerCall: (processCPUSeconds() - cpuStart) * 1e6 / Double(total))
    }

    static func print(sdk: Result, floor: Result, run: Int) {
        Swift.print(
            "cold.c32 run \(run): SDK \(Int(sdk.requestsPerSecond)) req/s, \(format(sdk.cpuMicrosecondsPerCall)) µs CPU/call;"
                + " transport alone \(Int(floor.requestsPerSecond)) req/s,"
                + " \(format(floor.cpuMicrosecondsPerCall)) µs CPU/call;"
                + " overhead \(format((floor.requestsPerSecond / sdk.requestsPerSecond - 1) * 100)) %")
    }
}

/// User and system CPU seconds this process has used (client and in-process server together).
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
