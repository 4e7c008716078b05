import CoreBackendRuntime
import Foundation

/// The payload of an account-activity notification: one transaction of one account and the balances
/// it changed (upstream `AccountActivityMessage`).
///
/// Decoding ignores unknown fields, treats a `null` or missing `updates` / `transfers` as empty, and
/// accepts numbers sent as strings (and amounts sent as numbers).
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

    /// Decodes a message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(String.self, forKey: .address)
        tx = try container.decode(Transaction.self, forKey: .tx)
        updates = try container.decodeIfPresent([BalanceUpdate].self, forKey: .updates) ?? []
    }

    /// Decodes the `data` of a notification.
    ///
    /// - Throws: ``AccountActivityDecodingError`` naming the first missing or mistyped field.
    public init(json: JSONValue) throws {
        if let message = Self(fastPath: json) {
            self = message
            return
        }
        do {
            try json.checkNestingDepth()  // the round trip below recurses per level
            self = try JSONDecoder().decode(Self.self, from: JSONEncoder().encode(json))
        } catch let error as DecodingError {
            throw AccountActivityDecodingError(error)
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
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            chain = try container.decode(String.self, forKey: .chain)
            status = try container.decode(Status.self, forKey: .status)
            timestamp = try container.decodeNumber(forKey: .timestamp)
            from = try container.decode(String.self, forKey: .from)
            to = try container.decode(String.self, forKey: .to)
        }
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
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            asset = try container.decode(Asset.self, forKey: .asset)
            postBalance = try container.decode(Balance.self, forKey: .postBalance)
            transfers = try container.decodeIfPresent([Transfer].self, forKey: .transfers) ?? []
        }
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
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            fungible = try container.decode(Bool.self, forKey: .fungible)
            type = try container.decode(String.self, forKey: .type)
            unit = try container.decode(String.self, forKey: .unit)
            let decimals = try container.decodeNumber(forKey: .decimals)
            guard let exact = Int(exactly: decimals) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .decimals, in: container, debugDescription: "Expected an integer, found \(decimals)")
            }
            self.decimals = exact
        }
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
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            amount = try container.decodeAmount(forKey: .amount)
            error = try container.decodeIfPresent(String.self, forKey: .error)
        }
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
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            from = try container.decode(String.self, forKey: .from)
            to = try container.decode(String.self, forKey: .to)
            amount = try container.decodeAmount(forKey: .amount)
        }
    }
}

extension AccountActivityMessage {
    /// Reads a well-formed payload straight from the JSON tree, with the same results as the `Decodable`
    /// path (which re-encodes and decodes it, ~10× slower); `nil` for anything unusual, which that path
    /// then decodes or reports with the offending field.
    init?(fastPath json: JSONValue) {
        guard case .object(let object) = json, case .string(let address)? = object["address"],
              let tx = object["tx"].flatMap(Transaction.init(fastPath:))
        else { return nil }
        var updates: [BalanceUpdate] = []
        switch object["updates"] {
        case nil, .null?: break
        case .array(let elements)?:
            updates.reserveCapacity(elements.count)
            for element in elements {
                guard let update = BalanceUpdate(fastPath: element) else { return nil }
                updates.append(update)
            }
        default: return nil
        }
        self.init(address: address, tx: tx, updates: updates)
    }
}

extension AccountActivityMessage.Transaction {
    init?(fastPath json: JSONValue) {
        guard case .object(let object) = json,
              case .string(let id)? = object["id"], case .string(let chain)? = object["chain"],
              case .string(let status)? = object["status"], let timestamp = fastNumber(object["timestamp"]),
              case .string(let from)? = object["from"], case .string(let to)? = object["to"]
        else { return nil }
        self.init(id: id, chain: chain, status: Status(rawValue: status), timestamp: timestamp, from: from, to: to)
    }
}

extension AccountActivityMessage.BalanceUpdate {
    init?(fastPath json: JSONValue) {
        guard case .object(let object) = json,
              case .object(let asset)? = object["asset"], case .bool(let fungible)? = asset["fungible"],
              case .string(let type)? = asset["type"], case .string(let unit)? = asset["unit"],
              let decimals = fastNumber(asset["decimals"]).flatMap({ Int(exactly: $0) }),
              case .object(let balance)? = object["postBalance"], let amount = fastAmount(balance["amount"])
        else { return nil }
        let error: String?
        switch balance["error"] {
        case nil, .null?: error = nil
        case .string(let text)?: error = text
        default: return nil
        }
        var transfers: [AccountActivityMessage.Transfer] = []
        switch object["transfers"] {
        case nil, .null?: break
        case .array(let elements)?:
            transfers.reserveCapacity(elements.count)
            for element in elements {
                guard case .object(let transfer) = element, case .string(let from)? = transfer["from"],
                      case .string(let to)? = transfer["to"], let amount = fastAmount(transfer["amount"])
                else { return nil }
                transfers.append(.init(from: from, to: to, amount: amount))
            }
        default: return nil
        }
        self.init(
            asset: .init(fungible: fungible, type: type, unit: unit, decimals: decimals),
            postBalance: .init(amount: amount, error: error), transfers: transfers)
    }
}

/// `decodeNumber`'s rule: a number, or a string holding one.
private func fastNumber(_ value: JSONValue?) -> Double? {
    switch value {
    case .number(let number)?: number
    case .string(let text)?: Double(text)
    default: nil
    }
}

/// `decodeAmount`'s rule: a string, or a number kept as its decimal text.
private func fastAmount(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let text)?: text
    case .number(let number)?: amountText(number)
    default: nil
    }
}

// MARK: - Reading straight from the frame

extension AccountActivityMessage {
    /// Decodes the `data` of a notification, straight from the frame's text when the service kept it
    /// (see ``ServerNotificationMessage/data``), otherwise like ``init(json:)``.
    ///
    /// - Throws: ``AccountActivityDecodingError`` naming the first missing or mistyped field.
    package init(notification: ServerNotificationMessage) throws {
        if let message = notification.withPayloadCursor({ Self(cursor: &$0) }) {
            self = message
        } else {
            try self.init(json: notification.data)
        }
    }

    /// Reads a well-formed payload straight from the notification's text with the same results as
    /// ``init(fastPath:)``; `nil` for anything unusual (including a repeated field), which the tree
    /// paths then decode or report.
    init?(cursor: inout JSONCursor) {
        var address: String?
        var tx: Transaction?
        var updates: [BalanceUpdate]? = []
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("address") { return fields.read(0, &address, &cursor) { $0.readString() } }
            if key.matches("tx") { return fields.read(1, &tx, &cursor) { Transaction(cursor: &$0) } }
            if key.matches("updates") { return fields.read(2, &updates, &cursor) { $0.readList(BalanceUpdate.init(cursor:)) } }
            return cursor.skipValue()
        }
        guard complete, let address, let tx, let updates else { return nil }
        self.init(address: address, tx: tx, updates: updates)
    }
}

extension AccountActivityMessage.Transaction {
    init?(cursor: inout JSONCursor) {
        var id: String?
        var chain: String?
        var status: String?
        var from: String?
        var to: String?
        var timestamp: Double?
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("id") { return fields.read(0, &id, &cursor) { $0.readString() } }
            if key.matches("chain") { return fields.read(1, &chain, &cursor) { $0.readString() } }
            if key.matches("status") { return fields.read(2, &status, &cursor) { $0.readString() } }
            if key.matches("from") { return fields.read(3, &from, &cursor) { $0.readString() } }
            if key.matches("to") { return fields.read(4, &to, &cursor) { $0.readString() } }
            if key.matches("timestamp") { return fields.read(5, &timestamp, &cursor) { $0.readNumberOrNumericString() } }
            return cursor.skipValue()
        }
        guard complete, let id, let chain, let status, let from, let to, let timestamp else { return nil }
        self.init(id: id, chain: chain, status: Status(rawValue: status), timestamp: timestamp, from: from, to: to)
    }
}

extension AccountActivityMessage.BalanceUpdate {
    init?(cursor: inout JSONCursor) {
        var asset: AccountActivityMessage.Asset?
        var balance: AccountActivityMessage.Balance?
        var transfers: [AccountActivityMessage.Transfer]? = []
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("asset") { return fields.read(0, &asset, &cursor) { .init(cursor: &$0) } }
            if key.matches("postBalance") { return fields.read(1, &balance, &cursor) { .init(cursor: &$0) } }
            if key.matches("transfers") {
                return fields.read(2, &transfers, &cursor) { $0.readList(AccountActivityMessage.Transfer.init(cursor:)) }
            }
            return cursor.skipValue()
        }
        guard complete, let asset, let balance, let transfers else { return nil }
        self.init(asset: asset, postBalance: balance, transfers: transfers)
    }
}

extension AccountActivityMessage.Asset {
    init?(cursor: inout JSONCursor) {
        var fungible: Bool?
        var type: String?
        var unit: String?
        var decimals: Int?
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("fungible") { return fields.read(0, &fungible, &cursor) { $0.readBool() } }
            if key.matches("type") { return fields.read(1, &type, &cursor) { $0.readString() } }
            if key.matches("unit") { return fields.read(2, &unit, &cursor) { $0.readString() } }
            if key.matches("decimals") {
                return fields.read(3, &decimals, &cursor) { $0.readNumberOrNumericString().flatMap { Int(exactly: $0) } }
            }
            return cursor.skipValue()
        }
        guard complete, let fungible, let type, let unit, let decimals else { return nil }
        self.init(fungible: fungible, type: type, unit: unit, decimals: decimals)
    }
}

extension AccountActivityMessage.Balance {
    init?(cursor: inout JSONCursor) {
        var amount: String?
        var error: String??  // .some(nil): `null`
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("amount") { return fields.read(0, &amount, &cursor) { $0.readAmount() } }
            if key.matches("error") {
                return fields.read(1, &error, &cursor) { cursor in
                    cursor.readNull() ? .some(nil) : cursor.readString().map(Optional.some)
                }
            }
            return cursor.skipValue()
        }
        guard complete, let amount else { return nil }
        self.init(amount: amount, error: error ?? nil)
    }
}

extension AccountActivityMessage.Transfer {
    init?(cursor: inout JSONCursor) {
        var from: String?
        var to: String?
        var amount: String?
        var fields = FieldReader()
        let complete = cursor.readObject { key, cursor in
            if key.matches("from") { return fields.read(0, &from, &cursor) { $0.readString() } }
            if key.matches("to") { return fields.read(1, &to, &cursor) { $0.readString() } }
            if key.matches("amount") { return fields.read(2, &amount, &cursor) { $0.readAmount() } }
            return cursor.skipValue()
        }
        guard complete, let from, let to, let amount else { return nil }
        self.init(from: from, to: to, amount: amount)
    }
}

/// Reads an object's fields, each at most once: a repeated field is unusual and sends the payload down
/// the tree path.
private struct FieldReader {
    private var seen = JSONFieldSet()

    /// Reads field number `slot` into `value` with `read`; `false` if it was read before or `read` fails.
    @inline(__always)
    mutating func read<Value>(
        _ slot: Int, _ value: inout Value?, _ cursor: inout JSONCursor, _ read: (inout JSONCursor) -> Value?
    ) -> Bool {
        guard seen.insert(slot) else { return false }
        value = read(&cursor)
        return value != nil
    }
}

extension JSONCursor {
    /// `null` as `[]`, or an array of elements read by `element`; `nil` if any element fails.
    @inline(__always)
    fileprivate mutating func readList<Element>(_ element: (inout JSONCursor) -> Element?) -> [Element]? {
        if readNull() { return [] }
        var list: [Element] = []
        list.reserveCapacity(4)
        let complete = readArray { cursor in
            guard let next = element(&cursor) else { return false }
            list.append(next)
            return true
        }
        return complete ? list : nil
    }

    /// `decodeNumber`'s rule: a number, or a string holding one.
    fileprivate mutating func readNumberOrNumericString() -> Double? {
        switch peekKind() {
        case .number: readNumber()
        case .string: readString().flatMap { Double($0) }
        default: nil
        }
    }

    /// `decodeAmount`'s rule: a string, or a number kept as its decimal text.
    fileprivate mutating func readAmount() -> String? {
        switch peekKind() {
        case .string: readString()
        case .number: readNumber().map(amountText)
        default: nil
        }
    }
}
