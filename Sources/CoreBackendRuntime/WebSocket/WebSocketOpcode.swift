/// A WebSocket frame opcode (RFC 6455 §5.2): any 4-bit value, so tests can also build reserved ones.
public struct WebSocketOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 4-bit opcode.
    public let rawValue: UInt8

    /// Creates an opcode from its low 4 bits; nil if `rawValue` does not fit in 4 bits.
    public init?(rawValue: UInt8) {
        guard rawValue < 16 else { return nil }
        self.rawValue = rawValue
    }

    private init(_ value: UInt8) { rawValue = value }

    /// Continues a fragmented message.
    public static let continuation = WebSocketOpcode(0x0)
    /// Starts a text (UTF-8) message.
    public static let text = WebSocketOpcode(0x1)
    /// Starts a binary message.
    public static let binary = WebSocketOpcode(0x2)
    /// Starts or answers the closing handshake.
    public static let close = WebSocketOpcode(0x8)
    /// A ping, answered with a pong carrying the same payload.
    public static let ping = WebSocketOpcode(0x9)
    /// A pong.
    public static let pong = WebSocketOpcode(0xA)

    /// Whether this is a control opcode (close, ping, pong or a reserved 0xB–0xF).
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// Whether RFC 6455 reserves this opcode (0x3–0x7 and 0xB–0xF).
    public var isReserved: Bool { (0x3...0x7).contains(rawValue) || rawValue > 0xA }

    /// The opcode's name, as RFC 6455 spells it.
    public var description: String {
        switch rawValue {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "reserved(0x\(String(rawValue, radix: 16)))"
        }
    }
}
