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

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - clientProduct: Sent as `x-metamask-clientproduct`, e.g. `metamask-ios`.
    ///   - clientVersion: Sent as `x-metamask-clientversion` when non-empty.
    ///   - getBearerToken: Token source; `nil` (the default) sends no `Authorization` header.
    ///   - baseURLs: Where each API lives; ``APIBaseURLs/production`` by default.
    ///   - retryPolicy: Retries of a self-created cache (ignored when `queryClient` is given).
    ///   - transport: Sends the requests; `URLSession` by default.
    ///   - queryClient: A cache to share; by default the client creates one with upstream's defaults.
    public init(
        clientProduct: String,
        clientVersion: String? = nil,
        getBearerToken: (@Sendable () async throws -> String?)? = nil,
        baseURLs: APIBaseURLs = .production,
        retryPolicy: RetryPolicy = .default,
        transport: any HTTPTransport = URLSessionTransport(),
        queryClient: QueryClient? = nil
    ) {
        let cache = queryClient ?? QueryClient(configuration: QueryClient.Configuration(retryPolicy: retryPolicy))
        let configuration = APIClientConfiguration(
            clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,
            transport: transport)
        self.queryClient = cache
        accounts = AccountsApiClient(configuration: configuration, baseURL: baseURLs.accounts, queryClient: cache)
        prices = PricesApiClient(configuration: configuration, baseURL: baseURLs.prices, queryClient: cache)
        token = TokenApiClient(configuration: configuration, baseURL: baseURLs.token, queryClient: cache)
        tokens = TokensApiClient(configuration: configuration, baseURL: baseURLs.tokens, queryClient: cache)
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
            throw APIError.invalidArgument(name: "api", value: api, reason: "expected accounts, prices, token or tokens")
        }
    }
}

/// Creates an ``ApiPlatformClient`` (upstream `createApiPlatformClient`); identical to the initializer.
public func createApiPlatformClient(
    clientProduct: String,
    clientVersion: String? = nil,
    getBearerToken: (@Sendable () async throws -> String?)? = nil,
    baseURLs: APIBaseURLs = .production,
    retryPolicy: RetryPolicy = .default,
    transport: any HTTPTransport = URLSessionTransport(),
    queryClient: QueryClient? = nil
) -> ApiPlatformClient {
    ApiPlatformClient(
        clientProduct: clientProduct, clientVersion: clientVersion, getBearerToken: getBearerToken,
        baseURLs: baseURLs, retryPolicy: retryPolicy, transport: transport, queryClient: queryClient)
}
