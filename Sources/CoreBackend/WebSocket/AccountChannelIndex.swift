/// Registrations on account channels (`<prefix>.<namespace>:<reference>:<address>`) keyed by prefix,
/// namespace and address, so the chain wildcard of §3.4 (`eip155:0` covers every EVM chain) is answered
/// without scanning every registration: one dictionary lookup, then the (few) registrations of that
/// account.
///
/// `ID` names the owner of a registration (a subscription id, a channel-callback name); `order` is its
/// creation order, and ``firstMatch(for:)`` returns the earliest matching owner, as a scan in creation
/// order would.
struct AccountChannelIndex<ID: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var order: UInt64
        var id: ID
        var reference: String
    }

    private var entries: [String: [Entry]] = [:]

    /// Records that `id` (created `order`-th) registered `channel`; other channels are ignored.
    mutating func insert(_ channel: String, id: ID, order: UInt64) {
        guard let account = BackendWebSocketChannelMatcher.AccountChannel(channel) else { return }
        entries[account.key, default: []].append(Entry(order: order, id: id, reference: account.reference))
    }

    /// Forgets `id`'s registration of `channel`.
    mutating func remove(_ channel: String, id: ID) {
        guard let account = BackendWebSocketChannelMatcher.AccountChannel(channel) else { return }
        let key = account.key
        guard var list = entries[key] else { return }
        if let index = list.firstIndex(where: { $0.id == id && $0.reference == account.reference }) {
            list.remove(at: index)
        }
        entries[key] = list.isEmpty ? nil : list
    }

    mutating func removeAll() {
        entries.removeAll()
    }

    /// The earliest owner whose registration matches a notification on `notified` by the chain
    /// wildcard (reference `0`, or the same reference); `nil` when `notified` is not an account channel.
    func firstMatch(for notified: String) -> ID? {
        guard let account = BackendWebSocketChannelMatcher.AccountChannel(notified),
            let list = entries[account.key]
        else { return nil }
        var best: Entry?
        for entry in list where entry.reference == "0" || entry.reference == account.reference {
            if best.map({ entry.order < $0.order }) ?? true { best = entry }
        }
        return best?.id
    }
}
