import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// What the Tokens API does beyond its request table: the behaviours upstream tests check (upstream test scenarios 156–162).
@Suite("Tokens API: short-circuit, flattened key, responses")
struct TokensBehaviourTests {
    @Test("an empty id list returns [] without a request or a cache entry, also from the query function (161–162)")
    func shortCircuit() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        #expect(try await harness.client.tokens.fetchV3Assets(assetIds: []).isEmpty)
        #expect(
            try await harness.client.tokens.fetchV3Assets(assetIds: [], queryOptions: .init(includeIconUrl: true))
                .isEmpty)
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
        let flags = tokens.getV3AssetsQueryOptions(
            assetIds: ["a"], queryOptions: .init(includeRwaData: false, includeOccurrences: true)
        ).queryKey
        #expect(
            flags.hash == #"["tokens","v3Assets",{"assetIds":["a"],"includeOccurrences":true,"includeRwaData":false}]"#)
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
        harness.backend.override(
            "tokens", "TokenV2SupportedNetworks",
            with: .init(body: #"{"fullSupport":["eip155:1"],"partialSupport":["eip155:56"]}"#))
        let networks = try await harness.client.tokens.fetchTokenV2SupportedNetworks()
        #expect(networks == V2TokenSupportedNetworksResponse(fullSupport: ["eip155:1"], partialSupport: ["eip155:56"]))
        let client = harness.client
        client.setCachedData(["token", "networks"], 1)
        await client.tokens.invalidateTokens()
        #expect(
            client.queryClient.queryState(
                ["tokens", "v2SupportedNetworks"], as: V2TokenSupportedNetworksResponse.self)?.isInvalidated == true)
        #expect(client.queryClient.queryState(["token", "networks"], as: Int.self)?.isInvalidated == false)
    }
}
