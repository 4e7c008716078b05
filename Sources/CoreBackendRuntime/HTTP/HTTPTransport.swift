public import Foundation

/// Sends one HTTP request and returns the response: the seam between the SDK and the network.
///
/// The default is ``URLSessionTransport``. Write your own to add logging, metrics or a custom
/// networking stack, or to answer requests in tests:
///
/// ```swift
/// struct CannedTransport: HTTPTransport {
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         HTTPResponse(status: 200, body: Data(#"{"supportedNetworks":[1]}"#.utf8))
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws for transport failures only (any status is a response).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An HTTP request as the SDK builds it: a `GET` for reads; writes carry a JSON ``body``.
///
/// Its `description`, `debugDescription` and mirror (what `print`, `dump` and string interpolation
/// show) redact the value of `Authorization` and the URL's credentials, so logging a request never logs
/// the bearer token.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`).
    public var method: String
    /// The full URL including the query string.
    public var url: URL
    /// Header fields, in the order the SDK sets them.
    public var headers: [(name: String, value: String)]
    /// The request body, or `nil` for none (every `GET`).
    ///
    /// Never shown by `description`, `debugDescription` or the mirror: a body may hold user data.
    public var body: Data?

    /// Creates a request.
    public init(
        method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Requests are equal when method, URL, headers (in order) and body are.
    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Header names whose values are never shown.
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    /// The headers with secret values replaced by `…`.
    var redactedHeaders: [(name: String, value: String)] {
        headers.map { Self.secretHeaders.contains($0.name.lowercased()) ? ($0.name, "…") : $0 }
    }

    /// `GET <url>` with credentials redacted.
    public var description: String { "\(method) \(Redaction.redact(url.absoluteString))" }

    /// The description plus the headers, secret values redacted.
    public var debugDescription: String {
        description + redactedHeaders.map { " [\($0.name): \($0.value)]" }.joined()
    }

    /// A mirror showing the redacted URL and headers.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method, "url": Redaction.redact(url.absoluteString),
                "headers": redactedHeaders.map { "\($0.name): \($0.value)" },
            ])
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}

/// An HTTP response: status, reason phrase and body.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The reason phrase as received, or the standard phrase when the transport does not expose it.
    public var statusText: String
    /// The response body.
    public var body: Data

    /// Creates a response; `statusText` defaults to the standard reason phrase of `status`.
    public init(status: Int, statusText: String? = nil, body: Data = Data()) {
        self.status = status
        self.statusText = statusText ?? HTTPStatus.reasonPhrase(status)
        self.body = body
    }
}
