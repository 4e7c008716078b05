public import Foundation

/// A response with a status outside 200–299 (upstream `HttpError`).
///
/// A generated call throws it as the ``APIError/Kind/http(_:)`` kind of an ``APIError`` (and keeps it as
/// the ``APIError/underlyingError``). 4xx errors other than 408 and 429 are not retried; everything else is.
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The status code.
    public var status: Int
    /// The reason phrase (see ``HTTPResponse/statusText``).
    public var statusText: String
    /// The full request URL, including the query string.
    public var url: String
    /// The response body parsed as JSON, or `nil` when it was empty or not JSON.
    public var body: JSONValue?

    /// Creates an error.
    public init(status: Int, statusText: String, url: String, body: JSONValue? = nil) {
        self.status = status
        self.statusText = statusText
        self.url = url
        self.body = body
    }

    /// `HTTP <status>: <statusText>`, e.g. `HTTP 500: Internal Server Error`.
    public var message: String { "HTTP \(status): \(statusText)" }

    /// The message.
    public var description: String { message }

    /// The message.
    public var errorDescription: String? { message }

    /// Whether a query failing with this response is retried: every status except 4xx other than 408
    /// (Request Timeout) and 429 (Too Many Requests).
    public var isRetryable: Bool {
        !(400..<500).contains(status) || status == 408 || status == 429
    }
}
