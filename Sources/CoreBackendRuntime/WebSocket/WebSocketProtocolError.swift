/// A violation of RFC 6455 found while decoding; the connection closes with ``closeCode``.
package struct WebSocketProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1002 (protocol error), 1007 (invalid UTF-8) or 1009 (message too big).
    package let closeCode: WebSocketCloseCode
    /// A short human explanation, sent as the close reason (at most 123 bytes).
    package let reason: String

    package init(_ closeCode: WebSocketCloseCode, _ reason: String) {
        self.closeCode = closeCode
        self.reason = reason
    }

    static func protocolError(_ reason: String) -> Self { Self(.protocolError, reason) }

    package var description: String { "\(closeCode.rawValue): \(reason)" }
}
