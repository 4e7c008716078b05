import CoreBackendRuntime

/// A MetaMask account (keyring-api `InternalAccount`), reduced to its identifying fields.
///
/// Decodes upstream JSON; `options` and `metadata` (free-form) are ignored.
public struct InternalAccount: Hashable, Sendable, Codable {
    /// A UUID string.
    public var id: String
    /// The address, used verbatim in channel names (`0x…` for EVM, base58 for Solana and Tron).
    public var address: String
    /// The account type, e.g. `eip155:eoa` or `solana:data-account`.
    public var type: String
    /// CAIP-2 chain ids the account works on, e.g. `["eip155:0"]` for every EVM chain.
    public var scopes: [String]
    /// The RPC methods the account supports.
    public var methods: [String]

    /// Creates an account.
    public init(id: String, address: String, type: String, scopes: [String], methods: [String] = []) {
        self.id = id
        self.address = address
        self.type = type
        self.scopes = scopes
        self.methods = methods
    }
}
