import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("ApiPlatformClient: headers, token, errors, cache over real HTTP")
struct ApiPlatformClientTests {
    @Test("the four clients share the unified client's cache")
    func sharedCache() throws {
        let client = ApiPlatformClient(clientProduct: "test-client")
        #expect(client.accounts.queryClient === client.queryClient)
        #expect(client.prices.queryClient === client.queryClient)
        #expect(client.token.queryClient === client.queryClient)
        #expect(client.tokens.queryClient === client.queryClient)
        let supplied = QueryClient()
        #expect(createApiPlatformClient(clientProduct: "x", queryClient: supplied).tokens.queryClient === supplied)
        #expect(APIBaseURLs.production.prices.absoluteString == "https://price.api.cx.metamask.io")
    }

    @Test("without a client version no version header is sent")
    func noVersionHeader() async throws {
        let harness = try Harness(clientVersion: nil)
        defer { harness.backend.stop() }
        _ = try await harness.client.accounts.fetchV1SupportedNetworks()
        #expect(harness.backend.requests.first?.header("x-metamask-clientversion") == nil)
        #expect(harness.backend.requests.first?.target == "/accounts/v1/supportedNetworks")
    }

    @Test("a bearer token is sent, cached for five minutes and shared by concurrent requests")
    func bearerToken() async throws {
        let clock = TestClock()
        let calls = Locked(0)
        let harness = try Harness(clock: clock) {
            calls.withLock { $0 += 1 }
            return "my-auth-token"
        }
        defer { harness.backend.stop() }
        async let a = harness.client.accounts.fetchV1SupportedNetworks(options: .init(staleTime: .zero))
        async let b = harness.client.prices.fetchPriceV1SupportedNetworks(options: .init(staleTime: .zero))
        _ = try await (a, b)
        #expect(calls.withLock { $0 } == 1)
        clock.advance(by: .seconds(299))
        _ = try await harness.client.accounts.fetchV1SupportedNetworks(options: .init(staleTime: .zero))
        #expect(calls.withLock { $0 } == 1)
        clock.advance(by: .seconds(1))
        _ = try await harness.client.accounts.fetchV1SupportedNetworks(options: .init(staleTime: .zero))
        #expect(calls.withLock { $0 } == 2)
        #expect(harness.backend.requests.allSatisfy { $0.header("Authorization") == "Bearer my-auth-token" })
        #expect(harness.client.getCachedData(["auth", "bearerToken"], as: BearerToken.self)?.value == "my-auth-token")
        await harness.client.invalidateAuthToken()
        #expect(harness.client.getCachedData(["auth", "bearerToken"], as: BearerToken.self) == nil)
        _ = try await harness.client.accounts.fetchV1SupportedNetworks(options: .init(staleTime: .zero))
        #expect(calls.withLock { $0 } == 3)
    }

    @Test("a missing or failing token is never cached and the request goes out unauthenticated")
    func missingToken() async throws {
        struct Unavailable: Error {}
        let calls = Locked(0)
        let harness = try Harness {
            let n = calls.withLock {
                $0 += 1; return $0
            }
            if n == 2 { throw Unavailable() }
            return n == 1 ? nil : ""
        }
        defer { harness.backend.stop() }
        for _ in 0..<3 {
            _ = try await harness.client.accounts.fetchV1SupportedNetworks(options: .init(staleTime: .zero))
        }
        #expect(calls.withLock { $0 } == 3)
        #expect(harness.backend.requests.count == 3)
        #expect(harness.backend.requests.allSatisfy { $0.header("Authorization") == nil })
    }

    @Test("a 500 becomes APIError.Kind.http with status, reason, URL and JSON body, naming the operation")
    func httpError() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override(
            "accounts", "V1SupportedNetworks", with: .init(status: 500, body: #"{"error":"boom"}"#))
        let apiError = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1SupportedNetworks()
        }
        #expect(apiError?.operationId == "V1SupportedNetworks")
        #expect(apiError?.url == harness.backend.baseURL.absoluteString + "/accounts/v1/supportedNetworks")
        guard case .http(let response)? = apiError?.kind else {
            Issue.record("\(String(describing: apiError))")
            return
        }
        #expect(apiError?.underlyingError as? HTTPError == response)
        let error = Optional(response)
        #expect(error?.status == 500)
        #expect(error?.statusText == "Internal Server Error")
        #expect(error?.message == "HTTP 500: Internal Server Error")
        #expect(error?.url == harness.backend.baseURL.absoluteString + "/accounts/v1/supportedNetworks")
        #expect(error?.body == ["error": "boom"])
    }

    @Test(
        "retries: 5xx, 408 and 429 are retried up to 4 attempts, other 4xx fail at once",
        arguments: [(500, 4), (503, 4), (429, 4), (408, 4), (404, 1), (400, 1), (401, 1)])
    func retryCounts(status: Int, attempts: Int) async throws {
        let harness = try Harness(retryPolicy: RetryPolicy(maxRetries: 3, baseDelay: .zero, maxDelay: .zero))
        defer { harness.backend.stop() }
        harness.backend.override("accounts", "V2AccountTokens", with: .init(status: status))
        let error = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV2AccountTokens(address: "0x1")
        }
        guard case .http(let response)? = error?.kind else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(response.status == status)
        #expect(harness.backend.requestCount("accounts", "V2AccountTokens") == attempts)
    }

    @Test("invalid JSON is retried and reported with the URL and the failing field")
    func decodingFailure() async throws {
        let harness = try Harness(retryPolicy: RetryPolicy(maxRetries: 3, baseDelay: .zero, maxDelay: .zero))
        defer { harness.backend.stop() }
        harness.backend.override("accounts", "V1SupportedNetworks", with: .init(body: #"{"supportedNetworks":["x"]}"#))
        let error = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1SupportedNetworks()
        }
        guard let error, case .decoding(let path, _) = error.kind else {
            Issue.record("expected a decoding error, got \(String(describing: error))")
            return
        }
        #expect(error.operationId == "V1SupportedNetworks")
        #expect(error.url.hasSuffix("/accounts/v1/supportedNetworks"))
        #expect(error.underlyingError is DecodingError)
        #expect(path == "supportedNetworks[0]")
        #expect(harness.backend.requestCount("accounts", "V1SupportedNetworks") == 4)
        harness.backend.override("accounts", "V1SupportedNetworks", with: .init(body: "not json"))
        await #expect(throws: APIError.self) { try await harness.client.accounts.fetchV1SupportedNetworks() }
    }

    @Test("two calls make one request; concurrent calls share one request")
    func cacheAndDeduplication() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override("accounts", "V1SupportedNetworks", with: .init(latency: .milliseconds(50)))
        async let a = harness.client.accounts.fetchV1SupportedNetworks()
        async let b = harness.client.accounts.fetchV1SupportedNetworks()
        async let c = harness.client.accounts.fetchV1SupportedNetworks()
        let results = try await [a, b, c]
        #expect(Set(results).count == 1)
        _ = try await harness.client.accounts.fetchV1SupportedNetworks()
        #expect(harness.backend.requestCount("accounts", "V1SupportedNetworks") == 1)
    }

    @Test("1,000 concurrent identical fetches make exactly one request")
    func thousandConcurrent() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override("accounts", "V2Balances", with: .init(latency: .milliseconds(20)))
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await harness.client.accounts.fetchV2Balances(address: "0xabc").count }
            }
            for try await count in group { #expect(count == 6) }
        }
        #expect(harness.backend.requestCount("accounts", "V2Balances") == 1)
    }

    @Test("cache management: set/get, invalidators, invalidateAll, clear, isFetching")
    func cacheManagement() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let client = harness.client
        client.setCachedData(
            ["accounts", "v1SupportedNetworks"], V1SupportedNetworksResponse(supportedNetworks: [1, 137]))
        #expect(
            client.getCachedData(["accounts", "v1SupportedNetworks"], as: V1SupportedNetworksResponse.self)?
                .supportedNetworks == [1, 137])
        #expect(client.getCachedData(["never"], as: Int.self) == nil)
        client.setCachedData(["accounts", "balances", "v2", ["address": "0x123"]], 1)
        client.setCachedData(["accounts", "v2Tokens"], 2)
        client.setCachedData(["prices", "v1SupportedNetworks"], 3)
        client.setCachedData(["tokens", "v1SupportedNetworks"], 4)
        client.setCachedData(["token", "networks"], 5)
        func invalidated(_ key: QueryKey) -> Bool {
            client.queryClient.queryState(key, as: Int.self)?.isInvalidated == true
        }
        await client.accounts.invalidateBalances()
        #expect(
            invalidated(["accounts", "balances", "v2", ["address": "0x123"]]) && !invalidated(["accounts", "v2Tokens"]))
        await client.accounts.invalidateAccounts()
        #expect(invalidated(["accounts", "v2Tokens"]))
        await client.token.invalidateToken()
        #expect(invalidated(["token", "networks"]) && !invalidated(["tokens", "v1SupportedNetworks"]))
        await client.tokens.invalidateTokens()
        #expect(invalidated(["tokens", "v1SupportedNetworks"]) && !invalidated(["prices", "v1SupportedNetworks"]))
        await client.prices.invalidatePrices()
        #expect(invalidated(["prices", "v1SupportedNetworks"]))
        client.setCachedData(["auth", "bearerToken"], "t")
        await client.invalidateAll()
        #expect(client.queryClient.queryState(["auth", "bearerToken"], as: String.self)?.isInvalidated == true)
        #expect(!client.isFetching(["accounts", "v1SupportedNetworks"]))
        client.clear()
        #expect(client.getCachedData(["prices", "v1SupportedNetworks"], as: Int.self) == nil)
        #expect(client.queryClient.entryCount == 0)
    }

    @Test("the dynamic call entry point decodes JSON arguments and rejects bad ones")
    func dynamicCall() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let json = try await harness.client.call(
            api: "accounts", operationId: "V2Balances", arguments: ["address": "0x1", "networks": [1, 137]])
        #expect(json["count"] == 6)
        #expect(harness.backend.requests.last?.target == "/accounts/v2/accounts/0x1/balances?networks=1%2C137")
        await #expect(throws: APIError.self) {
            try await harness.client.call(api: "accounts", operationId: "V2Balances", arguments: [:])
        }
        await #expect(throws: APIError.self) {
            try await harness.client.call(api: "accounts", operationId: "V2Balances", arguments: ["address": 5])
        }
        await #expect(throws: APIError.self) {
            try await harness.client.call(
                api: "accounts", operationId: "V2Balances", arguments: ["address": "a", "bogus": 1])
        }
        await #expect(throws: APIError.self) { try await harness.client.call(api: "nope", operationId: "X") }
    }

    @Test("the mock backend answers unknown paths with a 404 JSON body")
    func unknownPath() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let (data, response) = try await URLSession.shared.data(
            from: backend.baseURL.appendingPathComponent("accounts/v9/nothing"))
        #expect((response as? HTTPURLResponse)?.statusCode == 404)
        #expect(String(decoding: data, as: UTF8.self).contains("NOT_FOUND"))
    }
}
