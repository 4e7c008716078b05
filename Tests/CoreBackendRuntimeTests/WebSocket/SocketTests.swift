import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// Every test that opens sockets runs inside this suite, one at a time, so the file-descriptor
/// leak check sees only its own sockets and the interop peers do not compete for the two cores.
@Suite(.serialized, .timeLimit(.minutes(2)))
enum SocketTests {}

/// Helpers shared by the socket tests.
enum SocketTestSupport {
    /// Every event until (and including) `.closed`.
    static func collect(_ events: WebSocketEvents) async -> [WebSocketEvent] {
        var collected: [WebSocketEvent] = []
        for await event in events { collected.append(event) }
        return collected
    }

    /// The close information at the end of `events` (draining the rest).
    static func closeInfo(_ events: WebSocketEvents) async -> WebSocketCloseInfo? {
        for await event in events {
            if case .closed(let info) = event { return info }
        }
        return nil
    }

    /// The next text message on `iterator`, or nil if the connection closed first.
    static func nextText(_ iterator: inout WebSocketEvents.AsyncIterator) async -> String? {
        while let event = await iterator.next() {
            if case .text(let text) = event { return text }
            if case .closed = event { return nil }
        }
        return nil
    }

    /// Starts a test server and connects one built-in client to it.
    static func connectedPair(
        client configuration: BuiltinWebSocketTransport.Configuration = .init(closeTimeout: .seconds(2)),
        server serverConfiguration: WebSocketTestServer.Configuration = .init(closeTimeout: .seconds(2)),
        path: String = "/"
    ) async throws -> (WebSocketTestServer, any WebSocketConnection, WebSocketTestServerConnection) {
        let server = try WebSocketTestServer(configuration: serverConfiguration)
        let client = try await BuiltinWebSocketTransport(configuration: configuration).connect(
            to: URL(string: "ws://127.0.0.1:\(server.port)\(path)")!, headers: ["X-Test": "1"], timeout: .seconds(5))
        var connections = server.connections.makeAsyncIterator()
        let serverConnection = try #require(await connections.next())
        return (server, client, serverConnection)
    }
}
