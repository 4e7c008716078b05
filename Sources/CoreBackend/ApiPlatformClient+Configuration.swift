import CoreBackendRuntime
import Foundation

extension ApiPlatformClient {
    /// Everything an ``ApiPlatformClient`` is made from, as one value: what ``ApiPlatformClient``,
    /// ``createApiPlatformClient(configuration:)`` and ``ApiPlatformClientService`` take, and what the
    /// four generated clients are built from.
    ///
    /// ```swift
    /// var configuration = ApiPlatformClient.Configuration(
    ///     apiClient: APIClientConfiguration(clientProduct: "metamask-ios", getBearerToken: { try await auth.token() }))
    /// configuration.apiClient.retryPolicy = .never
    /// let client = ApiPlatformClient(configuration: configuration)
    /// ```
    ///
    /// **Retries.** ``APIClientConfiguration/retryPolicy`` is the client's: it applies to every query of
    /// the four APIs, whether the cache is the client's own or a shared ``queryClient`` (whose own
    /// policy then governs only other queries). `nil` leaves retries to the cache's policy, which for a
    /// cache the client creates is ``RetryPolicy/default``. A per-call ``FetchOptions/retryPolicy`` wins
    /// over both. Concurrent calls for one key share one fetch, which retries by the first caller's policy.
    public struct Configuration: Sendable {
        /// What each of the four API clients gets: identification headers, token source, retry policy,
        /// transport.
        public var apiClient: APIClientConfiguration
        /// Where each API lives; ``APIBaseURLs/production`` by default.
        public var baseURLs: APIBaseURLs
        /// A cache to share; `nil` (the default) makes the client create its own with upstream's defaults.
        public var queryClient: QueryClient?
        /// Where the cache is kept between launches (see ``ApiPlatformClient/restoreCache()``); `nil` (the
        /// default) keeps it in memory only.
        public var persister: (any QueryPersister)?
        /// How the persisted cache is restored and saved: max age (24 hours by default) and autosave
        /// throttle (1 second). Keys under `["auth"]` are never persisted, whatever `shouldPersist` says.
        public var persistenceOptions: QueryPersistence.Options

        /// Creates a configuration; the labelled
        /// ``ApiPlatformClient/init(clientProduct:clientVersion:getBearerToken:baseURLs:retryPolicy:transport:queryClient:persister:)``
        /// describes each value.
        public init(
            apiClient: APIClientConfiguration, baseURLs: APIBaseURLs = .production, queryClient: QueryClient? = nil,
            persister: (any QueryPersister)? = nil,
            persistenceOptions: QueryPersistence.Options = QueryPersistence.Options()
        ) {
            self.apiClient = apiClient
            self.baseURLs = baseURLs
            self.queryClient = queryClient
            self.persister = persister
            self.persistenceOptions = persistenceOptions
        }
    }
}
