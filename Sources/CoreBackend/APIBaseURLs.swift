import CoreBackendRuntime
public import Foundation

/// The base URL of each of MetaMask's four backend HTTP APIs (upstream `API_URLS`).
///
/// A base URL's path is kept as a prefix: `https://host/accounts` sends `/accounts/v2/…`.
public struct APIBaseURLs: Sendable, Hashable {
    /// The Accounts API.
    public var accounts: URL
    /// The Price API.
    public var prices: URL
    /// The Token API.
    public var token: URL
    /// The Tokens API.
    public var tokens: URL

    /// Creates a set of base URLs.
    public init(accounts: URL, prices: URL, token: URL, tokens: URL) {
        self.accounts = accounts
        self.prices = prices
        self.token = token
        self.tokens = tokens
    }

    /// MetaMask's production services: each spec's first server (`Specs/*.json`), so the hosts are
    /// written down once.
    public static let production = APIBaseURLs(
        accounts: AccountsApiClient.defaultBaseURL,
        prices: PricesApiClient.defaultBaseURL,
        token: TokenApiClient.defaultBaseURL,
        tokens: TokensApiClient.defaultBaseURL
    )
}
