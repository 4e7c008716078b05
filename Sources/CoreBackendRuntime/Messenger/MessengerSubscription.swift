/// A handle to one event subscription, used to unsubscribe it.
///
/// Swift closures have no identity, so where upstream unsubscribes by passing the handler again,
/// this port returns a handle from every `subscribe` call.
public struct MessengerSubscription: Hashable, Sendable, CustomStringConvertible {
    /// The namespaced name of the event this subscription listens to.
    public let eventName: String
    /// Unique per messenger; allocated in subscription order.
    let id: UInt64

    init(eventName: String, id: UInt64) {
        self.eventName = eventName
        self.id = id
    }

    /// A readable description naming the event and the subscription number.
    public var description: String { "MessengerSubscription(\(eventName) #\(id))" }
}
