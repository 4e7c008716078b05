import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Scenarios 28–46 of websocket.md §7.1: subscriptions, queries, requests, channel callbacks, routing.
@Suite("BackendWebSocketService scenarios 28–46: subscriptions and routing")
struct BackendWebSocketServiceSubscriptionTests {
    private func subscribed(
        _ harness: WSHarness, channels: [String] = ["test-channel"], inbox: WSInbox? = nil
    ) async throws -> WebSocketSubscription {
        try await harness.service.subscribe(.init(channels: channels, channelType: "test", callback: inbox?.handler))
    }

    // 28. subscribe with a successful response returns subscriptionId sub-123 and an unsubscribe function.
    @Test func scenario28Subscribe() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        try await harness.connected()
        let subscription = try await subscribed(harness)
        #expect(subscription.subscriptionId == "sub-123" && subscription.channels == ["test-channel"])
        let sent = harness.transport.connections[0].sent[0]
        #expect(sent == #"{"data":{"channels":["test-channel"],"requestId":"req-1"},"event":"subscribe"}"#)
    }

    // 29. failed: ["test-channel-error"] → "Request failed: test-channel-error" (and, a fix, the orphan is unsubscribed).
    @Test func scenario29SubscribeFailed() async throws {
        let harness = try WSHarness()
        harness.transport.respond { text, connection in
            guard let id = ScriptedWebSocketTransport.requestId(in: text), text.contains(#""event":"subscribe""#) else {
                return
            }
            connection.push(
                text: #"{"data":{"requestId":"\#(id)","subscriptionId":"sub-9","failed":["test-channel-error"]}}"#)
        }
        let connection = try await harness.connected()
        let message = await wsErrorMessage {
            _ = try await subscribed(harness, channels: ["test-channel-error", "ok"])
        }
        #expect(message == "Request failed: test-channel-error")
        #expect(!harness.service.channelHasSubscription("ok"))
        let sent = await connection.waitForSent(2)
        #expect(sent[1].contains(#""event":"unsubscribe""#) && sent[1].contains(#""subscription":"sub-9""#))
        #expect(sent[1].contains(#""channels":["ok"]"#))
    }

    // 30. When the unsubscribe request fails with "Unsubscribe failed", unsubscribe() fails with that message.
    @Test func scenario30UnsubscribeFails() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        harness.answerRequests()
        let subscription = try await subscribed(harness)
        connection.failSends(with: WSTestError("Unsubscribe failed"))
        #expect(await wsErrorMessage { try await subscription.unsubscribe(nil) } == "Unsubscribe failed")
        #expect(harness.service.channelHasSubscription("test-channel"))
    }

    // 31. Response without subscriptionId → "Invalid subscription response: missing subscription ID".
    @Test func scenario31MissingSubscriptionId() async throws {
        let harness = try WSHarness()
        harness.transport.respond { text, connection in
            guard let id = ScriptedWebSocketTransport.requestId(in: text) else { return }
            connection.push(
                text: #"{"id":"\#(id)","data":{"requestId":"\#(id)","successful":["invalid-test"],"failed":[]}}"#)
        }
        try await harness.connected()
        #expect(
            await wsErrorMessage { _ = try await subscribed(harness) }
                == "Invalid subscription response: missing subscription ID")
        #expect(!harness.service.channelHasSubscription("test-channel"))
    }

    // 32. channelHasSubscription("non-existent") is false on a fresh service.
    @Test func scenario32FreshService() throws {
        #expect(try !WSHarness().service.channelHasSubscription("non-existent"))
    }

    // 33. After subscribing test-channel it is true; after unsubscribe("unsub-req-id") is answered, false.
    @Test func scenario33UnsubscribeForgets() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let subscription = try await subscribed(harness)
        #expect(harness.service.channelHasSubscription("test-channel"))
        try await subscription.unsubscribe("unsub-req-id")
        #expect(!harness.service.channelHasSubscription("test-channel"))
        #expect(
            connection.sent[1]
                == #"{"data":{"channels":["test-channel"],"requestId":"unsub-req-id","subscription":"sub-123"},"event":"unsubscribe"}"#
        )
    }

    // 34. getSubscriptionsByChannel("test-channel") → one entry sub-123; unknown channel → none.
    // 35. Prefix account-activity finds the subscription with account-activity.v1.address1; unknown prefix → [].
    @Test func scenario34and35Queries() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        try await harness.connected()
        _ = try await subscribed(
            harness, channels: ["test-channel", "account-activity.v1.address1", "other-prefix.v1.test"])
        #expect(harness.service.getSubscriptionsByChannel("test-channel").map(\.subscriptionId) == ["sub-123"])
        #expect(harness.service.getSubscriptionsByChannel("unknown").isEmpty)
        #expect(harness.service.findSubscriptionsByChannelPrefix("account-activity").count == 1)
        #expect(harness.service.findSubscriptionsByChannelPrefix("nope").isEmpty)
    }

    // 36. Seven malformed frames reach no callback and keep connected; a valid notification then arrives exactly once.
    @Test func scenario36MalformedFrames() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let inbox = WSInbox(), channelInbox = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "test-channel", callback: channelInbox.handler))
        _ = try await subscribed(harness, inbox: inbox)
        for bad in ["not json", "{", "[]", "null", "42", #""text""#, "{invalid: true}"] { connection.push(text: bad) }
        connection.push(
            text: #"{"event":"notification","subscriptionId":"sub-123","channel":"test-channel","data":{"x":1}}"#)
        await harness.until("delivered") { inbox.count == 1 }
        await harness.settle()
        #expect(inbox.count == 1 && channelInbox.count == 0 && harness.state == .connected)
        #expect(inbox.messages.withLock { $0[0].data } == ["x": 1])
    }

    // 37. Known id + channel → only the subscription callback; channel only → only the channel callback.
    @Test func scenario37SubscriptionBeforeChannel() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let inbox = WSInbox(), channelInbox = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "test-channel", callback: channelInbox.handler))
        _ = try await subscribed(harness, inbox: inbox)
        connection.push(text: #"{"event":"n","subscriptionId":"sub-123","channel":"test-channel","data":{}}"#)
        connection.push(text: #"{"event":"n","channel":"test-channel","data":{}}"#)
        await harness.until("both") { inbox.count + channelInbox.count == 2 }
        #expect(inbox.count == 1 && channelInbox.count == 1)
    }

    // 38. A pending request fails with "WebSocket connection closed: 4999 Internal: Manual disconnect" after disconnect().
    @Test func scenario38PendingRequestOnDisconnect() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let request = Task { try await harness.service.sendRequest(.init(event: "x")) }
        await connection.waitForSent(1)
        harness.service.disconnect()
        #expect(
            await wsErrorMessage { _ = try await request.value }
                == "WebSocket connection closed: 4999 Internal: Manual disconnect")
    }

    // 39. Transport send throws "Send failed" → sendMessage throws "Send failed".
    @Test func scenario39SendMessageFails() async throws {
        let harness = try WSHarness()
        try await harness.connected().failSends(with: WSTestError("Send failed"))
        #expect(
            await wsErrorMessage { try await harness.service.sendMessage(.init(event: "x", data: ["requestId": "1"])) }
                == "Send failed")
    }

    // 40. Channel callbacks: same name twice keeps one; another name makes two; remove → true; unknown → false.
    @Test func scenario40ChannelCallbacks() throws {
        let service = try WSHarness().service
        let first = WSInbox(), second = WSInbox()
        service.addChannelCallback(.init(channelName: "a", callback: first.handler))
        service.addChannelCallback(.init(channelName: "a", callback: second.handler))
        #expect(service.getChannelCallbacks().count == 1)
        service.addChannelCallback(.init(channelName: "b", callback: first.handler))
        #expect(service.getChannelCallbacks().map(\.channelName) == ["a", "b"])
        #expect(service.removeChannelCallback("a") && service.getChannelCallbacks().count == 1)
        #expect(!service.removeChannelCallback("zzz"))
    }

    // 41. A response for an unknown request id is ignored (stays connected).
    // 42. A channel notification without registered callbacks is ignored.
    @Test func scenario41and42Ignored() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let marker = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "marker", callback: marker.handler))
        connection.push(text: #"{"event":"response","data":{"requestId":"unknown","result":1}}"#)
        connection.push(text: #"{"event":"n","channel":"nobody-listens","data":{}}"#)
        connection.push(text: #"{"event":"n","channel":"marker","data":{}}"#)
        await harness.until("marker") { marker.count == 1 }
        #expect(harness.state == .connected)
    }

    // 43. subscriptionId null reaches the channel callback.
    // 44. An unknown subscriptionId reaches the channel callback.
    @Test(arguments: [#"null"#, #""unknown-sub""#])
    func scenario43and44FallToChannel(subscriptionId: String) async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let inbox = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "test-channel", callback: inbox.handler))
        connection.push(
            text: #"{"event":"n","subscriptionId":\#(subscriptionId),"channel":"test-channel","data":{"v":2}}"#)
        await harness.until("delivered") { inbox.count == 1 }
    }

    // 45. Channel callback on …eip155:0:<addr> receives a notification on …eip155:42161:<addr> with a stale id.
    // 46. Subscription on …eip155:0:<addr> receives it (stale id recovered by channel match).
    @Test func scenario45and46ChainWildcard() async throws {
        let address = "0x1234567890123456789012345678901234567890"
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let channelInbox = WSInbox(), inbox = WSInbox()
        harness.service.addChannelCallback(
            .init(channelName: "account-activity.v1.eip155:0:\(address)", callback: channelInbox.handler))
        let notification =
            #"{"event":"n","subscriptionId":"stale","channel":"account-activity.v1.eip155:42161:\#(address)","data":{}}"#
        connection.push(text: notification)
        await harness.until("channel callback") { channelInbox.count == 1 }
        _ = try await subscribed(harness, channels: ["account-activity.v1.eip155:0:\(address)"], inbox: inbox)
        connection.push(text: notification)
        await harness.until("subscription") { inbox.count == 1 }
        #expect(channelInbox.count == 1)
    }
}
