import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
    try JSONDecoder().decode(type, from: data)
}

/// Every sample response of `shared/reference/samples`, mapped to the generated type it is the body of,
/// with spot checks of the values where real payloads disagree with upstream's declared types (§5.1).
/// A new sample file must be added here: ``SamplesTests/everyFileIsMapped()`` fails until it is.
let sampleDecoders: [String: @Sendable (Data) throws -> Void] = [
    // Accounts
    "accounts.v1.account-transactions.json": { data in
        let page = try decode(V1AccountTransactionsResponse.self, data)
        #expect(page.pageInfo.cursor == nil && page.pageInfo.count == 34 && !page.pageInfo.hasNextPage)
        #expect(page.data.count == 5)
        let amounts = page.data.map { $0.valueTransfers?.first?.amount }
        #expect(amounts[0] == .double(1))  // a number
        #expect(amounts[1] == .string("1"))  // a string
        #expect(amounts[3] == .some(nil))  // null
    },
    "accounts.v1.relationship.json": { data in
        let relationship = try decode(V1AccountRelationshipResult.self, data)
        #expect(
            relationship.txHash?.hasPrefix("0x4f0ad5dc") == true && relationship.chainId == 1 && relationship.count == 1
        )
        #expect(relationship.data != nil && relationship.error == nil)
    },
    "accounts.v2.active-networks.json": { data in
        let active = try decode(V2ActiveNetworksResponse.self, data)
        #expect(active.activeNetworks.count == 4 && active.activeNetworks.allSatisfy { $0.hasPrefix("eip155:") })
    },
    "accounts.v2.balances.json": { data in
        let balances = try decode(V2BalancesResponse.self, data)
        #expect(balances.count == 6 && balances.balances.count == 8)  // count need not match the items
        #expect(balances.unprocessedNetworks.isEmpty)
    },
    "accounts.v2.supported-networks.json": { data in
        let networks = try decode(V2SupportedNetworksResponse.self, data)
        #expect(Array(networks.fullSupport.prefix(3)) == [.int(1), .int(137), .int(56)])
        #expect(networks.partialSupport.balances == [.int(59_141), .int(42_220), .int(43_114)])
    },
    "accounts.v2.supported-networks.caip-variant.json": { data in
        let networks = try decode(V2SupportedNetworksResponse.self, data)
        #expect(networks.fullSupport.first == .string("eip155:1"))
        #expect(networks.partialSupport.balances.first == .string("eip155:42220"))
    },
    "accounts.v4.multiaccount-balances.json": { data in
        let balances = try decode(V4BalancesResponse.self, data)
        #expect(balances.count == 8 && balances.balances.count == 4)
        #expect(balances.balances.first?.accountAddress == "eip155:137:0x1111111111111111111111111111111111111111")
    },
    "accounts.v4.multiaccount-transactions.json": { data in
        let page = try decode(V4MultiAccountTransactionsResponse.self, data)
        #expect(page.data.count == 3 && !page.pageInfo.hasNextPage && page.pageInfo.endCursor == nil)
        #expect(page.data[0].valueTransfers?.map(\.amount) == [.double(1), .string("89992880000000")])
        #expect(page.data[2].valueTransfers?[1].amount == nil)
    },
    "accounts.v6.multiaccount-balances.json": { data in
        let balances = try decode(V6BalancesResponse.self, data)
        #expect(balances.unprocessedNetworks == ["eip155:1329"])
        let account = try #require(balances.accounts.first)
        #expect(account.processingDefiPositions == false)
        #expect(account.balances.map(\.category) == [.token, .token, .defi])
        #expect(account.balances[0].price == "2119.66")
        #expect(
            account.balances[1].metadata
                == .v6TokenMetadata(V6TokenMetadata(limit: "9223372036854775807", authorized: true)))
        guard case .v6BalanceMetadata(let defi)? = account.balances[2].metadata else {
            Issue.record("the DeFi row's metadata should decode as V6BalanceMetadata")
            return
        }
        #expect(defi.positionType == .deposit && defi.productName == "MetaMask Swaps" && defi.groupId == "group-1")
    },
    // Prices
    "prices.v1.exchange-rates.json": { data in
        let rates = try decode(V1ExchangeRatesResponse.self, data)
        #expect(Set(rates.keys) == ["btc", "eth", "ltc"])
        #expect(rates["btc"]?.currencyType == .crypto && rates["btc"]?.ticker == "btc")
        #expect(rates["eth"]?.value == 0.000240977533824818)
    },
    "prices.v1.token-historical-prices.json": { data in
        let history = try decode(V1HistoricalPricesResponse.self, data)
        #expect(history.prices.count == 12 && history.marketCaps?.count == 12 && history.totalVolumes?.count == 12)
        #expect(history.prices.first == [1_756_219_032_177, 23.7007762453763])
    },
    "prices.v2.chain-spot-prices.json": { data in
        let prices = try decode([String: MarketDataDetails].self, data)
        #expect(prices.keys.allSatisfy { $0 == $0.lowercased() })
        #expect(prices["0x0000000000000000000000000000000000000000"]?.price == 14)
        #expect(prices["0xaaa"]?.currency == "ETH" && prices["0xaaa"]?.marketCap != nil)
    },
    "prices.v2.supported-networks.json": { data in
        let networks = try decode(PriceSupportedNetworksResponse.self, data)
        #expect(networks.fullSupport.count == 11)
        guard case .pricePartialSupport(let partial) = networks.partialSupport else {
            Issue.record("partialSupport should decode as the object shape, got \(networks.partialSupport)")
            return
        }
        #expect(partial.spotPricesV2?.first == "eip155:25")
        #expect(partial.spotPricesV3?.contains { $0.hasPrefix("solana:") } == true)
    },
    "prices.v3.spot-prices.json": { data in
        let prices = try decode(V3SpotPricesResponse.self, data)
        #expect(prices.count == 3 && prices.values.allSatisfy { $0 != nil })
        #expect(prices["eip155:1/erc20:0xaaa"]??.price == 148.17205755299946)
        #expect(prices["eip155:1/erc20:0xaaa"]??.currency == "ETH")
    },
    "prices.v3.spot-prices.with-null.json": { data in
        let prices = try decode(V3SpotPricesResponse.self, data)
        #expect(prices.count == 3)
        #expect(prices["eip155:1/erc20:0xaaa"] == .some(nil))  // present, null
        #expect(prices["eip155:1/erc20:0xbbb"] == .some(V3SpotPrice(price: 33689.98134554716, currency: "ETH")))
    },
    // Token
    "token.token-metadata.json": { data in
        let token = try decode(TokenMetadata.self, data)
        #expect(token.symbol == "LINK" && token.name == "Chainlink" && token.decimals == 18)
        #expect(token.occurrences == 11 && token.aggregators?.count == 11 && token.iconUrl == nil)
    },
    "token.tokens-list.json": { data in
        let list = try decode([TokenMetadata].self, data)
        #expect(list.count == 5)
        #expect(list[0].name == nil && list[1].name == "Synthetix")  // items may lack a name
    },
    "token.v1.suggested-occurrence-floors.json": { data in
        let floors = try decode(V1SuggestedOccurrenceFloorsResponse.self, data)
        #expect(floors["1"] == 3 && floors["59144"] == 1 && floors.count == 10)
    },
    "token.v3.tokens-trending.json": { data in
        let tokens = try decode([TrendingToken].self, data)
        let weth = try #require(tokens.first)
        #expect(weth.symbol == "WETH" && weth.price == "2076.8761460147" && weth.priceChangePct?.h24 == "6.7")
        #expect(weth.securityData?.resultType == "Verified" && weth.securityData?.maliciousScore == "0.0")
        #expect(weth.securityData?.fees?.transferFeeMaxAmount == nil && weth.securityData?.fees?.transfer == 0)
        #expect(weth.securityData?.financialStats?.holdersCount == 2_877_494)
    },
    // Tokens
    "tokens.v2.supported-networks.json": { data in
        let networks = try decode(V2TokenSupportedNetworksResponse.self, data)
        #expect(networks.fullSupport.count == 9 && networks.partialSupport.isEmpty)
    },
    "tokens.v3.assets.json": { data in
        let assets = try decode([V3AssetResponse].self, data)
        let asset = try #require(assets.first)
        #expect(asset.assetId == "eip155:1/erc20:0xtoken" && asset.labels == ["defi"] && asset.erc20Permit == true)
        #expect(asset.storage == V3AssetStorage(balance: 1, approval: 2) && asset.description == nil)
    },
]

/// The `.json` files of the samples directory.
private func sampleFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: Samples.directory.path).filter { $0.hasSuffix(".json") }
        .sorted()
}

@Suite("Reference samples decode with the generated models")
struct SamplesTests {
    @Test("every sample file has a decoder, and every decoder a sample file")
    func everyFileIsMapped() throws {
        let files = try sampleFiles()
        #expect(!files.isEmpty, "no samples found at \(Samples.directory.path)")
        for file in files where sampleDecoders[file] == nil {
            Issue.record(
                "sample \(file) has no entry in sampleDecoders (SamplesTests.swift): map it to its response type")
        }
        for name in sampleDecoders.keys where !files.contains(name) {
            Issue.record("sampleDecoders maps \(name), which is not in \(Samples.directory.path)")
        }
    }

    @Test("every sample decodes as its response type", arguments: try sampleFiles())
    func decodes(file: String) throws {
        let decoder = try #require(sampleDecoders[file], "no decoder for \(file)")
        try decoder(Samples.data(file))
    }

    @Test("unknown enum values from the server decode as .unknown(…) and round-trip")
    func unknownEnumValues() throws {
        let rates = try String(decoding: Samples.data("prices.v1.exchange-rates.json"), as: UTF8.self)
        let decoded = try decode(
            V1ExchangeRatesResponse.self, Data(rates.replacingOccurrences(of: "\"crypto\"", with: "\"commodity\"").utf8)
        )
        #expect(decoded["btc"]?.currencyType == .unknown("commodity"))
        #expect(decoded["btc"]?.currencyType.rawValue == "commodity")
        let v6 = try String(decoding: Samples.data("accounts.v6.multiaccount-balances.json"), as: UTF8.self)
        let balances = try decode(
            V6BalancesResponse.self,
            Data(
                v6.replacingOccurrences(of: "\"deposit\"", with: "\"farming\"").replacingOccurrences(
                    of: "\"defi\"", with: "\"nft\""
                ).utf8))
        let row = try #require(balances.accounts.first?.balances.last)
        #expect(row.category == .unknown("nft"))
        guard case .v6BalanceMetadata(let metadata)? = row.metadata else {
            Issue.record("expected DeFi metadata")
            return
        }
        #expect(metadata.positionType == .unknown("farming"))
        let encoded = try JSONEncoder().encode(SupportedCurrency.unknown("xau"))
        #expect(String(decoding: encoded, as: UTF8.self) == #""xau""#)
        #expect(try decode(SupportedCurrency.self, encoded) == "xau")
    }
}
