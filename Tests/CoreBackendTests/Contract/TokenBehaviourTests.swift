import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// What the Token API does beyond its request table: the behaviours upstream tests check (upstream test scenarios 140–155).
@Suite("Token API: nil on error, renames, no short-circuits")
struct TokenBehaviourTests {
    private static let zeroDelayRetries = RetryPolicy(maxRetries: 3, baseDelay: .zero, maxDelay: .zero)

    @Test("token metadata returns nil on a 500 after every retry; its options still throw (scenario 147)")
    func metadataNilOnError() async throws {
        let harness = try Harness(retryPolicy: Self.zeroDelayRetries)
        defer { harness.backend.stop() }
        harness.backend.override("token", "V1TokenMetadata", with: .init(status: 500))
        #expect(await harness.client.token.fetchV1TokenMetadata(chainId: 1, tokenAddress: "0xtoken") == nil)
        #expect(harness.backend.requestCount("token", "V1TokenMetadata") == 4)
        let error = await #expect(throws: APIError.self) {
            try await harness.client.token.getV1TokenMetadataQueryOptions(chainId: 1, tokenAddress: "0xtoken")
                .queryFunction()
        }
        #expect(error?.operationId == "V1TokenMetadata")
        #expect((error?.underlyingError as? HTTPError)?.status == 500)
        harness.backend.override("token", "V1TokenMetadata", with: .init(status: 404))
        #expect(await harness.client.token.fetchV1TokenMetadata(chainId: 1, tokenAddress: "0xother") == nil)
        // + the query function once, + one 404 (not retried)
        #expect(harness.backend.requestCount("token", "V1TokenMetadata") == 6)
        #expect(
            harness.client.getCachedData(
                ["token", "v1Metadata", ["chainId": 1, "tokenAddress": "0xtoken"]], as: TokenMetadata.self) == nil)
    }

    @Test("token description returns nil on a 500 after every retry and on undecodable JSON (scenario 149)")
    func descriptionNilOnError() async throws {
        let harness = try Harness(retryPolicy: Self.zeroDelayRetries)
        defer { harness.backend.stop() }
        harness.backend.override("token", "TokenDescription", with: .init(status: 500))
        #expect(await harness.client.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken") == nil)
        #expect(harness.backend.requestCount("token", "TokenDescription") == 4)
        harness.backend.override("token", "TokenDescription", with: .init(body: "not json"))
        #expect(await harness.client.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken") == nil)
        harness.backend.override("token", "TokenDescription", with: .init(body: #"{"description":"Chainlink"}"#))
        #expect(
            await harness.client.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken")?.description
                == "Chainlink")
    }

    @Test("metadata is returned as decoded (scenario 146)")
    func metadataDecoded() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let sample = try String(decoding: Samples.data("token.token-metadata.json"), as: UTF8.self)
        harness.backend.override("token", "V1TokenMetadata", with: .init(body: sample))
        let metadata = try #require(
            await harness.client.token.fetchV1TokenMetadata(
                chainId: 1, tokenAddress: "0x514910771af9ca656af840dff83e8264ecf986ca"))
        #expect(
            metadata.symbol == "LINK" && metadata.decimals == 18 && metadata.occurrences == 11
                && metadata.iconUrl == nil)
        #expect(harness.backend.requests.first?.queryValue("address") == "0x514910771af9ca656af840dff83e8264ecf986ca")
    }

    @Test("renames: tokenAddress → address, sortBy → sort")
    func renames() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = await harness.client.token.fetchTokenDescription(chainId: 137, tokenAddress: "0xabc")
        _ = try await harness.client.token.fetchV3TrendingTokens(
            chainIds: ["eip155:1"], queryOptions: .init(sortBy: .m5Trending))
        #expect(
            harness.targets(prefix: "token") == [
                "/token/137/description?address=0xabc",
                "/v3/tokens/trending?chainIds=eip155%3A1&sort=m5_trending",
            ])
        let key = harness.client.token.getV3TrendingTokensQueryOptions(
            chainIds: ["eip155:1"], queryOptions: .init(sortBy: .m5Trending)
        ).queryKey
        #expect(key.hash == #"["token","v3Trending",{"chainIds":["eip155:1"],"options":{"sortBy":"m5_trending"}}]"#)
    }

    @Test("trending endpoints have no short-circuit: [] is sent as chainIds=")
    func noShortCircuit() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.token.fetchV3TrendingTokens(chainIds: [])
        _ = try await harness.client.token.fetchV3TopGainers(chainIds: [])
        _ = try await harness.client.token.fetchV3PopularTokens(chainIds: [])
        #expect(
            harness.targets(prefix: "token") == [
                "/v3/tokens/trending?chainIds=", "/v3/tokens/top-gainers?chainIds=", "/v3/tokens/popular?chainIds=",
            ])
    }

    @Test("nested options: none and an empty struct are different entries")
    func emptyOptionsDiffer() throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let none = harness.client.token.getTokenListQueryOptions(chainId: 1).queryKey
        let empty = harness.client.token.getTokenListQueryOptions(chainId: 1, queryOptions: .init()).queryKey
        #expect(none.hash == #"["token","tokenList",{"chainId":1}]"#)
        #expect(empty.hash == #"["token","tokenList",{"chainId":1,"options":{}}]"#)
    }

    @Test("security data of trending tokens decodes (scenario 151)")
    func securityData() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let sample = try String(decoding: Samples.data("token.v3.tokens-trending.json"), as: UTF8.self)
        harness.backend.override("token", "V3TrendingTokens", with: .init(body: sample))
        let tokens = try await harness.client.token.fetchV3TrendingTokens(
            chainIds: ["eip155:1"], queryOptions: .init(includeTokenSecurityData: true))
        let security = try #require(tokens.first?.securityData)
        #expect(security.resultType == "Verified" && security.maliciousScore == "0.0")
        #expect(security.financialStats?.holdersCount == 2_877_494)
        #expect(harness.backend.requests.first?.queryValue("includeTokenSecurityData") == "true")
    }

    @Test("invalidateToken never touches tokens entries (scenarios 140–141)")
    func invalidation() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let client = harness.client
        client.setCachedData(["token", "networks"], 1)
        client.setCachedData(["tokens", "v1SupportedNetworks"], 2)
        await client.token.invalidateToken()
        #expect(client.queryClient.queryState(["token", "networks"], as: Int.self)?.isInvalidated == true)
        #expect(client.queryClient.queryState(["tokens", "v1SupportedNetworks"], as: Int.self)?.isInvalidated == false)
    }
}
