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
        key: {
            let o = $0.tokens.getTokenV1SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "TokenV2SupportedNetworks", target: "/v2/supportedNetworks",
        call: { _ = try await $0.tokens.fetchTokenV2SupportedNetworks() },
        key: {
            let o = $0.tokens.getTokenV2SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3Assets",
        target:
            "/v3/assets?assetIds=eip155%3A1%2Ferc20%3A0xtoken%2Ceip155%3A1%2Fslip44%3A60&includeIconUrl=true&includeAggregators=false&includeOccurrences=true",
        call: {
            _ = try await $0.tokens.fetchV3Assets(
                assetIds: ["eip155:1/erc20:0xtoken", "eip155:1/slip44:60"],
                queryOptions: .init(includeIconUrl: true, includeAggregators: false, includeOccurrences: true))
        },
        key: {
            let o = $0.tokens.getV3AssetsQueryOptions(
                assetIds: ["eip155:1/slip44:60", "eip155:1/erc20:0xtoken"], queryOptions: .init(includeMarketData: true)
            )
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
]

/// The expected canonical keys and times (upstream §2.4). The v3 assets key is flattened.
let tokensKeys: [String: (String, Duration, Duration)] = [
    "TokenV1SupportedNetworks": (#"["tokens","v1SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "TokenV2SupportedNetworks": (#"["tokens","v2SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "V3Assets": (
        #"["tokens","v3Assets",{"assetIds":["eip155:1/erc20:0xtoken","eip155:1/slip44:60"],"includeMarketData":true}]"#,
        .seconds(300), .seconds(1_800)
    ),
]
