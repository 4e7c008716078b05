/// What a decoded frame means to the connection.
package enum WebSocketInbound: Sendable, Hashable {
    /// A complete, valid UTF-8 text message.
    case text(String)
    /// A complete binary message.
    case binary([UInt8])
    /// A ping to answer with a pong carrying the same payload.
    case ping([UInt8])
    /// A pong.
    case pong([UInt8])
    /// A close frame; `code` is nil when the frame carried no status (reported as 1005).
    case close(code: WebSocketCloseCode?, reason: String)
}

/// Joins fragments into messages and checks message-level rules (RFC 6455 §5.4–5.5, §8.1).
///
/// Control frames may arrive between fragments. A continuation without a started message, or a new
/// data frame while one is open, fails with 1002; invalid UTF-8 in a text message or a close reason
/// fails with 1007; a close frame with a 1-byte payload or an unusable code fails with 1002.
package struct WebSocketMessageAssembler: Sendable {
    /// The largest message accepted, in bytes.
    package let maximumMessageSize: Int
    private var openOpcode: WebSocketOpcode?
    private var fragments: [UInt8] = []

    /// Creates an assembler accepting messages of up to `maximumMessageSize` bytes.
    package init(maximumMessageSize: Int) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// How many more payload bytes the next data frame may carry; pass it to the decoder.
    package var remainingMessageCapacity: Int { maximumMessageSize - fragments.count }

    /// Consumes one frame; returns a message or control event, or nil while a message is still incomplete.
    package mutating func receive(
        _ header: WebSocketFrameHeader,
        payload: UnsafeRawBufferPointer
    ) throws(WebSocketProtocolError) -> WebSocketInbound? {
        switch header.opcode {
        case .continuation:
            guard let opcode = openOpcode else { throw .protocolError("continuation frame without a message") }
            fragments.append(contentsOf: payload)
            guard header.fin else { return nil }
            defer {
                openOpcode = nil
                fragments = []
            }
            return try fragments.withUnsafeBytes { bytes in
                Result { () throws(WebSocketProtocolError) in try Self.message(opcode, bytes) }
            }.get()
        case .text, .binary:
            guard openOpcode == nil else { throw .protocolError("new message before the previous one finished") }
            guard header.fin else {
                openOpcode = header.opcode
                fragments = Array(payload)
                return nil
            }
            return try Self.message(header.opcode, payload)
        case .ping:
            return .ping(Array(payload))
        case .pong:
            return .pong(Array(payload))
        default:  // .close; the decoder rejects reserved opcodes
            return try Self.close(payload)
        }
    }

    private static func message(
        _ opcode: WebSocketOpcode,
        _ bytes: UnsafeRawBufferPointer
    ) throws(WebSocketProtocolError) -> WebSocketInbound {
        guard opcode == .text else { return .binary(Array(bytes)) }
        guard let text = UTF8Validation.string(bytes) else {
            throw WebSocketProtocolError(.invalidFramePayloadData, "invalid UTF-8 in text message")
        }
        return .text(text)
    }

    private static func close(_ payload: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketInbound {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else { throw .protocolError("close frame with a 1-byte payload") }
        let code = WebSocketCloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw .protocolError("invalid close code \(code.rawValue)") }
        guard let reason = UTF8Validation.string(UnsafeRawBufferPointer(rebasing: payload[2...])) else {
            throw WebSocketProtocolError(.invalidFramePayloadData, "invalid UTF-8 in close reason")
        }
        return .close(code: code, reason: reason)
    }
}

extension WebSocketFrameDecoder {
    /// Decodes buffered frames into `assembler` until one yields an event (a complete message or a
    /// control frame); nil when the buffered bytes hold no more complete frames. Each data frame is
    /// limited to what the message still has room for (``WebSocketMessageAssembler/remainingMessageCapacity``).
    ///
    /// This is how the read loop drives the decoder and the assembler; the fuzz target and the
    /// benchmark drive them the same way through it.
    package mutating func nextInbound(
        assembling assembler: inout WebSocketMessageAssembler
    ) throws(WebSocketProtocolError) -> WebSocketInbound? {
        while let inbound = try nextFrame(
            maximumDataPayloadLength: assembler.remainingMessageCapacity,
            { (header, payload) throws(WebSocketProtocolError) in try assembler.receive(header, payload: payload) }
        ) {
            if let inbound { return inbound }
        }
        return nil
    }
}
