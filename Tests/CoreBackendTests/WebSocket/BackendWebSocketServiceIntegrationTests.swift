import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// A tiny gateway on `WebSocketTestServer`: answers `subscribe` with a subscription id and then pushes one
/// notification on the first channel; ignores requests whose event is `ignore`; answers others with success.
private final class TinyGateway: Sendable {
    let server: WebSocketTestServer
    let accepted = Locked<[WebSocketTestServerConnection]>([])

    init() throws {
        server = try WebSocketTestServer()
        let server = server
        let accepted = accepted
        Task {
            for await connection in server.connections {
                accepted.withLock { $0.append(connection) }
                Task { await Self.serve(connection) }
            }
        }
    }

    var url: String { "ws://127.0.0.1:\(server.port)/v1" }

    private static func serve(_ connection: WebSocketTestServerConnection) async {
        for await event in connection.events {
            guard case .text(let text) = event,
                let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
                let id = json["data"]?["requestId"]?.stringValue
            else { continue }
            switch json["event"]?.stringValue {
            case "subscribe":
                let channel = json["data"]?["channels"]?[0]?.stringValue ?? ""
                try? connection.send(
                    text:
                        #"{"event":"subscribed","data":{"requestId":"\#(id)","subscriptionId":"sub-live","failed":[]}}"#
                )
                try? connection.send(
                    text:
                        #"{"event":"notification","subscriptionId":"sub-live","channel":"\#(channel)","timestamp":1,"data":{"hello":"world"}}"#
                )
            case "ignore":
                continue
            default:
                try? connection.send(text: #"{"event":"response","data":{"requestId":"\#(id)","failed":[]}}"#)
            }
        }
    }

    func connection(_ number: Int) async -> WebSocketTestServerConnection? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(10) {
            if let connection = accepted.withLock({ $0.count >= number ? $0[number - 1] : nil }) { return connection }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}

private func makeService(_ gateway: TinyGateway, requestTimeout: Duration = .seconds(5)) throws -> (
    Messenger, BackendWebSocketService
) {
    let root = Messenger(namespace: Messenger.mockAnyNamespace)
    try root.registerActionHandler(AuthenticationController.GetBearerToken.self) { _ in "jwt.token-1_x" }
    let messenger = try root.buildChild(
        namespace: BackendWebSocketService.name, actions: [AuthenticationController.GetBearerToken.self],
        events: [KeyringController.Lock.self, KeyringController.Unlock.self, AuthenticationController.StateChange.self])
    let service = try BackendWebSocketService(
        messenger: messenger,
        options: .init(
            url: gateway.url, timeout: .seconds(5), reconnectDelay: .milliseconds(10),
            maxReconnectDelay: .milliseconds(50),
            requestTimeout: requestTimeout, random: .constant(0.5)))
    return (root, service)
}

@Suite("BackendWebSocketService over the real transport", .serialized)
struct BackendWebSocketServiceIntegrationTests {
    @Test("connects with the token in the query, subscribes, and routes the notification to the callback")
    func subscribeAndNotify() async throws {
        let gateway = try TinyGateway()
        defer { gateway.server.shutdown() }
        let (_, service) = try makeService(gateway)
        defer { service.destroy() }
        try await service.connect()
        let request = await gateway.connection(1)?.request
        #expect(request?.path == "/v1" && request?.query["token"] == "jwt.token-1_x")
        let inbox = WSInbox()
        let subscription = try await service.subscribe(
            .init(
                channels: ["account-activity.v1.eip155:0:0xabc"], channelType: "account-activity.v1",
                callback: inbox.handler))
        #expect(subscription.subscriptionId == "sub-live")
        #expect(await eventually { inbox.count == 1 }, "the notification")
        #expect(inbox.messages.withLock { $0.first?.data } == ["hello": "world"])
        try await subscription.unsubscribe(nil)
        #expect(!service.channelHasSubscription("account-activity.v1.eip155:0:0xabc"))
    }

    @Test("a server drop reconnects after the backoff and clears subscriptions")
    func dropReconnects() async throws {
        let gateway = try TinyGateway()
        defer { gateway.server.shutdown() }
        let (_, service) = try makeService(gateway)
        defer { service.destroy() }
        try await service.connect()
        _ = try await service.subscribe(.init(channels: ["c"], channelType: "t", callback: nil))
        await gateway.connection(1)?.drop()
        #expect(await gateway.connection(2) != nil)
        #expect(await eventually { service.getConnectionInfo().state == .connected }, "connected")
        #expect(service.getConnectionInfo().reconnectAttempts == 1 && !service.channelHasSubscription("c"))
    }

    @Test("a request timeout closes the socket with 3000 and reconnects")
    func requestTimeoutReconnects() async throws {
        let gateway = try TinyGateway()
        defer { gateway.server.shutdown() }
        let (_, service) = try makeService(gateway, requestTimeout: .milliseconds(100))
        defer { service.destroy() }
        try await service.connect()
        await #expect(throws: BackendWebSocketServiceError.requestTimeout(.milliseconds(100))) {
            _ = try await service.sendRequest(.init(event: "ignore"))
        }
        let closed = await gateway.connection(1)?.waitUntilClosed()
        #expect(closed?.code == WebSocketCloseCode(3000) && closed?.reason == "Request timeout - forcing reconnect")
        #expect(await gateway.connection(2) != nil)
        #expect(await eventually { service.getConnectionInfo().state == .connected }, "connected")
    }

    @Test("a manual disconnect closes with 4999 and stays down")
    func manualDisconnectStaysDown() async throws {
        let gateway = try TinyGateway()
        defer { gateway.server.shutdown() }
        let (root, service) = try makeService(gateway)
        defer { service.destroy() }
        try await service.connect()
        try root.publish(KeyringController.Lock.self)
        let closed = await gateway.connection(1)?.waitUntilClosed()
        #expect(closed?.code == WebSocketCloseCode(4999) && closed?.reason == "Internal: Manual disconnect")
        #expect(await eventually { service.getConnectionInfo().state == .disconnected }, "disconnected")
        try await Task.sleep(for: .milliseconds(200))
        #expect(gateway.accepted.withLock { $0.count } == 1 && service.getConnectionInfo().reconnectAttempts == 0)
    }
}
