import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// End-to-end real-time benchmarks over loopback sockets: mock gateway → BackendWebSocketService →
/// AccountActivityService → a messenger subscriber of `AccountActivityService:balanceUpdated`.
///
/// * `realtime`: notifications/s with a realistic ~1 KB notification (one transaction, two balance
///   updates), and resident memory over 1,000,000 notifications (peak, after warm-up, at the end).
///   Targets: ≥ 170,000 events/s, peak RSS ≤ 60 MB, flat after warm-up.
/// * `soak` (`--duration SECONDS`, default 600; SoakBenchmark.swift): the server restarts every few seconds
///   while notifications stream; reports reconnections, lost state transitions and leak checks.
/// * `stages` (RealtimeBenchmarks+Stages.swift): the per-notification cost of each stage, in process.
enum RealtimeBenchmarks {
    static let address = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"
    static let subscribedChannel = "account-activity.v1.eip155:0:\(address)"
    static let notifiedChannel = "account-activity.v1.eip155:8453:\(address)"

    /// `count` notifications (1,000,000 by default), the first tenth as warm-up.
    static func run(count: Int = 1_000_000) async throws -> [BenchmarkResult] {
        try await throughputAndMemory(total: count, warmUp: count / 10)
    }

    /// A realistic account-activity notification (`data` of the frame): a USDC transfer on Base with the
    /// USDC and ETH (gas) balances after it — about 1 KB once framed.
    static func notificationData() -> JSONValue {
        let sender = "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8"
        let usdc = "eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"
        return [
            "address": .string(address),
            "tx": [
                "id": "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", "chain": "eip155:8453",
                "status": "confirmed", "timestamp": 1760099871, "from": .string(sender), "to": .string(address),
            ],
            "updates": [
                [
                    "asset": ["fungible": true, "type": .string(usdc), "unit": "USDC", "decimals": 6],
                    "postBalance": ["amount": "0x2540be400"],
                    "transfers": [
                        ["from": .string(sender), "to": .string(address), "amount": "0x3b9aca00"],
                        [
                            "from": .string(address), "to": "0x4200000000000000000000000000000000000006",
                            "amount": "0x2710",
                        ],
                    ],
                ],
                [
                    "asset": ["fungible": true, "type": "eip155:8453/slip44:60", "unit": "ETH", "decimals": 18],
                    "postBalance": ["amount": "0xde0b6b3a7640000"],
                    "transfers": [
                        [
                            "from": .string(address), "to": "0x4200000000000000000000000000000000000019",
                            "amount": "0xa3c5b1d8e00",
                        ]
                    ],
                ],
            ],
        ]
    }

    // MARK: - Throughput and memory

    /// Streams `total` notifications with at most `window` in flight and counts `balanceUpdated` events.
    static func throughputAndMemory(total: Int, warmUp: Int, window: Int = 8_192) async throws -> [BenchmarkResult] {
        let backend = try MockWebSocketBackend()
        defer { backend.stop() }
        let stack = try makeStack(backend, reconnectDelay: .milliseconds(50), maxReconnectDelay: .milliseconds(500))
        defer { stack.destroy() }
        let received = Counter()
        let subscription = stack.messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { update in
            if !update.updates.isEmpty { received.increment() }
        }
        defer { try? stack.messenger.unsubscribe(subscription) }
        try await stack.webSocket.connect()
        await backend.waitForSubscription(matching: subscribedChannel)
        try await waitUntil(.seconds(10)) { stack.webSocket.channelHasSubscription(subscribedChannel) }

        let data = notificationData()
        let frameBytes = frameSize(data)
        // Only this benchmark's peak counts (earlier benchmarks in the same process may have been larger).
        resetPeakRSS()
        let pusher = Pusher(backend: backend, data: data, received: received)
        let clock = ContinuousClock()
        let start = clock.now
        pusher.start(total: total, window: window)
        try await waitUntil(.seconds(600)) { received.value >= warmUp }
        let warmedUp = clock.now
        let rssAfterWarmUp = memoryStatus()["VmRSS"] ?? 0
        var rssSamples: [Double] = []
        var nextSample = warmUp + max(1, total / 10)
        try await waitUntil(.seconds(600), pollEvery: .milliseconds(1)) {
            let count = received.value
            if count >= nextSample {
                rssSamples.append(memoryStatus()["VmRSS"] ?? 0)
                nextSample += max(1, total / 10)
            }
            return count >= total
        }
        let end = clock.now
        pusher.join()
        let status = memoryStatus()
        let steadyRate = Double(total - warmUp) / (end - warmedUp).seconds
        let overallRate = Double(total) / (end - start).seconds
        let rssEnd = status["VmRSS"] ?? 0
        let growth = (rssSamples + [rssEnd]).max()! - rssAfterWarmUp
        return [
            BenchmarkResult(name: "realtime.notification.bytes", value: Double(frameBytes), unit: "bytes"),
            BenchmarkResult(
                name: "realtime.balanceUpdated.rate", value: steadyRate, unit: "events/s", target: ">= 170000"),
            BenchmarkResult(name: "realtime.balanceUpdated.rate.withWarmUp", value: overallRate, unit: "events/s"),
            BenchmarkResult(
                name: "realtime.rss.peak", value: (status["VmHWM"] ?? 0) / 1024, unit: "MB", target: "<= 60"),
            BenchmarkResult(name: "realtime.rss.afterWarmUp", value: rssAfterWarmUp / 1024, unit: "MB"),
            BenchmarkResult(name: "realtime.rss.end", value: rssEnd / 1024, unit: "MB", target: "flat after warm-up"),
            BenchmarkResult(
                name: "realtime.rss.growthAfterWarmUp", value: growth / 1024, unit: "MB", target: "<= ~0 (flat)"),
        ]
    }

    // MARK: - Support

    static func makeStack(
        _ backend: MockWebSocketBackend, reconnectDelay: Duration, maxReconnectDelay: Duration
    ) throws -> RealtimeStack {
        try RealtimeStack(
            url: backend.url.absoluteString, token: "bench-token", accounts: [MockControllers.evmAccount(address)],
            options: BackendWebSocketServiceOptions(
                url: backend.url.absoluteString, timeout: .seconds(5), reconnectDelay: reconnectDelay,
                maxReconnectDelay: maxReconnectDelay, requestTimeout: .seconds(5)))
    }

    /// The size of one notification frame's text.
    static func frameSize(_ data: JSONValue) -> Int {
        let frame: JSONValue = [
            "event": "notification", "subscriptionId": "sub-1", "channel": .string(notifiedChannel),
            "timestamp": 1760099872150, "data": data,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(frame).count) ?? 0
    }

    /// Polls `condition` until it holds.
    static func waitUntil(
        _ timeout: Duration, pollEvery interval: Duration = .milliseconds(1), _ condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchmarkTimeout() }
            try await Task.sleep(for: interval)
        }
    }
}

struct BenchmarkTimeout: Error, CustomStringConvertible {
    var description: String { "benchmark condition timed out" }
}
