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
            guard let firstColon = channel.firstIndex(of: ":"),
                let dot = channel[..<firstColon].lastIndex(of: ".")
            else { return nil }
            let namespace = channel[channel.index(after: dot)..<firstColon]
            let rest = channel[channel.index(after: firstColon)...]
            guard let secondColon = rest.firstIndex(of: ":") else { return nil }
            let reference = rest[..<secondColon]
            let address = rest[rest.index(after: secondColon)...]
            guard dot > channel.startIndex, !address.isEmpty,
                (3...8).contains(namespace.utf8.count), namespace.utf8.allSatisfy(Self.isNamespaceByte),
                (1...32).contains(reference.utf8.count), reference.utf8.allSatisfy(Self.isReferenceByte)
            else { return nil }
            self.prefix = String(channel[..<dot])
            self.namespace = String(namespace)
            self.reference = String(reference)
            self.address = String(address)
        }

        /// What a registration and a notification must share to match: prefix, namespace and address
        /// (`0x` addresses lower-cased), as one string (the chain reference is compared separately).
        var key: String {
            "\(prefix)\u{0}\(namespace)\u{0}\(BackendWebSocketChannelMatcher.normalisedAddress(address))"
        }

        private static func isNamespaceByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }

        private static func isReferenceByte(_ byte: UInt8) -> Bool {
            isNamespaceByte(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// Whether a notification on `notified` belongs to a registration for `registered`: equal strings, or
    /// account channels with the same prefix, namespace and address (`0x` addresses case-insensitively)
    /// where the registration's chain reference is `0` (all chains) or the same. One-directional.
    ///
    /// The routing indexes (``AccountChannelIndex``) answer the same question without a scan; this is
    /// the definition they are tested against.
    static func matches(registered: String, notified: String) -> Bool {
        if registered == notified { return true }
        guard let lhs = AccountChannel(registered), let rhs = AccountChannel(notified) else { return false }
        return lhs.prefix == rhs.prefix && lhs.namespace == rhs.namespace
            && normalisedAddress(lhs.address) == normalisedAddress(rhs.address)
            && (lhs.reference == "0" || lhs.reference == rhs.reference)
    }

    static func normalisedAddress(_ address: String) -> String {
        address.hasPrefix("0x") ? address.lowercased() : address
    }
}
