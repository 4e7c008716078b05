import CoreBackend
import CoreBackendTesting
import Foundation

extension ScaleBenchmarks {
    /// `balanceUpdated` events/s for notifications to the address subscribed last, with only that
    /// address and with `extra` more subscribed before it one by one (each its own server subscription,
    /// the shape that made routing linear before issue 17). Best of `rounds` alternating runs each, so a
    /// burst of load from other processes on a shared machine does not decide the ratio.
    static func routingRates(extra: Int, total: Int = 300_000, rounds: Int = 2) async throws -> [BenchmarkResult] {
        var alone = 0.0
        var crowded = 0.0
        for _ in 0..<rounds {
            alone = max(alone, try await routingRate(extra: 0, total: total))
            crowded = max(crowded, try await routingRate(extra: extra, total: total))
        }
        let subscriptions = extra + 1
        return [
            BenchmarkResult(name: "scale.routing.rate.1", value: alone, unit: "events/s"),
            BenchmarkResult(name: "scale.routing.rate.\(subscriptions)", value: crowded, unit: "events/s"),
            BenchmarkResult(
                name: "scale.routing.ratio.\(subscriptions)vs1", value: crowded / alone, unit: "x", target: ">= 0.9"),
        ]
    }

    /// Streams `total` notifications (the first tenth as warm-up) and returns the steady rate.
    static func routingRate(extra: Int, total: Int) async throws -> Double {
        let backend = try quietBackend()
        defer { backend.stop() }
        let stack = try makeStack(url: backend.url.absoluteString)
        defer { stack.destroy() }
        for address in addresses(extra, from: 1_000_000) {
            try await stack.accountActivity.subscribe(address: address)
        }
        try await stack.accountActivity.subscribe(address: RealtimeBenchmarks.address)
        guard stack.webSocket.channelHasSubscription(RealtimeBenchmarks.subscribedChannel) else {
            throw ScaleBenchmarkFailure("the routed address is not subscribed")
        }
        let received = Counter()
        let subscription = stack.messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { update in
            if !update.updates.isEmpty { received.increment() }
        }
        defer { try? stack.messenger.unsubscribe(subscription) }
        let pusher = Pusher(backend: backend, data: RealtimeBenchmarks.notificationData(), received: received)
        let warmUp = total / 10
        pusher.start(total: total, window: 8_192)
        try await RealtimeBenchmarks.waitUntil(.seconds(600)) { received.value >= warmUp }
        let clock = ContinuousClock()
        let start = clock.now
        let countAtStart = received.value
        try await RealtimeBenchmarks.waitUntil(.seconds(600)) { received.value >= total }
        let elapsed = start.duration(to: clock.now).seconds
        pusher.join()
        return Double(total - countAtStart) / elapsed
    }
}
