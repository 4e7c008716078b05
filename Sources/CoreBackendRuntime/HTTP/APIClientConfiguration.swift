import Foundation

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
