import CoreBackendRuntime

/// A loopback WebSocket server for tests and demos: listens on 127.0.0.1 (port 0 by default) and hands out connections.
///
/// ```swift
/// let server = try WebSocketTestServer()
/// let url = URL(string: "ws://127.0.0.1:\(server.port)/v1?token=abc")!
/// // … connect a client …
/// for await connection in server.connections {
///     #expect(connection.request.query["token"] == "abc")
///     try connection.send(text: "hello")
/// }
/// server.shutdown()
/// ```
public final class WebSocketTestServer: Sendable {
    /// Settings for a ``WebSocketTestServer``.
    public struct Configuration: Sendable {
        /// The numeric address to listen on.
        public var host: String
        /// The port; 0 lets the kernel choose (read it from ``WebSocketTestServer/port``).
        public var port: Int
        /// The largest inbound message accepted, in bytes.
        public var maximumMessageSize: Int
        /// How long a server-initiated close waits for the client's reply.
        public var closeTimeout: Duration
        /// Decides each upgrade request, e.g. checking a `token` query parameter.
        public var upgradeHandler: @Sendable (WebSocketUpgradeRequest) -> WebSocketUpgradeDecision

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            maximumMessageSize: Int = 64 * 1024 * 1024,
            closeTimeout: Duration = .seconds(5),
            upgradeHandler: @escaping @Sendable (WebSocketUpgradeRequest) -> WebSocketUpgradeDecision = { _ in .accept }
        ) {
            self.host = host
            self.port = port
            self.maximumMessageSize = maximumMessageSize
            self.closeTimeout = closeTimeout
            self.upgradeHandler = upgradeHandler
        }
    }

    /// The port the server listens on.
    public let port: Int
    /// Upgraded connections, in the order their handshakes completed; ends after ``shutdown()``.
    public let connections: AsyncStream<WebSocketTestServerConnection>
    private let acceptor: LoopbackAcceptor

    /// Starts listening and accepting on a dedicated thread.
    public init(configuration: Configuration = Configuration()) throws {
        let listener = try TCPListener(host: configuration.host, port: configuration.port)
        let (connections, continuation) = AsyncStream.makeStream(of: WebSocketTestServerConnection.self)
        (self.port, self.connections) = (listener.port, connections)
        acceptor = LoopbackAcceptor(
            listener, name: "WebSocketTestServer",
            serve: { socket in
                let handshake = ServerHandshake(socket: socket, configuration: configuration)
                guard let (request, leftover) = handshake.run() else { return }
                let channel = WebSocketChannel(
                    stream: socket, role: .server,
                    maximumMessageSize: configuration.maximumMessageSize, closeTimeout: configuration.closeTimeout)
                continuation.yield(WebSocketTestServerConnection(request: request, channel: channel))
                channel.runReadLoop(initialBytes: leftover)  // closes the socket when done
            }, finished: { continuation.finish() })
    }

    /// Stops accepting and drops every open connection (no close frames).
    public func shutdown() {
        acceptor.stop()
    }

    deinit {
        shutdown()
    }
}
