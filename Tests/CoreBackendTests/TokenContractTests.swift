import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// One row per Token operation: how to call it and the exact request it must produce (upstream test
/// scenarios 142–155). Targets are relative to the mock backend's `/token` prefix.
let tokenRows: [ContractRow] = [
    ContractRow(
        operationId: "Networks", target: "/networks",
        call: { _ = try await $0.token.fetchNetworks() },
        key: { let o = $0.token.getNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "NetworkByChainId", target: "/networks/1",
        call: { _ = try await $0.token.fetchNetworkByChainId(chainId: 1) },
        key: { let o = $0.token.getNetworkByChainIdQueryOptions(chainId: 1); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "TokenList", target: "/tokens/1?includeOccurrences=false&includeIconUrl=true",
        call: { _ = try await $0.token.fetchTokenList(chainId: 1, queryOptions: .init(includeOccurrences: false, includeIconUrl: true)) },
        key: {
            let o = $0.token.getTokenListQueryOptions(chainId: 1, queryOptions: .init(includeOccurrences: true, includeIconUrl: true))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1TokenMetadata",
        target: "/token/1?address=0xtoken&includeTokenFees=true&includeAggregators=true&includeName=false",
        call: {
            let metadata = await $0.token.fetchV1TokenMetadata(
                chainId: 1, tokenAddress: "0xtoken", queryOptions: .init(includeTokenFees: true, includeAggregators: true, includeName: false))
            #expect(metadata != nil)
        },
        key: {
            let o = $0.token.getV1TokenMetadataQueryOptions(chainId: 1, tokenAddress: "0xtoken", queryOptions: .init(includeAggregators: true))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "TokenDescription", target: "/token/1/description?address=0xtoken",
        call: { #expect(await $0.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken") != nil) },
        key: { let o = $0.token.getTokenDescriptionQueryOptions(chainId: 1, tokenAddress: "0xtoken"); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "V3TrendingTokens",
        target: "/v3/tokens/trending?chainIds=eip155%3A1%2Ceip155%3A137&sort=h24_trending&minLiquidity=1000&minVolume24hUsd=0.5&maxMarketCap=1000000000&includeTokenSecurityData=true",
        call: {
            _ = try await $0.token.fetchV3TrendingTokens(
                chainIds: ["eip155:1", "eip155:137"],
                queryOptions: .init(sortBy: .h24Trending, minLiquidity: 1_000, minVolume24hUsd: 0.5, maxMarketCap: 1e9, includeTokenSecurityData: true))
        },
        key: {
            let o = $0.token.getV3TrendingTokensQueryOptions(chainIds: ["eip155:137", "eip155:1"], queryOptions: .init(sortBy: .h1Trending))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3TopGainers",
        target: "/v3/tokens/top-gainers?chainIds=1&sort=h24_price_change_percentage_desc&blockRegion=us&minVolume24hUsd=10",
        call: {
            _ = try await $0.token.fetchV3TopGainers(
                chainIds: ["1"], queryOptions: .init(sort: .h24PriceChangePercentageDesc, blockRegion: .us, minVolume24hUsd: 10))
        },
        key: {
            let o = $0.token.getV3TopGainersQueryOptions(chainIds: ["137", "1", "56"], queryOptions: .init(blockRegion: .global))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3PopularTokens", target: "/v3/tokens/popular?chainIds=1&blockRegion=global&minLiquidity=10",
        call: { _ = try await $0.token.fetchV3PopularTokens(chainIds: ["1"], queryOptions: .init(blockRegion: .global, minLiquidity: 10)) },
        key: { let o = $0.token.getV3PopularTokensQueryOptions(chainIds: ["1"]); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "TopAssets", target: "/topAssets/1",
        call: { _ = try await $0.token.fetchTopAssets(chainId: 1) },
        key: { let o = $0.token.getTopAssetsQueryOptions(chainId: 1); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "V1SuggestedOccurrenceFloors", target: "/v1/suggestedOccurrenceFloors",
        call: { _ = try await $0.token.fetchV1SuggestedOccurrenceFloors() },
        key: { let o = $0.token.getV1SuggestedOccurrenceFloorsQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime) }),
]

/// The expected canonical keys and times (upstream §2.3). Note the JavaScript string sort of chain ids.
let tokenKeys: [String: (String, Duration, Duration)] = [
    "Networks": (#"["token","networks"]"#, .seconds(1_800), .seconds(1_800)),
    "NetworkByChainId": (#"["token","networkByChainId",1]"#, .seconds(1_800), .seconds(1_800)),
    "TokenList": (#"["token","tokenList",{"chainId":1,"options":{"includeIconUrl":true,"includeOccurrences":true}}]"#, .seconds(600), .seconds(1_800)),
    "V1TokenMetadata": (#"["token","v1Metadata",{"chainId":1,"options":{"includeAggregators":true},"tokenAddress":"0xtoken"}]"#, .seconds(300), .seconds(1_800)),
    "TokenDescription": (#"["token","tokenDescription",1,"0xtoken"]"#, .seconds(300), .seconds(1_800)),
    "V3TrendingTokens": (#"["token","v3Trending",{"chainIds":["eip155:1","eip155:137"],"options":{"sortBy":"h1_trending"}}]"#, .seconds(120), .seconds(120)),
    "V3TopGainers": (#"["token","v3TopGainers",{"chainIds":["1","137","56"],"options":{"blockRegion":"global"}}]"#, .seconds(120), .seconds(120)),
    "V3PopularTokens": (#"["token","v3Popular",{"chainIds":["1"]}]"#, .seconds(120), .seconds(120)),
    "TopAssets": (#"["token","topAssets",1]"#, .seconds(120), .seconds(120)),
    "V1SuggestedOccurrenceFloors": (#"["token","v1SuggestedOccurrenceFloors"]"#, .seconds(1_800), .seconds(1_800)),
]

@Suite("Token API contract over real HTTP")
struct TokenContractTests {
    @Test("every operation sends the exact request line and headers", arguments: tokenRows)
    func request(row: ContractRow) async throws {
        try await checkRequest(row, api: "token")
    }

    @Test("cache keys and times match upstream", arguments: tokenRows.filter { $0.key != nil })
    func keys(row: ContractRow) throws {
        try checkKey(row, api: "token", expected: tokenKeys)
    }

    @Test("the table covers every Token operation of the spec")
    func tableIsComplete() {
        #expect(Set(tokenRows.map(\.operationId)) == Set(TokenApiClient.operations.map(\.operationId)))
        #expect(Set(tokenKeys.keys) == Set(TokenApiClient.operations.map(\.operationId)))
        #expect(TokenApiClient.operations.count == 10)
        #expect(tokenRows.count == 10)
    }

    @Test("every spec example decodes through the generated client")
    func examplesDecode() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        for row in tokenRows { try await row.call(harness.client) }
    }
}

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
        await #expect(throws: HTTPError.self) {
            try await harness.client.token.getV1TokenMetadataQueryOptions(chainId: 1, tokenAddress: "0xtoken").queryFunction()
        }
        harness.backend.override("token", "V1TokenMetadata", with: .init(status: 404))
        #expect(await harness.client.token.fetchV1TokenMetadata(chainId: 1, tokenAddress: "0xother") == nil)
        #expect(harness.backend.requestCount("token", "V1TokenMetadata") == 6)  // + the query function once, + one 404 (not retried)
        #expect(harness.client.getCachedData(["token", "v1Metadata", ["chainId": 1, "tokenAddress": "0xtoken"]], as: TokenMetadata.self) == nil)
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
        #expect(await harness.client.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken")?.description == "Chainlink")
    }

    @Test("metadata is returned as decoded (scenario 146)")
    func metadataDecoded() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let sample = try String(decoding: Samples.data("token.token-metadata.json"), as: UTF8.self)
        harness.backend.override("token", "V1TokenMetadata", with: .init(body: sample))
        let metadata = try #require(await harness.client.token.fetchV1TokenMetadata(chainId: 1, tokenAddress: "0x514910771af9ca656af840dff83e8264ecf986ca"))
        #expect(metadata.symbol == "LINK" && metadata.decimals == 18 && metadata.occurrences == 11 && metadata.iconUrl == nil)
        #expect(harness.backend.requests.first?.queryValue("address") == "0x514910771af9ca656af840dff83e8264ecf986ca")
    }

    @Test("renames: tokenAddress → address, sortBy → sort")
    func renames() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = await harness.client.token.fetchTokenDescription(chainId: 137, tokenAddress: "0xabc")
        _ = try await harness.client.token.fetchV3TrendingTokens(chainIds: ["eip155:1"], queryOptions: .init(sortBy: .m5Trending))
        #expect(harness.targets(prefix: "token") == [
            "/token/137/description?address=0xabc",
            "/v3/tokens/trending?chainIds=eip155%3A1&sort=m5_trending",
        ])
        let key = harness.client.token.getV3TrendingTokensQueryOptions(chainIds: ["eip155:1"], queryOptions: .init(sortBy: .m5Trending)).queryKey
        #expect(key.hash == #"["token","v3Trending",{"chainIds":["eip155:1"],"options":{"sortBy":"m5_trending"}}]"#)
    }

    @Test("trending endpoints have no short-circuit: [] is sent as chainIds=")
    func noShortCircuit() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.token.fetchV3TrendingTokens(chainIds: [])
        _ = try await harness.client.token.fetchV3TopGainers(chainIds: [])
        _ = try await harness.client.token.fetchV3PopularTokens(chainIds: [])
        #expect(harness.targets(prefix: "token") == [
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
        let tokens = try await harness.client.token.fetchV3TrendingTokens(chainIds: ["eip155:1"], queryOptions: .init(includeTokenSecurityData: true))
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
