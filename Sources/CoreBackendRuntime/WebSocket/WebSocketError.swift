/// Why a WebSocket connection could not be opened or used.
public enum WebSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not an absolute `ws://` or `wss://` URL with a host; the URL is carried with
    /// credentials redacted (`token=…`).
    case invalidURL(String)
    /// The URL's port is not a number in 1…65535; the URL is carried with credentials redacted.
    case invalidPort(url: String)
    /// The host name did not resolve (`getaddrinfo` failed).
    case hostResolutionFailed(host: String, reason: String)
    /// No resolved address accepted the TCP connection (refused, unreachable, …).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The connection (TCP, TLS and upgrade together) did not open within the timeout.
    case connectTimeout(Duration)
    /// `wss://` is not available with this transport on this platform.
    case tlsUnavailable
    /// The server's certificate did not verify, e.g. "certificate verify failed: unable to get local issuer certificate".
    case tlsCertificateVerificationFailed(reason: String)
    /// The certificate is valid but not for this host, e.g. "certificate verify failed: hostname mismatch".
    case tlsHostnameMismatch(host: String, reason: String)
    /// Any other TLS failure (protocol error, bad CA file, …), with OpenSSL's message.
    case tlsFailed(reason: String)
    /// The server answered the upgrade with a status other than 101; header names are lower-cased and
    /// values sanitised (control characters escaped, length capped, credentials redacted).
    case handshakeFailed(status: Int, headers: [String: String])
    /// The server answered 101 but the response is not a valid WebSocket upgrade; any server text in
    /// `reason` is sanitised.
    case invalidHandshakeResponse(reason: String)
    /// The connection is closed (or closing), so nothing more can be sent.
    case connectionClosed
    /// A socket call failed while the connection was in use.
    case socketError(String)
    /// A send could not be written within the write timeout (the peer stopped reading); the connection
    /// has been closed (its events end with 1006, reason `"write timeout"`).
    case writeTimeout(Duration)

    /// A one-line description; URLs in it are redacted even if the error was made by hand.
    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid WebSocket URL: \(Redaction.redact(url))"
        case .invalidPort(let url): "invalid port in WebSocket URL \(Redaction.redact(url)): must be 1…65535"
        case .hostResolutionFailed(let host, let reason): "could not resolve \(host): \(reason)"
        case .connectionFailed(let host, let port, let reason): "could not connect to \(host):\(port): \(reason)"
        case .connectTimeout(let timeout): "WebSocket connection timed out after \(timeout)"
        case .tlsUnavailable: "wss:// is not supported by this transport on this platform"
        case .tlsCertificateVerificationFailed(let reason): "TLS: \(reason)"
        case .tlsHostnameMismatch(let host, let reason): "TLS: \(reason) (host \(host))"
        case .tlsFailed(let reason): "TLS: \(reason)"
        case .handshakeFailed(let status, _): "WebSocket upgrade rejected with HTTP status \(status)"
        case .invalidHandshakeResponse(let reason): "invalid WebSocket upgrade response: \(reason)"
        case .connectionClosed: "the WebSocket connection is closed"
        case .socketError(let reason): "socket error: \(reason)"
        case .writeTimeout(let timeout): "WebSocket write timed out after \(timeout); the connection is closed"
        }
    }
}
