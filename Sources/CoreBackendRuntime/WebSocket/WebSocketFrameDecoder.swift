/// The fixed part of a decoded frame.
package struct WebSocketFrameHeader: Sendable, Hashable {
    /// Whether this is the final fragment.
    package var fin: Bool
    /// The opcode (never reserved: the decoder rejects those).
    package var opcode: WebSocketOpcode
    /// The payload length.
    package var payloadLength: Int
}

/// An incremental RFC 6455 frame decoder that accepts bytes split at any boundary.
///
/// Bytes go into an internal buffer (``readMore(minimumCapacity:_:)`` lets a socket read into it
/// directly); ``nextFrame(maximumDataPayloadLength:_:)`` hands out each complete frame's unmasked
/// payload without copying it. Header rules (RSV bits, reserved opcodes, masking direction, control
/// frame size and fragmentation, 64-bit length MSB) fail with 1002, and a data frame longer than the
/// caller's limit fails with 1009 as soon as its length is known, before its payload is buffered.
package struct WebSocketFrameDecoder: Sendable {
    private var buffer: ByteBuffer
    /// Whether frames must be masked (a server decoding client frames) or must not be (a client).
    package let expectsMaskedFrames: Bool

    /// Creates a decoder for the frames a `role` receives.
    package init(role: WebSocketRole, initialCapacity: Int = 64 * 1024) {
        expectsMaskedFrames = role == .server
        buffer = ByteBuffer(capacity: initialCapacity)
    }

    /// Bytes received but not yet decoded.
    package var bufferedByteCount: Int { buffer.readableCount }

    /// Appends received bytes.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.write(bytes)
    }

    /// Appends received bytes.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.write(Array(bytes))
    }

    /// Lets `body` write into at least `minimumCapacity` bytes of free space and returns what it wrote.
    package mutating func readMore<E: Error>(
        minimumCapacity: Int,
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> Int
    ) throws(E) -> Int {
        try buffer.write(minimumCount: minimumCapacity, body)
    }

    /// Decodes the next complete frame, passing its header and unmasked payload to `body`; nil if more bytes are needed.
    ///
    /// The payload pointer is only valid inside `body`.
    package mutating func nextFrame<Result>(
        maximumDataPayloadLength: Int,
        _ body: (WebSocketFrameHeader, UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> Result
    ) throws(WebSocketProtocolError) -> Result? {
        let expectsMasked = expectsMaskedFrames
        let parsed = try buffer.withReadableBytes { (bytes) throws(WebSocketProtocolError) in
            try Self.parseHeader(
                bytes, start: 0, available: bytes.count, expectsMasked: expectsMasked,
                maximumDataPayloadLength: maximumDataPayloadLength)
        }
        guard let (header, headerLength, key) = parsed else { return nil }
        let frameLength = headerLength + header.payloadLength
        let result = try buffer.withMutableReadableBytes { (bytes) throws(WebSocketProtocolError) in
            let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[headerLength..<frameLength])
            WebSocketMasking.apply(key, to: payload)
            return try body(header, UnsafeRawBufferPointer(payload))
        }
        buffer.moveReaderIndex(by: frameLength)
        return result
    }

    /// Parses the header at `start`: the header, its length and the masking key; nil if incomplete.
    private static func parseHeader(
        _ bytes: UnsafeRawBufferPointer,
        start: Int,
        available: Int,
        expectsMasked: Bool,
        maximumDataPayloadLength: Int
    ) throws(WebSocketProtocolError) -> (WebSocketFrameHeader, Int, UInt32)? {
        guard available >= 2 else { return nil }
        let first = bytes[start]
        let second = bytes[start + 1]
        guard first & 0x70 == 0 else { throw .protocolError("reserved bits set without an extension") }
        let opcode = WebSocketOpcode(rawValue: first & 0x0F)!
        guard !opcode.isReserved else { throw .protocolError("reserved opcode \(opcode.rawValue)") }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        if masked != expectsMasked {
            throw .protocolError(masked ? "masked frame from server" : "unmasked frame from client")
        }
        let shortLength = Int(second & 0x7F)
        if opcode.isControl {
            guard fin else { throw .protocolError("fragmented control frame") }
            guard shortLength <= 125 else { throw .protocolError("control frame payload over 125 bytes") }
        }
        var headerLength = 2
        var length = shortLength
        if shortLength == 126 {
            guard available >= 4 else { return nil }
            length = Int(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: start + 2, as: UInt16.self)))
            headerLength = 4
        } else if shortLength == 127 {
            guard available >= 10 else { return nil }
            let long = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: start + 2, as: UInt64.self))
            guard long >> 63 == 0 else { throw .protocolError("64-bit payload length has its top bit set") }
            guard long <= UInt64(Int.max - 14) else {
                throw WebSocketProtocolError(.messageTooBig, "message too big")
            }
            length = Int(long)
            headerLength = 10
        }
        if !opcode.isControl && length > maximumDataPayloadLength {
            throw WebSocketProtocolError(.messageTooBig, "message too big")
        }
        var key: UInt32 = 0
        if masked {
            guard available >= headerLength + 4 else { return nil }
            key = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: start + headerLength, as: UInt32.self))
            headerLength += 4
        }
        guard available - headerLength >= length else { return nil }
        return (WebSocketFrameHeader(fin: fin, opcode: opcode, payloadLength: length), headerLength, key)
    }

    /// Decodes the next complete frame into an owned value; nil if more bytes are needed.
    package mutating func nextFrame(
        maximumDataPayloadLength: Int = .max
    ) throws(WebSocketProtocolError) -> WebSocketFrame? {
        try nextFrame(maximumDataPayloadLength: maximumDataPayloadLength) { header, payload in
            WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: Array(payload))
        }
    }
}

/// Which end of a WebSocket connection this is; it decides masking.
package enum WebSocketRole: Sendable, Hashable {
    /// The connecting side: masks what it sends and rejects masked frames.
    case client
    /// The accepting side: sends unmasked frames and requires masked ones.
    case server
}
