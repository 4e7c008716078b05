import CoreBackendRuntime

/// The payload of an account-activity notification: one transaction of one account and the balances
/// it changed (upstream `AccountActivityMessage`).
///
/// Decoding ignores unknown fields, treats a `null` or missing `updates` / `transfers` as empty, and
/// accepts numbers sent as strings (and amounts sent as numbers). One reader applies these rules to
/// a frame's text (`AccountActivityMessage+Fields.swift`); a tree and any `Decoder` reach it too, so
/// every path accepts, declines and reports the same payloads.
public struct AccountActivityMessage: Sendable, Hashable, Codable {
    /// The account the activity belongs to, as the server wrote it.
    public var address: String
    /// The transaction.
    public var tx: Transaction
    /// One entry per affected asset (may be empty).
    public var updates: [BalanceUpdate]

    /// Creates a message.
    public init(address: String, tx: Transaction, updates: [BalanceUpdate]) {
        self.address = address
        self.tx = tx
        self.updates = updates
    }

    /// Decodes a message by the rules of the notification reader (see the type's note); a violation
    /// is a `DecodingError.dataCorrupted` whose coding path names the field.
    public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }

    /// Decodes the `data` of a notification.
    ///
    /// The tree is written out as JSON text and read by the same reader as a frame's text, so the rules
    /// are the same wherever a payload comes from. A tree nested deeper than
    /// `JSONLimits.maximumNestingDepth` is reported without being read.
    ///
    /// - Throws: ``AccountActivityDecodingError`` naming the first missing or mistyped field.
    public init(json: JSONValue) throws { self = try Self.read(tree: json) }

    /// Decodes the `data` of a notification, straight from the frame's text when the service kept it
    /// (see ``ServerNotificationMessage/data``), otherwise like ``init(json:)``.
    ///
    /// - Throws: ``AccountActivityDecodingError`` naming the first missing or mistyped field.
    package init(notification: ServerNotificationMessage) throws(AccountActivityDecodingError) {
        if let result = notification.withPayloadCursor({ Self.read(document: &$0) }) {
            self = try result.get()
        } else {
            self = try Self.read(tree: notification.data)  // not text, or unusual text: JSONDecoder's tree decides
        }
    }
}

extension AccountActivityMessage {
    /// A transaction (upstream `Transaction`).
    public struct Transaction: Sendable, Hashable, Codable {
        /// The transaction hash.
        public var id: String
        /// The CAIP-2 chain id, e.g. `eip155:8453`.
        public var chain: String
        /// The status, e.g. `confirmed`.
        public var status: Status
        /// Unix time in **seconds**.
        public var timestamp: Double
        /// The sender.
        public var from: String
        /// The recipient.
        public var to: String

        /// Creates a transaction.
        public init(id: String, chain: String, status: Status, timestamp: Double, from: String, to: String) {
            self.id = id
            self.chain = chain
            self.status = status
            self.timestamp = timestamp
            self.from = from
            self.to = to
        }

        /// Decodes a transaction; `timestamp` may be a number or a numeric string.
        public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }
    }

    /// The balance of one asset after the transaction, and the transfers that moved it (upstream `BalanceUpdate`).
    public struct BalanceUpdate: Sendable, Hashable, Codable {
        /// The asset.
        public var asset: Asset
        /// The balance after the transaction.
        public var postBalance: Balance
        /// The transfers of this asset within the transaction.
        public var transfers: [Transfer]

        /// Creates an update.
        public init(asset: Asset, postBalance: Balance, transfers: [Transfer] = []) {
            self.asset = asset
            self.postBalance = postBalance
            self.transfers = transfers
        }

        /// Decodes an update; `null` or missing `transfers` become `[]`.
        public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }
    }

    /// An asset (upstream `Asset`).
    public struct Asset: Sendable, Hashable, Codable {
        /// Whether the asset is fungible.
        public var fungible: Bool
        /// The CAIP-19 asset type, e.g. `eip155:1/erc20:0x…` or `eip155:1/slip44:60` (native).
        public var type: String
        /// The symbol, e.g. `USDC`.
        public var unit: String
        /// The number of decimals.
        public var decimals: Int

        /// Creates an asset.
        public init(fungible: Bool, type: String, unit: String, decimals: Int) {
            self.fungible = fungible
            self.type = type
            self.unit = unit
            self.decimals = decimals
        }

        /// Decodes an asset; `decimals` may be a number or a numeric string.
        public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }
    }

    /// A balance (upstream `Balance`).
    public struct Balance: Sendable, Hashable, Codable {
        /// The amount in the asset's smallest unit; a hex string (`0xc350`) in production.
        public var amount: String
        /// Set when the server could not compute the balance.
        public var error: String?

        /// Creates a balance.
        public init(amount: String, error: String? = nil) {
            self.amount = amount
            self.error = error
        }

        /// Decodes a balance; a numeric `amount` is kept as its decimal string.
        public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }
    }

    /// A transfer (upstream `Transfer`).
    public struct Transfer: Sendable, Hashable, Codable {
        /// The sender.
        public var from: String
        /// The recipient.
        public var to: String
        /// The amount, encoded like ``Balance/amount``.
        public var amount: String

        /// Creates a transfer.
        public init(from: String, to: String, amount: String) {
            self.from = from
            self.to = to
            self.amount = amount
        }

        /// Decodes a transfer; a numeric `amount` is kept as its decimal string.
        public init(from decoder: any Decoder) throws { self = try Self.read(from: decoder) }
    }
}
