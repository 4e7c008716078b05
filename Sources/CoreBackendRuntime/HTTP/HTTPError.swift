/// A response with a status outside 200–299 (upstream `HttpError`).
///
/// 4xx errors other than 408 and 429 are not retried; everything else is.
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
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
}

/// Failures of the SDK's request pipeline other than HTTP statuses.
public enum APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A 2xx body that does not decode as the expected model; names the URL and the failing field.
    case decoding(url: String, codingPath: String, message: String)
    /// An argument the SDK rejects before any request is made.
    case invalidArgument(name: String, value: String, reason: String)
    /// A URL could not be formed from the base URL and path (credentials in it are redacted as `…`).
    case invalidURL(String)
    /// The response body is larger than the transport accepts (see
    /// ``URLSessionTransport/maximumResponseSize``); not retried.
    case responseTooLarge(url: String, limit: Int)
    /// The request did not complete, from connecting to the last byte, within `timeout` (see
    /// ``URLSessionTransport/timeout``); retried like other network failures.
    case timedOut(url: String, timeout: Duration)

    /// A readable description.
    public var description: String {
        switch self {
        case .decoding(let url, let codingPath, let message):
            "Could not decode the response of \(url) at '\(codingPath.isEmpty ? "<root>" : codingPath)': \(message)"
        case .invalidArgument(let name, let value, let reason):
            "Invalid value '\(value)' for '\(name)': \(reason)"
        case .invalidURL(let url):
            "Invalid URL: \(url)"
        case .responseTooLarge(let url, let limit):
            "The response of \(url) is larger than the limit of \(limit) bytes"
        case .timedOut(let url, let timeout):
            "The request to \(url) did not complete within \(timeout)"
        }
    }
}
