/// Registrations on account channels (`<prefix>.<namespace>:<reference>:<address>`) keyed by prefix,
/// namespace and address (``AccountChannelKey``), so the chain wildcard of §3.4 (`eip155:0` covers every
/// EVM chain) is answered without scanning every registration: one dictionary lookup, then the (few)
/// registrations of that account.
///
/// `ID` names the owner of a registration (a subscription id, a channel-callback name); `order` is its
/// creation order, and ``firstMatch(for:)`` returns the earliest matching owner, as a scan in creation
/// order would.
struct AccountChannelIndex<ID: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var order: UInt64
        var id: ID
        /// The registration's chain reference: `0` matches every chain.
        var reference: Substring
    }

    private var entries: [AccountChannelKey: OneOrMany<Entry>] = [:]

    /// Records that `id` (created `order`-th) registered `channel`; other channels are ignored.
    mutating func insert(_ channel: String, id: ID, order: UInt64) {
        guard let key = AccountChannelKey(channel) else { return }
        let entry = Entry(order: order, id: id, reference: key.reference)
        entries[key] = .appending(entry, to: entries[key])
    }

    /// Forgets `id`'s registration of `channel`.
    mutating func remove(_ channel: String, id: ID) {
        guard let key = AccountChannelKey(channel), let list = entries[key] else { return }
        let reference = key.reference
        entries[key] = .removingFirst(where: { $0.id == id && $0.reference == reference }, from: list)
    }

    mutating func removeAll() {
        entries.removeAll()
    }

    /// The earliest owner whose registration matches a notification on `notified` by the chain
    /// wildcard (reference `0`, or the same reference); `nil` when `notified` is not an account channel.
    func firstMatch(for notified: String) -> ID? {
        guard let key = AccountChannelKey(notified), let list = entries[key] else { return nil }
        let reference = key.reference
        var best: Entry?
        for entry in list.elements where entry.reference == "0" || entry.reference == reference {
            if best.map({ entry.order < $0.order }) ?? true { best = entry }
        }
        return best?.id
    }
}
