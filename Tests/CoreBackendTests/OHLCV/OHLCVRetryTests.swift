import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

/// Unsubscribe retries, backoff and forced reconnection (websocket.md §5.4, scenarios 116–119, 136–139, 144).
@Suite("OHLCVService: cleanup retries")
struct OHLCVRetryTests {
    typealias H = OHLCVHarness

    /// Subscribes, unsubscribes and lets the grace period expire; the first attempt has started.
    private func harnessPastGrace(failing message: String?) async throws -> OHLCVHarness {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        if let message { harness.failUnsubscribes(message) }
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("getSubscriptionsByChannel")
        return harness
    }

    // 117, 136: attempts at 3000, 4000, 6000, 10 000 ms, then one forced reconnection.
    @Test func exhaustedRetriesForceReconnection() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        await harness.errors.wait(count: 1)
        #expect(harness.errors.payloads.first == .init(channel: H.channel, error: "ws gone", operation: .unsubscribe))
        for (delay, count) in [(1000, 2), (2000, 3), (4000, 4)] {
            await harness.advance(ms: delay)
            await harness.socket.waitForCalls("getSubscriptionsByChannel", count: count)
        }
        await harness.socket.waitForCalls("forceReconnection")
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("forceReconnection") == 1)
        #expect(harness.errors.payloads.count == 4)
        #expect(harness.service.consumerCount(H.oneMinute) == 0)
        #expect(harness.clock.sleeperCount == 0)
    }

    // 117: a rejecting forceReconnection is ignored.
    @Test func rejectingForceReconnectionIsIgnored() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        harness.socket.behaviour.withLock { $0.forceReconnection = { throw FakeError("nope") } }
        for (delay, count) in [(1000, 2), (2000, 3), (4000, 4)] {
            await harness.advance(ms: delay)
            await harness.socket.waitForCalls("getSubscriptionsByChannel", count: count)
        }
        await harness.socket.waitForCalls("forceReconnection")
        #expect(harness.socket.count("forceReconnection") == 1)
    }

    // Fixed: with the socket already down the subscription died with it; no reconnection is forced.
    @Test func noForcedReconnectionWhenDisconnected() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        harness.socket.behaviour.withLock { $0.getConnectionInfo = { .disconnected } }
        for (delay, count) in [(1000, 2), (2000, 3), (4000, 4)] {
            await harness.advance(ms: delay)
            await harness.socket.waitForCalls("getSubscriptionsByChannel", count: count)
        }
        await harness.socket.waitForCalls("getConnectionInfo")
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // 116: destroy while the first attempt is in flight; its failure ends everything.
    @Test func destroyDuringFirstAttempt() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        let gate = AsyncGate()
        harness.socket.behaviour.withLock {
            $0.unsubscribe = { _ in
                await gate.wait()
                throw FakeError("late failure")
            }
        }
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("unsubscribe")
        harness.service.destroy()
        gate.open()
        await harness.service.waitUntilIdle()
        #expect(harness.clock.sleeperCount == 0)
        #expect(harness.socket.count("getSubscriptionsByChannel") == 1)
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // 118: destroy during the backoff delay cancels the loop at once.
    @Test func destroyDuringBackoff() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        await harness.clock.waitForSleepers(1)
        harness.service.destroy()
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(10_000))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("getSubscriptionsByChannel") == 1)
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // 119: destroy while the grace expiry waits for the queue → no retry loop.
    @Test func destroyWhileGraceExpiryQueued() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneHour)
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.clock.waitForSleepers(1)
        // Hold the queue: the reconnect resubscription of 1h blocks in `subscribe`.
        let gate = AsyncGate()
        harness.socket.behaviour.withLock {
            $0.channelHasSubscription = { _ in false }
            $0.subscribe = { _ in await gate.wait() }
        }
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.socket.waitForCalls("subscribe", count: 3)
        harness.clock.advance(by: .milliseconds(3000))
        harness.service.destroy()
        gate.open()
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("getSubscriptionsByChannel") == 0)
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.clock.sleeperCount == 0)
    }

    // 137: re-subscribing while the retry loop runs (server subscription alive) stops it.
    @Test func resubscribeStopsRetryLoop() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        await harness.clock.waitForSleepers(1)
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("connect") == 1)
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(7000))
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // 139: retry cancelled by re-subscribe, server subscription gone → fresh subscribe.
    @Test func resubscribeAfterServerSubscriptionLost() async throws {
        let harness = try await harnessPastGrace(failing: "ws gone")
        await harness.clock.waitForSleepers(1)
        harness.socket.behaviour.withLock { $0.channelHasSubscription = { _ in false } }
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("connect") == 2)
        #expect(harness.socket.count("subscribe") == 2)
    }

    // 138: re-subscribing 1m while it is in retry flushes 1h from grace.
    @Test func resubscribeInRetryFlushesOthers() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneHour)
        await harness.service.subscribe(H.oneMinute)
        harness.failUnsubscribes("ws gone")
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("getSubscriptionsByChannel(\(H.channel))")
        harness.socket.behaviour.withLock { $0.unsubscribe = nil }
        await harness.service.unsubscribe(H.oneHour)
        await harness.clock.waitForSleepers(2)
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("getSubscriptionsByChannel(\(H.hourChannel))") == 1)
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.socket.count("connect") == 2)
        #expect(harness.socket.count("subscribe") == 2)
    }

    // 144: destroy during grace: nothing unsubscribed, callback removed.
    @Test func destroyDuringGrace() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.clock.waitForSleepers(1)
        harness.service.destroy()
        harness.clock.advance(by: .milliseconds(5000))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe") == 0)
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.socket.count("removeChannelCallback(system-notifications.v1.market-data.v1)") == 1)
        await #expect(throws: MessengerError.self) {
            try await harness.root.call(OHLCVServiceMessages.Subscribe.self, H.oneMinute)
        }
    }
}
