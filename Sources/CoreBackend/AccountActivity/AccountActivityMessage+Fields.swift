import CoreBackendRuntime

// The notification schema, once: each type's fields in declaration order (the slot numbers), the
// rule that reads each one, and what a missing optional field becomes. The first problem reported is
// the first a field-by-field decoder would have met, whatever order the server wrote the fields in.

extension AccountActivityMessage: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var address: String?
        var tx: Transaction?
        var updates: [BalanceUpdate]?
        try cursor.readMembers { key, cursor in
            if key.matches("address") { return fields.read(0, "address", &address, &cursor, ReadRule.string) }
            if key.matches("tx") { return fields.read(1, "tx", &tx, &cursor, ReadRule.object) }
            if key.matches("updates") { return fields.read(2, "updates", &updates, &cursor, ReadRule.list) }
            return nil
        }
        return try Self(
            address: fields.value(0, "address", address.take()), tx: fields.value(1, "tx", tx.take()),
            updates: fields.value(2, "updates", updates.take(), absent: []))
    }
}

extension AccountActivityMessage.Transaction: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var id: String?
        var chain: String?
        var status: String?
        var timestamp: Double?
        var from: String?
        var to: String?
        try cursor.readMembers { key, cursor in
            if key.matches("id") { return fields.read(0, "id", &id, &cursor, ReadRule.string) }
            if key.matches("chain") { return fields.read(1, "chain", &chain, &cursor, ReadRule.string) }
            if key.matches("status") { return fields.read(2, "status", &status, &cursor, ReadRule.string) }
            if key.matches("timestamp") { return fields.read(3, "timestamp", &timestamp, &cursor, ReadRule.number) }
            if key.matches("from") { return fields.read(4, "from", &from, &cursor, ReadRule.string) }
            if key.matches("to") { return fields.read(5, "to", &to, &cursor, ReadRule.string) }
            return nil
        }
        return try Self(
            id: fields.value(0, "id", id.take()), chain: fields.value(1, "chain", chain.take()),
            status: Status(rawValue: fields.value(2, "status", status.take())),
            timestamp: fields.value(3, "timestamp", timestamp.take()), from: fields.value(4, "from", from.take()),
            to: fields.value(5, "to", to.take()))
    }
}

extension AccountActivityMessage.BalanceUpdate: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var asset: AccountActivityMessage.Asset?
        var postBalance: AccountActivityMessage.Balance?
        var transfers: [AccountActivityMessage.Transfer]?
        try cursor.readMembers { key, cursor in
            if key.matches("asset") { return fields.read(0, "asset", &asset, &cursor, ReadRule.object) }
            if key.matches("postBalance") {
                return fields.read(1, "postBalance", &postBalance, &cursor, ReadRule.object)
            }
            if key.matches("transfers") { return fields.read(2, "transfers", &transfers, &cursor, ReadRule.list) }
            return nil
        }
        return try Self(
            asset: fields.value(0, "asset", asset.take()),
            postBalance: fields.value(1, "postBalance", postBalance.take()),
            transfers: fields.value(2, "transfers", transfers.take(), absent: []))
    }
}

extension AccountActivityMessage.Asset: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var fungible: Bool?
        var type: String?
        var unit: String?
        var decimals: Int?
        try cursor.readMembers { key, cursor in
            if key.matches("fungible") { return fields.read(0, "fungible", &fungible, &cursor, ReadRule.bool) }
            if key.matches("type") { return fields.read(1, "type", &type, &cursor, ReadRule.string) }
            if key.matches("unit") { return fields.read(2, "unit", &unit, &cursor, ReadRule.string) }
            if key.matches("decimals") { return fields.read(3, "decimals", &decimals, &cursor, ReadRule.integer) }
            return nil
        }
        return try Self(
            fungible: fields.value(0, "fungible", fungible.take()), type: fields.value(1, "type", type.take()),
            unit: fields.value(2, "unit", unit.take()), decimals: fields.value(3, "decimals", decimals.take()))
    }
}

extension AccountActivityMessage.Balance: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var amount: String?
        var error: String??  // .some(nil): `null`
        try cursor.readMembers { key, cursor in
            if key.matches("amount") { return fields.read(0, "amount", &amount, &cursor, ReadRule.amount) }
            if key.matches("error") { return fields.read(1, "error", &error, &cursor, ReadRule.optionalString) }
            return nil
        }
        return try Self(
            amount: fields.value(0, "amount", amount.take()), error: fields.value(1, "error", error.take(), absent: nil)
        )
    }
}

extension AccountActivityMessage.Transfer: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fields = ReadObject()
        var from: String?
        var to: String?
        var amount: String?
        try cursor.readMembers { key, cursor in
            if key.matches("from") { return fields.read(0, "from", &from, &cursor, ReadRule.string) }
            if key.matches("to") { return fields.read(1, "to", &to, &cursor, ReadRule.string) }
            if key.matches("amount") { return fields.read(2, "amount", &amount, &cursor, ReadRule.amount) }
            return nil
        }
        return try Self(
            from: fields.value(0, "from", from.take()), to: fields.value(1, "to", to.take()),
            amount: fields.value(2, "amount", amount.take()))
    }
}
