/// A WebSocket close status code (RFC 6455 §7.4), with named cases for the registered codes.
///
/// Codes compare by number, so `WebSocketCloseCode(1000) == .normalClosure`.
public enum WebSocketCloseCode: Sendable, Hashable, CustomStringConvertible {
    /// 1000: the purpose of the connection has been fulfilled.
    case normalClosure
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    case goingAway
    /// 1002: the peer violated the protocol.
    case protocolError
    /// 1003: the endpoint received a data type it cannot accept.
    case unsupportedData
    /// 1005: no status code was present in the close frame (never sent on the wire).
    case noStatusReceived
    /// 1006: the connection was lost without a close frame (never sent on the wire).
    case abnormalClosure
    /// 1007: a text message was not valid UTF-8.
    case invalidFramePayloadData
    /// 1008: a message violated the endpoint's policy.
    case policyViolation
    /// 1009: a message was too big to process.
    case messageTooBig
    /// 1010: the server did not negotiate a required extension.
    case mandatoryExtensionMissing
    /// 1011: the server hit an unexpected condition.
    case internalServerError
    /// 1012: the service is restarting.
    case serviceRestart
    /// 1013: try again later.
    case tryAgainLater
    /// 1014: a gateway received an invalid response.
    case badGateway
    /// 1015: the TLS handshake failed (never sent on the wire).
    case tlsHandshakeFailure
    /// Any other code, such as an application code in 3000–4999.
    case unknown(UInt16)

    private static let named: [WebSocketCloseCode] = [
        .normalClosure, .goingAway, .protocolError, .unsupportedData, .noStatusReceived, .abnormalClosure,
        .invalidFramePayloadData, .policyViolation, .messageTooBig, .mandatoryExtensionMissing,
        .internalServerError, .serviceRestart, .tryAgainLater, .badGateway, .tlsHandshakeFailure,
    ]

    /// Creates the code for a number, using a named case where one exists.
    public init(_ code: UInt16) {
        if (1000...1015).contains(code), code != 1004 {
            self = Self.named[Int(code - 1000) - (code > 1004 ? 1 : 0)]
        } else {
            self = .unknown(code)
        }
    }

    /// The numeric code.
    public var rawValue: UInt16 {
        switch self {
        case .normalClosure: 1000
        case .goingAway: 1001
        case .protocolError: 1002
        case .unsupportedData: 1003
        case .noStatusReceived: 1005
        case .abnormalClosure: 1006
        case .invalidFramePayloadData: 1007
        case .policyViolation: 1008
        case .messageTooBig: 1009
        case .mandatoryExtensionMissing: 1010
        case .internalServerError: 1011
        case .serviceRestart: 1012
        case .tryAgainLater: 1013
        case .badGateway: 1014
        case .tlsHandshakeFailure: 1015
        case .unknown(let code): code
        }
    }

    /// Whether the code may appear in a close frame (RFC 6455 §7.4.1 and the IANA registry).
    public var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    /// The numeric code.
    public var description: String { "\(rawValue)" }

    /// Codes are equal when their numbers are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the numeric code.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
