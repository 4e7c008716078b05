import CoreBackend
import Testing

/// The generated catalog against the upstream method names of http-api.md §2, so an operation can be
/// neither lost nor renamed without a failing test.
@Suite("Operation catalog matches upstream")
struct CatalogTests {
    static let upstream: [String: [String]] = [
        "accounts": [
            "fetchV1SupportedNetworks", "fetchV2SupportedNetworks", "fetchV2ActiveNetworks", "fetchV2Balances",
            "fetchV4MultiAccountBalances", "fetchV5MultiAccountBalances", "fetchV6MultiAccountBalances",
            "fetchV1TransactionByHash", "fetchV1AccountTransactions", "fetchV4MultiAccountTransactions",
            "fetchV1AccountRelationship", "fetchV2AccountNfts", "fetchV2AccountTokens",
        ],
        "prices": [
            "fetchPriceV1SupportedNetworks", "fetchPriceV2SupportedNetworks", "fetchV1ExchangeRates",
            "fetchV1FiatExchangeRates", "fetchV1CryptoExchangeRates", "fetchV1SpotPricesByCoinIds",
            "fetchV1SpotPriceByCoinId", "fetchV1TokenPrices", "fetchV1TokenPrice", "fetchV2SpotPrices",
            "fetchV3SpotPrices", "fetchV1HistoricalPricesByCoinId", "fetchV1HistoricalPricesByTokenAddresses",
            "fetchV1HistoricalPrices", "fetchV3HistoricalPrices", "fetchV1HistoricalPriceGraphByCoinId",
            "fetchV1HistoricalPriceGraphByTokenAddress",
        ],
        "token": [
            "fetchNetworks", "fetchNetworkByChainId", "fetchTokenList", "fetchV1TokenMetadata", "fetchTokenDescription",
            "fetchV3TrendingTokens", "fetchV3TopGainers", "fetchV3PopularTokens", "fetchTopAssets",
            "fetchV1SuggestedOccurrenceFloors",
        ],
        "tokens": ["fetchTokenV1SupportedNetworks", "fetchTokenV2SupportedNetworks", "fetchV3Assets"],
    ]

    @Test(
        "each API has exactly upstream's fetch methods, in upstream's order",
        arguments: ["accounts", "prices", "token", "tokens"])
    func names(api: String) {
        let generated = ApiPlatformClient.operations.filter { $0.api == api }.map(\.fetchMethodName)
        #expect(generated == Self.upstream[api])
    }

    @Test("43 fetch methods and 44 option builders (the paginated transactions builder included)")
    func counts() {
        let operations = ApiPlatformClient.operations
        #expect(operations.count == 43)
        #expect(operations.count + operations.compactMap(\.infiniteQueryOperationId).count == 44)
        #expect(operations.compactMap(\.infiniteQueryOperationId) == ["V4MultiAccountTransactionsInfinite"])
    }
}
