import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// One row per Tokens operation: how to call it and the exact request it must produce (upstream test
/// scenarios 158–160). Targets are relative to the mock backend's `/tokens` prefix.
let tokensRows: [ContractRow] = [
    ContractRow(
        operationId: "TokenV1SupportedNetworks", target: "/v1/supportedNetworks",
        call: { _ = try await $0.tokens.fetchTokenV1SupportedNetworks() },
        key: { let o = $0.tokens.getTokenV1SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "TokenV2SupportedNetworks", target: "/v2/supportedNetworks",
        call: { _ = try await $0.tokens.fetchTokenV2SupportedNetworks() },
        key: { let o = $0.tokens.getTokenV2SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime) }),
    ContractRow(
        operationId: "V3Assets",
        target: "/v3/assets?assetIds=eip155%3A1%2Ferc20%3A0xtoken%2Ceip155%3A1%2Fslip44%3A60&includeIconUrl=true&includeAggregators=false&includeOccurrences=true",
        call: {
            _ = try await $0.tokens.fetchV3Assets(
                assetIds: ["eip155:1/erc20:0xtoken", "eip155:1/slip44:60"],
                queryOptions: .init(includeIconUrl: true, includeAggregators: false, includeOccurrences: true))
        },
        key: {
            let o = $0.tokens.getV3AssetsQueryOptions(assetIds: ["eip155:1/slip44:60", "eip155:1/erc20:0xtoken"], queryOptions: .init(includeMarketData: true))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
]

/// The expected canonical keys and times (upstream §2.4). The v3 assets key is flattened.
let tokensKeys: [String: (String, Duration, Duration)] = [
    "TokenV1SupportedNetworks": (#"["tokens","v1SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "TokenV2SupportedNetworks": (#"["tokens","v2SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "V3Assets": (#"["tokens","v3Assets",{"assetIds":["eip155:1/erc20:0xtoken","eip155:1/slip44:60"],"includeMarketData":true}]"#, .seconds(300), .seconds(1_800)),
]

@Suite("Tokens API contract over real HTTP")
struct TokensContractTests {
    @Test("every operation sends the exact request line and headers", arguments: tokensRows)
    func request(row: ContractRow) async throws {
        try await checkRequest(row, api: "tokens")
    }

    @Test("cache keys and times match upstream", arguments: tokensRows.filter { $0.key != nil })
    func keys(row: ContractRow) throws {
        try checkKey(row, api: "tokens", expected: tokensKeys)
    }

    @Test("the table covers every Tokens operation of the spec")
    func tableIsComplete() {
        #expect(Set(tokensRows.map(\.operationId)) == Set(TokensApiClient.operations.map(\.operationId)))
        #expect(Set(tokensKeys.keys) == Set(TokensApiClient.operations.map(\.operationId)))
        #expect(TokensApiClient.operations.count == 3)
    }

    @Test("every spec example decodes through the generated client")
    func examplesDecode() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        for row in tokensRows { try await row.call(harness.client) }
    }
}

@Suite("Tokens API: short-circuit, flattened key, responses")
struct TokensBehaviourTests {
    @Test("an empty id list returns [] without a request or a cache entry, also from the query function (161–162)")
    func shortCircuit() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        #expect(try await harness.client.tokens.fetchV3Assets(assetIds: []).isEmpty)
        #expect(try await harness.client.tokens.fetchV3Assets(assetIds: [], queryOptions: .init(includeIconUrl: true)).isEmpty)
        #expect(try await harness.client.tokens.getV3AssetsQueryOptions(assetIds: []).queryFunction().isEmpty)
        #expect(harness.backend.requests.isEmpty)
        #expect(harness.client.queryClient.entryCount == 0)
    }

    @Test("the flattened key: no options and empty options are the same entry; false flags stay in the key")
    func flattenedKey() throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let tokens = harness.client.tokens
        let none = tokens.getV3AssetsQueryOptions(assetIds: ["b", "a"]).queryKey
        #expect(none == tokens.getV3AssetsQueryOptions(assetIds: ["a", "b"], queryOptions: .init()).queryKey)
        #expect(none.hash == #"["tokens","v3Assets",{"assetIds":["a","b"]}]"#)
        let flags = tokens.getV3AssetsQueryOptions(assetIds: ["a"], queryOptions: .init(includeRwaData: false, includeOccurrences: true)).queryKey
        #expect(flags.hash == #"["tokens","v3Assets",{"assetIds":["a"],"includeOccurrences":true,"includeRwaData":false}]"#)
    }

    @Test("assets are returned as decoded (scenario 160)")
    func assets() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let sample = try String(decoding: Samples.data("tokens.v3.assets.json"), as: UTF8.self)
        harness.backend.override("tokens", "V3Assets", with: .init(body: sample))
        let assets = try await harness.client.tokens.fetchV3Assets(assetIds: ["eip155:1/erc20:0xtoken"])
        let asset = try #require(assets.first)
        #expect(asset.assetId == "eip155:1/erc20:0xtoken" && asset.symbol == "TKN" && asset.decimals == 18)
        #expect(asset.fees == V3AssetFees(avgFee: 0, maxFee: 0, minFee: 0))
        #expect(asset.honeypotStatus?.honeypotIs == false && asset.honeypotStatus?.goPlus == nil)
        #expect(asset.storage == V3AssetStorage(balance: 1, approval: 2))
        #expect(asset.description == nil)
    }

    @Test("v2 supported networks decode (scenario 159); invalidateTokens never touches token entries (156–157)")
    func supportedNetworksAndInvalidation() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override("tokens", "TokenV2SupportedNetworks", with: .init(body: #"{"fullSupport":["eip155:1"],"partialSupport":["eip155:56"]}"#))
        let networks = try await harness.client.tokens.fetchTokenV2SupportedNetworks()
        #expect(networks == V2TokenSupportedNetworksResponse(fullSupport: ["eip155:1"], partialSupport: ["eip155:56"]))
        let client = harness.client
        client.setCachedData(["token", "networks"], 1)
        await client.tokens.invalidateTokens()
        #expect(client.queryClient.queryState(["tokens", "v2SupportedNetworks"], as: V2TokenSupportedNetworksResponse.self)?.isInvalidated == true)
        #expect(client.queryClient.queryState(["token", "networks"], as: Int.self)?.isInvalidated == false)
    }
}
