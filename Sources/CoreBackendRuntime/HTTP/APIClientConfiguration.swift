public import Foundation

/// What every API client needs besides its base URL: identification headers, the token source and
/// the transport (upstream `ApiPlatformClientOptions`).
public struct APIClientConfiguration: Sendable {
    /// Sent as `x-metamask-clientproduct`, e.g. `metamask-ios`.
    public var clientProduct: String
    /// Sent as `x-metamask-clientversion` only when non-empty.
    public var clientVersion: String?
    /// Returns a bearer token, or `nil` to send the request unauthenticated.
    public var getBearerToken: (@Sendable () async throws -> String?)?
    /// Sends the requests.
    public var transport: any HTTPTransport

    /// Creates a configuration.
    public init(
        clientProduct: String,
        clientVersion: String? = nil,
        getBearerToken: (@Sendable () async throws -> String?)? = nil,
        transport: any HTTPTransport = URLSessionTransport()
    ) {
        self.clientProduct = clientProduct
        self.clientVersion = clientVersion
        self.getBearerToken = getBearerToken
        self.transport = transport
    }
}

/// The base URL of each backend API.
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

    /// MetaMask's production services (upstream `API_URLS`).
    public static let production = APIBaseURLs(
        accounts: URL(string: "https://accounts.api.cx.metamask.io")!,
        prices: URL(string: "https://price.api.cx.metamask.io")!,
        token: URL(string: "https://token.api.cx.metamask.io")!,
        tokens: URL(string: "https://tokens.api.cx.metamask.io")!
    )

    /// All four APIs served from one origin, as the mock backend does.
    public static func singleOrigin(_ url: URL) -> APIBaseURLs {
        APIBaseURLs(accounts: url, prices: url, token: url, tokens: url)
    }
}
