public import CoreBackendRuntime

/// The server end of one WebSocket connection accepted by ``WebSocketTestServer``, with fault injection.
public final class WebSocketTestServerConnection: Sendable {
    /// The upgrade request the client sent (path, query and headers).
    public let request: WebSocketUpgradeRequest
    private let channel: WebSocketChannel

    init(request: WebSocketUpgradeRequest, channel: WebSocketChannel) {
        self.request = request
        self.channel = channel
    }

    /// Messages from the client; ends with exactly one `.closed` event.
    public var events: WebSocketEvents { channel.events }

    /// How the connection closed, once it has.
    public var closeInfo: WebSocketCloseInfo? { channel.closeInfo }

    /// Sends a text message.
    public func send(text: String) throws {
        try channel.send(text: text)
    }

    /// Sends several text messages in one socket write (fast fan-out for load tests).
    public func send(texts: [String]) throws {
        try channel.send(texts: texts)
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws {
        try binary.withUnsafeBytes { bytes in try channel.send(opcode: .binary, payload: bytes) }
    }

    /// Sends a ping; the client's pong is consumed silently.
    public func sendPing(_ payload: [UInt8] = []) throws {
        try payload.withUnsafeBytes { bytes in try channel.send(opcode: .ping, payload: bytes) }
    }

    /// Sends any frame as it is (for fragmentation and malformed frames); the server never masks.
    public func send(frame: WebSocketFrame) throws {
        try channel.sendRaw(frame.serialized())
    }

    /// Writes raw bytes to the socket, ignoring the protocol.
    public func sendRaw(_ bytes: [UInt8]) throws {
        try channel.sendRaw(bytes)
    }

    /// Starts the closing handshake with any code and reason, and waits until the connection has closed.
    ///
    /// - Returns: how it closed (`wasClean` is false if the client did not answer within the close timeout).
    @discardableResult
    public func close(code: WebSocketCloseCode, reason: String) async -> WebSocketCloseInfo {
        await channel.close(code: code, reason: reason)
        return channel.closeInfo ?? .abnormal()
    }

    /// Drops the TCP connection without a close frame; the client sees 1006.
    public func drop() {
        channel.drop()
    }

    /// Stops responding: the socket stays open but everything received is ignored (no pongs, no close replies).
    public func stall() {
        channel.stall()
    }

    /// Waits until the connection has closed and returns how.
    public func waitUntilClosed() async -> WebSocketCloseInfo {
        await channel.waitUntilClosed()
        return channel.closeInfo ?? .abnormal()
    }
}
