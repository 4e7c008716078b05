extension Messenger {
    /// Subscribes a handler that runs at most once: at the first publish for which `condition` holds.
    ///
    /// The subscription removes itself before the handler runs.
    @discardableResult
    public func subscribeOnce<Event: MessengerEvent>(
        _ event: Event.Type,
        condition: (@Sendable (Event.Payload) -> Bool)? = nil,
        _ handler: @escaping @Sendable (Event.Payload) throws -> Void
    ) -> MessengerSubscription {
        addOnceSubscriber(Event.self, condition: condition, handler)
    }

    /// Subscribes a selector handler that runs at most once: at the first change for which `condition` holds.
    ///
    /// `condition` receives the new and previous selected values and is only consulted when the
    /// selected value changed (see ``subscribe(_:selector:_:)``).
    @discardableResult
    public func subscribeOnce<Event: MessengerEvent, Value: Equatable & Sendable>(
        _ event: Event.Type,
        selector: @escaping @Sendable (Event.Payload) -> Value,
        condition: (@Sendable (Value, Value?) -> Bool)? = nil,
        _ handler: @escaping @Sendable (Value, Value?) throws -> Void
    ) -> MessengerSubscription {
        addSelectorSubscriber(Event.self, selector: selector, once: true, condition: condition, handler)
    }

    /// Suspends until the event is published with a payload for which `condition` holds, and returns it.
    ///
    /// It never times out on its own; cancelling the task unsubscribes and throws `CancellationError`.
    public func waitUntil<Event: MessengerEvent>(
        _ event: Event.Type,
        condition: (@Sendable (Event.Payload) -> Bool)? = nil
    ) async throws -> Event.Payload {
        try await awaitOnce { resume in
            self.subscribeOnce(event, condition: condition) { resume($0) }
        }
    }

    /// Suspends until the selected value changes in a way that satisfies `condition`; returns new and previous value.
    ///
    /// Cancelling the task unsubscribes and throws `CancellationError`.
    public func waitUntil<Event: MessengerEvent, Value: Equatable & Sendable>(
        _ event: Event.Type,
        selector: @escaping @Sendable (Event.Payload) -> Value,
        condition: (@Sendable (Value, Value?) -> Bool)? = nil
    ) async throws -> (Value, Value?) {
        try await awaitOnce { resume in
            self.subscribeOnce(event, selector: selector, condition: condition) { resume(($0, $1)) }
        }
    }

    /// Bridges a once-subscription to `async`, handling a value that arrives before the continuation is stored.
    private func awaitOnce<Value: Sendable>(
        _ install: (@escaping @Sendable (Value) -> Void) -> MessengerSubscription
    ) async throws -> Value {
        let waiter = OnceWaiter<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let subscription = install { waiter.deliver($0) }
                if !waiter.wait(with: continuation, subscription: subscription) {
                    try? self.unsubscribe(subscription)
                }
            }
        } onCancel: {
            if let subscription = waiter.cancel() {
                try? self.unsubscribe(subscription)
            }
        }
    }
}
