/// What the client acts on in a response head: status, reason, body framing, reuse and redirect target.
package struct HTTPResponseHead: Sendable, Hashable {
    /// The status code, 100…599.
    package var status: Int
    /// The reason phrase as received (may be empty).
    package var reasonPhrase: String
    /// The `Content-Length`, when present.
    package var contentLength: Int?
    /// Whether `Transfer-Encoding: chunked` frames the body.
    package var isChunked: Bool
    /// Whether the connection may carry another request after this response.
    package var keepAlive: Bool
    /// The `Location` header, when present.
    package var location: String?
}

/// Why a response could not be parsed; peer text in a reason is sanitised.
package enum HTTPResponseParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The head (status line and fields) is longer than the limit, in bytes.
    case headTooLarge(limit: Int)
    /// The head has more header fields than the limit.
    case tooManyHeaders(limit: Int)
    /// The status line is not `HTTP/1.x NNN reason`.
    case malformedStatusLine(String)
    /// A header line is not `token: value` or holds a control character.
    case malformedHeader(String)
    /// `Content-Length` is not a decimal number, overflows, or differs between two fields.
    case invalidContentLength(String)
    /// A `Transfer-Encoding` other than exactly `chunked`.
    case unsupportedTransferEncoding(String)
    /// A chunk-size line, chunk terminator or trailer that breaks the chunked syntax or its limits.
    case invalidChunk(String)
    /// The body is (or announces to be) larger than the limit, in bytes.
    case bodyTooLarge(limit: Int)
    /// The stream ended before the response was complete.
    case truncated(String)
    /// A status the client cannot accept here (`101`, or too many `1xx` interim responses).
    case unexpectedStatus(Int)

    package var description: String {
        switch self {
        case .headTooLarge(let limit): "response head larger than \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .malformedStatusLine(let line): "malformed status line: \(line)"
        case .malformedHeader(let line): "malformed header line: \(line)"
        case .invalidContentLength(let value): "invalid Content-Length: \(value)"
        case .unsupportedTransferEncoding(let value): "unsupported Transfer-Encoding: \(value)"
        case .invalidChunk(let reason): "invalid chunked body: \(reason)"
        case .bodyTooLarge(let limit): "body larger than \(limit) bytes"
        case .truncated(let reason): "response truncated: \(reason)"
        case .unexpectedStatus(let status): "unexpected status \(status)"
        }
    }

    /// Peer bytes as sanitised text for an error message.
    static func quote(_ bytes: UnsafeRawBufferPointer) -> String {
        UntrustedText.sanitize(String(decoding: bytes.prefix(120), as: UTF8.self), maximumLength: 80)
    }
}
