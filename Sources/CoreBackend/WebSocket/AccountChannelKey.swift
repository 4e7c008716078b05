/// What an account channel registration and a notification must share to match by the chain wildcard
/// (§3.4): prefix, namespace and address (`0x` addresses compared case-insensitively). It keeps the
/// channel string itself (shared storage, no copy) and the positions of its parts, so an index keyed by
/// it costs no allocation per entry.
struct AccountChannelKey: Hashable, Sendable {
    let channel: String
    private let dot: String.Index
    private let firstColon: String.Index
    private let secondColon: String.Index

    /// Parses `<prefix>.<namespace>:<reference>:<address>` with CAIP-2's namespace and reference
    /// grammar (see ``BackendWebSocketChannelMatcher/AccountChannel``); `nil` for other channels.
    init?(_ channel: String) {
        let utf8 = channel.utf8
        guard let firstColon = utf8.firstIndex(of: UInt8(ascii: ":")),
            let dot = utf8[..<firstColon].lastIndex(of: UInt8(ascii: ".")), dot > utf8.startIndex,
            let secondColon = utf8[utf8.index(after: firstColon)...].firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        let namespace = utf8[utf8.index(after: dot)..<firstColon]
        let reference = utf8[utf8.index(after: firstColon)..<secondColon]
        guard utf8.index(after: secondColon) < utf8.endIndex,
            (3...8).contains(namespace.count), namespace.allSatisfy(Self.isNamespaceByte),
            (1...32).contains(reference.count), reference.allSatisfy(Self.isReferenceByte)
        else { return nil }
        self.channel = channel
        self.dot = dot
        self.firstColon = firstColon
        self.secondColon = secondColon
    }

    var prefix: Substring { channel[..<dot] }
    var namespace: Substring { channel[channel.index(after: dot)..<firstColon] }
    var reference: Substring { channel[channel.index(after: firstColon)..<secondColon] }
    var address: Substring { channel[channel.index(after: secondColon)...] }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.prefix == rhs.prefix && lhs.namespace == rhs.namespace && sameAddress(lhs.address, rhs.address)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(prefix)
        hasher.combine(namespace)
        let address = address
        if address.hasPrefix("0x") {
            if address.utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in address.utf8 { hasher.combine(Self.asciiLowercase(byte)) }
            } else {
                hasher.combine(address.lowercased())
            }
        } else {
            hasher.combine(address)
        }
    }

    /// `0x` addresses lower-cased (ASCII without allocating), others exactly.
    private static func sameAddress(_ lhs: Substring, _ rhs: Substring) -> Bool {
        guard lhs.hasPrefix("0x"), rhs.hasPrefix("0x") else { return lhs == rhs }
        guard lhs.utf8.allSatisfy({ $0 < 0x80 }), rhs.utf8.allSatisfy({ $0 < 0x80 }) else {
            return lhs.lowercased() == rhs.lowercased()
        }
        return lhs.utf8.elementsEqual(rhs.utf8) { asciiLowercase($0) == asciiLowercase($1) }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    static func isNamespaceByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }

    static func isReferenceByte(_ byte: UInt8) -> Bool {
        isNamespaceByte(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
