/// A connection opened by ``BuiltinWebSocketTransport``.
///
/// Sendable: its only stored property is the `Sendable` channel that does the work.
final class BuiltinWebSocketConnection: WebSocketConnection {
    private let channel: WebSocketChannel

    init(channel: WebSocketChannel) {
        self.channel = channel
    }

    var events: WebSocketEvents { channel.events }

    func send(text: String) async throws {
        try channel.send(text: text)
    }

    func close(code: WebSocketCloseCode, reason: String) async {
        await channel.close(code: code, reason: reason)
    }

    deinit {
        // Nobody can send or close any more; if still open, drop the socket so the read thread ends.
        if channel.closeInfo == nil { channel.drop() }
    }
}
