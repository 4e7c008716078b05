public import Foundation

/// Opens WebSocket connections; the seam that lets services run on any WebSocket implementation.
///
/// ``BuiltinWebSocketTransport`` works everywhere (POSIX sockets, OpenSSL on Linux);
/// `URLSessionWebSocketTransport` is available on Apple platforms. A test double only needs to
/// return a ``WebSocketConnection`` whose ``WebSocketConnection/events`` it controls.
public protocol WebSocketTransport: Sendable {
    /// Opens a connection to a `ws://` or `wss://` URL, sending `headers` with the upgrade request.
    ///
    /// - Parameter timeout: the limit for the whole opening (DNS, TCP, TLS and upgrade).
    /// - Throws: ``WebSocketError``.
    func connect(to url: URL, headers: [String: String], timeout: Duration) async throws -> any WebSocketConnection
}

/// An open WebSocket connection.
public protocol WebSocketConnection: Sendable {
    /// Inbound messages; the sequence ends with exactly one ``WebSocketEvent/closed(_:)`` event.
    var events: WebSocketEvents { get }

    /// Sends a text message.
    ///
    /// - Throws: ``WebSocketError/connectionClosed`` once the connection is closing or closed.
    func send(text: String) async throws

    /// Starts the closing handshake and waits (bounded) until the connection has closed.
    func close(code: WebSocketCloseCode, reason: String) async
}

/// Something that happened on a WebSocket connection.
public enum WebSocketEvent: Sendable, Hashable {
    /// A complete text message.
    case text(String)
    /// A complete binary message.
    case binary([UInt8])
    /// The connection closed; always the last event.
    case closed(WebSocketCloseInfo)
}

/// How a WebSocket connection closed.
public struct WebSocketCloseInfo: Sendable, Hashable, CustomStringConvertible {
    /// The close code: the peer's (or ours when we initiated and the peer echoed), 1005 when the close frame
    /// had none, 1006 when the connection dropped without a closing handshake.
    public var code: WebSocketCloseCode
    /// The close reason (may be empty).
    public var reason: String
    /// Whether both close frames were exchanged before the TCP connection ended.
    public var wasClean: Bool

    /// Creates a close description.
    public init(code: WebSocketCloseCode, reason: String, wasClean: Bool) {
        self.code = code
        self.reason = reason
        self.wasClean = wasClean
    }

    /// A connection lost without a closing handshake (1006).
    public static func abnormal(_ reason: String = "") -> WebSocketCloseInfo {
        WebSocketCloseInfo(code: .abnormalClosure, reason: reason, wasClean: false)
    }

    /// `<code> <reason>`, with " (unclean)" when the closing handshake did not complete.
    public var description: String { "\(code.rawValue) \(reason)\(wasClean ? "" : " (unclean)")" }
}

#if canImport(Darwin)
    /// The WebSocket transport services use unless told otherwise: ``URLSessionWebSocketTransport`` on
    /// Apple platforms (system TLS for `wss://`), ``BuiltinWebSocketTransport`` elsewhere.
    public typealias PlatformWebSocketTransport = URLSessionWebSocketTransport
#else
    /// The WebSocket transport services use unless told otherwise: ``BuiltinWebSocketTransport`` here
    /// (`URLSessionWebSocketTransport` cannot connect on Linux), `URLSessionWebSocketTransport` on
    /// Apple platforms.
    public typealias PlatformWebSocketTransport = BuiltinWebSocketTransport
#endif
