import Foundation

/// Where a request goes: the key of a connection pool.
struct HTTPEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Whether the connection uses TLS (`https`).
    let isSecure: Bool
    /// The host name or address literal, without brackets.
    let host: String
    let port: Int

    var description: String { "\(isSecure ? "https" : "http")://\(host):\(port)" }
}

/// An ``HTTPRequest`` serialised for HTTP/1.1: the head and body in one buffer, written with one send.
struct HTTPWireRequest: Sendable {
    let endpoint: HTTPEndpoint
    /// The request head followed by the body.
    let bytes: [UInt8]
    /// Whether the method is idempotent (RFC 9110 §9.2.2), so a request lost on a stale keep-alive
    /// connection may be sent again.
    let isIdempotent: Bool
    /// Whether the method is `HEAD` (the response has no body).
    let isHead: Bool

    /// Methods sent with a `Content-Length` even without a body.
    private static let bodyMethods: Set<String> = ["POST", "PUT", "PATCH"]
    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]
    /// Fields the transport writes itself; the request's own values for them are not sent.
    private static let ownedFields: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]

    /// Serialises `request`; throws when its URL or a field cannot be sent as HTTP/1.1.
    init(_ request: HTTPRequest) throws(HTTPTransportError) {
        let (endpoint, target, authority) = try Self.locate(request.url)
        let method = request.method
        guard !method.isEmpty, method.utf8.allSatisfy(HTTPResponseParser.isTokenByte) else {
            throw .invalidRequest(reason: "the method is not an HTTP token")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (request.body?.count ?? 0))
        bytes += method.utf8
        bytes.append(32)
        bytes += target.utf8
        bytes += " HTTP/1.1\r\nHost: ".utf8
        bytes += authority.utf8
        bytes += "\r\n".utf8
        for (name, value) in request.headers where !Self.ownedFields.contains(name.lowercased()) {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPResponseParser.isTokenByte) else {
                throw .invalidRequest(reason: "a header name is not an HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw .invalidRequest(reason: "the value of header \(name) contains CR, LF or NUL")
            }
            bytes += name.utf8
            bytes += ": ".utf8
            bytes += value.utf8
            bytes += "\r\n".utf8
        }
        if request.body != nil || Self.bodyMethods.contains(method) {
            bytes += "Content-Length: \(request.body?.count ?? 0)\r\n".utf8
        }
        bytes += "\r\n".utf8
        if let body = request.body { bytes += body }
        self.endpoint = endpoint
        self.bytes = bytes
        isIdempotent = Self.idempotentMethods.contains(method)
        isHead = method == "HEAD"
    }

    /// The endpoint, the request target (path and query, never the fragment) and the `Host` value.
    private static func locate(_ url: URL) throws(HTTPTransportError) -> (HTTPEndpoint, String, String) {
        let scheme = url.scheme?.lowercased()
        let string = url.absoluteString
        guard scheme == "http" || scheme == "https", var host = url.host, !host.isEmpty,
            let authorityStart = string.range(of: "://")?.upperBound
        else { throw .unsupportedURL(Redaction.redact(string)) }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let isSecure = scheme == "https"
        let port = url.port ?? (isSecure ? 443 : 80)
        guard (1...65535).contains(port) else { throw .unsupportedURL(Redaction.redact(string)) }
        let rest = string[authorityStart...]
        var target = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" }.map { String(rest[$0...]) } ?? ""
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        if !target.hasPrefix("/") { target = "/" + target }
        guard target.utf8.allSatisfy({ $0 > 32 && $0 != 127 }) else { throw .unsupportedURL(Redaction.redact(string)) }
        var authority = host.contains(":") ? "[\(host)]" : host
        if let explicit = url.port { authority += ":\(explicit)" }
        return (HTTPEndpoint(isSecure: isSecure, host: host, port: port), target, authority)
    }
}
