/// A type-erased action handler as stored in an action table.
enum ErasedActionHandler: Sendable {
    case sync(@Sendable (any Sendable) throws -> any Sendable)
    /// Starts on the caller's executor, as ``Messenger/call(_:_:)`` does.
    case async(AsyncHandler)

    typealias AsyncHandler = nonisolated(nonsending) @Sendable (any Sendable) async throws -> any Sendable
}

/// One row of an action table: a local handler or a wrapper that resolves the handler in its source lazily.
enum ActionEntry: Sendable {
    case local(ErasedActionHandler)
    case delegated(from: WeakMessenger)
}

/// A weak reference, so delegation never keeps a messenger alive (only `parent` is strong).
struct WeakMessenger: Sendable {
    weak var value: Messenger?

    init(_ value: Messenger) { self.value = value }
}

/// One entry of an event's ordered subscriber list.
struct Subscriber: Sendable {
    /// Allocated in subscription order, so a list sorted by id is sorted by subscription order.
    let id: UInt64
    /// Forwarders re-publish on a delegation target and survive `clearSubscriptions`.
    let isDelegationForwarder: Bool
    let deliver: @Sendable (any Sendable) throws -> Void
}

/// The forwarder that carries one event from this messenger to one target.
struct EventDelegation: Sendable {
    let target: WeakMessenger
    let forwarderID: UInt64
}

/// Everything a messenger mutates, guarded by one ``Locked``.
struct MessengerState: Sendable {
    var actions: [String: ActionEntry] = [:]
    /// Action names in insertion order, for `registeredActionTypes`.
    var actionOrder: [String] = []
    var subscribers: [String: [Subscriber]] = [:]
    var initialPayloads: [String: @Sendable () -> any Sendable] = [:]
    var eventDelegations: [String: [EventDelegation]] = [:]
    /// Events already delegated to the parent (a delegation to the parent is never revoked), so
    /// `publish` skips ``Messenger/delegateEvent(named:to:skippingExisting:)`` for them.
    var eventsDelegatedToParent: Set<String> = []
    /// Present while an event is being delivered; holds the payloads of publishes queued meanwhile.
    var pendingDeliveries: [String: [any Sendable]] = [:]
    var lastSubscriptionID: UInt64 = 0

    mutating func nextSubscriptionID() -> UInt64 {
        lastSubscriptionID += 1
        return lastSubscriptionID
    }

    mutating func insertAction(_ entry: ActionEntry, named name: String) {
        actions[name] = entry
        actionOrder.append(name)
    }

    mutating func removeAction(named name: String) {
        guard actions.removeValue(forKey: name) != nil else { return }
        actionOrder.removeAll { $0 == name }
    }

    /// The first subscriber of `event` subscribed after `id` (or the first at all), in the live list.
    func subscriber(of event: String, after id: UInt64?) -> Subscriber? {
        guard let list = subscribers[event], !list.isEmpty else { return nil }
        guard let id else { return list[0] }
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].id <= id { low = mid + 1 } else { high = mid }
        }
        return low < list.count ? list[low] : nil
    }

    /// Removes one subscriber by id; returns whether it was present.
    mutating func removeSubscriber(of event: String, id: UInt64) -> Bool {
        guard var list = subscribers[event], let index = list.firstIndex(where: { $0.id == id }) else {
            return false
        }
        list.remove(at: index)
        subscribers[event] = list.isEmpty ? nil : list
        return true
    }
}
