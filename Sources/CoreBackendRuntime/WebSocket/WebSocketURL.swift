package import Foundation

/// A validated `ws://` or `wss://` URL, split into what the socket and the handshake need.
package struct WebSocketURL: Sendable, Hashable {
    /// The host name or address, without IPv6 brackets.
    package var host: String
    /// The port, 1…65535 (80 or 443 when the URL has none).
    package var port: Int
    /// Whether the scheme is `wss`.
    package var isSecure: Bool
    /// The percent-encoded path and query, such as `/v1?token=abc`.
    package var requestTarget: String

    /// Splits `url`.
    ///
    /// - Throws: ``WebSocketError/invalidURL(_:)`` unless it is an absolute ws/wss URL with a host, and
    ///   ``WebSocketError/invalidPort(url:)`` for a port outside 1…65535 (including one too long to
    ///   parse, which `URLComponents` would silently drop). Both carry the URL with credentials redacted.
    package init(_ url: URL) throws(WebSocketError) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
            var host = components.host, !host.isEmpty
        else { throw .invalidURL(Redaction.redact(url)) }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        isSecure = scheme == "wss"
        self.host = host
        switch Self.explicitPort(in: url.absoluteString) {
        case .none: port = isSecure ? 443 : 80
        case .some(let port?): self.port = port
        case .some(nil): throw .invalidPort(url: Redaction.redact(url))
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    /// The `Host` header: brackets around IPv6 literals, port only when not the default.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// The port written in the authority of `url`: `nil` when there is none (or it is empty, which
    /// means the default), `.some(nil)` when it is not a number in 1…65535.
    package static func explicitPort(in url: String) -> Int?? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            authority = authority[authority.index(after: close)...]
        }
        guard let colon = authority.firstIndex(of: ":") else { return nil }
        let text = authority[authority.index(after: colon)...]
        if text.isEmpty { return nil }
        guard text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = Int(text), (1...65535).contains(port)
        else { return .some(nil) }
        return port
    }
}
