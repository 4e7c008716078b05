// The one table of named cache times. The generator validates a spec's `x-stale-time` and `x-gc-time`
// against it, and the generated clients use its constants: a name exists here or nowhere.

/// Named stale times (upstream `STALE_TIMES`): how long fetched data counts as fresh.
public enum StaleTime {
    /// 5 minutes: the bearer-token query.
    public static let authToken: Duration = .seconds(300)
    /// 30 seconds: prices.
    public static let prices: Duration = .seconds(30)
    /// 60 seconds: balances.
    public static let balances: Duration = .seconds(60)
    /// 10 minutes: active networks.
    public static let networks: Duration = .seconds(600)
    /// 30 minutes: supported networks and other slow-changing lists.
    public static let supportedNetworks: Duration = .seconds(1_800)
    /// 5 minutes: token metadata.
    public static let tokenMetadata: Duration = .seconds(300)
    /// 10 minutes: token lists.
    public static let tokenList: Duration = .seconds(600)
    /// 5 minutes: exchange rates.
    public static let exchangeRates: Duration = .seconds(300)
    /// 2 minutes: trending and top lists.
    public static let trending: Duration = .seconds(120)
    /// 30 seconds: transactions.
    public static let transactions: Duration = .seconds(30)
    /// 30 seconds: everything else.
    public static let `default`: Duration = .seconds(30)

    /// Every name a spec's `x-stale-time` may use, with its value.
    public static let byName: [String: Duration] = [
        "authToken": authToken, "prices": prices, "balances": balances, "networks": networks,
        "supportedNetworks": supportedNetworks, "tokenMetadata": tokenMetadata, "tokenList": tokenList,
        "exchangeRates": exchangeRates, "trending": trending, "transactions": transactions, "default": `default`,
    ]
}

/// Named gc times (upstream `GC_TIMES`): how long an unobserved entry survives after its last fetch.
public enum GCTime {
    /// 5 minutes.
    public static let `default`: Duration = .seconds(300)
    /// 30 minutes.
    public static let extended: Duration = .seconds(1_800)
    /// 2 minutes.
    public static let short: Duration = .seconds(120)

    /// Every name a spec's `x-gc-time` may use, with its value.
    public static let byName: [String: Duration] = ["default": `default`, "extended": extended, "short": short]
}
