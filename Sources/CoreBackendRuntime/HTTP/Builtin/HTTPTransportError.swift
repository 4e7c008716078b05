/// Why ``BuiltinHTTPTransport`` could not complete an exchange.
///
/// The response size limit and the overall timeout are not here: they throw the same
/// ``APIError/responseTooLarge(url:limit:)`` and ``APIError/timedOut(url:timeout:)`` as
/// ``URLSessionTransport``, so a generated call classifies every transport alike. A generated call
/// reports these errors as ``APIError/Kind/transport`` with the error as its ``APIError/underlyingError``.
///
/// Server-controlled text in a reason is sanitised (control characters escaped, length capped); header
/// values of the request are never quoted (one may hold the bearer token).
public enum HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not an absolute `http://` or `https://` URL with a host and a valid port.
    case unsupportedURL(String)
    /// The request cannot be written as HTTP/1.1: a method or header name that is not a token, or a
    /// header value with CR, LF or NUL in it. `reason` names the field, never its value.
    case invalidRequest(reason: String)
    /// The host name did not resolve.
    case hostResolutionFailed(host: String, reason: String)
    /// No address of the host accepted the TCP connection (refused, unreachable, …).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The TCP and TLS connection did not open within
    /// ``BuiltinHTTPTransport/Configuration/connectTimeout``.
    case connectTimeout(Duration)
    /// `https://` is not available with this transport on this platform (no OpenSSL).
    case tlsUnavailable
    /// The TLS handshake failed, with OpenSSL's reason (certificate verification included).
    case tlsFailed(reason: String)
    /// The connection failed or was closed by the server before the response was complete.
    case connectionClosed(reason: String)
    /// The response does not follow HTTP/1.1 syntax or exceeds a limit of its head (size, field count,
    /// line length); see ``HTTPResponseParser``.
    case malformedResponse(reason: String)
    /// More than ``BuiltinHTTPTransport/Configuration/maximumRedirects`` redirects in a row.
    case tooManyRedirects(Int)

    /// A one-line description; URLs in it are redacted even if the error was made by hand.
    public var description: String {
        switch self {
        case .unsupportedURL(let url): "unsupported HTTP URL: \(Redaction.redact(url))"
        case .invalidRequest(let reason): "invalid HTTP request: \(reason)"
        case .hostResolutionFailed(let host, let reason): "could not resolve \(host): \(reason)"
        case .connectionFailed(let host, let port, let reason): "could not connect to \(host):\(port): \(reason)"
        case .connectTimeout(let timeout): "connection not established within \(timeout)"
        case .tlsUnavailable: "https is not available with BuiltinHTTPTransport on this platform"
        case .tlsFailed(let reason): "TLS failed: \(reason)"
        case .connectionClosed(let reason): "connection closed before the response was complete: \(reason)"
        case .malformedResponse(let reason): "malformed HTTP response: \(reason)"
        case .tooManyRedirects(let count): "more than \(count) redirects"
        }
    }

    /// The connection error of the shared socket layer as an HTTP transport error.
    init(_ error: WebSocketError) {
        switch error {
        case .hostResolutionFailed(let host, let reason): self = .hostResolutionFailed(host: host, reason: reason)
        case .connectionFailed(let host, let port, let reason):
            self = .connectionFailed(host: host, port: port, reason: reason)
        case .connectTimeout(let timeout): self = .connectTimeout(timeout)
        case .tlsUnavailable: self = .tlsUnavailable
        case .tlsCertificateVerificationFailed(let reason), .tlsFailed(let reason): self = .tlsFailed(reason: reason)
        case .tlsHostnameMismatch(_, let reason): self = .tlsFailed(reason: reason)
        default: self = .connectionClosed(reason: error.description)
        }
    }
}
