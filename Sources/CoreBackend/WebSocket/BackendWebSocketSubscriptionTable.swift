/// The subscriptions `BackendWebSocketService` stores, indexed so no query or routing decision scans
/// them all: by subscription id, by exact channel, by account (for the chain wildcard) and by channel
/// family (the dot-terminated prefixes before a channel's first `:`, e.g. `account-activity.` and
/// `account-activity.v1.`).
///
/// | Question | Cost |
/// |---|---|
/// | subscription by id, routing a notification | O(1) |
/// | by exact channel, `channelHasSubscription` | O(matches) |
/// | by prefix ending in or containing `.` | O(subscriptions in the prefix's family) — all of them match for the family prefixes callers use |
/// | by prefix without `.` | O(subscriptions) (not indexed) |
///
/// Results are in creation order (a repeated id replaces the old entry in its place), as the array of
/// upstream gave them. A value type inside the service's locked state: tests compare it to a naive scan.
struct BackendWebSocketSubscriptionTable: Sendable {
    typealias Stored = BackendWebSocketServiceState.StoredSubscription

    private struct Entry: Sendable {
        var subscription: Stored
        var order: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var byChannel: [String: OneOrMany<String>] = [:]
    private var byFamily: [String: Set<String>] = [:]
    private var accounts = AccountChannelIndex<String>()
    private var nextOrder: UInt64 = 0

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Every subscription in creation order.
    var all: [Stored] { ordered(entries.keys) }

    subscript(subscriptionId: String) -> Stored? { entries[subscriptionId]?.subscription }

    /// Stores `subscription`, replacing (in its creation position) one with the same id.
    mutating func store(_ subscription: Stored) {
        let id = subscription.subscriptionId
        let order: UInt64
        if let existing = removeEntry(id) {
            order = existing.order
        } else {
            nextOrder += 1
            order = nextOrder
        }
        entries[id] = Entry(subscription: subscription, order: order)
        for channel in subscription.channels {
            if byChannel[channel]?.contains(where: { $0 == id }) != true {
                byChannel[channel] = .appending(id, to: byChannel[channel])
            }
            for family in Self.families(of: channel) { byFamily[family, default: []].insert(id) }
            accounts.insert(channel, id: id, order: order)
        }
    }

    /// Removes the subscription with `subscriptionId`; returns it.
    @discardableResult
    mutating func remove(_ subscriptionId: String) -> Stored? {
        removeEntry(subscriptionId).map(\.subscription)
    }

    private mutating func removeEntry(_ id: String) -> Entry? {
        guard let entry = entries.removeValue(forKey: id) else { return nil }
        for channel in entry.subscription.channels {
            if let ids = byChannel[channel] { byChannel[channel] = .removingFirst(where: { $0 == id }, from: ids) }
            for family in Self.families(of: channel) {
                byFamily[family]?.remove(id)
                if byFamily[family]?.isEmpty == true { byFamily[family] = nil }
            }
            accounts.remove(channel, id: id)
        }
        return entry
    }

    mutating func removeAll() {
        entries.removeAll()
        byChannel.removeAll()
        byFamily.removeAll()
        accounts.removeAll()
    }

    /// Subscriptions whose channels include exactly `channel`, in creation order.
    func subscriptions(withChannel channel: String) -> [Stored] {
        ordered(byChannel[channel]?.elements ?? [])
    }

    /// Whether any subscription includes exactly `channel`.
    func hasSubscription(channel: String) -> Bool {
        byChannel[channel] != nil
    }

    /// Subscriptions with a channel starting with `prefix`, in creation order.
    func subscriptions(withChannelPrefix prefix: String) -> [Stored] {
        let candidates: [String]
        if let family = Self.family(containing: prefix) {
            candidates = Array(byFamily[family] ?? [])
        } else {
            candidates = Array(entries.keys)
        }
        return ordered(
            candidates.filter { id in entries[id]?.subscription.channels.contains { $0.hasPrefix(prefix) } == true })
    }

    /// The subscription a notification belongs to (§3.4): the one with `subscriptionId`, else the
    /// earliest with a channel matching `channel` (equal, or by the account chain wildcard).
    func route(subscriptionId: String, channel: String?) -> Stored? {
        if let entry = entries[subscriptionId] { return entry.subscription }
        guard let channel, !channel.isEmpty else { return nil }
        let exact = byChannel[channel]?.elements.compactMap { entries[$0] }.min { $0.order < $1.order }
        let wildcard = accounts.firstMatch(for: channel).flatMap { entries[$0] }
        switch (exact, wildcard) {
        case (let exact?, let wildcard?): return (exact.order <= wildcard.order ? exact : wildcard).subscription
        case (let exact?, nil): return exact.subscription
        case (nil, let wildcard?): return wildcard.subscription
        case (nil, nil): return nil
        }
    }

    private func ordered(_ ids: some Collection<String>) -> [Stored] {
        ids.compactMap { entries[$0] }.sorted { $0.order < $1.order }.map(\.subscription)
    }

    /// The dot-terminated prefixes of `channel` before its first `:` (`a.`, `a.b.` for `a.b.c:d`).
    static func families(of channel: String) -> [String] {
        let head = channel.utf8.firstIndex(of: UInt8(ascii: ":")) ?? channel.utf8.endIndex
        var result: [String] = []
        var index = channel.utf8.startIndex
        while index < head {
            if channel.utf8[index] == UInt8(ascii: ".") {
                result.append(String(channel[...index]))
            }
            index = channel.utf8.index(after: index)
        }
        return result
    }

    /// The family every channel starting with `prefix` belongs to: `prefix` up to its last `.` before
    /// any `:`; `nil` when there is no such `.` (such a prefix is answered by a scan).
    static func family(containing prefix: String) -> String? {
        families(of: prefix).last
    }
}
