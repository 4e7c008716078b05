import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

/// Bars, reconnect resubscription and chain status (websocket.md §5.5–§5.6, scenarios 106, 125–135, 140–143).
@Suite("OHLCVService: bars, connection events, chain status")
struct OHLCVConnectionTests {
    typealias H = OHLCVHarness

    // 106: the subscription callback publishes barUpdated with the bar.
    @Test func barNotificationPublishes() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        harness.socket.push(harness.bar())
        #expect(
            harness.bars.payloads == [
                .init(
                    channel: H.channel,
                    bar: OHLCVBar(
                        timestamp: 1_776_364_020, open: 74.099, high: 74.1, low: 74.083, close: 74.099, volume: 5806.43)
                )
            ])
    }

    // Malformed bars are reported and dropped; the next one still arrives.
    @Test func malformedBarIsReported() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        var bad = harness.bar()
        bad.data = ["timestamp": 1, "open": "x"]
        harness.socket.push(bad)
        bad.data = "not an object"
        harness.socket.push(bad)
        #expect(harness.errors.payloads.map(\.operation) == [.notification, .notification])
        #expect(harness.errors.payloads.first?.error == "Invalid OHLCV bar: open not a number: x")
        harness.socket.push(harness.bar(75))
        #expect(harness.bars.payloads.map(\.bar.close) == [75])
    }

    // 125, 129: `connected` resubscribes active channels; the new callback publishes bars.
    @Test func connectedResubscribes() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.subscribeRequests.map(\.channels) == [[H.channel], [H.channel]])
        #expect(harness.socket.subscribeRequests.last?.channelType == "market-data.v1")
        harness.socket.push(harness.bar(subscriptionId: "sub-2"))
        #expect(harness.bars.payloads.count == 1)
    }

    // 126: a surviving server subscription is not duplicated.
    @Test func connectedSkipsExistingSubscription() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        try harness.root.publish(
            BackendWebSocketServiceMessages.ConnectionStateChanged.self, FakeBackendWebSocket.info(.connected))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 1)
    }

    // 127, 128: a channel in grace is dropped on reconnect; a later subscribe starts afresh.
    @Test func connectedDropsChannelsInGrace() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        await harness.clock.waitForSleepers(1)
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.clock.sleeperCount == 0)
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("subscribe") == 2)
        harness.socket.push(harness.bar(subscriptionId: "sub-2"))
        #expect(harness.bars.payloads.count == 1)
    }

    // 140: a channel in retry is dropped on reconnect and not resubscribed.
    @Test func connectedDropsChannelsInRetry() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        harness.failUnsubscribes("ws gone")
        await harness.service.unsubscribe(H.oneMinute)
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("getSubscriptionsByChannel")
        await harness.clock.waitForSleepers(1)
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(10_000))
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // 141: grace + server subscription gone + failing connect → error; the next subscribe is fresh.
    @Test func reviveFromGraceWithFailingConnect() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        await harness.service.unsubscribe(H.oneMinute)
        harness.socket.behaviour.withLock {
            $0.channelHasSubscription = { _ in false }
            $0.connect = { throw FakeError("network down") }
        }
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.errors.payloads == [.init(channel: H.channel, error: "network down", operation: .subscribe)])
        harness.socket.behaviour.withLock { $0.connect = nil }
        await harness.service.subscribe(H.oneMinute)
        #expect(harness.socket.count("subscribe") == 2)
    }

    // 142 (+ fix): a failing resubscription is attempted once and published.
    @Test func failingResubscriptionIsPublished() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        harness.socket.behaviour.withLock { $0.subscribe = { _ in throw FakeError("resub failed") } }
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 2)
        #expect(harness.errors.payloads == [.init(channel: H.channel, error: "resub failed", operation: .subscribe)])
        #expect(harness.service.consumerCount(H.oneMinute) == 1)
    }

    // 143: an unsubscribe during the reconnect resubscription waits for it; grace then unsubscribes once.
    @Test func unsubscribeWaitsForResubscription() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        let gate = AsyncGate()
        harness.socket.behaviour.withLock { $0.subscribe = { _ in await gate.wait() } }
        harness.socket.setConnectionState(.disconnected)
        harness.socket.setConnectionState(.connected)
        await harness.socket.waitForCalls("subscribe", count: 2)
        async let release: Void = harness.service.unsubscribe(H.oneMinute)
        gate.open()
        await release
        await harness.advance(ms: 3000)
        await harness.socket.waitForCalls("unsubscribe")
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe") == 1)
    }

    // 132: `connecting` does nothing.
    @Test func connectingDoesNothing() async throws {
        let harness = try OHLCVHarness()
        await harness.service.subscribe(H.oneMinute)
        try harness.root.publish(
            BackendWebSocketServiceMessages.ConnectionStateChanged.self, FakeBackendWebSocket.info(.connecting))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("connect") == 1)
        #expect(harness.socket.count("subscribe") == 1)
    }

    // 133, 134: system notifications are forwarded at once with the message timestamp.
    @Test(arguments: [(["eip155:8453"], "down"), (["eip155:1", "eip155:137"], "up")])
    func systemNotificationForwarded(chainIds: [String], status: String) throws {
        let harness = try OHLCVHarness()
        harness.socket.push(
            ServerNotificationMessage(
                event: "system-notification", channel: OHLCVService.systemNotificationChannel,
                data: ["chainIds": .array(chainIds.map(JSONValue.string)), "status": .string(status)],
                timestamp: 1_776_364_071_003))
        #expect(
            harness.statuses.payloads == [
                ChainStatusChange(
                    chainIds: chainIds, status: ChainStatus(rawValue: status), timestamp: 1_776_364_071_003)
            ])
    }

    // 135: invalid system data publishes nothing.
    @Test func invalidSystemNotificationIgnored() throws {
        let harness = try OHLCVHarness()
        let message = ServerNotificationMessage(
            event: "system-notification", channel: OHLCVService.systemNotificationChannel, data: ["invalid": true])
        let callback = try #require(harness.socket.throwingChannelCallback(OHLCVService.systemNotificationChannel))
        let error = #expect(throws: InvalidSystemNotificationError.self) { try callback(message) }
        #expect(error?.description == "Invalid system notification data: missing chainIds or status")
        harness.socket.push(message)
        #expect(harness.statuses.payloads.isEmpty)
    }

    // 130, 131: disconnect reports chains still up, once.
    @Test func disconnectReportsUpChainsDown() throws {
        let harness = try OHLCVHarness()
        harness.socket.setConnectionState(.disconnected)
        #expect(harness.statuses.payloads.isEmpty)
        harness.socket.push(
            .init(
                event: "system-notification", channel: OHLCVService.systemNotificationChannel,
                data: ["chainIds": ["eip155:8453", "eip155:1"], "status": "up"]))
        harness.socket.push(
            .init(
                event: "system-notification", channel: OHLCVService.systemNotificationChannel,
                data: ["chainIds": ["eip155:1"], "status": "down"]))
        harness.socket.setConnectionState(.connected)
        harness.socket.setConnectionState(.disconnected)
        #expect(
            harness.statuses.payloads.last
                == ChainStatusChange(chainIds: ["eip155:8453"], status: .down, timestamp: 1_776_364_080_000))
        harness.socket.setConnectionState(.connected)
        harness.socket.setConnectionState(.disconnected)
        #expect(harness.statuses.payloads.count == 3)
    }
}
