import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

let accountsRows: [ContractRow] = [
    ContractRow(
        operationId: "V1SupportedNetworks", target: "/v1/supportedNetworks",
        call: { _ = try await $0.accounts.fetchV1SupportedNetworks() },
        key: {
            let o = $0.accounts.getV1SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V2SupportedNetworks", target: "/v2/supportedNetworks",
        call: { _ = try await $0.accounts.fetchV2SupportedNetworks() }, key: nil),
    ContractRow(
        operationId: "V2ActiveNetworks",
        target:
            "/v2/activeNetworks?accountIds=eip155%3A1%3A0x123%2Ceip155%3A137%3A0x456&filterMMListTokens=true&networks=eip155%3A1",
        call: {
            _ = try await $0.accounts.fetchV2ActiveNetworks(
                accountIds: ["eip155:1:0x123", "eip155:137:0x456"],
                queryOptions: .init(filterMMListTokens: true, networks: ["eip155:1"]))
        },
        key: {
            let o = $0.accounts.getV2ActiveNetworksQueryOptions(
                accountIds: ["eip155:137:0x456", "eip155:1:0x123"],
                queryOptions: .init(networks: ["eip155:137", "eip155:1"]))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V2Balances",
        target:
            "/v2/accounts/0x123abc/balances?networks=1%2C137&filterSupportedTokens=true&includeTokenAddresses=0xtoken1%2C0xtoken2&includeStakedAssets=true",
        call: {
            _ = try await $0.accounts.fetchV2Balances(
                address: "0x123abc",
                queryOptions: .init(
                    networks: [1, 137], filterSupportedTokens: true, includeTokenAddresses: ["0xtoken1", "0xtoken2"],
                    includeStakedAssets: true))
        },
        key: {
            let o = $0.accounts.getV2BalancesQueryOptions(
                address: "0x123", queryOptions: .init(networks: [56, 137, 1]))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V4MultiAccountBalances",
        target: "/v4/multiaccount/balances?accountAddresses=0x123%2C0x456&networks=1%2C137",
        call: {
            _ = try await $0.accounts.fetchV4MultiAccountBalances(
                accountAddresses: ["0x123", "0x456"], queryOptions: .init(networks: [1, 137]))
        },
        key: nil),
    ContractRow(
        operationId: "V5MultiAccountBalances",
        target:
            "/v5/multiaccount/balances?accountIds=id1%2Cid2&networks=eip155%3A1%2Ceip155%3A137&filterMMListTokens=false&includeStakedAssets=true",
        call: {
            _ = try await $0.accounts.fetchV5MultiAccountBalances(
                accountIds: ["id1", "id2"],
                queryOptions: .init(
                    networks: ["eip155:1", "eip155:137"], filterMMListTokens: false, includeStakedAssets: true))
        },
        key: nil),
    ContractRow(
        operationId: "V6MultiAccountBalances",
        target:
            "/v6/multiaccount/balances?accountIds=eip155%3A1%3A0x123&includeDeFiBalances=true&includePrices=true&vsCurrency=usd&includeAssetIds=eip155%3A1%2Ferc20%3A0xabc",
        call: {
            _ = try await $0.accounts.fetchV6MultiAccountBalances(
                accountIds: ["eip155:1:0x123"],
                queryOptions: .init(
                    includeDeFiBalances: true, includePrices: true, vsCurrency: "usd",
                    includeAssetIds: ["eip155:1/erc20:0xabc"]))
        },
        key: {
            let o = $0.accounts.getV6MultiAccountBalancesQueryOptions(
                accountIds: ["eip155:1:0xzzz", "eip155:1:0xaaa"],
                queryOptions: .init(
                    networks: ["eip155:137", "eip155:1"], includeDeFiBalances: true,
                    includeAssetIds: ["eip155:1/erc20:0xddd", "eip155:1/erc20:0xccc"],
                    excludeAssetIds: ["eip155:1/erc20:0xbbb", "eip155:1/erc20:0xaaa"]))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1TransactionByHash", target: "/v1/networks/1/transactions/0xabc?includeLogs=true&lang=en",
        call: {
            _ = try await $0.accounts.fetchV1TransactionByHash(
                chainId: 1, txHash: "0xabc", queryOptions: .init(includeLogs: true, lang: "en"))
        },
        key: nil),
    ContractRow(
        operationId: "V1AccountTransactions",
        target: "/v1/accounts/0x123/transactions?networks=eip155%3A1&cursor=cursor123&sortDirection=DESC",
        call: {
            _ = try await $0.accounts.fetchV1AccountTransactions(
                address: "0x123", queryOptions: .init(chainIds: ["eip155:1"], cursor: "cursor123", sortDirection: .desc)
            )
        },
        key: {
            let o = $0.accounts.getV1AccountTransactionsQueryOptions(
                address: "0x123",
                queryOptions: .init(chainIds: ["eip155:137", "eip155:1"], cursor: "c", sortDirection: .desc))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V4MultiAccountTransactions",
        target:
            "/v4/multiaccount/transactions?accountAddresses=eip155%3A1%3A0x123%2Ceip155%3A137%3A0x456&networks=eip155%3A1&sortDirection=DESC&includeLogs=true&includeTxMetadata=true",
        call: {
            _ = try await $0.accounts.fetchV4MultiAccountTransactions(
                accountAddresses: ["eip155:1:0x123", "eip155:137:0x456"],
                queryOptions: .init(
                    networks: ["eip155:1"], sortDirection: "DESC", includeLogs: true, includeTxMetadata: true))
        },
        key: {
            let o = $0.accounts.getV4MultiAccountTransactionsQueryOptions(
                accountAddresses: ["eip155:1:0x123"], queryOptions: .init(sortDirection: .desc))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1AccountRelationship", target: "/v1/networks/1/accounts/0x123/relationships/0x456",
        call: { _ = try await $0.accounts.fetchV1AccountRelationship(chainId: 1, from: "0x123", to: "0x456") },
        key: {
            let o = $0.accounts.getV1AccountRelationshipQueryOptions(chainId: 1, from: "0x123", to: "0x456");
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V2AccountNfts", target: "/v2/accounts/0x123/nfts?networks=137%2C1&cursor=abc123",
        call: {
            _ = try await $0.accounts.fetchV2AccountNfts(
                address: "0x123", queryOptions: .init(networks: [137, 1], cursor: "abc123"))
        },
        key: {
            let o = $0.accounts.getV2AccountNftsQueryOptions(
                address: "0x123", queryOptions: .init(networks: [137, 1], cursor: "next"))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V2AccountTokens", target: "/v2/accounts/0x123/tokens?networks=56%2C1",
        call: {
            _ = try await $0.accounts.fetchV2AccountTokens(address: "0x123", queryOptions: .init(networks: [56, 1]))
        },
        key: {
            let o = $0.accounts.getV2AccountTokensQueryOptions(
                address: "0x123", queryOptions: .init(networks: [56, 1]))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
]

/// The expected canonical keys and times of rows that check them (upstream test scenarios 69, 87–90).
/// Note the JavaScript string order: `eip155:137:…` sorts before `eip155:1:…` because `3` < `:`.
let accountsKeys: [String: (String, Duration, Duration)] = [
    "V1SupportedNetworks": (#"["accounts","v1SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "V2ActiveNetworks": (
        #"["accounts","v2ActiveNetworks",{"accountIds":["eip155:137:0x456","eip155:1:0x123"],"options":{"networks":["eip155:1","eip155:137"]}}]"#,
        .seconds(600), .seconds(300)
    ),
    "V2Balances": (
        #"["accounts","balances","v2",{"address":"0x123","options":{"networks":[1,137,56]}}]"#, .seconds(60),
        .seconds(300)
    ),
    "V6MultiAccountBalances": (
        #"["accounts","balances","v6",{"accountIds":["eip155:1:0xaaa","eip155:1:0xzzz"],"options":{"excludeAssetIds":["eip155:1/erc20:0xaaa","eip155:1/erc20:0xbbb"],"includeAssetIds":["eip155:1/erc20:0xccc","eip155:1/erc20:0xddd"],"includeDeFiBalances":true,"networks":["eip155:1","eip155:137"]}}]"#,
        .seconds(60), .seconds(300)
    ),
    "V1AccountTransactions": (
        #"["accounts","transactions","v1Account",{"address":"0x123","options":{"chainIds":["eip155:1","eip155:137"],"cursor":"c","sortDirection":"DESC"}}]"#,
        .seconds(30), .seconds(300)
    ),
    "V4MultiAccountTransactions": (
        #"["accounts","transactions","v4MultiAccount",{"accountAddresses":["eip155:1:0x123"],"options":{"sortDirection":"DESC"}}]"#,
        .seconds(30), .seconds(300)
    ),
    "V1AccountRelationship": (#"["accounts","v1Relationship",1,"0x123","0x456"]"#, .seconds(30), .seconds(300)),
    "V2AccountNfts": (
        #"["accounts","v2Nfts",{"address":"0x123","options":{"cursor":"next","networks":[1,137]}}]"#, .seconds(30),
        .seconds(300)
    ),
    "V2AccountTokens": (
        #"["accounts","v2Tokens",{"address":"0x123","options":{"networks":[1,56]}}]"#, .seconds(30), .seconds(300)
    ),
]
