import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

/// Chain status tracking (websocket.md §4.7, scenarios 73–84), driven by a manual clock.
@Suite("AccountActivityService: construction and chain status")
struct AccountActivityStatusTests {
    // 73: name, no statusChanged, system callback registered.
    @Test func constructionRegistersSystemChannelCallback() throws {
        let harness = try AccountActivityHarness()
        #expect(AccountActivityService.name == "AccountActivityService")
        #expect(harness.statuses.payloads.isEmpty)
        #expect(harness.socket.calls.first == "addChannelCallback(system-notifications.v1.account-activity.v1)")
        #expect(harness.socket.channelCallback("system-notifications.v1.account-activity.v1") != nil)
    }

    // 74: a custom namespace changes the system channel.
    @Test func customNamespaceChangesSystemChannel() throws {
        let harness = try AccountActivityHarness(subscriptionNamespace: "custom-activity.v2")
        #expect(harness.service.systemNotificationChannel == "system-notifications.v1.custom-activity.v2")
        #expect(harness.socket.channelCallback("system-notifications.v1.custom-activity.v2") != nil)
    }

    // An asynchronous addChannelCallback handler is still called, before any subscription work.
    @Test func asynchronousChannelCallbackHandlerIsSupported() async throws {
        let harness = try AccountActivityHarness(asynchronousChannelCallbacks: true)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.channelCallback("system-notifications.v1.account-activity.v1") != nil)
    }

    // Construction fails with the messenger's error when the WebSocket service is not reachable.
    @Test func constructionFailsWithoutWebSocketService() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let messenger = try root.buildChild(
            namespace: AccountActivityService.name, actions: AccountActivityServiceMessages.allowedActions,
            events: AccountActivityServiceMessages.allowedEvents)
        #expect(throws: MessengerError.actionNotRegistered(action: "BackendWebSocketService:addChannelCallback")) {
            _ = try AccountActivityService(messenger: messenger)
        }
    }

    // 75: invalid system data is rejected with upstream's message, publishes nothing, starts no timer.
    @Test func invalidSystemNotificationIsRejected() async throws {
        let harness = try AccountActivityHarness()
        let message = ServerNotificationMessage(
            event: "system-notification", channel: "system-notifications.v1.account-activity.v1",
            data: ["invalid": true])
        let error = #expect(throws: InvalidSystemNotificationError.self) { try SystemNotification(message) }
        #expect(error?.description == "Invalid system notification data: missing chainIds or status")
        let callback = try #require(harness.socket.throwingChannelCallback(message.channel))
        #expect(throws: InvalidSystemNotificationError.self) { try callback(message) }
        harness.socket.push(message)
        harness.socket.push(.init(event: "x", channel: message.channel, data: ["chainIds": [1], "status": "up"]))
        harness.socket.push(.init(event: "x", channel: message.channel, data: ["chainIds": [], "status": ""]))
        #expect(harness.clock.sleeperCount == 0)
        #expect(harness.statuses.payloads.isEmpty)
    }

    // 76: each window flushes its own change.
    @Test func upThenDownAcrossWindows() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:137"], "up")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(1000))
        await harness.statuses.wait(count: 1)
        #expect(harness.statuses.payloads == [ChainStatusChange(chainIds: ["eip155:1", "eip155:137"], status: .up)])
        harness.system(["eip155:137"], "down")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(1000))
        await harness.statuses.wait(count: 2)
        #expect(harness.statuses.payloads.last == ChainStatusChange(chainIds: ["eip155:137"], status: .down))
        #expect(harness.statuses.payloads.allSatisfy { $0.timestamp == nil })
    }

    // 77: one window: latest status per chain wins; up group first, then down.
    @Test func oneWindowGroupsUpThenDown() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:137"], "up")
        harness.system(["eip155:56"], "up")
        harness.system(["eip155:137"], "down")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(999))
        #expect(harness.statuses.payloads.isEmpty)
        harness.clock.advance(by: .milliseconds(1))
        await harness.statuses.wait(count: 2)
        #expect(
            harness.statuses.payloads == [
                ChainStatusChange(chainIds: ["eip155:1", "eip155:56"], status: .up),
                ChainStatusChange(chainIds: ["eip155:137"], status: .down),
            ])
        #expect(harness.clock.sleeperCount == 0)
    }

    // 78: a new notification pushes the flush back by a full delay.
    @Test func debounceRestartsOnEachNotification() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1"], "up")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(500))
        harness.system(["eip155:137"], "up")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(500))
        #expect(harness.statuses.payloads.isEmpty)
        harness.clock.advance(by: .milliseconds(500))
        await harness.statuses.wait(count: 1)
        #expect(harness.statuses.payloads == [ChainStatusChange(chainIds: ["eip155:1", "eip155:137"], status: .up)])
    }

    // 79: jitter: random 0.5 delays the flush to 1500 ms.
    @Test func jitterExtendsTheWindow() async throws {
        let harness = try AccountActivityHarness(random: 0.5)
        harness.system(["eip155:1"], "up")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(1000))
        #expect(harness.statuses.payloads.isEmpty)
        harness.clock.advance(by: .milliseconds(500))
        await harness.statuses.wait(count: 1)
        #expect(harness.statuses.payloads.count == 1)
    }

    // 80: disconnect before the window: one immediate down event with a timestamp; the flush is dropped.
    @Test func disconnectReportsBufferedChainsDown() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:137"], "up")
        await harness.clock.waitForSleepers(1)
        harness.socket.state.withLock { $0.connectionState = .connected }
        harness.disconnect()
        #expect(
            harness.statuses.payloads == [
                ChainStatusChange(chainIds: ["eip155:1", "eip155:137"], status: .down, timestamp: 1_760_344_710_000)
            ])
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(2000))
        #expect(harness.statuses.payloads.count == 1)
    }

    // 81: up-set first, then buffered chains not already listed.
    @Test func disconnectCombinesUpSetAndBuffer() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:137"], "up")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(1000))
        await harness.statuses.wait(count: 1)
        harness.system(["eip155:137"], "down")
        await harness.clock.waitForSleepers(1)
        harness.socket.state.withLock { $0.connectionState = .connected }
        harness.disconnect()
        #expect(harness.statuses.payloads.count == 2)
        #expect(
            harness.statuses.payloads.last
                == ChainStatusChange(chainIds: ["eip155:1", "eip155:137"], status: .down, timestamp: 1_760_344_710_000))
        #expect(harness.clock.sleeperCount == 0)
    }

    // 82: destroy cancels a pending flush.
    @Test func destroyCancelsPendingFlush() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1"], "up")
        await harness.clock.waitForSleepers(1)
        harness.service.destroy()
        #expect(harness.clock.sleeperCount == 0)
        harness.clock.advance(by: .milliseconds(2000))
        #expect(harness.statuses.payloads.isEmpty)
        #expect(harness.socket.count("removeChannelCallback") == 1)
    }

    // 83: disconnect lists every chain in first-seen order.
    @Test func disconnectListsAllChains() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:137", "eip155:56"], "up")
        harness.socket.state.withLock { $0.connectionState = .connected }
        harness.disconnect()
        #expect(harness.statuses.payloads.map(\.chainIds) == [["eip155:1", "eip155:137", "eip155:56"]])
        #expect(harness.statuses.payloads.first?.status == .down)
    }

    // 84: nothing tracked → nothing published on disconnect.
    @Test func disconnectWithoutChainsPublishesNothing() async throws {
        let harness = try AccountActivityHarness()
        harness.socket.state.withLock { $0.connectionState = .connected }
        harness.disconnect()
        #expect(harness.statuses.payloads.isEmpty)
    }

    // An unknown status counts as down for tracking and is published as its own group.
    @Test func unknownStatusIsForwarded() async throws {
        let harness = try AccountActivityHarness()
        harness.system(["eip155:1", "eip155:10"], "up")
        harness.system(["eip155:10"], "degraded")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(1000))
        await harness.statuses.wait(count: 2)
        #expect(harness.statuses.payloads.map(\.status) == [.up, .unknown("degraded")])
        harness.socket.state.withLock { $0.connectionState = .connected }
        harness.disconnect()
        #expect(harness.statuses.payloads.last?.chainIds == ["eip155:1"])
    }
}
