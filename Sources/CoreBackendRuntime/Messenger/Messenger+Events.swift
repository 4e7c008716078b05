extension Messenger {
    /// Publishes an event of this messenger's namespace to every subscriber, synchronously and in order.
    ///
    /// If the messenger has a parent, the event is first delegated to it (unless it already is).
    /// A subscriber that throws is reported to `captureException` and delivery continues.
    /// Publishing an event while that same event is being delivered by this messenger (re-entrantly
    /// from a subscriber, or from another thread) queues it; queued payloads are delivered in order
    /// as soon as the current delivery has reached every subscriber.
    ///
    /// - Throws: ``MessengerError/publishOutsideNamespace(event:namespace:)``.
    @inlinable
    public func publish<Event: MessengerEvent>(_ event: Event.Type, _ payload: Event.Payload) throws {
        // Inlinable so the payload is boxed where its type is known; the rest is not generic.
        try publish(named: Event.name, payload)
    }

    /// ``publish(_:_:)`` once the payload is boxed.
    @usableFromInline
    func publish(named name: String, _ payload: any Sendable) throws {
        guard owns(name) else {
            throw MessengerError.publishOutsideNamespace(event: name, namespace: namespace)
        }
        if let parent, !state.withLock({ $0.eventsDelegatedToParent.contains(name) }) {
            try delegateEvent(named: name, to: parent, skippingExisting: true)
        }
        deliver(name, payload)
    }

    /// Publishes an event without payload.
    public func publish<Event: MessengerEvent>(_ event: Event.Type) throws where Event.Payload == Void {
        try publish(event, ())
    }

    /// Subscribes a handler to an event; it runs once per publish, in subscription order.
    ///
    /// - Returns: A handle for ``unsubscribe(_:)``.
    @inlinable @discardableResult
    public func subscribe<Event: MessengerEvent>(
        _ event: Event.Type,
        _ handler: @escaping @Sendable (Event.Payload) throws -> Void
    ) -> MessengerSubscription {
        // Inlinable so the handler's cast is specialised where the payload type is known.
        let name = Event.name
        return insertSubscriber(name) { _ in
            { raw in try handler(try Self.cast(raw, to: Event.Payload.self, name: name)) }
        }
    }

    /// Subscribes a handler that runs only when the value selected from the payload changes.
    ///
    /// The handler receives the new value and the previous one. If an initial payload is registered
    /// for the event, the previous value starts as the one selected from it; otherwise it starts as
    /// `nil` and the first publish calls the handler (unless the selected value is itself `nil`).
    @discardableResult
    public func subscribe<Event: MessengerEvent, Value: Equatable & Sendable>(
        _ event: Event.Type,
        selector: @escaping @Sendable (Event.Payload) -> Value,
        _ handler: @escaping @Sendable (Value, Value?) throws -> Void
    ) -> MessengerSubscription {
        addSelectorSubscriber(Event.self, selector: selector, once: false, condition: nil, handler)
    }

    /// Removes one subscription; its handler is not called again.
    ///
    /// - Throws: ``MessengerError/subscriptionNotFound(event:)`` if it is not active on this messenger.
    public func unsubscribe(_ subscription: MessengerSubscription) throws {
        let removed = state.withLock { $0.removeSubscriber(of: subscription.eventName, id: subscription.id) }
        guard removed else { throw MessengerError.subscriptionNotFound(event: subscription.eventName) }
    }

    /// Removes every subscriber of an event except delegation forwarders, so delegated events keep flowing.
    public func clearEventSubscriptions<Event: MessengerEvent>(_ event: Event.Type) {
        state.withLock { state in
            let kept = state.subscribers[Event.name]?.filter(\.isDelegationForwarder) ?? []
            state.subscribers[Event.name] = kept.isEmpty ? nil : kept
        }
    }

    /// Removes every subscriber of every event except delegation forwarders.
    public func clearSubscriptions() {
        state.withLock { state in
            state.subscribers = state.subscribers.compactMapValues { list in
                let kept = list.filter(\.isDelegationForwarder)
                return kept.isEmpty ? nil : kept
            }
        }
    }

    /// Registers how to get an event's current payload, so selector subscribers compare against it.
    ///
    /// Controllers register `(state, [])` for their state-change events. The getter is passed on to
    /// every messenger the event is delegated to, now or later (and to the parent).
    ///
    /// - Throws: ``MessengerError/registerInitialPayloadOutsideNamespace(event:namespace:)``.
    public func registerInitialEventPayload<Event: MessengerEvent>(
        _ event: Event.Type,
        getPayload: @escaping @Sendable () -> Event.Payload
    ) throws {
        guard owns(Event.name) else {
            throw MessengerError.registerInitialPayloadOutsideNamespace(event: Event.name, namespace: namespace)
        }
        if let parent {
            try delegateEvent(named: Event.name, to: parent, skippingExisting: true)
        }
        receiveInitialPayload(Event.name, getPayload)
    }

    /// Stores an initial-payload getter and passes it on to the event's delegation targets.
    func receiveInitialPayload(_ name: String, _ getPayload: @escaping @Sendable () -> any Sendable) {
        let targets = state.withLock { state in
            state.initialPayloads[name] = getPayload
            return state.eventDelegations[name]?.compactMap(\.target.value) ?? []
        }
        for target in targets {
            target.receiveInitialPayload(name, getPayload)
        }
    }

    /// Delivers a payload to the event's subscribers, queueing it if that event is already being delivered.
    ///
    /// Walks the live subscriber list (late subscribers are reached, removed ones skipped), then the
    /// payloads queued meanwhile, taking the lock once per subscriber.
    func deliver(_ name: String, _ payload: any Sendable) {
        // `next`: a subscriber to deliver to; `.some(nil)`: go to the queued payloads; `nil`: done.
        var next = state.withLock { state -> Subscriber?? in
            if state.pendingDeliveries[name] != nil {
                state.pendingDeliveries[name]!.append(payload)
                return nil  // the thread delivering this event will deliver it
            }
            guard let first = state.subscriber(of: name, after: nil) else { return nil }  // nobody to tell
            state.pendingDeliveries[name] = []
            return .some(first)
        }
        var payload = payload
        while let step = next {
            if let subscriber = step {
                do {
                    try subscriber.deliver(payload)
                } catch {
                    report(error)
                }
                next = state.withLock { state -> Subscriber?? in
                    if let following = state.subscriber(of: name, after: subscriber.id) { return .some(following) }
                    guard state.pendingDeliveries[name]?.isEmpty == false else {
                        state.pendingDeliveries[name] = nil
                        return nil
                    }
                    return .some(nil)
                }
                continue
            }
            // This payload reached every subscriber and others were queued meanwhile: take the next one.
            let queued = state.withLock { state -> (payload: any Sendable, first: Subscriber?)? in
                guard let first = state.pendingDeliveries[name]?.first else {
                    state.pendingDeliveries[name] = nil
                    return nil
                }
                state.pendingDeliveries[name]!.removeFirst()
                return (first, state.subscriber(of: name, after: nil))
            }
            guard let queued else { return }
            payload = queued.payload
            next = .some(queued.first)
        }
    }
}
