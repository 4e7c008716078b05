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
        key: {
            let o = $0.token.getNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "NetworkByChainId", target: "/networks/1",
        call: { _ = try await $0.token.fetchNetworkByChainId(chainId: 1) },
        key: {
            let o = $0.token.getNetworkByChainIdQueryOptions(chainId: 1); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "TokenList", target: "/tokens/1?includeOccurrences=false&includeIconUrl=true",
        call: {
            _ = try await $0.token.fetchTokenList(
                chainId: 1, queryOptions: .init(includeOccurrences: false, includeIconUrl: true))
        },
        key: {
            let o = $0.token.getTokenListQueryOptions(
                chainId: 1, queryOptions: .init(includeOccurrences: true, includeIconUrl: true))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1TokenMetadata",
        target: "/token/1?address=0xtoken&includeTokenFees=true&includeAggregators=true&includeName=false",
        call: {
            let metadata = await $0.token.fetchV1TokenMetadata(
                chainId: 1, tokenAddress: "0xtoken",
                queryOptions: .init(includeTokenFees: true, includeAggregators: true, includeName: false))
            #expect(metadata != nil)
        },
        key: {
            let o = $0.token.getV1TokenMetadataQueryOptions(
                chainId: 1, tokenAddress: "0xtoken", queryOptions: .init(includeAggregators: true))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "TokenDescription", target: "/token/1/description?address=0xtoken",
        call: { #expect(await $0.token.fetchTokenDescription(chainId: 1, tokenAddress: "0xtoken") != nil) },
        key: {
            let o = $0.token.getTokenDescriptionQueryOptions(chainId: 1, tokenAddress: "0xtoken");
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3TrendingTokens",
        target:
            "/v3/tokens/trending?chainIds=eip155%3A1%2Ceip155%3A137&sort=h24_trending&minLiquidity=1000&minVolume24hUsd=0.5&maxMarketCap=1000000000&includeTokenSecurityData=true",
        call: {
            _ = try await $0.token.fetchV3TrendingTokens(
                chainIds: ["eip155:1", "eip155:137"],
                queryOptions: .init(
                    sortBy: .h24Trending, minLiquidity: 1_000, minVolume24hUsd: 0.5, maxMarketCap: 1e9,
                    includeTokenSecurityData: true))
        },
        key: {
            let o = $0.token.getV3TrendingTokensQueryOptions(
                chainIds: ["eip155:137", "eip155:1"], queryOptions: .init(sortBy: .h1Trending))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3TopGainers",
        target:
            "/v3/tokens/top-gainers?chainIds=1&sort=h24_price_change_percentage_desc&blockRegion=us&minVolume24hUsd=10",
        call: {
            _ = try await $0.token.fetchV3TopGainers(
                chainIds: ["1"],
                queryOptions: .init(sort: .h24PriceChangePercentageDesc, blockRegion: .us, minVolume24hUsd: 10))
        },
        key: {
            let o = $0.token.getV3TopGainersQueryOptions(
                chainIds: ["137", "1", "56"], queryOptions: .init(blockRegion: .global))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3PopularTokens", target: "/v3/tokens/popular?chainIds=1&blockRegion=global&minLiquidity=10",
        call: {
            _ = try await $0.token.fetchV3PopularTokens(
                chainIds: ["1"], queryOptions: .init(blockRegion: .global, minLiquidity: 10))
        },
        key: {
            let o = $0.token.getV3PopularTokensQueryOptions(chainIds: ["1"]); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "TopAssets", target: "/topAssets/1",
        call: { _ = try await $0.token.fetchTopAssets(chainId: 1) },
        key: {
            let o = $0.token.getTopAssetsQueryOptions(chainId: 1); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1SuggestedOccurrenceFloors", target: "/v1/suggestedOccurrenceFloors",
        call: { _ = try await $0.token.fetchV1SuggestedOccurrenceFloors() },
        key: {
            let o = $0.token.getV1SuggestedOccurrenceFloorsQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
]

/// The expected canonical keys and times (upstream §2.3). Note the JavaScript string sort of chain ids.
let tokenKeys: [String: (String, Duration, Duration)] = [
    "Networks": (#"["token","networks"]"#, .seconds(1_800), .seconds(1_800)),
    "NetworkByChainId": (#"["token","networkByChainId",1]"#, .seconds(1_800), .seconds(1_800)),
    "TokenList": (
        #"["token","tokenList",{"chainId":1,"options":{"includeIconUrl":true,"includeOccurrences":true}}]"#,
        .seconds(600), .seconds(1_800)
    ),
    "V1TokenMetadata": (
        #"["token","v1Metadata",{"chainId":1,"options":{"includeAggregators":true},"tokenAddress":"0xtoken"}]"#,
        .seconds(300), .seconds(1_800)
    ),
    "TokenDescription": (#"["token","tokenDescription",1,"0xtoken"]"#, .seconds(300), .seconds(1_800)),
    "V3TrendingTokens": (
        #"["token","v3Trending",{"chainIds":["eip155:1","eip155:137"],"options":{"sortBy":"h1_trending"}}]"#,
        .seconds(120), .seconds(120)
    ),
    "V3TopGainers": (
        #"["token","v3TopGainers",{"chainIds":["1","137","56"],"options":{"blockRegion":"global"}}]"#, .seconds(120),
        .seconds(120)
    ),
    "V3PopularTokens": (#"["token","v3Popular",{"chainIds":["1"]}]"#, .seconds(120), .seconds(120)),
    "TopAssets": (#"["token","topAssets",1]"#, .seconds(120), .seconds(120)),
    "V1SuggestedOccurrenceFloors": (#"["token","v1SuggestedOccurrenceFloors"]"#, .seconds(1_800), .seconds(1_800)),
]
