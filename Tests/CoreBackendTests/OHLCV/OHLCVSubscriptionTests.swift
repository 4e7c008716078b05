import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

/// Reference counting, grace period and flushing (websocket.md §5.2–§5.4, scenarios 101–124).
@Suite("OHLCVService: subscribe, grace period, flush")
struct OHLCVSubscriptionTests {
    typealias H = OHLCVHarness

    // 101: name; the system callback is registered at construction (upstream's init()).
    @Test func constructionRegistersSystemCallback() throws {
        let harness = try OHLCVHarness()
        #expect(OHLCVService.name == "OHLCVService")
        #expect(harness.socket.calls == ["addChannelCallback(system-notifications.v1.market-data.v1)"])
    }

    // 102: first subscribe: connect, channelHasSubscription, one WebSocket subscribe.
    @Test func firstSubscribe() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        #expect(
            harness.socket.calls.dropFirst() == [
                "connect", "channelHasSubscription(\(H.channel))", "subscribe(\(H.channel))",
            ])
        #expect(harness.socket.subscribeRequests.first?.channelType == "market-data.v1")
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // 103: an existing server subscription is reused.
    @Test func existingServerSubscriptionReused() async throws {
        let harness = try OHLCVHarness()
        harness.socket.behaviour.withLock { $0.channelHasSubscription = { _ in true } }
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("subscribe") == 0)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // 104, 120: later subscribers share the subscription without traffic.
    @Test func laterSubscribersShare() async throws {
        let harness = try OHLCVHarness()
        for _ in 0..<3 { await harness.service.subscribe(H.oneMinute) }
        #expect(harness.socket.count("connect") == 1)
        #expect(harness.socket.count("subscribe") == 1)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        #expect(harness.clock.sleeperCount == 0)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // 105: a failed connect publishes subscriptionError and forces nothing.
    @Test func connectFailurePublishesError() async throws {
        let harness = try OHLCVHarness()
        harness.socket.behaviour.withLock { $0.connect = { throw FakeError("connection failed") } }
        await harness.service.subscribe(H.oneMinute)
        #expect(
            harness.errors.payloads == [.init(channel: H.channel, error: "connection failed", operation: .subscribe)])
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.service.consumerCount(H.oneMinute) == 0)
    }

    // 107: unsubscribing a channel nobody subscribed does nothing.
    @Test func unsubscribeUnknownChannel() async throws {
        let harness = try OHLCVHarness()
        await harness.service.unsubscribe(H.oneMinute)
        #expect(harness.socket.count("getSubscriptionsByChannel") == 0)
        #expect(harness.clock.sleeperCount == 0)
    }

    // 108, 121: the server unsubscribe waits for the last consumer and the grace period.
    @Test func lastConsumerStartsGracePeriod() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        #expect(harness.clock.sleeperCount == 0)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 2999)
        #expect(harness.socket.count("getSubscriptionsByChannel") == 0)
        harness.clock.advance(by: .milliseconds(1))
        await harness.socket.waitForCalls("unsubscribe(sub-1)")
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("getSubscriptionsByChannel(\(H.channel))") == 1)
        #expect(harness.socket.count("unsubscribe") == 1)
    }

    // 110: re-subscribing during the grace period reuses the live subscription.
    @Test func resubscribeDuringGrace() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 1000)
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("connect") == 1)
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(5000))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe") == 0)
    }

    // 112: switching interval releases the unused channel at once.
    @Test func switchingReleasesUnusedChannel() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.service.subscribe(H.oneHour)
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.socket.subscribeRequests.map(\.channels) == [[H.channel], [H.hourChannel]])
        #expect(harness.clock.sleeperCount == 0)
    }

    // 113: a failed flush is reported and retried at once and after 1000 ms; no forced reconnection.
    @Test func failedFlushIsRetried() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        harness.failUnsubscribes("flush unsub failed")
        await harness.service.subscribe(H.oneHour)
        #expect(
            harness.errors.payloads.first
                == .init(channel: H.channel, error: "flush unsub failed", operation: .unsubscribe))
        await harness.socket.waitForCalls("getSubscriptionsByChannel(\(H.channel))", count: 2)
        await harness.advance(ms: 1000)
        await harness.socket.waitForCalls("getSubscriptionsByChannel(\(H.channel))", count: 3)
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // 111: re-subscribing 1h (grace) flushes 1m (cleanup) even though that fails again; 1h is reused.
    @Test func resubscribeFlushesChannelInCleanup() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        harness.failUnsubscribes("flush unsub failed")
        await harness.service.subscribe(H.oneHour)
        await harness.service.unsubscribe(H.oneHour)
        await harness.socket.waitForCalls("getSubscriptionsByChannel(\(H.channel))", count: 2)
        let before = harness.socket.count("getSubscriptionsByChannel(\(H.channel))")
        let connects = harness.socket.count("connect")
        await harness.service.subscribe(H.oneHour)
        // The flush, then (like any failed flush, see 113) an immediate retry, which may already have run
        // when `subscribe` returns; waiting for the queue makes the count exact.
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("getSubscriptionsByChannel(\(H.channel))") == before + 2)
        #expect(harness.socket.count("getSubscriptionsByChannel(\(H.hourChannel))") == 0)
        #expect(harness.socket.count("connect") == connects)
        #expect(harness.socket.count("subscribe") == 2)
    }

    // 115: a transient failure is retried 1000 ms later.
    @Test func transientUnsubscribeFailure() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        let failures = Locked(1)
        harness.socket.behaviour.withLock {
            $0.unsubscribe = { _ in
                if failures.withLock({
                    $0 -= 1; return $0 >= 0
                }) {
                    throw FakeError("transient")
                }
            }
        }
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("unsubscribe", count: 1)
        await harness.advance(ms: 1000)
        await harness.socket.waitForCalls("unsubscribe", count: 2)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.clock.sleeperCount == 0)
    }

    // 122: concurrent subscribes while connect is pending → one WebSocket subscribe, two consumers.
    @Test func concurrentSubscribesWhileConnecting() async throws {
        let harness = try OHLCVHarness()
        let gate = AsyncGate()
        harness.socket.behaviour.withLock { $0.connect = { await gate.wait() } }
        async let first: Void = harness.service.subscribe(H.oneMinute)
        async let second: Void = harness.service.subscribe(H.oneMinute)
        await harness.socket.waitForCalls("connect")
        gate.open()
        _ = await (first, second)
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.service.consumerCount(H.oneMinute) == 2)
        await harness.service.unsubscribe(H.oneMinute)
        #expect(harness.clock.sleeperCount == 0)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("unsubscribe")
    }

    // 124: a subscribe issued while the grace-expiry unsubscribe is in flight creates a fresh subscription.
    @Test func subscribeDuringGraceExpiryUnsubscribe() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        let gate = AsyncGate()
        harness.socket.behaviour.withLock { $0.unsubscribe = { _ in await gate.wait() } }
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("unsubscribe")
        async let resubscribe: Void = harness.service.subscribe(H.oneMinute)
        gate.open()
        await resubscribe
        #expect(harness.socket.count("subscribe") == 2)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // The actions are reachable through the messenger.
    @Test func messengerActions() async throws {
        let harness = try OHLCVHarness()
        try await harness.root.call(OHLCVServiceMessages.Subscribe.self, H.oneMinute)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
        try await harness.root.call(OHLCVServiceMessages.Unsubscribe.self, H.oneMinute)
        #expect(harness.service.consumerCount(H.oneMinute) == 0)
    }

    // A cancelled caller does not cancel the shared work.
    @Test func cancelledCallerDoesNotCancelWork() async throws {
        let harness = try OHLCVHarness()
        let gate = AsyncGate()
        harness.socket.behaviour.withLock { $0.connect = { await gate.wait() } }
        let task = Task { await harness.service.subscribe(H.oneMinute) }
        await harness.socket.waitForCalls("connect")
        task.cancel()
        gate.open()
        await task.value
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.errors.payloads.isEmpty)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }
}
