import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// Reads the next text message as JSON from a client connection.
func nextJSON(_ iterator: inout WebSocketEvents.AsyncIterator) async throws -> JSONValue? {
    while let event = await iterator.next() {
        switch event {
        case .text(let text): return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        case .closed: return nil
        case .binary: continue
        }
    }
    return nil
}

@Suite("MockWebSocketBackend speaks the backend protocol", .serialized)
struct MockWebSocketBackendTests {
    let transport = BuiltinWebSocketTransport()

    @Test("subscribe gets a subscription id and an up system notification; pushes reach the subscription")
    func subscribeAndPush() async throws {
        let backend = try MockWebSocketBackend()
        defer { backend.stop() }
        let connection = try await transport.connect(
            to: URL(string: backend.url.absoluteString + "?token=abc")!, headers: [:], timeout: .seconds(5))
        var events = connection.events.makeAsyncIterator()
        try await connection.send(
            text: #"{"event":"subscribe","data":{"channels":["account-activity.v1.eip155:0:0xabc"],"requestId":"r1"}}"#)
        let reply = try #require(try await nextJSON(&events))
        #expect(reply["event"] == "subscribed")
        #expect(reply["data"]?["requestId"] == "r1")
        #expect(reply["data"]?["subscriptionId"] == "sub-1")
        #expect(reply["data"]?["failed"] == [])
        let system = try #require(try await nextJSON(&events))
        #expect(system["event"] == "system-notification")
        #expect(system["channel"] == "system-notifications.v1.account-activity.v1")
        #expect(system["data"]?["status"] == "up")
        #expect(backend.tokens == ["abc"])

        await backend.waitForSubscription(matching: "account-activity.v1.eip155:0:0xabc")
        #expect(
            try backend.pushAccountActivity(
                channel: "account-activity.v1.eip155:8453:0xabc", data: ["address": "0xabc"]) == 1)
        #expect(try backend.pushAccountActivity(channel: "account-activity.v1.eip155:8453:0xother", data: [:]) == 0)
        let notification = try #require(try await nextJSON(&events))
        #expect(notification["subscriptionId"] == "sub-1")
        #expect(notification["channel"] == "account-activity.v1.eip155:8453:0xabc")
        #expect(notification["data"]?["address"] == "0xabc")

        try await connection.send(
            text:
                #"{"event":"unsubscribe","data":{"subscription":"sub-1","channels":["account-activity.v1.eip155:0:0xabc"],"requestId":"r2"}}"#
        )
        let unsubscribed = try #require(try await nextJSON(&events))
        #expect(unsubscribed["event"] == "unsubscribed")
        #expect(unsubscribed["data"]?["requestId"] == "r2")
        #expect(backend.subscriptions.isEmpty)
        await connection.close(code: .normalClosure, reason: "")
    }

    @Test("failing channels are reported in failed and not stored")
    func failingChannels() async throws {
        let backend = try MockWebSocketBackend(
            configuration: .init(failingChannels: ["account-activity.v1.solana:0:x"]))
        defer { backend.stop() }
        let connection = try await transport.connect(to: backend.url, headers: [:], timeout: .seconds(5))
        var events = connection.events.makeAsyncIterator()
        try await connection.send(
            text: #"{"event":"subscribe","data":{"channels":["account-activity.v1.solana:0:x"],"requestId":"r"}}"#)
        let reply = try #require(try await nextJSON(&events))
        #expect(reply["data"]?["failed"] == ["account-activity.v1.solana:0:x"])
        #expect(backend.subscriptions.isEmpty)
        await connection.close(code: .normalClosure, reason: "")
    }

    @Test("a wrong token is rejected with 401; faults reach the client as close codes")
    func tokenAndFaults() async throws {
        let backend = try MockWebSocketBackend(configuration: .init(requiredToken: "good"))
        defer { backend.stop() }
        await #expect(throws: WebSocketError.self) {
            _ = try await transport.connect(
                to: URL(string: backend.url.absoluteString + "?token=bad")!, headers: [:], timeout: .seconds(5))
        }
        let connection = try await transport.connect(
            to: URL(string: backend.url.absoluteString + "?token=good")!, headers: [:], timeout: .seconds(5))
        var events = connection.events.makeAsyncIterator()
        #expect(await eventually { backend.connectionCount == 1 }, "one server connection")
        backend.dropConnections()
        var closed: WebSocketCloseInfo?
        while let event = await events.next() { if case .closed(let info) = event { closed = info } }
        #expect(closed?.code == WebSocketCloseCode(1006))
    }

    @Test("restart keeps the port and drops live connections")
    func restart() async throws {
        let backend = try MockWebSocketBackend()
        defer { backend.stop() }
        let port = backend.port
        let first = try await transport.connect(to: backend.url, headers: [:], timeout: .seconds(5))
        #expect(await eventually { backend.connectionCount == 1 }, "one server connection")
        try backend.restart()
        #expect(backend.port == port)
        var sawClose = false
        for await event in first.events { if case .closed = event { sawClose = true } }
        #expect(sawClose)
        let second = try await transport.connect(to: backend.url, headers: [:], timeout: .seconds(5))
        #expect(await eventually { backend.connectionCount == 1 }, "one server connection")
        await second.close(code: .normalClosure, reason: "")
    }

    @Test("channel coverage: chain reference 0 means every chain of the namespace")
    func coverage() {
        #expect(MockWebSocketBackend.covers("account-activity.v1.eip155:0:0xabc", "account-activity.v1.eip155:1:0xabc"))
        #expect(
            !MockWebSocketBackend.covers("account-activity.v1.eip155:0:0xabc", "account-activity.v1.solana:1:0xabc"))
        #expect(
            !MockWebSocketBackend.covers("account-activity.v1.eip155:1:0xabc", "account-activity.v1.eip155:2:0xabc"))
        #expect(MockWebSocketBackend.covers("market-data.v1.x.1m.usd", "market-data.v1.x.1m.usd"))
    }
}
