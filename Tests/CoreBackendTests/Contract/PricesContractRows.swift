import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// One row per Prices operation: how to call it and the exact request it must produce (upstream test
/// scenarios 99–129). Targets are relative to the mock backend's `/prices` prefix.
let pricesRows: [ContractRow] = [
    ContractRow(
        operationId: "PriceV1SupportedNetworks", target: "/v1/supportedNetworks",
        call: { _ = try await $0.prices.fetchPriceV1SupportedNetworks() },
        key: {
            let o = $0.prices.getPriceV1SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "PriceV2SupportedNetworks", target: "/v2/supportedNetworks",
        call: { _ = try await $0.prices.fetchPriceV2SupportedNetworks() },
        key: {
            let o = $0.prices.getPriceV2SupportedNetworksQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1ExchangeRates", target: "/v1/exchange-rates?baseCurrency=USD",
        call: { _ = try await $0.prices.fetchV1ExchangeRates(baseCurrency: "USD") },
        key: {
            let o = $0.prices.getV1ExchangeRatesQueryOptions(baseCurrency: "USD");
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1FiatExchangeRates", target: "/v1/exchange-rates/fiat",
        call: { _ = try await $0.prices.fetchV1FiatExchangeRates() },
        key: {
            let o = $0.prices.getV1FiatExchangeRatesQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1CryptoExchangeRates", target: "/v1/exchange-rates/crypto",
        call: { _ = try await $0.prices.fetchV1CryptoExchangeRates() },
        key: {
            let o = $0.prices.getV1CryptoExchangeRatesQueryOptions(); return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1SpotPricesByCoinIds", target: "/v1/spot-prices?coinIds=ethereum%2Cbitcoin",
        call: { _ = try await $0.prices.fetchV1SpotPricesByCoinIds(coinIds: ["ethereum", "bitcoin"]) },
        key: {
            let o = $0.prices.getV1SpotPricesByCoinIdsQueryOptions(coinIds: ["ethereum", "bitcoin"])
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1SpotPriceByCoinId", target: "/v1/spot-prices/ethereum?vsCurrency=usd",
        call: { _ = try await $0.prices.fetchV1SpotPriceByCoinId(coinId: "ethereum") },
        key: {
            let o = $0.prices.getV1SpotPriceByCoinIdQueryOptions(coinId: "ethereum");
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1TokenPrices",
        target: "/v1/chains/137/spot-prices?tokenAddresses=0xtoken1%2C0xtoken2&vsCurrency=eur&includeMarketData=false",
        call: {
            _ = try await $0.prices.fetchV1TokenPrices(
                chainId: "0x89", tokenAddresses: ["0xtoken1", "0xtoken2"],
                queryOptions: .init(currency: .eur, includeMarketData: false))
        },
        key: {
            let o = $0.prices.getV1TokenPricesQueryOptions(chainId: "0x89", tokenAddresses: ["0xbbb", "0xaaa"])
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1TokenPrice", target: "/v1/chains/1/spot-prices/0xtoken?vsCurrency=usd",
        call: { _ = try await $0.prices.fetchV1TokenPrice(chainId: "0x1", tokenAddress: "0xtoken", currency: "usd") },
        key: {
            let o = $0.prices.getV1TokenPriceQueryOptions(chainId: "0x1", tokenAddress: "0xabc123")
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V2SpotPrices",
        target: "/v2/chains/1/spot-prices?tokenAddresses=0xtoken1%2C0xtoken2&vsCurrency=usd&includeMarketData=true",
        call: {
            _ = try await $0.prices.fetchV2SpotPrices(
                chainId: "0x1", tokenAddresses: ["0xtoken1", "0xtoken2"],
                queryOptions: .init(currency: "usd", includeMarketData: true))
        },
        key: {
            let o = $0.prices.getV2SpotPricesQueryOptions(chainId: "0x1", tokenAddresses: ["0xb", "0xA", "0xa"])
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3SpotPrices",
        target:
            "/v3/spot-prices?assetIds=eip155%3A1%2Fslip44%3A60%2Ceip155%3A137%2Fslip44%3A60&vsCurrency=usd&includeMarketData=true&cacheOnly=false",
        call: { _ = try await $0.prices.fetchV3SpotPrices(assetIds: ["eip155:1/slip44:60", "eip155:137/slip44:60"]) },
        key: {
            let o = $0.prices.getV3SpotPricesQueryOptions(assetIds: ["eip155:137/slip44:60", "eip155:1/slip44:60"])
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1HistoricalPricesByCoinId",
        target: "/v1/historical-prices/ethereum?vsCurrency=usd&timePeriod=7d",
        call: {
            _ = try await $0.prices.fetchV1HistoricalPricesByCoinId(
                coinId: "ethereum", queryOptions: .init(currency: "usd", timePeriod: "7d"))
        },
        key: {
            let o = $0.prices.getV1HistoricalPricesByCoinIdQueryOptions(
                coinId: "ethereum", queryOptions: .init(currency: "usd", timePeriod: "7d"))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1HistoricalPricesByTokenAddresses",
        target:
            "/v1/chains/1/historical-prices?tokenAddresses=0xtoken2%2C0xtoken1&vsCurrency=usd&timePeriod=7d&from=1704067200&to=1704672000",
        call: {
            _ = try await $0.prices.fetchV1HistoricalPricesByTokenAddresses(
                chainId: "0x1", tokenAddresses: ["0xtoken2", "0xtoken1"],
                queryOptions: .init(currency: "usd", timePeriod: "7d", from: 1_704_067_200, to: 1_704_672_000))
        },
        key: {
            let o = $0.prices.getV1HistoricalPricesByTokenAddressesQueryOptions(
                chainId: "0x1", tokenAddresses: ["0xtoken2", "0xtoken1"],
                queryOptions: .init(currency: "usd", timePeriod: "7d", from: 1_704_067_200, to: 1_704_672_000))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1HistoricalPrices",
        target: "/v1/chains/1/historical-prices/0xtoken?vsCurrency=usd&timePeriod=30d",
        call: {
            _ = try await $0.prices.fetchV1HistoricalPrices(
                chainId: "0x1", tokenAddress: "0xtoken", queryOptions: .init(currency: "usd", timeRange: "30d"))
        },
        key: {
            let o = $0.prices.getV1HistoricalPricesQueryOptions(chainId: "0x1", tokenAddress: "0xtoken")
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V3HistoricalPrices",
        target:
            "/v3/historical-prices/eip155:1/slip44:60?vsCurrency=usd&timePeriod=7d&from=1704067200.5&interval=daily",
        call: {
            _ = try await $0.prices.fetchV3HistoricalPrices(
                chainId: "eip155:1", assetType: "slip44:60",
                queryOptions: .init(currency: "usd", timePeriod: "7d", from: 1_704_067_200.5, interval: .daily))
        },
        key: {
            let o = $0.prices.getV3HistoricalPricesQueryOptions(chainId: "eip155:1", assetType: "slip44:60")
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1HistoricalPriceGraphByCoinId",
        target: "/v1/historical-prices-graph/ethereum?vsCurrency=usd&includeOHLC=true",
        call: {
            _ = try await $0.prices.fetchV1HistoricalPriceGraphByCoinId(
                coinId: "ethereum", queryOptions: .init(currency: "usd", includeOHLC: true))
        },
        key: {
            let o = $0.prices.getV1HistoricalPriceGraphByCoinIdQueryOptions(coinId: "ethereum")
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
    ContractRow(
        operationId: "V1HistoricalPriceGraphByTokenAddress",
        target: "/v1/chains/1/historical-prices-graph/0xtoken?vsCurrency=usd&includeOHLC=false",
        call: {
            _ = try await $0.prices.fetchV1HistoricalPriceGraphByTokenAddress(
                chainId: "0x1", tokenAddress: "0xtoken", queryOptions: .init(currency: "usd", includeOHLC: false))
        },
        key: {
            let o = $0.prices.getV1HistoricalPriceGraphByTokenAddressQueryOptions(
                chainId: "0x1", tokenAddress: "0xtoken", queryOptions: .init(currency: .eth))
            return (o.queryKey, o.staleTime, o.gcTime)
        }),
]

/// The expected canonical keys and times (upstream §2.2 and scenarios 130–131). Prices keys hold the
/// resolved defaults where upstream resolves them and keep the hex chain id string.
let pricesKeys: [String: (String, Duration, Duration)] = [
    "PriceV1SupportedNetworks": (#"["prices","v1SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "PriceV2SupportedNetworks": (#"["prices","v2SupportedNetworks"]"#, .seconds(1_800), .seconds(1_800)),
    "V1ExchangeRates": (#"["prices","v1ExchangeRates","USD"]"#, .seconds(300), .seconds(300)),
    "V1FiatExchangeRates": (#"["prices","v1FiatExchangeRates"]"#, .seconds(300), .seconds(300)),
    "V1CryptoExchangeRates": (#"["prices","v1CryptoExchangeRates"]"#, .seconds(300), .seconds(300)),
    "V1SpotPricesByCoinIds": (
        #"["prices","v1SpotPricesByCoinIds",{"coinIds":["bitcoin","ethereum"]}]"#, .seconds(30), .seconds(300)
    ),
    "V1SpotPriceByCoinId": (#"["prices","v1SpotPriceByCoinId","ethereum","usd"]"#, .seconds(30), .seconds(300)),
    "V1TokenPrices": (
        #"["prices","v1TokenPrices",{"chainId":"0x89","currency":"usd","tokenAddresses":["0xaaa","0xbbb"]}]"#,
        .seconds(30), .seconds(300)
    ),
    "V1TokenPrice": (#"["prices","v1TokenPrice","0x1","0xabc123","usd"]"#, .seconds(30), .seconds(300)),
    "V2SpotPrices": (
        #"["prices","v2SpotPrices",{"chainId":"0x1","currency":"usd","includeMarketData":true,"tokenAddresses":["0xA","0xa","0xb"]}]"#,
        .seconds(30), .seconds(300)
    ),
    "V3SpotPrices": (
        #"["prices","v3SpotPrices",{"assetIds":["eip155:1/slip44:60","eip155:137/slip44:60"],"cacheOnly":false,"currency":"usd","includeMarketData":true}]"#,
        .seconds(30), .seconds(300)
    ),
    "V1HistoricalPricesByCoinId": (
        #"["prices","v1HistoricalByCoinId","ethereum",{"currency":"usd","timePeriod":"7d"}]"#, .seconds(30),
        .seconds(300)
    ),
    "V1HistoricalPricesByTokenAddresses": (
        #"["prices","v1HistoricalByTokenAddresses",{"chainId":"0x1","options":{"currency":"usd","from":1704067200,"timePeriod":"7d","to":1704672000},"tokenAddresses":["0xtoken1","0xtoken2"]}]"#,
        .seconds(30), .seconds(300)
    ),
    "V1HistoricalPrices": (#"["prices","v1Historical","0x1","0xtoken","usd","7d"]"#, .seconds(30), .seconds(300)),
    "V3HistoricalPrices": (#"["prices","v3Historical","eip155:1","slip44:60",null]"#, .seconds(30), .seconds(300)),
    "V1HistoricalPriceGraphByCoinId": (
        #"["prices","v1GraphByCoinId","ethereum","usd",false]"#, .seconds(30), .seconds(300)
    ),
    "V1HistoricalPriceGraphByTokenAddress": (
        #"["prices","v1GraphByTokenAddress","0x1","0xtoken","eth",false]"#, .seconds(30), .seconds(300)
    ),
]
