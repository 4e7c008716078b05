/// The addresses watched with ``AccountActivityService/subscribe(addresses:)``, as CAIP-10 account ids:
/// insertion, removal and membership are O(1); only listing them sorts (by insertion order).
struct AccountActivityWatchList: Sendable {
    private var order: [String: UInt64] = [:]
    private var next: UInt64 = 0

    var count: Int { order.count }

    func contains(_ accountId: String) -> Bool { order[accountId] != nil }

    /// Adds `accountId` at the end; `false` if it was already watched.
    @discardableResult
    mutating func insert(_ accountId: String) -> Bool {
        guard order[accountId] == nil else { return false }
        next += 1
        order[accountId] = next
        return true
    }

    /// Removes `accountId`; `false` if it was not watched.
    @discardableResult
    mutating func remove(_ accountId: String) -> Bool {
        order.removeValue(forKey: accountId) != nil
    }

    /// Every watched account id in insertion order.
    var all: [String] { order.sorted { $0.value < $1.value }.map(\.key) }
}
