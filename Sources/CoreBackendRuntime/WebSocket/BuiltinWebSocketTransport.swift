public import Foundation

/// The built-in WebSocket client: POSIX sockets (IPv4/IPv6) with TLS through the system OpenSSL on Linux.
///
/// Each connection uses one dedicated thread: it resolves, connects, runs the TLS and upgrade
/// handshakes within the timeout, then reads with a large buffer and yields messages into the
/// connection's `events`. Sends are serialised by a lock and written directly. `wss://` verifies
/// the certificate against the system trust store (plus ``Configuration/additionalTrustedCAFile``)
/// and the host name, and requires TLS 1.2 or later. On Apple platforms `wss://` throws
/// ``WebSocketError/tlsUnavailable``; use `URLSessionWebSocketTransport` there.
///
/// ```swift
/// let transport = BuiltinWebSocketTransport()
/// let connection = try await transport.connect(to: url, headers: [:], timeout: .seconds(10))
/// for await event in connection.events { … }
/// ```
public struct BuiltinWebSocketTransport: WebSocketTransport {
    /// Limits, liveness and trust settings for a ``BuiltinWebSocketTransport``.
    ///
    /// Every limit bounds what a hostile or broken server can cost: memory (message size, backlog),
    /// threads (write timeout) and time (keepalive). The defaults suit a wallet, whose server sends
    /// messages of a few KB:
    ///
    /// | Limit | Default | Exceeded |
    /// |---|---|---|
    /// | ``maximumMessageSize`` | 8 MiB | close 1009 |
    /// | ``maximumBufferedBytes`` | 16 MiB | stop reading until the consumer catches up |
    /// | ``maximumBufferedMessages`` | 1,024 | stop reading until the consumer catches up |
    /// | ``writeTimeout`` | 10 s | send throws ``WebSocketError/writeTimeout(_:)``, close 1006 |
    /// | ``keepalive`` | ping after 30 s idle, 10 s for an answer | close 1006 `"keepalive timeout"` |
    /// | ``closeTimeout`` | 5 s | drop the connection (1006) |
    ///
    /// ```swift
    /// var configuration = BuiltinWebSocketTransport.Configuration()
    /// configuration.keepalive = WebSocketKeepalive(idleInterval: .seconds(15), pongTimeout: .seconds(5))
    /// let transport = BuiltinWebSocketTransport(configuration: configuration)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// The largest inbound message accepted, in bytes, whole or assembled from fragments; a larger
        /// one closes the connection with 1009 as soon as its length is known. Default 8 MiB.
        public var maximumMessageSize: Int
        /// A PEM file of extra CA certificates to trust for `wss://`, besides the system store.
        public var additionalTrustedCAFile: String?
        /// How long ``WebSocketConnection/close(code:reason:)`` waits for the peer before dropping the connection.
        /// Default 5 s.
        public var closeTimeout: Duration
        /// How long one send (or pong, or close frame) may wait for the server to take its bytes. A server
        /// that stops reading then ends the connection: the send throws ``WebSocketError/writeTimeout(_:)``
        /// and the events end with 1006, reason `"write timeout"`. Default 10 s; `nil` waits indefinitely.
        public var writeTimeout: Duration?
        /// When to ping an idle server and when to give up on a silent one (1006, reason
        /// `"keepalive timeout"`). Default: ping after 30 s without traffic, give up 10 s later;
        /// `nil` never pings. TCP keepalive is on regardless, as a backstop for vanished hosts.
        public var keepalive: WebSocketKeepalive?
        /// The most payload bytes (UTF-8 bytes of texts, bytes of binary messages) received but not yet
        /// taken from ``WebSocketConnection/events``; at the limit the connection stops reading, so
        /// the server waits on TCP flow control, until the consumer has taken half. The backlog can
        /// pass it by what one socket read brings (at most 512 KiB, or one message). Default 16 MiB.
        public var maximumBufferedBytes: Int
        /// The most messages received but not yet taken from ``WebSocketConnection/events``; works like
        /// ``maximumBufferedBytes``. Default 1,024.
        public var maximumBufferedMessages: Int

        /// Creates a configuration; see each property for its default.
        public init(
            maximumMessageSize: Int = 8 * 1024 * 1024,
            additionalTrustedCAFile: String? = nil,
            closeTimeout: Duration = .seconds(5),
            writeTimeout: Duration? = .seconds(10),
            keepalive: WebSocketKeepalive? = WebSocketKeepalive(),
            maximumBufferedBytes: Int = 16 * 1024 * 1024,
            maximumBufferedMessages: Int = 1024
        ) {
            self.maximumMessageSize = maximumMessageSize
            self.additionalTrustedCAFile = additionalTrustedCAFile
            self.closeTimeout = closeTimeout
            self.writeTimeout = writeTimeout
            self.keepalive = keepalive
            self.maximumBufferedBytes = maximumBufferedBytes
            self.maximumBufferedMessages = maximumBufferedMessages
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    private let tlsContexts: TLSContextCache

    /// Creates a transport; the TLS context is created on the first `wss://` connection and then shared.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        tlsContexts = TLSContextCache(additionalTrustedCAFile: configuration.additionalTrustedCAFile)
    }

    /// Opens a connection; see ``WebSocketTransport/connect(to:headers:timeout:)``.
    public func connect(
        to url: URL,
        headers: [String: String],
        timeout: Duration
    ) async throws -> any WebSocketConnection {
        let target = try WebSocketURL(url)
        let deadline = ContinuousClock.now + timeout
        let configuration = configuration
        let tlsContexts = tlsContexts
        let attempt = Locked(ConnectAttempt())
        // The result travels through a lock as well as the continuation: an early resume is invisible
        // to the thread sanitizer, the mutex is not.
        let outcome = Locked<Result<BuiltinWebSocketConnection, any Error>?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                DedicatedThread.start(name: "WebSocket \(target.host):\(target.port)") {
                    let stream: any ByteStream
                    let leftover: [UInt8]
                    do {
                        (stream, leftover) = try Self.open(
                            target, headers: headers, deadline: deadline, timeout: timeout,
                            tlsContexts: tlsContexts, attempt: attempt)
                    } catch {
                        let cancelled = attempt.withLock { $0.isCancelled }
                        outcome.withLock { $0 = .failure(cancelled ? CancellationError() : error) }
                        return continuation.resume()
                    }
                    let channel = WebSocketChannel(configuration, stream: stream)
                    outcome.withLock { $0 = .success(BuiltinWebSocketConnection(channel: channel)) }
                    continuation.resume()
                    channel.runReadLoop(initialBytes: leftover)
                }
            }
            // Take the connection out, so the read thread (which captures `outcome`) does not keep it alive.
            let result: Result<BuiltinWebSocketConnection, any Error>? = outcome.withLock { outcome in
                defer { outcome = nil }
                return outcome
            }
            return try result!.get()
        } onCancel: {
            attempt.withLock { attempt in
                attempt.isCancelled = true
                return attempt.socket
            }?.shutdown()
        }
    }

    /// Lets task cancellation interrupt a connection attempt blocked in the TLS or upgrade handshake.
    private struct ConnectAttempt {
        var isCancelled = false
        var socket: TCPSocket?
    }

    /// Connects, secures and upgrades; returns the stream and any bytes read past the 101 response.
    private static func open(
        _ target: WebSocketURL,
        headers: [String: String],
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        tlsContexts: TLSContextCache,
        attempt: Locked<ConnectAttempt>
    ) throws(WebSocketError) -> (any ByteStream, [UInt8]) {
        #if canImport(COpenSSL)
            // A host name TLS cannot verify fails here, before any DNS query or socket.
            if target.isSecure { try tlsContexts.context().checkPeerName(target.host) }
        #endif
        let socket = try TCPSocket.connect(host: target.host, port: target.port, deadline: deadline, timeout: timeout)
        let stream: any ByteStream
        do throws(WebSocketError) {
            let cancelled = attempt.withLock { attempt in
                attempt.socket = socket
                return attempt.isCancelled
            }
            if cancelled { throw .connectionClosed }
            stream = try secure(socket, target: target, deadline: deadline, timeout: timeout, tlsContexts: tlsContexts)
        } catch {
            socket.close()
            throw error
        }
        do throws(WebSocketError) {
            return (stream, try upgrade(stream, target: target, headers: headers, deadline: deadline, timeout: timeout))
        } catch {
            stream.close()
            throw error
        }
    }

    /// Wraps the socket in TLS for `wss://`.
    private static func secure(
        _ socket: TCPSocket,
        target: WebSocketURL,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        tlsContexts: TLSContextCache
    ) throws(WebSocketError) -> any ByteStream {
        guard target.isSecure else { return socket }
        #if canImport(COpenSSL)
            return try TLSClientStream(
                socket: socket, host: target.host, context: tlsContexts.context(), deadline: deadline, timeout: timeout)
        #else
            throw .tlsUnavailable
        #endif
    }

    private static func upgrade(
        _ stream: any ByteStream,
        target: WebSocketURL,
        headers: [String: String],
        deadline: ContinuousClock.Instant,
        timeout: Duration
    ) throws(WebSocketError) -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        let key = WebSocketHandshake.randomKey(using: &random)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        do {
            let request = WebSocketHandshake.request(for: target, key: key, headers: headers)
            try stream.write(request.bytes)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try stream.read(into: $0, deadline: deadline) }
                guard count > 0 else {
                    throw WebSocketError.invalidHandshakeResponse(
                        reason: "connection closed before the upgrade response")
                }
                let searched = received.count
                received += chunk.prefix(count)
                if let (head, used) = try received.withUnsafeBytes({ try HTTPHead.parse($0, searchStart: searched) }) {
                    try WebSocketHandshake.validateResponse(
                        head, key: key, requestedProtocols: WebSocketHandshake.offeredProtocols(in: request))
                    return Array(received[used...])
                }
            }
        } catch let error as WebSocketError {
            throw error
        } catch is ByteStreamTimeout {
            throw .connectTimeout(timeout)
        } catch let error as HTTPHeadError {
            throw .invalidHandshakeResponse(reason: error.description)
        } catch {
            throw .connectionFailed(host: target.host, port: target.port, reason: "\(error)")
        }
    }
}
