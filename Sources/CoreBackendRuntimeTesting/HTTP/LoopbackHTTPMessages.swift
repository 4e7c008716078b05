import CoreBackendRuntime
public import Foundation

/// A request received by ``LoopbackHTTPServer``.
public struct LoopbackHTTPRequest: Sendable, Hashable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target exactly as sent: path plus `?query` when present.
    public var target: String
    /// Header fields in arrival order.
    public var headers: [Header]
    /// The body (empty for `GET`).
    public var body: Data

    /// One header field.
    public struct Header: Sendable, Hashable {
        /// The name as sent.
        public var name: String
        /// The value.
        public var value: String
    }

    /// The path without the query string.
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

    /// The raw (still encoded) query string, or `nil` when the target has no `?`.
    public var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// The decoded value of query parameter `name` (form decoding: `+` is a space).
    public func queryValue(_ name: String) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            if key == name {
                let raw = parts.count == 2 ? String(parts[1]) : ""
                return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
            }
        }
        return nil
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A response of ``LoopbackHTTPServer``.
public struct LoopbackHTTPResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The reason phrase.
    public var reason: String
    /// Extra header fields.
    public var headers: [(String, String)]
    /// The body.
    public var body: Data

    /// Creates a response; `reason` defaults to the standard phrase.
    public init(status: Int, reason: String? = nil, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.reason = reason ?? HTTPStatusPhrase.phrase(status)
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ text: String, status: Int = 200) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(text.utf8))
    }

    /// Responses are equal when status, reason, headers (in order) and body are.
    public static func == (lhs: LoopbackHTTPResponse, rhs: LoopbackHTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
    }

    func serialized(closing: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: \(closing ? "close" : "keep-alive")\r\n\r\n"
        return Array(head.utf8) + body
    }
}

enum HTTPStatusPhrase {
    static func phrase(_ status: Int) -> String {
        let phrase = HTTPStatus.reasonPhrase(status)
        return phrase.isEmpty ? "Status \(status)" : phrase
    }
}
