extension Messenger {
    /// Inserts a subscriber at the end of the event's list; `makeDeliver` receives its id.
    @usableFromInline
    func insertSubscriber(
        _ name: String,
        _ makeDeliver: (UInt64) -> @Sendable (any Sendable) throws -> Void
    ) -> MessengerSubscription {
        state.withLock { state in
            let id = state.nextSubscriptionID()
            state.subscribers[name, default: []].append(
                Subscriber(id: id, isDelegationForwarder: false, deliver: makeDeliver(id))
            )
            return MessengerSubscription(eventName: name, id: id)
        }
    }

    /// Adds a plain subscriber that removes itself the first time `condition` (if any) holds (plain
    /// subscribers without it are built by the inlinable ``subscribe(_:_:)``).
    func addOnceSubscriber<Event: MessengerEvent>(
        _: Event.Type,
        condition: (@Sendable (Event.Payload) -> Bool)?,
        _ handler: @escaping @Sendable (Event.Payload) throws -> Void
    ) -> MessengerSubscription {
        let name = Event.name
        return insertSubscriber(name) { id in
            let fired = Locked(false)
            return { [weak self] raw in
                let payload = try Self.cast(raw, to: Event.Payload.self, name: name)
                if let condition, !condition(payload) { return }
                guard Self.claim(fired) else { return }
                _ = self?.state.withLock { $0.removeSubscriber(of: name, id: id) }
                try handler(payload)
            }
        }
    }

    /// Adds a selector subscriber; `condition` is consulted only when the selected value changed.
    func addSelectorSubscriber<Event: MessengerEvent, Value: Equatable & Sendable>(
        _: Event.Type,
        selector: @escaping @Sendable (Event.Payload) -> Value,
        once: Bool,
        condition: (@Sendable (Value, Value?) -> Bool)?,
        _ handler: @escaping @Sendable (Value, Value?) throws -> Void
    ) -> MessengerSubscription {
        let name = Event.name
        let cache = SelectorCache(primedWith: primedValue(Event.self, selector: selector))
        return insertSubscriber(name) { id in
            let fired = once ? Locked(false) : nil
            return { [weak self] raw in
                let value = selector(try Self.cast(raw, to: Event.Payload.self, name: name))
                guard let previous = cache.advance(to: value) else { return }
                if let condition, !condition(value, previous) { return }
                if let fired {
                    guard Self.claim(fired) else { return }
                    _ = self?.state.withLock { $0.removeSubscriber(of: name, id: id) }
                }
                try handler(value, previous)
            }
        }
    }

    /// The value selected from the event's initial payload, if one is registered here.
    private func primedValue<Event: MessengerEvent, Value>(
        _: Event.Type,
        selector: @Sendable (Event.Payload) -> Value
    ) -> Value? {
        guard let getPayload = state.withLock({ $0.initialPayloads[Event.name] }) else { return nil }
        do {
            return selector(try Self.cast(getPayload(), to: Event.Payload.self, name: Event.name))
        } catch {
            report(error)
            return nil
        }
    }

    /// Sets a once-flag; returns `true` only for the first caller, even across threads.
    private static func claim(_ fired: Locked<Bool>) -> Bool {
        fired.withLock { fired in
            defer { fired = true }
            return !fired
        }
    }
}

extension Messenger {
    /// The number of subscribers of an event on this messenger, delegation forwarders excluded (for tests).
    package func subscriberCount<Event: MessengerEvent>(of _: Event.Type) -> Int {
        state.withLock { $0.subscribers[Event.name]?.count { !$0.isDelegationForwarder } ?? 0 }
    }
}
