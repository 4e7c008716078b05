import CoreBackendRuntime
import Foundation

/// The unified client of MetaMask's backend HTTP APIs: `accounts`, `prices`, `token` and `tokens`, all
/// sharing one ``QueryClient`` (upstream `ApiPlatformClient`).
///
/// ```swift
/// let client = ApiPlatformClient(clientProduct: "metamask-ios", clientVersion: "1.0.0",
///                                getBearerToken: { try await auth.token() })
/// let balances = try await client.accounts.fetchV5MultiAccountBalances(accountIds: ["eip155:1:0xabc"])
/// ```
public final class ApiPlatformClient: Sendable {
    /// The Accounts API.
    public let accounts: AccountsApiClient
    /// The Price API.
    public let prices: PricesApiClient
    /// The Token API.
    public let token: TokenApiClient
    /// The Tokens API.
    public let tokens: TokensApiClient
    /// The cache shared by the four clients (and the bearer token).
    public let queryClient: QueryClient
    /// The configuration the client was created from, with ``Configuration/queryClient`` set to
    /// ``queryClient``: passing it to ``init(configuration:)`` again makes a client on the same cache.
    public let configuration: Configuration
    /// Saves and restores ``queryClient`` when the configuration has a ``Configuration/persister``.
    public let persistence: QueryPersistence?

    /// Creates a client from one configuration value; see ``Configuration`` for the retry semantics.
    public init(configuration: Configuration) {
        let cache = configuration.queryClient ?? QueryClient()
        let api = configuration.apiClient
        let urls = configuration.baseURLs
        accounts = AccountsApiClient(configuration: api, baseURL: urls.accounts, queryClient: cache)
        prices = PricesApiClient(configuration: api, baseURL: urls.prices, queryClient: cache)
        token = TokenApiClient(configuration: api, baseURL: urls.token, queryClient: cache)
        tokens = TokensApiClient(configuration: api, baseURL: urls.tokens, queryClient: cache)
        queryClient = cache
        persistence = configuration.persister.map { persister in
            var options = configuration.persistenceOptions
            let shouldPersist = options.shouldPersist
            options.shouldPersist = { key in !key.matches(prefix: ["auth"]) && shouldPersist(key) }
            return QueryPersistence(queryClient: cache, persister: persister, options: options)
        }
        var resolved = configuration
        resolved.queryClient = cache
        self.configuration = resolved
    }

    /// Creates a client; a labelled spelling of ``init(configuration:)``.
    ///
    /// - Parameters:
    ///   - clientProduct: Sent as `x-metamask-clientproduct`, e.g. `metamask-ios`.
    ///   - clientVersion: Sent as `x-metamask-clientversion` when non-empty.
    ///   - getBearerToken: Token source; `nil` (the default) sends no `Authorization` header.
    ///   - baseURLs: Where each API lives; ``APIBaseURLs/production`` by default.
    ///   - retryPolicy: The client's retries, on its own cache or a shared `queryClient` alike; `nil` (the
    ///     default) uses the cache's policy (``RetryPolicy/default`` for a cache the client creates).
    ///   - transport: Sends the requests; by default ``APIClientConfiguration/defaultTransport`` (the built-in HTTP/1.1 client on Linux, `URLSession` elsewhere).
    ///   - queryClient: A cache to share; by default the client creates one with upstream's defaults.
    ///   - persister: Where the cache is kept between launches (see ``restoreCache()``); `nil` (the
    ///     default) keeps it in memory only.
    public convenience init(
        clientProduct: String,
        clientVersion: String? = nil,
        getBearerToken: (@Sendable () async throws -> String?)? = nil,
        baseURLs: APIBaseURLs = .production,
        retryPolicy: RetryPolicy? = nil,
        transport: any HTTPTransport = APIClientConfiguration.defaultTransport,
        queryClient: QueryClient? = nil,
        persister: (any QueryPersister)? = nil
    ) {
        let apiClient = APIClientConfiguration(
            clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,
            retryPolicy: retryPolicy, transport: transport)
        self.init(
            configuration: Configuration(
                apiClient: apiClient, baseURLs: baseURLs, queryClient: queryClient, persister: persister))
    }

    /// The data cached under exactly `key`, if it is a `Value`.
    public func getCachedData<Value: Sendable>(_ key: QueryKey, as type: Value.Type = Value.self) -> Value? {
        queryClient.getCachedData(key, as: type)
    }

    /// Stores `value` under `key` as fresh data.
    public func setCachedData<Value: Sendable>(_ key: QueryKey, _ value: Value) {
        queryClient.setCachedData(key, value)
    }

    /// Whether any entry whose key starts with `key` is fetching.
    public func isFetching(_ key: QueryKey = []) -> Bool {
        queryClient.isFetching(key)
    }

    /// Removes every entry of all four APIs and the bearer token; in-flight fetches are cancelled.
    public func clear() {
        queryClient.clear()
    }

    /// Marks every entry (including the bearer token) stale; observed entries refetch.
    public func invalidateAll() async {
        await queryClient.invalidateQueries([])
    }

    /// Drops the cached bearer token so the next request asks the token source again.
    public func invalidateAuthToken() async {
        await accounts.invalidateAuthToken()
    }

    /// Every generated operation of the four APIs.
    public static var operations: [OperationDescriptor] {
        AccountsApiClient.operations + PricesApiClient.operations + TokenApiClient.operations
            + TokensApiClient.operations
    }

    /// Calls any generated operation by API and operation id with JSON arguments, returning JSON.
    ///
    /// ```swift
    /// let json = try await client.call(api: "accounts", operationId: "V2Balances", arguments: ["address": "0x1"])
    /// ```
    public func call(
        api: String, operationId: String, arguments: [String: JSONValue] = [:], options: FetchOptions? = nil
    ) async throws -> JSONValue {
        switch api {
        case "accounts": return try await accounts.call(operationId, arguments: arguments, options: options)
        case "prices": return try await prices.call(operationId, arguments: arguments, options: options)
        case "token": return try await token.call(operationId, arguments: arguments, options: options)
        case "tokens": return try await tokens.call(operationId, arguments: arguments, options: options)
        default:
            throw APIError.invalidArgument(
                name: "api", value: api, reason: "expected accounts, prices, token or tokens")
        }
    }
}

/// Creates an ``ApiPlatformClient`` (upstream `createApiPlatformClient`); identical to
/// ``ApiPlatformClient/init(configuration:)``.
public func createApiPlatformClient(configuration: ApiPlatformClient.Configuration) -> ApiPlatformClient {
    ApiPlatformClient(configuration: configuration)
}

/// Creates an ``ApiPlatformClient`` (upstream `createApiPlatformClient`); identical to the labelled
/// ``ApiPlatformClient/init(clientProduct:clientVersion:getBearerToken:baseURLs:retryPolicy:transport:queryClient:persister:)``.
public func createApiPlatformClient(
    clientProduct: String,
    clientVersion: String? = nil,
    getBearerToken: (@Sendable () async throws -> String?)? = nil,
    baseURLs: APIBaseURLs = .production,
    retryPolicy: RetryPolicy? = nil,
    transport: any HTTPTransport = APIClientConfiguration.defaultTransport,
    queryClient: QueryClient? = nil,
    persister: (any QueryPersister)? = nil
) -> ApiPlatformClient {
    ApiPlatformClient(
        clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,
        baseURLs: baseURLs, retryPolicy: retryPolicy, transport: transport, queryClient: queryClient,
        persister: persister)
}
