import CoreBackendRuntime

// The notification schema, once: each type's fields, the rule that reads each one, and what a
// missing field becomes. Fields are checked in declaration order, so the first one reported is the
// first a field-by-field decoder would have found, whatever order the server wrote them in.

extension AccountActivityMessage: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var address = ReadField<String>()
        var tx = ReadField<Transaction>()
        var updates = ReadField<[BalanceUpdate]>()
        try cursor.readMembers { key, cursor in
            if key.matches("address") { return address.read(&cursor, ReadRule.string) }
            if key.matches("tx") { return tx.read(&cursor, ReadRule.object) }
            if key.matches("updates") { return updates.read(&cursor, ReadRule.list) }
            return nil
        }
        return try Self(
            address: address.value("address"), tx: tx.value("tx"), updates: updates.value("updates", absent: []))
    }
}

extension AccountActivityMessage.Transaction: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var id = ReadField<String>()
        var chain = ReadField<String>()
        var status = ReadField<String>()
        var timestamp = ReadField<Double>()
        var from = ReadField<String>()
        var to = ReadField<String>()
        try cursor.readMembers { key, cursor in
            if key.matches("id") { return id.read(&cursor, ReadRule.string) }
            if key.matches("chain") { return chain.read(&cursor, ReadRule.string) }
            if key.matches("status") { return status.read(&cursor, ReadRule.string) }
            if key.matches("timestamp") { return timestamp.read(&cursor, ReadRule.number) }
            if key.matches("from") { return from.read(&cursor, ReadRule.string) }
            if key.matches("to") { return to.read(&cursor, ReadRule.string) }
            return nil
        }
        return try Self(
            id: id.value("id"), chain: chain.value("chain"), status: Status(rawValue: status.value("status")),
            timestamp: timestamp.value("timestamp"), from: from.value("from"), to: to.value("to"))
    }
}

extension AccountActivityMessage.BalanceUpdate: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var asset = ReadField<AccountActivityMessage.Asset>()
        var postBalance = ReadField<AccountActivityMessage.Balance>()
        var transfers = ReadField<[AccountActivityMessage.Transfer]>()
        try cursor.readMembers { key, cursor in
            if key.matches("asset") { return asset.read(&cursor, ReadRule.object) }
            if key.matches("postBalance") { return postBalance.read(&cursor, ReadRule.object) }
            if key.matches("transfers") { return transfers.read(&cursor, ReadRule.list) }
            return nil
        }
        return try Self(
            asset: asset.value("asset"), postBalance: postBalance.value("postBalance"),
            transfers: transfers.value("transfers", absent: []))
    }
}

extension AccountActivityMessage.Asset: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var fungible = ReadField<Bool>()
        var type = ReadField<String>()
        var unit = ReadField<String>()
        var decimals = ReadField<Int>()
        try cursor.readMembers { key, cursor in
            if key.matches("fungible") { return fungible.read(&cursor, ReadRule.bool) }
            if key.matches("type") { return type.read(&cursor, ReadRule.string) }
            if key.matches("unit") { return unit.read(&cursor, ReadRule.string) }
            if key.matches("decimals") { return decimals.read(&cursor, ReadRule.integer) }
            return nil
        }
        return try Self(
            fungible: fungible.value("fungible"), type: type.value("type"), unit: unit.value("unit"),
            decimals: decimals.value("decimals"))
    }
}

extension AccountActivityMessage.Balance: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var amount = ReadField<String>()
        var error = ReadField<String?>()
        try cursor.readMembers { key, cursor in
            if key.matches("amount") { return amount.read(&cursor, ReadRule.amount) }
            if key.matches("error") { return error.read(&cursor, ReadRule.optionalString) }
            return nil
        }
        return try Self(amount: amount.value("amount"), error: error.value("error", absent: nil))
    }
}

extension AccountActivityMessage.Transfer: AccountActivityReadable {
    static func readMembers(_ cursor: inout JSONCursor) throws(AccountActivityReadError) -> Self {
        var from = ReadField<String>()
        var to = ReadField<String>()
        var amount = ReadField<String>()
        try cursor.readMembers { key, cursor in
            if key.matches("from") { return from.read(&cursor, ReadRule.string) }
            if key.matches("to") { return to.read(&cursor, ReadRule.string) }
            if key.matches("amount") { return amount.read(&cursor, ReadRule.amount) }
            return nil
        }
        return try Self(from: from.value("from"), to: to.value("to"), amount: amount.value("amount"))
    }
}
