import CoreBackendRuntime

/// Channel naming and account selection of ``AccountActivityService``.
///
/// A channel is `<subscriptionNamespace>.<CAIP-10 account id>` where the chain reference `0` means
/// "every chain of that namespace", e.g. `account-activity.v1.eip155:0:0xd14b…`.
enum AccountActivityChannels {
    /// The CAIP-2 namespaces with account activity, in priority order, and the flag gating each
    /// (`nil` = always enabled).
    static let supportedNamespaces: [(namespace: String, flag: String?)] = [
        ("eip155", nil),
        ("solana", "networkAssetsSnapsMigrationSolana"),
        ("tron", "networkAssetsSnapsMigrationTron"),
        ("stellar", "networkAssetsSnapsMigrationStellar"),
    ]

    /// The enabled namespaces: `eip155` always, the others when their flag is an object with a
    /// numeric `stage` ≥ 1.
    static func enabledNamespaces(flags: [String: JSONValue]) -> [String] {
        supportedNamespaces.compactMap { entry in
            guard let flag = entry.flag else { return entry.namespace }
            guard case .object(let object)? = flags[flag], let stage = object["stage"]?.numberValue, stage >= 1 else {
                return nil
            }
            return entry.namespace
        }
    }

    /// One account id per account whose scopes contain an enabled namespace (the first enabled
    /// namespace wins): `<namespace>:0:<address>`, address verbatim. Duplicates are dropped.
    static func accountIds(for accounts: [InternalAccount], enabled: [String]) -> [String] {
        var ids: [String] = []
        for account in accounts {
            let covers = { (prefix: String) in account.scopes.contains { $0.hasPrefix(prefix + ":") } }
            guard let namespace = enabled.first(where: covers) else { continue }
            let id = "\(namespace):0:\(account.address)"
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// Normalises an address given to ``AccountActivityService/subscribe(address:)``: a CAIP-10 id
    /// (`<namespace>:<reference>:<address>`) is kept, a bare `0x…` address becomes `eip155:0:0x…`.
    static func accountId(normalising address: String) -> String? {
        let parts = address.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) { return address }
        if parts.count == 1, address.hasPrefix("0x"), address.count > 2 { return "eip155:0:\(address)" }
        return nil
    }
}
