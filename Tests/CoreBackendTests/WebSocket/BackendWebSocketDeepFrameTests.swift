import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

@testable import CoreBackend

/// JSON nested `depth` levels deep: arrays, or objects `{"a":…}`, around `inner`.
private func arrays(_ depth: Int, around inner: String = "1") -> String {
    String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
}

private func objects(_ depth: Int, around inner: String = "1") -> String {
    String(repeating: #"{"a":"#, count: depth) + inner + String(repeating: "}", count: depth)
}

/// A notification frame for `test-channel` whose `data` is `data` (the frame adds one level).
private func frame(data: String, extra: String = "") -> String {
    #"{"event":"notification",\#(extra)"subscriptionId":"sub-123","channel":"test-channel","data":\#(data)}"#
}

private func decoded(_ text: String) -> JSONValue? {
    try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

/// Frames nested deeper than `JSONLimits.maximumNestingDepth` are malformed frames: dropped like the
/// ones of scenario 36 (`BackendWebSocketServiceSubscriptionTests`), the connection stays up and later
/// frames arrive. At the limit they are delivered, whichever reader (direct or `JSONDecoder` fallback) runs.
@Suite("Inbound frames: nesting limit")
struct BackendWebSocketDeepFrameTests {
    static let limit = JSONLimits.maximumNestingDepth

    /// `data` values of `limit - 1` levels (so the frame is at the limit) that take each reading path:
    /// the one-pass read, the tree fallback for a repeated routing key, and the lazy `data` read whose
    /// duplicate key sends it to `JSONDecoder`.
    static func framesAtLimit(_ depth: Int) -> [String] {
        [
            frame(data: arrays(depth - 1)),
            frame(data: objects(depth - 1)),
            frame(data: arrays(depth - 1), extra: #""event":"repeated","#),
            frame(data: objects(depth - 2, around: #"{"dup":1,"dup":2}"#)),
            frame(data: arrays(depth - 2, around: #"{"dup":1,"dup":2}"#), extra: #""event":"repeated","#),
        ]
    }

    private func subscribedHarness() async throws -> (WSHarness, ScriptedWebSocketConnection, WSInbox) {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        let inbox = WSInbox()
        _ = try await harness.service.subscribe(
            .init(channels: ["test-channel"], channelType: "test", callback: inbox.handler))
        return (harness, connection, inbox)
    }

    @Test("frames at the limit are delivered with the data JSONDecoder reads, on every reading path")
    func atLimit() async throws {
        let (harness, connection, inbox) = try await subscribedHarness()
        let frames = Self.framesAtLimit(Self.limit)
        for text in frames { connection.push(text: text) }
        await harness.until("delivered") { inbox.count == frames.count }
        let data = inbox.messages.withLock { $0.map(\.data) }  // read lazily, here
        #expect(data == frames.map { decoded($0)?["data"] })
        #expect(harness.state == .connected)
    }

    @Test("frames one level over the limit are dropped like other malformed frames; the connection stays up")
    func overLimit() async throws {
        let (harness, connection, inbox) = try await subscribedHarness()
        let frames =
            Self.framesAtLimit(Self.limit + 1) + [
                frame(data: arrays(Self.limit, around: "1e400")),
                frame(data: arrays(Self.limit, around: #""\ud800""#)),
                frame(data: objects(100_000)),
            ]
        #expect(frames.prefix(5).allSatisfy { decoded($0) != nil }, "JSONDecoder alone would deliver them")
        for text in frames { connection.push(text: text) }
        connection.push(text: frame(data: #"{"x":1}"#))
        await harness.until("delivered") { inbox.count == 1 }
        await harness.settle()
        #expect(inbox.count == 1 && harness.state == .connected)
        #expect(inbox.messages.withLock { $0[0].data } == ["x": 1])
    }

    @Test("a notification's data read lazily stops at the limit too (null, as for other unreadable data)")
    func lazyData() async throws {
        let atLimit = objects(Self.limit - 1, around: #"{"dup":1,"dup":2}"#)
        #expect(JSONText(text: atLimit, range: 0..<atLimit.utf8.count).value == decoded(atLimit))
        let over = objects(Self.limit, around: #"{"dup":1,"dup":2}"#)
        #expect(decoded(over) != nil)
        #expect(JSONText(text: over, range: 0..<over.utf8.count).value == .null)
        let message = try #require(
            ServerNotificationMessage(frame: frame(data: objects(Self.limit - 2, around: #"{"dup":1,"dup":2}"#))))
        #expect(message.data == decoded(objects(Self.limit - 2, around: #"{"dup":1,"dup":2}"#)))
    }

    // The real transport parses frames on its reading thread (512 KiB of stack): before the limit, one
    // of these frames ended the process with SIGSEGV.
    @Test("100,000 nested levels over a real socket: dropped, the service stays connected and keeps delivering")
    func hundredThousandLevelsOverRealSocket() async throws {
        let server = try WebSocketTestServer()
        defer { server.shutdown() }
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        try root.registerActionHandler(AuthenticationController.GetBearerToken.self) { _ in "token" }
        let messenger = try root.buildChild(
            namespace: BackendWebSocketService.name, actions: [AuthenticationController.GetBearerToken.self],
            events: [
                KeyringController.Lock.self, KeyringController.Unlock.self, AuthenticationController.StateChange.self,
            ])
        let service = try BackendWebSocketService(
            messenger: messenger,
            options: .init(
                url: "ws://127.0.0.1:\(server.port)/v1", timeout: .seconds(5), requestTimeout: .seconds(5)))
        defer { service.destroy() }
        let inbox = WSInbox()
        service.addChannelCallback(.init(channelName: "c", callback: inbox.handler))
        try await service.connect()
        var connections = server.connections.makeAsyncIterator()
        let connection = try #require(await connections.next())
        try connection.send(texts: [
            #"{"channel":"c","data":"# + arrays(100_000) + "}",
            #"{"channel":"c","data":"# + objects(100_000, around: "1e400") + "}",
            #"{"channel":"c","channel":"c","data":"# + arrays(100_000) + "}",
            #"{"channel":"c","data":"# + objects(Self.limit - 2, around: #"{"dup":1,"dup":2}"#) + "}",
            #"{"channel":"c","data":{"after":true}}"#,
        ])
        let start = ContinuousClock.now
        while inbox.count < 2, ContinuousClock.now - start < .seconds(10) {
            try await Task.sleep(for: .milliseconds(5))
        }
        let data = inbox.messages.withLock { $0.map(\.data) }
        #expect(data == [decoded(objects(Self.limit - 2, around: #"{"dup":1,"dup":2}"#)), ["after": true]])
        #expect(service.getConnectionInfo().state == .connected)
    }

    @Test("the mock backend (`core-backend mock`) drops a client frame 100,000 levels deep and keeps serving")
    func mockBackendSurvivesDeepClientFrame() async throws {
        let backend = try MockWebSocketBackend()
        defer { backend.stop() }
        let connection = try await BuiltinWebSocketTransport().connect(
            to: URL(string: backend.url.absoluteString + "?token=abc")!, headers: [:], timeout: .seconds(5))
        var events = connection.events.makeAsyncIterator()
        try await connection.send(text: #"{"event":"subscribe","data":"# + objects(100_000, around: "1e400") + "}")
        try await connection.send(text: #"{"event":"subscribe","data":{"channels":["c"],"requestId":"r1"}}"#)
        let reply = try #require(try await nextJSON(&events))
        #expect(reply["event"] == "subscribed" && reply["data"]?["requestId"] == "r1")
        await connection.close(code: .normalClosure, reason: "")
    }
}
