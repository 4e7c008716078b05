import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Scenarios 47–63 of websocket.md §7.1: wrapped messages, wildcard matching, response classification.
@Suite("BackendWebSocketService scenarios 47–63: inbound routing and request errors")
struct BackendWebSocketServiceRoutingTests {
    static let address = "0x1234567890123456789012345678901234567890"
    static let wildcard = "account-activity.v1.eip155:0:\(address)"
    static let arbitrum = "account-activity.v1.eip155:42161:\(address)"

    /// A connected harness with a channel callback on `channel` and a marker callback.
    private func routed(channel: String, frames: [String]) async throws -> (WSHarness, WSInbox) {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let inbox = WSInbox(), marker = WSInbox()
        harness.service.addChannelCallback(.init(channelName: channel, callback: inbox.handler))
        harness.service.addChannelCallback(.init(channelName: "marker", callback: marker.handler))
        for frame in frames { connection.push(text: frame) }
        connection.push(text: #"{"channel":"marker","data":{}}"#)
        await harness.until("marker") { marker.count == 1 }
        return (harness, inbox)
    }

    // 47. Wrapped {event, timestamp, data: {channel, subscriptionId, message: {address}}} → channel = nested, data = {address}.
    // 48. Same with the payload under `activity`.
    @Test(arguments: ["message", "activity"])
    func scenario47and48Wrapped(key: String) async throws {
        let frame =
            #"{"event":"data","timestamp":1760344704595,"data":{"channel":"\#(Self.arbitrum)","subscriptionId":"stale","\#(key)":{"address":"\#(Self.address)"}}}"#
        let (_, inbox) = try await routed(channel: Self.wildcard, frames: [frame])
        let message = inbox.messages.withLock { $0.first }
        #expect(message?.channel == Self.arbitrum && message?.data == ["address": .string(Self.address)])
        #expect(message?.timestamp == 1_760_344_704_595)
    }

    // 49. Nested numeric timestamp and scalar payload → that timestamp, data = the whole nested object.
    @Test func scenario49ScalarPayload() async throws {
        let frame = #"{"event":"data","data":{"channel":"\#(Self.arbitrum)","timestamp":123,"payload":"scalar"}}"#
        let (_, inbox) = try await routed(channel: Self.wildcard, frames: [frame])
        let message = inbox.messages.withLock { $0.first }
        #expect(message?.timestamp == 123)
        #expect(message?.data == ["channel": .string(Self.arbitrum), "timestamp": 123, "payload": "scalar"])
    }

    // 50. Non-0x address AbCdEf123456789 (case preserved) matches across the chain wildcard exactly once.
    @Test func scenario50NonHexAddress() async throws {
        let frame = #"{"channel":"account-activity.v1.solana:5eykt4Us:AbCdEf123456789","data":{}}"#
        let (_, inbox) = try await routed(channel: "account-activity.v1.solana:0:AbCdEf123456789", frames: [frame])
        #expect(inbox.count == 1)
        let (_, lower) = try await routed(channel: "account-activity.v1.solana:0:abcdef123456789", frames: [frame])
        #expect(lower.count == 0)
    }

    // 51. A binary frame whose string form is valid JSON is parsed and routed.
    @Test func scenario51BinaryJSON() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let inbox = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "bin", callback: inbox.handler))
        connection.push(binary: Array(#"{"channel":"bin","data":{}}"#.utf8))
        await harness.until("delivered") { inbox.count == 1 }
    }

    // 52. Wrapped message with a non-numeric nested timestamp → timestamp = now.
    @Test func scenario52TimestampNow() async throws {
        let frame = #"{"event":"data","data":{"channel":"\#(Self.arbitrum)","timestamp":"soon","data":{}}}"#
        let (harness, inbox) = try await routed(channel: Self.wildcard, frames: [frame])
        let expected = 1_700_000_000_000 + harness.clock.now.offset.wsMilliseconds
        #expect(inbox.messages.withLock { $0.first?.timestamp } == expected)
    }

    // 53. data without channel (and no top-level channel) → no channel callback.
    // 54. data that is a string → no channel callback.
    // 56. A callback on chain 42161 does not receive chain 137.
    // 59. A wildcard callback for one address does not receive another address.
    @Test(arguments: [
        #"{"event":"data","data":{"subscriptionId":"x","message":{}}}"#,
        #"{"event":"data","data":"account-activity.v1.eip155:0:0xabc"}"#,
        #"{"channel":"account-activity.v1.eip155:137:0x1234567890123456789012345678901234567890","data":{}}"#,
        #"{"channel":"account-activity.v1.eip155:1:0x9999999999999999999999999999999999999999","data":{}}"#,
    ])
    func scenario53to59NotDelivered(frame: String) async throws {
        let channel = frame.contains("eip155:137") ? Self.arbitrum : Self.wildcard
        let (_, inbox) = try await routed(channel: channel, frames: [frame])
        #expect(inbox.count == 0)
    }

    // 55. A stale id with an exactly equal account-activity channel is routed to the owning subscription.
    // 57. A subscription on legacy-channel.v1.test-topic does not get an account-activity notification with a stale id.
    // 60. An account-activity notification whose data contains requestId still reaches its subscription.
    @Test func scenario55and57and60SubscriptionMatching() async throws {
        let harness = try WSHarness()
        harness.answerRequests { id in id == "req-1" ? "sub-aa" : "sub-legacy" }
        let connection = try await harness.connected()
        let activity = WSInbox(), legacy = WSInbox()
        _ = try await harness.service.subscribe(
            .init(channels: [Self.arbitrum], channelType: "account-activity.v1", callback: activity.handler))
        _ = try await harness.service.subscribe(
            .init(channels: ["legacy-channel.v1.test-topic"], channelType: "legacy", callback: legacy.handler))
        connection.push(text: #"{"subscriptionId":"stale","channel":"\#(Self.arbitrum)","data":{}}"#)
        connection.push(text: #"{"subscriptionId":"sub-aa","channel":"\#(Self.arbitrum)","data":{"requestId":"r-1"}}"#)
        await harness.until("two") { activity.count == 2 }
        #expect(legacy.count == 0)
        let trace = harness.traces.withLock { $0.last { $0.name == "BackendWebSocketService Notification" } }
        #expect(trace?.tags["notification_type"] == "account-activity.v1")
    }

    // 58. A market-data.v1.test message with subscriptionId and data.requestId is a response: no channel callback.
    @Test func scenario58ResponseShaped() async throws {
        let frame = #"{"subscriptionId":"s","channel":"market-data.v1.test","data":{"requestId":"orphan"}}"#
        let (_, inbox) = try await routed(channel: "market-data.v1.test", frames: [frame])
        #expect(inbox.count == 0)
    }

    // 61. A subscription stored without a callback lets the notification fall through to a channel callback.
    @Test func scenario61NoCallbackFallsThrough() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let inbox = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "test-channel", callback: inbox.handler))
        _ = try await harness.service.subscribe(.init(channels: ["test-channel"], channelType: "t", callback: nil))
        connection.push(text: #"{"subscriptionId":"sub-123","channel":"test-channel","data":{}}"#)
        await harness.until("channel") { inbox.count == 1 }
    }

    // 62. sendRequest fails with "Send failed" when the send throws it.
    // 63. Adjusted (Swift throws only errors): the error's message is the thrown value's string form, e.g. "String error".
    @Test(arguments: ["Send failed", "String error"])
    func scenario62and63SendRequestFails(text: String) async throws {
        let harness = try WSHarness()
        try await harness.connected().failSends(with: WSTestError(text))
        #expect(await wsErrorMessage { _ = try await harness.service.sendRequest(.init(event: "x")) } == text)
        // The failed request is no longer pending: the same id can be used again.
        #expect(
            await wsErrorMessage {
                _ = try await harness.service.sendRequest(.init(event: "x", data: ["requestId": "req-1"]))
            } == text)
    }

    /// Matching rule table (§3.4), including the generalised prefix (fix 10).
    @Test func channelMatchingTable() async throws {
        let cases: [(String, String, Bool)] = [
            (Self.wildcard, Self.arbitrum, true),
            (Self.arbitrum, Self.wildcard, false),
            ("account-activity.v1.eip155:0:0xABC", "account-activity.v1.eip155:1:0xabc", true),
            ("account-activity.v1.eip155:0:0xabc", "account-activity.v1.solana:1:0xabc", false),
            ("custom-activity.v2.eip155:0:0xabc", "custom-activity.v2.eip155:10:0xabc", true),
            ("custom-activity.v2.eip155:0:0xabc", "account-activity.v1.eip155:10:0xabc", false),
            ("legacy-channel.v1.test-topic", "legacy-channel.v1.test-topic", true),
            ("market-data.v1.eip155:8453/erc20:0xA.1m.usd", "market-data.v1.eip155:8453/erc20:0xa.1m.usd", false),
        ]
        for (registered, notified, expected) in cases {
            let (_, inbox) = try await routed(channel: registered, frames: [#"{"channel":"\#(notified)","data":{}}"#])
            #expect((inbox.count == 1) == expected, "\(registered) ← \(notified)")
        }
    }
}
