import Foundation

/// The HTTP upgrade request a client sent to ``WebSocketTestServer``.
public struct WebSocketUpgradeRequest: Sendable, Hashable {
    /// The percent-encoded path, such as `/v1`.
    public var path: String
    /// The decoded query parameters, such as `["token": "abc"]` (the last value wins for repeated names).
    public var query: [String: String]
    /// The request headers, names lower-cased; repeated fields are joined with ", ".
    public var headers: [String: String]

    /// Creates a request description.
    public init(path: String, query: [String: String], headers: [String: String]) {
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// Splits a request target such as `/v1?token=abc`.
    init(target: String, headers: [String: String]) {
        let components = URLComponents(string: target)
        path = components?.percentEncodedPath ?? target
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        self.query = query
        self.headers = headers
    }
}

/// What ``WebSocketTestServer`` does with an upgrade request.
public enum WebSocketUpgradeDecision: Sendable, Hashable {
    /// Completes the handshake.
    case accept
    /// Answers with this HTTP status and body, then closes the TCP connection.
    case reject(status: Int, body: String)
    /// Never answers (for connect-timeout tests); the socket stays open until the server shuts down.
    case ignore
}
