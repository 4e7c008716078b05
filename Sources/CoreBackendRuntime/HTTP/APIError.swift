/// The error every generated `fetch*` call throws, except for cancellation (a plain `CancellationError`)
/// and a cache type mismatch (a ``QueryError``, only when other code stored another type under the key).
///
/// It names what failed and where: the spec's ``operationId``, the request ``url`` (credentials redacted
/// as `…`), what went wrong as a ``Kind`` you can switch over exhaustively, and the original error as
/// ``underlyingError``:
///
/// ```swift
/// do {
///     let networks = try await client.accounts.fetchV1SupportedNetworks()
/// } catch is CancellationError {
///     // The calling task was cancelled.
/// } catch let error as APIError {
///     switch error.kind {
///     case .http(let response) where response.status == 404: showNotFound()
///     case .http, .transport, .timedOut: showOffline(error.operationId)
///     case .decoding, .responseTooLarge, .invalidArgument, .invalidURL: report(error)
///     }
/// }
/// ```
///
/// See <doc:ErrorModel> for every kind, when it happens and whether it is retried.
///
/// Two errors are equal when their operation, URL and kind are equal; ``underlyingError`` is not
/// compared (errors in general are not `Equatable`).
public struct APIError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The server answered with a status outside 200–299. Retried unless a 4xx other than 408 and 429.
        case http(HTTPError)
        /// A 2xx body did not decode as the response model, or was nested too deep. `codingPath` names
        /// the failing field (`balances[0].chainId`, or empty for the root). Retried.
        case decoding(codingPath: String, message: String)
        /// The transport failed before a response arrived (connection refused, DNS, TLS, a dropped
        /// connection…); ``APIError/underlyingError`` is the transport's error, such as a `URLError`. Retried.
        case transport
        /// The response body was larger than the transport accepts (see
        /// ``URLSessionTransport/maximumResponseSize``). Not retried: the same server sends the same body.
        case responseTooLarge(limit: Int)
        /// The request did not complete within `timeout` (see ``URLSessionTransport/timeout``). Retried.
        case timedOut(timeout: Duration)
        /// An argument rejected before any request was made (for example a chain id that is not `0x…` hex,
        /// or a path parameter that is `.` or `..`). Not retried.
        case invalidArgument(name: String, value: String, reason: String)
        /// No URL could be formed from the base URL and the path. Retried, like any other failure.
        case invalidURL
    }

    /// The spec's `operationId` of the call, such as `V1SupportedNetworks`; empty when the error was
    /// raised outside a generated call (for example by ``URLSessionTransport`` used on its own).
    public var operationId: String
    /// The request URL with credentials redacted (user info and `token`-like query values become `…`).
    ///
    /// When the call failed before its URL was complete (an invalid argument), the
    /// base URL followed by the operation's path template, such as
    /// `https://price.api.cx.metamask.io/v1/chains/{chainId}/spot-prices`.
    public var url: String
    /// What went wrong.
    public var kind: Kind
    /// The error that caused this one, when there is one: the ``HTTPError`` of ``Kind/http(_:)``, the
    /// `DecodingError` of ``Kind/decoding(codingPath:message:)``, the transport's error of ``Kind/transport``.
    /// Not part of equality.
    public var underlyingError: (any Error)?

    /// Creates an error.
    public init(operationId: String = "", url: String, kind: Kind, underlyingError: (any Error)? = nil) {
        self.operationId = operationId
        self.url = url
        self.kind = kind
        self.underlyingError = underlyingError
    }

    /// Whether a query that failed with this error is retried (see ``RetryPolicy/isRetryable(_:)``).
    public var isRetryable: Bool {
        switch kind {
        case .http(let response): response.isRetryable
        case .invalidArgument, .responseTooLarge: false
        case .decoding, .transport, .timedOut, .invalidURL: true
        }
    }

    /// Whether operation, URL and kind are equal; ``underlyingError`` is not compared.
    public static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.operationId == rhs.operationId && lhs.url == rhs.url && lhs.kind == rhs.kind
    }

    /// Hashes operation, URL and kind, as ``==(_:_:)`` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(operationId)
        hasher.combine(url)
        hasher.combine(kind)
    }
}

// The constructors of the former `APIError` enum cases, kept so existing `throw APIError.…(…)` and
// comparisons with them compile unchanged. They leave ``APIError/operationId`` empty; a generated call
// fills it in.
extension APIError {
    /// A 2xx body of `url` that does not decode; see ``Kind/decoding(codingPath:message:)``.
    public static func decoding(url: String, codingPath: String, message: String) -> APIError {
        APIError(url: url, kind: .decoding(codingPath: codingPath, message: message))
    }

    /// An argument rejected before any request; see ``Kind/invalidArgument(name:value:reason:)``.
    public static func invalidArgument(name: String, value: String, reason: String) -> APIError {
        APIError(url: "", kind: .invalidArgument(name: name, value: value, reason: reason))
    }

    /// A URL that could not be formed (credentials in it redacted); see ``Kind/invalidURL``.
    public static func invalidURL(_ url: String) -> APIError {
        APIError(url: url, kind: .invalidURL)
    }

    /// A response body of `url` over `limit` bytes; see ``Kind/responseTooLarge(limit:)``.
    public static func responseTooLarge(url: String, limit: Int) -> APIError {
        APIError(url: url, kind: .responseTooLarge(limit: limit))
    }

    /// A request to `url` not complete within `timeout`; see ``Kind/timedOut(timeout:)``.
    public static func timedOut(url: String, timeout: Duration) -> APIError {
        APIError(url: url, kind: .timedOut(timeout: timeout))
    }

    /// A transport failure of the request to `url`, `underlying` kept as the cause; see ``Kind/transport``.
    public static func transport(url: String, underlying: any Error) -> APIError {
        APIError(url: url, kind: .transport, underlyingError: underlying)
    }
}
