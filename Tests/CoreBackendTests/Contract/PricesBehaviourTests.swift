import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// What the Prices API does beyond its request table: the behaviours upstream tests check (upstream test scenarios 102–139).
@Suite("Prices API: short-circuits, defaults, renames, hex chain ids")
struct PricesBehaviourTests {
    @Test("empty input returns the fixed value without a request or a cache entry (scenarios 102, 106, 108, 110, 115)")
    func shortCircuits() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        #expect(try await prices.fetchV1ExchangeRates(baseCurrency: "").isEmpty)
        #expect(try await prices.fetchV1SpotPricesByCoinIds(coinIds: []).isEmpty)
        #expect(try await prices.fetchV3SpotPrices(assetIds: []).isEmpty)
        #expect(try await prices.fetchV1TokenPrices(chainId: "0x1", tokenAddresses: []).isEmpty)
        #expect(try await prices.fetchV2SpotPrices(chainId: "0x1", tokenAddresses: []).isEmpty)
        // Empty input wins over chain-id validation, as in the query function.
        #expect(try await prices.fetchV2SpotPrices(chainId: "", tokenAddresses: []).isEmpty)
        let placeholder = try await prices.fetchV1SpotPriceByCoinId(coinId: "")
        #expect(placeholder.id == "" && placeholder.price == 0)
        #expect(harness.backend.requests.isEmpty)
        #expect(harness.client.queryClient.entryCount == 0)
    }

    @Test("the query functions of options built for empty input short-circuit too (scenarios 132–137)")
    func shortCircuitInQueryFunctions() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        #expect(try await prices.getV1SpotPricesByCoinIdsQueryOptions(coinIds: []).queryFunction().isEmpty)
        #expect(
            try await prices.getV1TokenPricesQueryOptions(chainId: "0x1", tokenAddresses: []).queryFunction().isEmpty)
        #expect(
            try await prices.getV2SpotPricesQueryOptions(chainId: "0x1", tokenAddresses: []).queryFunction().isEmpty)
        #expect(try await prices.getV3SpotPricesQueryOptions(assetIds: []).queryFunction().isEmpty)
        #expect(try await prices.getV1ExchangeRatesQueryOptions(baseCurrency: "").queryFunction().isEmpty)
        let placeholder = try await prices.getV1SpotPriceByCoinIdQueryOptions(coinId: "").queryFunction()
        #expect(placeholder == CoinGeckoSpotPrice(id: "", price: 0))
        #expect(harness.backend.requests.isEmpty)
    }

    @Test("resolved defaults are always sent (scenarios 122–129)")
    func defaultsAlwaysSent() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        _ = try await prices.fetchV1SpotPriceByCoinId(coinId: "ethereum")
        _ = try await prices.fetchV1SpotPriceByCoinId(coinId: "bitcoin", currency: .eth)
        _ = try await prices.fetchV1TokenPrice(chainId: "0x1", tokenAddress: "0xtoken")
        _ = try await prices.fetchV1TokenPrice(chainId: "0x1", tokenAddress: "0xother", currency: "eth")
        _ = try await prices.fetchV1TokenPrices(chainId: "0x1", tokenAddresses: ["0xtoken"])
        _ = try await prices.fetchV2SpotPrices(chainId: "0x1", tokenAddresses: ["0xtoken"])
        _ = try await prices.fetchV3SpotPrices(assetIds: ["eip155:1/slip44:60"])
        _ = try await prices.fetchV1HistoricalPrices(chainId: "0x1", tokenAddress: "0xtoken")
        _ = try await prices.fetchV1HistoricalPriceGraphByCoinId(coinId: "ethereum")
        _ = try await prices.fetchV1HistoricalPriceGraphByTokenAddress(chainId: "0x1", tokenAddress: "0xtoken")
        // No default currency for these three: nothing is sent without options.
        _ = try await prices.fetchV1HistoricalPricesByCoinId(coinId: "ethereum")
        _ = try await prices.fetchV1HistoricalPricesByTokenAddresses(chainId: "0x1", tokenAddresses: ["0xtoken"])
        _ = try await prices.fetchV3HistoricalPrices(chainId: "eip155:1", assetType: "slip44:60")
        #expect(
            harness.targets(prefix: "prices") == [
                "/v1/spot-prices/ethereum?vsCurrency=usd",
                "/v1/spot-prices/bitcoin?vsCurrency=eth",
                "/v1/chains/1/spot-prices/0xtoken?vsCurrency=usd",
                "/v1/chains/1/spot-prices/0xother?vsCurrency=eth",
                "/v1/chains/1/spot-prices?tokenAddresses=0xtoken&vsCurrency=usd",
                "/v2/chains/1/spot-prices?tokenAddresses=0xtoken&vsCurrency=usd&includeMarketData=true",
                "/v3/spot-prices?assetIds=eip155%3A1%2Fslip44%3A60&vsCurrency=usd&includeMarketData=true&cacheOnly=false",
                "/v1/chains/1/historical-prices/0xtoken?vsCurrency=usd&timePeriod=7d",
                "/v1/historical-prices-graph/ethereum?vsCurrency=usd&includeOHLC=false",
                "/v1/chains/1/historical-prices-graph/0xtoken?vsCurrency=usd&includeOHLC=false",
                "/v1/historical-prices/ethereum",
                "/v1/chains/1/historical-prices?tokenAddresses=0xtoken",
                "/v3/historical-prices/eip155:1/slip44:60",
            ])
    }

    @Test("keys resolve defaults: explicit defaults and none share one entry")
    func defaultsInKeys() throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        #expect(
            prices.getV3SpotPricesQueryOptions(assetIds: ["a"]).queryKey
                == prices.getV3SpotPricesQueryOptions(
                    assetIds: ["a"], queryOptions: .init(currency: .usd, includeMarketData: true, cacheOnly: false)
                ).queryKey)
        #expect(
            prices.getV1HistoricalPricesQueryOptions(chainId: "0x1", tokenAddress: "0xt").queryKey
                == prices.getV1HistoricalPricesQueryOptions(chainId: "0x1", tokenAddress: "0xt", queryOptions: .init())
                .queryKey)
        // v1 token prices resolve the currency but keep includeMarketData only when given.
        #expect(
            prices.getV1TokenPricesQueryOptions(
                chainId: "0x1", tokenAddresses: ["0xa"], queryOptions: .init(includeMarketData: true)
            ).queryKey.hash
                == #"["prices","v1TokenPrices",{"chainId":"0x1","currency":"usd","includeMarketData":true,"tokenAddresses":["0xa"]}]"#
        )
    }

    @Test("raw options keys: absent options hash as null, an empty options object as {}")
    func rawOptionKeys() throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        let none = prices.getV1HistoricalPricesByCoinIdQueryOptions(coinId: "ethereum").queryKey
        let empty = prices.getV1HistoricalPricesByCoinIdQueryOptions(coinId: "ethereum", queryOptions: .init()).queryKey
        #expect(none.hash == #"["prices","v1HistoricalByCoinId","ethereum",null]"#)
        #expect(empty.hash == #"["prices","v1HistoricalByCoinId","ethereum",{}]"#)
        #expect(none != empty)
        let v3 = prices.getV3HistoricalPricesQueryOptions(
            chainId: "eip155:1", assetType: "slip44:60", queryOptions: .init(timePeriod: "1D", interval: "5m")
        ).queryKey
        #expect(v3.hash == #"["prices","v3Historical","eip155:1","slip44:60",{"interval":"5m","timePeriod":"1D"}]"#)
        let byAddresses = prices.getV1HistoricalPricesByTokenAddressesQueryOptions(chainId: "0x1", tokenAddresses: [])
            .queryKey
        #expect(byAddresses.hash == #"["prices","v1HistoricalByTokenAddresses",{"chainId":"0x1","tokenAddresses":[]}]"#)
    }

    @Test("renames: currency → vsCurrency, timeRange → timePeriod")
    func renames() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.prices.fetchV1HistoricalPrices(
            chainId: "0x89", tokenAddress: "0xtoken", queryOptions: .init(currency: .gbp, timeRange: "1y"))
        let request = try #require(harness.backend.requests.first)
        #expect(request.queryValue("vsCurrency") == "gbp")
        #expect(request.queryValue("timePeriod") == "1y")
        #expect(request.queryValue("timeRange") == nil && request.queryValue("currency") == nil)
    }

    @Test(
        "hex chain ids are sent in decimal; the key keeps the hex string",
        arguments: [("0x1", 1), ("0x89", 137), ("0xe708", 59_144), ("0xE708", 59_144), ("0X38", 56), ("0x0000a", 10)])
    func hexChainIds(hex: String, decimal: Int) async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let prices = harness.client.prices
        _ = try await prices.fetchV1TokenPrices(chainId: hex, tokenAddresses: ["0xa"])
        _ = try await prices.fetchV1TokenPrice(chainId: hex, tokenAddress: "0xa")
        _ = try await prices.fetchV2SpotPrices(chainId: hex, tokenAddresses: ["0xa"])
        _ = try await prices.fetchV1HistoricalPricesByTokenAddresses(chainId: hex, tokenAddresses: ["0xa"])
        _ = try await prices.fetchV1HistoricalPrices(chainId: hex, tokenAddress: "0xa")
        _ = try await prices.fetchV1HistoricalPriceGraphByTokenAddress(chainId: hex, tokenAddress: "0xa")
        let paths = harness.targets(prefix: "prices").map { $0.split(separator: "?")[0] }
        #expect(
            paths == [
                "/v1/chains/\(decimal)/spot-prices", "/v1/chains/\(decimal)/spot-prices/0xa",
                "/v2/chains/\(decimal)/spot-prices",
                "/v1/chains/\(decimal)/historical-prices", "/v1/chains/\(decimal)/historical-prices/0xa",
                "/v1/chains/\(decimal)/historical-prices-graph/0xa",
            ])
        #expect(
            prices.getV1TokenPriceQueryOptions(chainId: hex, tokenAddress: "0xa").queryKey.hash
                == #"["prices","v1TokenPrice","\#(hex)","0xa","usd"]"#)
    }

    /// Calls every hex-chain-id operation with `chainId`, asserting each throws `invalidArgument` for it.
    private func expectInvalid(_ chainId: String, harness: Harness) async {
        let prices = harness.client.prices
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("V1TokenPrices", { _ = try await prices.fetchV1TokenPrices(chainId: chainId, tokenAddresses: ["0xa"]) }),
            ("V1TokenPrice", { _ = try await prices.fetchV1TokenPrice(chainId: chainId, tokenAddress: "0xa") }),
            ("V2SpotPrices", { _ = try await prices.fetchV2SpotPrices(chainId: chainId, tokenAddresses: ["0xa"]) }),
            (
                "V1HistoricalPricesByTokenAddresses",
                {
                    _ = try await prices.fetchV1HistoricalPricesByTokenAddresses(
                        chainId: chainId, tokenAddresses: ["0xa"])
                }
            ),
            (
                "V1HistoricalPrices",
                { _ = try await prices.fetchV1HistoricalPrices(chainId: chainId, tokenAddress: "0xa") }
            ),
            (
                "V1HistoricalPriceGraphByTokenAddress",
                {
                    _ = try await prices.fetchV1HistoricalPriceGraphByTokenAddress(
                        chainId: chainId, tokenAddress: "0xa")
                }
            ),
            (
                "getV1TokenPrice…queryFunction",
                {
                    _ = try await prices.getV1TokenPriceQueryOptions(chainId: chainId, tokenAddress: "0xa")
                        .queryFunction()
                }
            ),
        ]
        for (name, call) in calls {
            let error = await #expect(throws: APIError.self, "\(name) with \(chainId)") { try await call() }
            guard let error, case .invalidArgument(let parameter, let value, _) = error.kind else {
                Issue.record("\(name): expected invalidArgument, got \(String(describing: error))")
                continue
            }
            #expect(parameter == "chainId" && value == chainId, "\(name)")
            // Raised before the URL is built: the URL is the path template on the base URL.
            #expect(
                error.operationId
                    == name.replacingOccurrences(of: "getV1TokenPrice…queryFunction", with: "V1TokenPrice"))
            #expect(error.url.hasPrefix(harness.backend.baseURL.absoluteString + "/prices/v"), "\(error.url)")
            #expect(error.url.contains("{chainId}"), "\(error.url)")
        }
    }

    @Test(
        "invalid hex chain ids throw invalidArgument naming the parameter before any request",
        arguments: ["137", "0xZZ", "0x", "", " 0x1", "eip155:1", "0x+1", "0x-1", "0x1234567890abcdef"])
    func invalidHexChainIds(chainId: String) async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        await expectInvalid(chainId, harness: harness)
        #expect(harness.backend.requests.isEmpty)
        #expect(harness.client.queryClient.entryCount == 0)
    }

    @Test("v1 historical prices by token addresses has no short-circuit: [] is sent as tokenAddresses=")
    func noShortCircuitForHistoricalByAddresses() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.prices.fetchV1HistoricalPricesByTokenAddresses(chainId: "0x1", tokenAddresses: [])
        #expect(harness.targets(prefix: "prices") == ["/v1/chains/1/historical-prices?tokenAddresses="])
    }

    @Test("responses are returned as decoded; a null v3 entry decodes as nil (scenarios 107, 109)")
    func responses() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override(
            "prices", "V1TokenPrices", with: .init(body: #"{"0xtoken1":{"usd":1.5},"0xtoken2":{"usd":2.5}}"#))
        let v1 = try await harness.client.prices.fetchV1TokenPrices(
            chainId: "0x1", tokenAddresses: ["0xtoken1", "0xtoken2"])
        #expect(v1 == ["0xtoken1": ["usd": 1.5], "0xtoken2": ["usd": 2.5]])
        let withNull = try String(decoding: Samples.data("prices.v3.spot-prices.with-null.json"), as: UTF8.self)
        harness.backend.override("prices", "V3SpotPrices", with: .init(body: withNull))
        let v3 = try await harness.client.prices.fetchV3SpotPrices(assetIds: [
            "eip155:1/erc20:0xaaa", "eip155:1/erc20:0xbbb",
        ])
        #expect(v3.count == 3)
        #expect(v3["eip155:1/erc20:0xaaa"] == .some(nil))
        #expect(v3["eip155:1/erc20:0xbbb"]??.price == 33689.98134554716)
        #expect(v3["eip155:1/erc20:0xbbb"]??.currency == "ETH")
    }

    @Test("a 404 rejects with an HTTP status APIError (scenario 111)")
    func notFound() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override("prices", "V1TokenPrice", with: .init(status: 404, body: #"{"error":"Not found"}"#))
        let error = await #expect(throws: APIError.self) {
            try await harness.client.prices.fetchV1TokenPrice(chainId: "0x1", tokenAddress: "0xtoken", currency: "usd")
        }
        #expect((error?.underlyingError as? HTTPError)?.status == 404)
        #expect(error?.operationId == "V1TokenPrice")
    }

    @Test("overrides replace the endpoint times; invalidatePrices touches prices only (scenarios 16, 139)")
    func overridesAndInvalidation() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let options = harness.client.prices.getPriceV1SupportedNetworksQueryOptions(
            options: .init(staleTime: .milliseconds(100), gcTime: .milliseconds(200)))
        #expect(options.queryKey.hash == #"["prices","v1SupportedNetworks"]"#)
        #expect(options.staleTime == .milliseconds(100) && options.gcTime == .milliseconds(200))
        let client = harness.client
        client.setCachedData(["prices", "v1SupportedNetworks"], 1)
        client.setCachedData(["token", "networks"], 2)
        await client.prices.invalidatePrices()
        #expect(client.queryClient.queryState(["prices", "v1SupportedNetworks"], as: Int.self)?.isInvalidated == true)
        #expect(client.queryClient.queryState(["token", "networks"], as: Int.self)?.isInvalidated == false)
    }
}
