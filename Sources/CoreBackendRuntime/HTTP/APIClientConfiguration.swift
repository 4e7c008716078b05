import Foundation

/// What every API client needs besides its base URL and cache: identification headers, the token
/// source, the retry policy and the transport (upstream `ApiPlatformClientOptions`).
///
/// The retry policy belongs to the client, not to the cache: a client created with
/// `retryPolicy: .never` never retries, even on a ``QueryClient`` it shares with clients that do.
public struct APIClientConfiguration: Sendable {
    /// Sent as `x-metamask-clientproduct`, e.g. `metamask-ios`.
    public var clientProduct: String
    /// Sent as `x-metamask-clientversion` only when non-empty.
    public var clientVersion: String?
    /// Returns a bearer token, or `nil` to send the request unauthenticated.
    public var getBearerToken: (@Sendable () async throws -> String?)?
    /// The retries of this client's queries; `nil` uses the ``QueryClient``'s policy
    /// (``QueryClient/Configuration/retryPolicy``). A per-call ``FetchOptions/retryPolicy`` wins over both.
    public var retryPolicy: RetryPolicy?
    /// Sends the requests; ``defaultTransport`` unless given.
    public var transport: any HTTPTransport

    /// Creates a configuration.
    public init(
        clientProduct: String,
        clientVersion: String? = nil,
        getBearerToken: (@Sendable () async throws -> String?)? = nil,
        retryPolicy: RetryPolicy? = nil,
        transport: any HTTPTransport = APIClientConfiguration.defaultTransport
    ) {
        self.clientProduct = clientProduct
        self.clientVersion = clientVersion
        self.getBearerToken = getBearerToken
        self.retryPolicy = retryPolicy
        self.transport = transport
    }

    /// The transport of a client created without one: ``BuiltinHTTPTransport/shared`` on Linux (where
    /// `URLSession` is built on libcurl and tops out at a few thousand requests per second),
    /// ``URLSessionTransport`` with its process-wide session elsewhere.
    public static var defaultTransport: any HTTPTransport {
        #if os(Linux)
            BuiltinHTTPTransport.shared
        #else
            URLSessionTransport()
        #endif
    }

    /// A call's overrides with this client's retry policy filled in where the call names none; what
    /// generated `get*QueryOptions` methods build their options from.
    package func fetchOptions(_ overrides: FetchOptions?) -> FetchOptions? {
        guard let retryPolicy, overrides?.retryPolicy == nil else { return overrides }
        var resolved = overrides ?? FetchOptions()
        resolved.retryPolicy = retryPolicy
        return resolved
    }
}
