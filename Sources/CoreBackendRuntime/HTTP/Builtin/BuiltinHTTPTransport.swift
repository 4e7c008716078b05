package import Foundation

/// The built-in HTTP/1.1 client: the runtime's own sockets, TLS through the system OpenSSL, and a
/// keep-alive connection pool per host. The default transport on Linux, where `URLSession` (libcurl)
/// tops out at a few thousand requests per second; ``URLSessionTransport`` stays the default on Apple
/// platforms and can be chosen anywhere.
///
/// It keeps ``URLSessionTransport``'s contract, so a generated call classifies its failures alike:
///
/// - a body over ``Configuration/maximumResponseSize`` throws ``APIError/responseTooLarge(url:limit:)``
///   (a larger `Content-Length` or chunk size fails as soon as it is read, before the body);
/// - a request not finished within ``Configuration/timeout`` (connecting, redirects and the last byte
///   included) throws ``APIError/timedOut(url:timeout:)``; the deadline runs on a thread of its own,
///   never on the cooperative pool;
/// - redirects are followed (at most ``Configuration/maximumRedirects``), but one that leaves the
///   request's origin drops `Authorization` for that hop and every later one;
/// - anything else (refused, DNS, TLS, a malformed or truncated response) is an ``HTTPTransportError``.
///
/// Each pooled connection has one thread that blocks reading it, so a server closing an idle
/// connection is noticed at once; a request that still meets a connection the server just closed is
/// sent again once on a new connection if its method is idempotent or none of it had been sent.
/// Responses are parsed with a bounded head size, field count and chunk-size line.
///
/// ```swift
/// let client = ApiPlatformClient(
///     clientProduct: "metamask-linux",
///     transport: BuiltinHTTPTransport(maximumResponseSize: 16 << 20, timeout: .seconds(10)))
/// ```
///
/// Not supported: HTTP/2, proxies, cookies, compressed bodies (no `Accept-Encoding` is sent), and
/// `https` on platforms without OpenSSL (``HTTPTransportError/tlsUnavailable``).
public struct BuiltinHTTPTransport: HTTPTransport {
    /// Limits, pool sizes and trust settings of a ``BuiltinHTTPTransport``.
    ///
    /// | Limit | Default | Exceeded |
    /// |---|---|---|
    /// | ``maximumResponseSize`` | 8 MiB | ``APIError/responseTooLarge(url:limit:)`` |
    /// | ``timeout`` | 30 s | ``APIError/timedOut(url:timeout:)`` |
    /// | ``connectTimeout`` | 10 s | ``HTTPTransportError/connectTimeout(_:)`` |
    /// | ``maximumConnectionsPerHost`` | 64 | requests wait for a connection |
    /// | ``idleTimeout`` | 30 s | the idle connection is closed |
    /// | ``maximumRedirects`` | 20 | ``HTTPTransportError/tooManyRedirects(_:)`` |
    /// | response head | 64 KiB, 100 fields | ``HTTPTransportError/malformedResponse(reason:)`` |
    public struct Configuration: Sendable, Hashable {
        /// The largest response body accepted, in bytes. Default 8 MiB.
        public var maximumResponseSize: Int
        /// The longest a request may take, from connecting to the last byte of the body. Default 30 s.
        public var timeout: Duration
        /// The longest opening a connection (DNS, TCP and TLS) may take. Default 10 s.
        public var connectTimeout: Duration
        /// The most connections to one scheme, host and port; more concurrent requests wait in turn.
        /// Each connection has a thread that reads it. Default 64.
        public var maximumConnectionsPerHost: Int
        /// How long a connection may stay unused in the pool before it is closed. Default 30 s.
        public var idleTimeout: Duration
        /// The most redirects followed for one request. Default 20 (as `fetch`).
        public var maximumRedirects: Int
        /// A PEM file of extra CA certificates to trust for `https`, besides the system store.
        public var additionalTrustedCAFile: String?

        /// Creates a configuration; see each property for its default.
        public init(
            maximumResponseSize: Int = 8 << 20, timeout: Duration = .seconds(30),
            connectTimeout: Duration = .seconds(10), maximumConnectionsPerHost: Int = 64,
            idleTimeout: Duration = .seconds(30), maximumRedirects: Int = 20, additionalTrustedCAFile: String? = nil
        ) {
            self.maximumResponseSize = max(0, maximumResponseSize)
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
            self.idleTimeout = idleTimeout
            self.maximumRedirects = max(0, maximumRedirects)
            self.additionalTrustedCAFile = additionalTrustedCAFile
        }
    }

    /// The transport with the default configuration that clients use on Linux when given none; one
    /// connection pool for the whole process.
    public static let shared = BuiltinHTTPTransport()

    /// The configuration in use.
    public var configuration: Configuration { pools.configuration }
    /// The largest response body accepted, in bytes.
    public var maximumResponseSize: Int { configuration.maximumResponseSize }
    /// The longest a request may take, from connecting to the last byte of the body.
    public var timeout: Duration { configuration.timeout }
    private let pools: HTTPConnectionPools

    /// Creates a transport with its own connection pools; copies share them.
    public init(configuration: Configuration) {
        pools = HTTPConnectionPools(configuration: configuration)
    }

    /// Creates a transport with the given limits and defaults for everything else.
    public init(
        maximumResponseSize: Int = URLSessionTransport.defaultMaximumResponseSize,
        timeout: Duration = URLSessionTransport.defaultTimeout
    ) {
        self.init(configuration: Configuration(maximumResponseSize: maximumResponseSize, timeout: timeout))
    }

    /// Sends `request` within the configured limits, following redirects.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let timeout = configuration.timeout
        let timeoutError = APIError.timedOut(url: Redaction.redact(request.url.absoluteString), timeout: timeout)
        let deadline = ContinuousClock.now + timeout
        var redirects = HTTPRedirectPolicy(origin: request.url)
        var current = request
        for _ in 0...configuration.maximumRedirects {
            let response = try await exchange(current, deadline: deadline, timeoutError: timeoutError)
            guard let next = try redirects.next(after: response, to: current) else {
                let reason = response.head.reasonPhrase
                return HTTPResponse(
                    status: response.head.status, statusText: reason.isEmpty ? nil : reason, body: response.body)
            }
            current = next
        }
        throw HTTPTransportError.tooManyRedirects(configuration.maximumRedirects)
    }

    /// One request and response; sent once more on a new connection when a kept-alive one turned out
    /// to be closed before any response byte and the method is idempotent (or nothing had been sent).
    private func exchange(_ request: HTTPRequest, deadline: ContinuousClock.Instant, timeoutError: APIError)
        async throws -> HTTPExchange.Response
    {
        let wire = try HTTPWireRequest(request)
        let pool = pools.pool(for: wire.endpoint)
        let limits = HTTPResponseParser.Limits(maximumBodySize: configuration.maximumResponseSize)
        for attempt in 0..<2 {
            let exchange = HTTPExchange(
                request: wire, deadline: deadline, limits: limits, needsFreshConnection: attempt > 0,
                timeoutError: timeoutError)
            DeadlineWatcher.shared.watch(exchange)
            do {
                return try await exchange.run { pool.start($0) }
            } catch let stale as HTTPExchange.StaleConnection {
                guard wire.isIdempotent || stale.nothingSent, attempt == 0 else {
                    throw HTTPTransportError.connectionClosed(reason: stale.reason)
                }
            }
        }
        throw HTTPTransportError.connectionClosed(reason: "unreachable")
    }

    /// Connections open or opening to `url`'s endpoint (for tests).
    package func openConnectionCount(to url: URL) -> Int {
        guard let wire = try? HTTPWireRequest(HTTPRequest(url: url)) else { return 0 }
        return pools.existingPool(for: wire.endpoint)?.openCount ?? 0
    }
}
