import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

@Suite("Accounts API: short-circuits, samples, pagination")
struct AccountsBehaviourTests {
    @Test("empty input returns the fixed value without a request or a cache entry")
    func shortCircuits() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let accounts = harness.client.accounts
        #expect(try await accounts.fetchV2ActiveNetworks(accountIds: []).activeNetworks.isEmpty)
        let v2 = try await accounts.fetchV2Balances(address: "")
        #expect(v2.count == 0 && v2.balances.isEmpty)
        #expect(try await accounts.fetchV4MultiAccountBalances(accountAddresses: []).balances.isEmpty)
        #expect(try await accounts.fetchV5MultiAccountBalances(accountIds: []).balances.isEmpty)
        let v6 = try await accounts.fetchV6MultiAccountBalances(accountIds: [])
        #expect(v6.accounts.isEmpty && v6.unprocessedIncludeAssetIds.isEmpty)
        let txs = try await accounts.fetchV1AccountTransactions(address: "")
        #expect(txs.data.isEmpty && txs.pageInfo.hasNextPage == false && txs.pageInfo.count == 0)
        #expect(try await accounts.fetchV2AccountNfts(address: "").data.isEmpty)
        #expect(try await accounts.fetchV2AccountTokens(address: "").data.isEmpty)
        #expect(harness.backend.requests.isEmpty)
        #expect(harness.client.queryClient.entryCount == 0)
    }

    @Test("the query function of options built for empty input also short-circuits")
    func shortCircuitInQueryFunction() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let options = harness.client.accounts.getV2ActiveNetworksQueryOptions(accountIds: [])
        #expect(try await options.queryFunction().activeNetworks.isEmpty)
        #expect(harness.backend.requests.isEmpty)
    }

    @Test("whitespace is a real address, not empty input")
    func whitespaceIsReal() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.accounts.fetchV2AccountTokens(address: " ")
        #expect(harness.backend.requests.map(\.target) == ["/accounts/v2/accounts/%20/tokens"])
    }

    @Test("v4 transactions have no short-circuit: an empty list is sent as accountAddresses=")
    func noShortCircuitForTransactions() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.accounts.fetchV4MultiAccountTransactions(accountAddresses: [])
        #expect(harness.backend.requests.map(\.target) == ["/accounts/v4/multiaccount/transactions?accountAddresses="])
    }

    @Test("every accounts sample decodes with the generated models")
    func samplesDecode() throws {
        let decoder = JSONDecoder()
        _ = try decoder.decode(
            V1AccountTransactionsResponse.self, from: Samples.data("accounts.v1.account-transactions.json"))
        let relationship = try decoder.decode(
            V1AccountRelationshipResult.self, from: Samples.data("accounts.v1.relationship.json"))
        #expect(relationship.txHash != nil)
        let active = try decoder.decode(
            V2ActiveNetworksResponse.self, from: Samples.data("accounts.v2.active-networks.json"))
        #expect(active.activeNetworks.first?.hasPrefix("eip155:") == true)
        let balances = try decoder.decode(V2BalancesResponse.self, from: Samples.data("accounts.v2.balances.json"))
        #expect(balances.count == 6 && balances.balances.count == 8)
        _ = try decoder.decode(
            V2SupportedNetworksResponse.self, from: Samples.data("accounts.v2.supported-networks.json"))
        _ = try decoder.decode(
            V2SupportedNetworksResponse.self, from: Samples.data("accounts.v2.supported-networks.caip-variant.json"))
        _ = try decoder.decode(V4BalancesResponse.self, from: Samples.data("accounts.v4.multiaccount-balances.json"))
        let v4 = try decoder.decode(
            V4MultiAccountTransactionsResponse.self, from: Samples.data("accounts.v4.multiaccount-transactions.json"))
        #expect(!v4.data.isEmpty)
        let v6 = try decoder.decode(
            V6BalancesResponse.self, from: Samples.data("accounts.v6.multiaccount-balances.json"))
        #expect(!v6.accounts.isEmpty)
    }

    @Test("the infinite builder pages with cursor and stops when hasNextPage is false")
    func infinitePages() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override(
            "accounts", "V4MultiAccountTransactions",
            with: .init(
                body:
                    #"{"data":[],"unprocessedNetworks":[],"pageInfo":{"count":0,"hasNextPage":true,"endCursor":"cursor-page-2"}}"#
            ))
        let options = harness.client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(
            params: .init(accountAddresses: ["eip155:1:0x123"], limit: 25))
        let first = try await harness.client.queryClient.fetchInfiniteQuery(options)
        #expect(first.pages.count == 1 && first.nextPageParam == "cursor-page-2")
        harness.backend.override(
            "accounts", "V4MultiAccountTransactions",
            with: .init(
                body:
                    #"{"data":[],"unprocessedNetworks":[],"pageInfo":{"count":0,"hasNextPage":false,"endCursor":"ignored"}}"#
            ))
        let second = try await harness.client.queryClient.fetchNextPage(options)
        #expect(second.pages.count == 2 && second.nextPageParam == nil && second.pageParams == [nil, "cursor-page-2"])
        #expect(!harness.client.queryClient.hasNextPage(options))
        #expect(
            harness.backend.requests.map(\.target) == [
                "/accounts/v4/multiaccount/transactions?accountAddresses=eip155%3A1%3A0x123&limit=25",
                "/accounts/v4/multiaccount/transactions?accountAddresses=eip155%3A1%3A0x123&cursor=cursor-page-2&limit=25",
            ])
    }

    @Test("the infinite key is flattened, sorted, and never collides with the plain key")
    func infiniteKey() throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let options = harness.client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(
            params: .init(
                accountAddresses: ["0xzzz", "0xaaa"], networks: ["eip155:137", "eip155:1"], limit: 25,
                sortDirection: .desc),
            options: .init(staleTime: .seconds(60), gcTime: .seconds(120)))
        #expect(
            options.queryKey.hash
                == #"["accounts","transactions","v4MultiAccount",{"accountAddresses":["0xaaa","0xzzz"],"infinite":true,"limit":25,"networks":["eip155:1","eip155:137"],"sortDirection":"DESC"}]"#
        )
        #expect(options.staleTime == .seconds(60) && options.gcTime == .seconds(120))
        let plain = harness.client.accounts.getV4MultiAccountTransactionsQueryOptions(accountAddresses: ["0xaaa"])
        let infinite = harness.client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(
            params: .init(accountAddresses: ["0xaaa"]))
        #expect(plain.queryKey != infinite.queryKey)
        #expect(infinite.queryKey.matches(prefix: ["accounts", "transactions", "v4MultiAccount"]))
        #expect(infinite.staleTime == .seconds(30) && infinite.gcTime == .seconds(300))
    }

    @Test("pages(_:) iterates every page as an AsyncSequence")
    func allPages() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override(
            "accounts", "V4MultiAccountTransactions",
            with: .init(body: #"{"data":[],"pageInfo":{"count":0,"hasNextPage":false}}"#))
        var count = 0
        for try await page in harness.client.queryClient.pages(
            harness.client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(
                params: .init(accountAddresses: ["a"])))
        {
            #expect(page.data.isEmpty)
            count += 1
        }
        #expect(count == 1)
    }
}
