import Foundation

#if canImport(FoundationNetworking)
    public import FoundationNetworking
#endif

/// The default ``HTTPTransport``: `URLSession`, with a response size limit and an overall timeout.
///
/// Both limits are enforced while the response arrives, not after it was buffered: a `Content-Length`
/// above ``maximumResponseSize`` fails before the body is read, and the bytes are counted as they come
/// (decompressed, so a small compressed body that inflates past the limit fails too). ``timeout`` covers
/// the whole exchange, from connecting to the last byte, redirects included.
///
/// - A body over the limit throws ``APIError/responseTooLarge(url:limit:)`` (not retried).
/// - A request not finished in time throws ``APIError/timedOut(url:timeout:)`` (retried like other
///   network failures, at most ``RetryPolicy/maxRetries`` times).
///
/// Redirects are followed (as `fetch` does), but one that leaves the request's origin (scheme, host or
/// port) drops the `Authorization` header, for that hop and every later one.
///
/// ```swift
/// let client = ApiPlatformClient(
///     clientProduct: "metamask-ios",
///     transport: URLSessionTransport(maximumResponseSize: 16 << 20, timeout: .seconds(10)))
/// ```
///
/// `URLSession` does not expose the received reason phrase, so `statusText` is the standard phrase.
public struct URLSessionTransport: HTTPTransport {
    /// The default ``maximumResponseSize``: 8 MiB.
    public static let defaultMaximumResponseSize = 8 << 20
    /// The default ``timeout``: 30 seconds.
    public static let defaultTimeout: Duration = .seconds(30)

    /// The largest response body accepted, in bytes.
    public var maximumResponseSize: Int
    /// The longest a request may take, from connecting to the last byte of the body.
    public var timeout: Duration
    private let owner: SessionOwner

    /// Creates a transport on a process-wide session with the default `URLSessionConfiguration`.
    ///
    /// - Parameters:
    ///   - maximumResponseSize: The largest body accepted, in bytes (8 MiB by default).
    ///   - timeout: The overall time limit of one request (30 seconds by default).
    public init(maximumResponseSize: Int = defaultMaximumResponseSize, timeout: Duration = defaultTimeout) {
        self.init(owner: .shared, maximumResponseSize: maximumResponseSize, timeout: timeout)
    }

    /// Creates a transport on a session of its own, built from `configuration`.
    ///
    /// The session lives as long as the transport (and its copies); it is invalidated after the last
    /// copy is gone and its requests have finished.
    public init(
        configuration: URLSessionConfiguration, maximumResponseSize: Int = defaultMaximumResponseSize,
        timeout: Duration = defaultTimeout
    ) {
        self.init(
            owner: SessionOwner(configuration: configuration), maximumResponseSize: maximumResponseSize,
            timeout: timeout)
    }

    /// Creates a transport on a session of its own with `session`'s configuration.
    ///
    /// Enforcing the limits needs the transport's own session delegate, so only `session.configuration`
    /// is used, not `session` itself or its delegate. Same as ``init(configuration:maximumResponseSize:timeout:)``.
    public init(
        session: URLSession, maximumResponseSize: Int = defaultMaximumResponseSize, timeout: Duration = defaultTimeout
    ) {
        self.init(configuration: session.configuration, maximumResponseSize: maximumResponseSize, timeout: timeout)
    }

    private init(owner: SessionOwner, maximumResponseSize: Int, timeout: Duration) {
        self.owner = owner
        self.maximumResponseSize = max(0, maximumResponseSize)
        self.timeout = timeout
    }

    /// Sends `request` with `URLSession` within ``maximumResponseSize`` and ``timeout``.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.httpBody = request.body
        // URLSession's own (idle) timeout only as a backstop; the overall deadline is the delegate's.
        urlRequest.timeoutInterval = max(timeout.timeInterval, 0) + 1
        return try await owner.delegate.perform(
            urlRequest, on: owner.session, limit: maximumResponseSize, timeout: timeout)
    }
}

/// Owns a session and its delegate; invalidates the session once no transport refers to it.
private final class SessionOwner: Sendable {
    let session: URLSession
    let delegate: URLSessionTransferDelegate

    /// The session of every transport created without a configuration.
    static let shared = SessionOwner(configuration: .default)

    init(configuration: URLSessionConfiguration) {
        delegate = URLSessionTransferDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }
}
