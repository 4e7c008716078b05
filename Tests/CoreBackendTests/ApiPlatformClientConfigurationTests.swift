import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One configuration value behind every constructor, and the client's retry policy on a shared cache.
@Suite("ApiPlatformClient.Configuration")
struct ApiPlatformClientConfigurationTests {
    /// Retries fast enough for a test: 1–2 ms apart.
    private static func retries(_ count: Int) -> RetryPolicy {
        RetryPolicy(maxRetries: count, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
    }

    /// A client of `backend` on `cache`, with its own session so no pooled connection outlives the server.
    private static func client(_ backend: MockBackend, retryPolicy: RetryPolicy?, cache: QueryClient)
        -> ApiPlatformClient
    {
        ApiPlatformClient(
            clientProduct: "config-tests", baseURLs: backend.baseURLs, retryPolicy: retryPolicy,
            transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)), queryClient: cache)
    }

    /// The requests one failing `fetchV1SupportedNetworks` call makes.
    private static func attempts(
        _ client: ApiPlatformClient, _ backend: MockBackend, options: FetchOptions? = nil
    ) async -> Int {
        let before = backend.requestCount("accounts", "V1SupportedNetworks")
        _ = try? await client.accounts.fetchV1SupportedNetworks(options: options)
        return backend.requestCount("accounts", "V1SupportedNetworks") - before
    }

    // The bug: a retry policy given with a shared QueryClient was silently dropped (one attempt, not three).
    @Test("a client's retry policy applies on a shared QueryClient that never retries")
    func retryPolicyOnSharedCache() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        backend.override("accounts", "V1SupportedNetworks", with: .init(status: 503))
        let shared = QueryClient(configuration: .init(retryPolicy: .never))
        let client = Self.client(backend, retryPolicy: Self.retries(2), cache: shared)
        #expect(await Self.attempts(client, backend) == 3)
        #expect(client.configuration.apiClient.retryPolicy == Self.retries(2))
    }

    // Per call beats per client beats the cache; nil leaves it to the cache; clients on one cache differ.
    @Test("retry precedence: FetchOptions, then the client's policy, then the cache's")
    func retryPrecedence() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        backend.override("accounts", "V1SupportedNetworks", with: .init(status: 503))
        let shared = QueryClient(configuration: .init(retryPolicy: Self.retries(1)))
        let retrying = Self.client(backend, retryPolicy: Self.retries(2), cache: shared)
        let never = Self.client(backend, retryPolicy: .never, cache: shared)
        let inherits = Self.client(backend, retryPolicy: nil, cache: shared)
        #expect(await Self.attempts(retrying, backend) == 3)
        #expect(await Self.attempts(never, backend) == 1)
        #expect(await Self.attempts(inherits, backend) == 2)
        #expect(await Self.attempts(retrying, backend, options: FetchOptions(retryPolicy: .never)) == 1)
        #expect(await Self.attempts(never, backend, options: FetchOptions(retryPolicy: Self.retries(1))) == 2)
    }

    // The query options a client hands out carry its policy, so observers and fetchQuery use it too.
    @Test("get*QueryOptions carry the client's retry policy unless the call names one")
    func queryOptionsCarryPolicy() {
        let client = ApiPlatformClient(clientProduct: "config-tests", retryPolicy: Self.retries(2))
        #expect(client.accounts.getV1SupportedNetworksQueryOptions().retryPolicy == Self.retries(2))
        let overridden = client.accounts.getV1SupportedNetworksQueryOptions(options: .init(retryPolicy: .never))
        #expect(overridden.retryPolicy == .never)
        let pages = client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(
            params: .init(accountAddresses: ["a"]))
        #expect(pages.retryPolicy == Self.retries(2))
        #expect(ApiPlatformClient(clientProduct: "x").accounts.getV1SupportedNetworksQueryOptions().retryPolicy == nil)
    }

    // Each call shape the README and the doc comments show, plus the configuration-taking ones.
    @Test("every documented call shape compiles and builds the configuration it names")
    func documentedCallShapes() throws {
        let token: @Sendable () async throws -> String? = { "t" }
        let readme = ApiPlatformClient(
            clientProduct: "metamask-ios", clientVersion: "1.0.0", getBearerToken: { try await token() })
        #expect(readme.configuration.apiClient.clientProduct == "metamask-ios")
        #expect(readme.configuration.apiClient.clientVersion == "1.0.0")
        #expect(readme.configuration.apiClient.getBearerToken != nil)
        #expect(readme.configuration.apiClient.retryPolicy == nil && readme.configuration.baseURLs == .production)

        let origin = try #require(URL(string: "http://127.0.0.1:9"))
        let mock = ApiPlatformClient(clientProduct: "tests", baseURLs: MockBackend.baseURLs(origin: origin))
        #expect(mock.configuration.baseURLs == MockBackend.baseURLs(origin: origin))

        let limited = ApiPlatformClient(
            clientProduct: "metamask-ios",
            transport: URLSessionTransport(maximumResponseSize: 16 << 20, timeout: .seconds(10)))
        #expect(limited.configuration.apiClient.transport is URLSessionTransport)

        let everything = ApiPlatformClient(
            clientProduct: "p", clientVersion: "v", getBearerToken: token, baseURLs: .production, retryPolicy: .never,
            transport: URLSessionTransport(), queryClient: readme.queryClient)
        #expect(
            everything.queryClient === readme.queryClient && everything.configuration.apiClient.retryPolicy == .never)

        let shared = QueryClient()
        #expect(createApiPlatformClient(clientProduct: "x", queryClient: shared).tokens.queryClient === shared)
        let messenger = Messenger(namespace: ApiPlatformClientService.name)
        let service = try ApiPlatformClientService(messenger: messenger, clientProduct: "metamask-ios")
        #expect(service.client.configuration.apiClient.clientProduct == "metamask-ios")

        let configuration = ApiPlatformClient.Configuration(
            apiClient: APIClientConfiguration(clientProduct: "c", retryPolicy: .never), queryClient: shared)
        let fromValue = ApiPlatformClient(configuration: configuration)
        #expect(fromValue.queryClient === shared && fromValue.accounts.configuration.retryPolicy == .never)
        #expect(createApiPlatformClient(configuration: configuration).queryClient === shared)
        let other = Messenger(namespace: ApiPlatformClientService.name)
        #expect(
            try ApiPlatformClientService(messenger: other, configuration: configuration).client.queryClient === shared)

        let generated = AccountsApiClient(clientProduct: "g", retryPolicy: .never)
        #expect(generated.configuration.retryPolicy == .never && generated.queryClient !== shared)
        let explicit = AccountsApiClient(configuration: APIClientConfiguration(clientProduct: "g"), queryClient: shared)
        #expect(explicit.queryClient === shared && explicit.configuration.retryPolicy == nil)
    }

    // The stored configuration names the cache actually used, so it makes a sibling client on it.
    @Test("a client's configuration records its cache and rebuilds a client on the same cache")
    func configurationRecordsCache() {
        let client = ApiPlatformClient(clientProduct: "x")
        #expect(client.configuration.queryClient === client.queryClient)
        let sibling = ApiPlatformClient(configuration: client.configuration)
        #expect(sibling.queryClient === client.queryClient && sibling !== client)
    }

    // The production hosts come from the specs' first servers and live in CoreBackend, not the runtime.
    @Test("APIBaseURLs.production is each spec's first server")
    func productionHosts() {
        let production = APIBaseURLs.production
        #expect(production.accounts.absoluteString == "https://accounts.api.cx.metamask.io")
        #expect(production.prices.absoluteString == "https://price.api.cx.metamask.io")
        #expect(production.token.absoluteString == "https://token.api.cx.metamask.io")
        #expect(production.tokens.absoluteString == "https://tokens.api.cx.metamask.io")
        #expect(
            production.accounts == AccountsApiClient.defaultBaseURL
                && production.tokens == TokensApiClient.defaultBaseURL)
    }
}
