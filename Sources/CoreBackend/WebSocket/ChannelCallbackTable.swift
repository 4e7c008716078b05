/// The channel callbacks of `BackendWebSocketService`, by exact name and by account (for the chain
/// wildcard), so routing a notification to its callback never scans them: an exact name wins, else
/// (for account-activity channels) the earliest registration that matches by the wildcard.
///
/// Registration order is kept (a second registration under a name replaces the first in its place).
struct ChannelCallbackTable: Sendable {
    private struct Entry: Sendable {
        var callback: ChannelCallback
        var order: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var accounts = AccountChannelIndex<String>()
    private var nextOrder: UInt64 = 0

    var count: Int { entries.count }

    /// Every callback in registration order.
    var all: [ChannelCallback] { entries.values.sorted { $0.order < $1.order }.map(\.callback) }

    /// Registers `callback`; one already registered under its name is replaced in its place.
    mutating func add(_ callback: ChannelCallback) {
        let name = callback.channelName
        if let existing = entries[name] {
            entries[name] = Entry(callback: callback, order: existing.order)
            return
        }
        nextOrder += 1
        entries[name] = Entry(callback: callback, order: nextOrder)
        accounts.insert(name, id: name, order: nextOrder)
    }

    /// Removes the callback registered under `channelName`; `true` if there was one.
    mutating func remove(_ channelName: String) -> Bool {
        guard entries.removeValue(forKey: channelName) != nil else { return false }
        accounts.remove(channelName, id: channelName)
        return true
    }

    /// The callback for a notification on `channel`: the exact name, else (only when `isAccountChannel`)
    /// the earliest registration matching by the chain wildcard.
    func callback(for channel: String, isAccountChannel: () -> Bool) -> ChannelCallback? {
        if let exact = entries[channel] { return exact.callback }
        guard isAccountChannel(), let name = accounts.firstMatch(for: channel) else { return nil }
        return entries[name]?.callback
    }
}
