/// Channel matching for routing (§3.4): equality, or the chain wildcard of account channels.
enum BackendWebSocketChannelMatcher {
    /// `<prefix>.<namespace>:<reference>:<address>`, e.g. `account-activity.v1.eip155:0:0xabc`.
    struct AccountChannel: Hashable {
        var prefix: String
        var namespace: String
        var reference: String
        var address: String

        /// Parses a channel; the namespace and reference follow CAIP-2's grammar, so market-data channels
        /// (`…eip155:8453/erc20:0x….1m.usd`) are not account channels.
        init?(_ channel: String) {
            guard let key = AccountChannelKey(channel) else { return nil }
            prefix = String(key.prefix)
            namespace = String(key.namespace)
            reference = String(key.reference)
            address = String(key.address)
        }
    }

    /// Whether a notification on `notified` belongs to a registration for `registered`: equal strings, or
    /// account channels with the same prefix, namespace and address (`0x` addresses case-insensitively)
    /// where the registration's chain reference is `0` (all chains) or the same. One-directional.
    ///
    /// The routing indexes (``AccountChannelIndex``, keyed by ``AccountChannelKey``) answer the same
    /// question without a scan; this is the definition they are tested against.
    static func matches(registered: String, notified: String) -> Bool {
        if registered == notified { return true }
        guard let lhs = AccountChannel(registered), let rhs = AccountChannel(notified) else { return false }
        return lhs.prefix == rhs.prefix && lhs.namespace == rhs.namespace
            && normalisedAddress(lhs.address) == normalisedAddress(rhs.address)
            && (lhs.reference == "0" || lhs.reference == rhs.reference)
    }

    private static func normalisedAddress(_ address: String) -> String {
        address.hasPrefix("0x") ? address.lowercased() : address
    }
}
