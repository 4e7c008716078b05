package import Foundation

/// A validated `ws://` or `wss://` URL, split into what the socket and the handshake need.
package struct WebSocketURL: Sendable, Hashable {
    /// The host name or address, without IPv6 brackets.
    package var host: String
    /// The port (80 or 443 when the URL has none).
    package var port: Int
    /// Whether the scheme is `wss`.
    package var isSecure: Bool
    /// The percent-encoded path and query, such as `/v1?token=abc`.
    package var requestTarget: String

    /// Splits `url`; throws ``WebSocketError/invalidURL(_:)`` unless it is an absolute ws/wss URL with a host.
    package init(_ url: URL) throws(WebSocketError) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
            var host = components.host, !host.isEmpty
        else { throw .invalidURL(url.absoluteString) }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        isSecure = scheme == "wss"
        self.host = host
        port = components.port ?? (isSecure ? 443 : 80)
        guard (1...65535).contains(port) else { throw .invalidURL(url.absoluteString) }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    /// The `Host` header: brackets around IPv6 literals, port only when not the default.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }
}
