import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Cancelling a task that waits in `sendRequest`, `subscribe` or `connect` ends its wait at once, leaves
/// nothing behind, and never disturbs the connection or other waiters.
@Suite("BackendWebSocketService: cancelling callers")
struct BackendWebSocketCancellationTests {
    @Test(
        "a cancelled sendRequest throws CancellationError at once; its timer and entry are gone; a late response is ignored"
    )
    func cancelledRequest() async throws {
        let harness = try WSHarness(requestTimeout: .seconds(30))
        let connection = try await harness.connected()
        let timersBefore = harness.service.resourceCounts.timers
        let task = Task { try await harness.service.sendRequest(.init(event: "ping", data: ["requestId": "r-1"])) }
        _ = await connection.waitForSent(1)
        #expect(harness.service.resourceCounts.pendingRequests == 1)
        #expect(harness.service.resourceCounts.timers == timersBefore + 1)  // the request timeout
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        await harness.until("the request is forgotten") {
            harness.service.resourceCounts.pendingRequests == 0 && harness.service.resourceCounts.timers == timersBefore
        }
        connection.push(text: #"{"event":"response","data":{"requestId":"r-1","failed":[]}}"#)
        await harness.settle()
        #expect(harness.state == .connected)
        #expect(harness.captured.withLock { $0 }.isEmpty)
        // The id is free again.
        harness.answerRequests()
        let response = try await harness.service.sendRequest(.init(event: "ping", data: ["requestId": "r-1"]))
        #expect(response["requestId"] == "r-1")
    }

    @Test("a task cancelled before it asks sends nothing")
    func alreadyCancelled() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await harness.service.sendRequest(.init(event: "ping"))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        await harness.settle()
        #expect(connection.sent.isEmpty)
        #expect(harness.service.resourceCounts.pendingRequests == 0)
    }

    @Test("a subscribe cancelled before its response is unsubscribed on the server when the success arrives")
    func cancelledSubscribe() async throws {
        let harness = try WSHarness(requestTimeout: .seconds(30))
        let connection = try await harness.connected()
        let inbox = WSInbox()
        let task = Task {
            try await harness.service.subscribe(
                .init(channels: ["a", "b"], channelType: "test", callback: inbox.handler))
        }
        let sent = await connection.waitForSent(1)
        let requestId = try #require(ScriptedWebSocketTransport.requestId(in: sent[0]))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // The server subscribed "a" (and failed "b") anyway.
        connection.push(
            text:
                #"{"event":"subscribed","data":{"requestId":"\#(requestId)","subscriptionId":"sub-late","failed":["b"]}}"#
        )
        let all = await connection.waitForSent(2)
        #expect(all[1].contains(#""event":"unsubscribe""#))
        #expect(all[1].contains(#""subscription":"sub-late""#))
        #expect(all[1].contains(#""channels":["a"]"#))
        #expect(!harness.service.channelHasSubscription("a"))
        // Its notifications reach nobody.
        connection.push(text: #"{"event":"notification","subscriptionId":"sub-late","channel":"a","data":{}}"#)
        await harness.settle()
        #expect(inbox.count == 0)
    }

    @Test("a cancelled subscribe that is then lost with the connection leaves nothing to undo")
    func cancelledSubscribeThenDisconnect() async throws {
        let harness = try WSHarness(requestTimeout: .seconds(30))
        let connection = try await harness.connected()
        let task = Task {
            try await harness.service.subscribe(.init(channels: ["a"], channelType: "test", callback: nil))
        }
        let sent = await connection.waitForSent(1)
        let requestId = try #require(ScriptedWebSocketTransport.requestId(in: sent[0]))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        connection.serverClose(code: .goingAway)
        await harness.until("disconnected") { harness.state != .connected }
        // After a reconnect, an answer to the old id (a confused server) triggers no unsubscribe.
        harness.service.disconnect()
        let second = try await harness.connected()
        second.push(
            text: #"{"event":"subscribed","data":{"requestId":"\#(requestId)","subscriptionId":"sub-old","failed":[]}}"#
        )
        await harness.settle()
        #expect(second.sent.isEmpty)
    }

    @Test("a cancelled connect() stops waiting at once; the attempt goes on and other waiters get its outcome")
    func cancelledConnect() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold))
        let cancelled = Task { try await harness.service.connect() }
        let other = Task { try await harness.service.connect() }
        await harness.until("the socket is being opened") { harness.transport.heldCount == 1 }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(harness.state == .connecting)
        _ = harness.transport.acceptPending()
        try await other.value
        #expect(harness.state == .connected)
        #expect(harness.transport.attempts.count == 1)
    }
}
