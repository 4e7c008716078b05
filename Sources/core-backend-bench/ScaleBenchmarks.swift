import CoreBackend
import CoreBackendTesting
import Foundation
import Synchronization

/// `--only scale` (issue 17): many watched addresses on one socket, measured from the caller's side —
/// public `AccountActivityService` / `BackendWebSocketService` API against the mock gateway over loopback.
///
/// * time to watch 1 / 1,000 / 10,000 / 100,000 addresses one `subscribe(address:)` at a time (up to
///   10,000: 100,000 sequential round trips would take most of a minute and measure the same per-call cost)
///   and in one `subscribe(addresses:)` call (targets: 10,000 one by one ≤ 5 s, batched ≤ 1 s; 100,000
///   batched ≤ 10 s);
/// * `balanceUpdated` events/s with 1 and with 10,000 subscriptions, notifications for the address
///   subscribed last (target: ≥ 0.9× the rate with 1);
/// * client memory per watched address over 10,000 addresses, with the gateway in a child process so
///   its bookkeeping is not counted (target ≤ 1 KB);
/// * time until 10,000 watched addresses are resubscribed after the server drops the socket (target ≤ 2 s
///   after the socket is back).
enum ScaleBenchmarks {
    static func run() async throws -> [BenchmarkResult] {
        var results = try await memoryPerAddress(count: 10_000)
        for count in [1, 1_000, 10_000] {
            results.append(try await subscribeTime(count: count, batched: false))
        }
        for count in [1, 1_000, 10_000, 100_000] {
            results.append(try await subscribeTime(count: count, batched: true))
        }
        results += try await routingRates(extra: 9_999)
        results += try await resubscribeTime(count: 10_000)
        return results
    }

    /// Distinct EVM addresses, `0x000…001` upward.
    static func addresses(_ count: Int, from start: Int = 1) -> [String] {
        (start..<start + count).map { String(format: "0x%040x", $0) }
    }

    /// A stack with no account group on `url`: every watched address comes from the benchmark.
    static func makeStack(url: String, requestTimeout: Duration = .seconds(30)) throws -> RealtimeStack {
        try RealtimeStack(
            url: url, token: "bench-token",
            options: BackendWebSocketServiceOptions(
                url: url, timeout: .seconds(5), reconnectDelay: .milliseconds(10),
                maxReconnectDelay: .milliseconds(100), requestTimeout: requestTimeout))
    }

    static func quietBackend() throws -> MockWebSocketBackend {
        try MockWebSocketBackend(configuration: .init(recordsReceivedMessages: false))
    }

    // MARK: - Subscribing

    /// Seconds to watch `count` fresh addresses on a connected stack, one by one or in one call.
    static func subscribeTime(count: Int, batched: Bool) async throws -> BenchmarkResult {
        let backend = try quietBackend()
        defer { backend.stop() }
        let stack = try makeStack(url: backend.url.absoluteString)
        defer { stack.destroy() }
        try await stack.webSocket.connect()
        let list = addresses(count)
        let clock = ContinuousClock()
        let start = clock.now
        if batched {
            let result = await stack.accountActivity.subscribe(addresses: list)
            guard result.isComplete else {
                throw ScaleBenchmarkFailure("batch subscribe failed: \(result.failures.prefix(3))")
            }
        } else {
            for address in list { try await stack.accountActivity.subscribe(address: address) }
        }
        let elapsed = start.duration(to: clock.now).seconds
        guard stack.webSocket.channelHasSubscription(channel(list[count - 1])) else {
            throw ScaleBenchmarkFailure("the last address is not subscribed")
        }
        let target: String
        switch (count, batched) {
        case (10_000, false): target = "<= 5"
        case (10_000, true): target = "<= 1"
        case (100_000, true): target = "<= 10"
        default: target = ""
        }
        return BenchmarkResult(
            name: "scale.subscribe.\(batched ? "batch" : "oneByOne").\(count)", value: elapsed, unit: "s",
            target: target)
    }

    static func channel(_ address: String, chain: String = "0") -> String {
        "account-activity.v1.eip155:\(chain):\(address)"
    }

    // MARK: - Resubscription

    /// Watches `count` addresses, drops the socket on the server side and measures until the address
    /// subscribed last is subscribed again: from the drop, and from the moment the socket is back.
    static func resubscribeTime(count: Int) async throws -> [BenchmarkResult] {
        let backend = try quietBackend()
        defer { backend.stop() }
        let stack = try makeStack(url: backend.url.absoluteString)
        defer { stack.destroy() }
        try await stack.webSocket.connect()
        _ = await stack.accountActivity.subscribe(addresses: addresses(count))
        try await RealtimeBenchmarks.waitUntil(.seconds(60)) { subscribedChannels(stack) == count }
        let reconnected = ConnectedInstant()
        let subscription = stack.messenger.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) {
            info in if info.state == .connected { reconnected.record() }
        }
        defer { try? stack.messenger.unsubscribe(subscription) }
        let clock = ContinuousClock()
        let dropped = clock.now
        backend.dropConnections()
        try await RealtimeBenchmarks.waitUntil(.seconds(5)) { subscribedChannels(stack) < count }
        try await RealtimeBenchmarks.waitUntil(.seconds(60), pollEvery: .milliseconds(5)) {
            subscribedChannels(stack) == count
        }
        let done = clock.now
        guard let back = reconnected.value else { throw ScaleBenchmarkFailure("no reconnection seen") }
        return [
            BenchmarkResult(
                name: "scale.resubscribe.\(count).fromDrop", value: dropped.duration(to: done).seconds, unit: "s"),
            BenchmarkResult(
                name: "scale.resubscribe.\(count).afterSocketBack", value: back.duration(to: done).seconds, unit: "s",
                target: "<= 2"),
            BenchmarkResult(
                name: "scale.resubscribe.\(count).serverSubscriptions", value: Double(backend.subscriptions.count),
                unit: "subscriptions"),
        ]
    }
}

extension ScaleBenchmarks {
    /// The account-activity channels the client holds subscriptions for.
    static func subscribedChannels(_ stack: RealtimeStack) -> Int {
        stack.webSocket.findSubscriptionsByChannelPrefix("account-activity.v1.").reduce(0) { $0 + $1.channels.count }
    }
}

/// The first `connected` state change seen from now on.
final class ConnectedInstant: Sendable {
    private let instant = Mutex<ContinuousClock.Instant?>(nil)

    func record() {
        instant.withLock { value in if value == nil { value = .now } }
    }

    var value: ContinuousClock.Instant? { instant.withLock { $0 } }
}

struct ScaleBenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
