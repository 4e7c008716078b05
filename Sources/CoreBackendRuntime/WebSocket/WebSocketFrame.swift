/// One WebSocket frame (RFC 6455 §5.2) with its payload unmasked.
///
/// Any header bits can be set, so fault-injection tests can build invalid frames too.
public struct WebSocketFrame: Sendable, Hashable {
    /// Whether this is the final fragment of a message.
    public var fin: Bool
    /// The three reserved bits RSV1–RSV3 in the low bits (must be 0 without extensions).
    public var reservedBits: UInt8
    /// The opcode.
    public var opcode: WebSocketOpcode
    /// The unmasked payload.
    public var payload: [UInt8]

    /// Creates a frame.
    public init(fin: Bool = true, reservedBits: UInt8 = 0, opcode: WebSocketOpcode, payload: [UInt8] = []) {
        self.fin = fin
        self.reservedBits = reservedBits
        self.opcode = opcode
        self.payload = payload
    }

    /// A close frame with a status code and a UTF-8 reason (the caller keeps it within 123 bytes).
    public static func close(code: WebSocketCloseCode, reason: String) -> WebSocketFrame {
        var payload = [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        payload.append(contentsOf: reason.utf8)
        return WebSocketFrame(opcode: .close, payload: payload)
    }

    /// The frame's wire bytes, masked with `maskingKey` when one is given (client to server).
    public func serialized(maskingKey: UInt32? = nil) -> [UInt8] {
        var buffer = ByteBuffer(capacity: payload.count + 14)
        serialize(into: &buffer, maskingKey: maskingKey)
        return buffer.readableArray
    }

    /// Appends the frame's wire bytes to `buffer`.
    package func serialize(into buffer: inout ByteBuffer, maskingKey: UInt32? = nil) {
        payload.withUnsafeBytes { payload in
            Self.serialize(
                fin: fin, reservedBits: reservedBits, opcode: opcode, maskingKey: maskingKey,
                payload: payload, into: &buffer)
        }
    }

    /// Appends a frame carrying `payload`, masked with `maskingKey` when one is given.
    package static func serialize(
        fin: Bool = true,
        reservedBits: UInt8 = 0,
        opcode: WebSocketOpcode,
        maskingKey: UInt32?,
        payload: UnsafeRawBufferPointer,
        into buffer: inout ByteBuffer
    ) {
        let count = payload.count
        let lengthBytes = count < 126 ? 0 : (count <= 0xFFFF ? 2 : 8)
        let headerSize = 2 + lengthBytes + (maskingKey == nil ? 0 : 4)
        _ = buffer.write(minimumCount: headerSize + count) { bytes in
            bytes[0] = (fin ? 0x80 : 0) | ((reservedBits & 0x7) << 4) | opcode.rawValue
            let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
            switch lengthBytes {
            case 0:
                bytes[1] = maskBit | UInt8(count)
            case 2:
                bytes[1] = maskBit | 126
                bytes.storeBytes(of: UInt16(count).bigEndian, toByteOffset: 2, as: UInt16.self)
            default:
                bytes[1] = maskBit | 127
                bytes.storeBytes(of: UInt64(count).bigEndian, toByteOffset: 2, as: UInt64.self)
            }
            if let maskingKey {
                bytes.storeBytes(of: maskingKey.bigEndian, toByteOffset: 2 + lengthBytes, as: UInt32.self)
            }
            let body = UnsafeMutableRawBufferPointer(rebasing: bytes[headerSize..<(headerSize + count)])
            if count > 0 { body.copyMemory(from: payload) }
            if let maskingKey { WebSocketMasking.apply(maskingKey, to: body) }
            return headerSize + count
        }
    }
}

/// XOR masking (RFC 6455 §5.3), eight bytes at a time.
package enum WebSocketMasking {
    /// Masks or unmasks `bytes` in place with a key given in network byte order as a `UInt32`.
    @inline(__always)
    package static func apply(_ key: UInt32, to bytes: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        guard key != 0, let base = bytes.baseAddress else { return }
        let count = bytes.count
        // Rotate so that byte `offset` of the message lines up with the start of `bytes`.
        let rotation = UInt32((offset & 3) * 8)
        let rotated = rotation == 0 ? key : (key << rotation) | (key >> (32 - rotation))
        let keyBytes = rotated.bigEndian
        let wide = UInt64(keyBytes) | (UInt64(keyBytes) << 32)
        var index = 0
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            base.storeBytes(of: word ^ wide, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        withUnsafeBytes(of: keyBytes) { keyBuffer in
            while index < count {
                base.storeBytes(
                    of: base.load(fromByteOffset: index, as: UInt8.self) ^ keyBuffer[index & 3],
                    toByteOffset: index, as: UInt8.self)
                index += 1
            }
        }
    }
}
