extension Messenger {
    /// The payloads of an event as an asynchronous sequence, from now on.
    ///
    /// The subscription is made immediately and removed when the consumer stops iterating (the
    /// stream terminates or its task is cancelled):
    ///
    /// ```swift
    /// for await state in messenger.events(of: BackendWebSocketService.ConnectionStateChanged.self) {
    ///     print(state)
    /// }
    /// ```
    public func events<Event: MessengerEvent>(
        of event: Event.Type,
        bufferingPolicy: AsyncStream<Event.Payload>.Continuation.BufferingPolicy = .unbounded
    ) -> AsyncStream<Event.Payload> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.Payload.self, bufferingPolicy: bufferingPolicy)
        let subscription = subscribe(event) { continuation.yield($0) }
        continuation.onTermination = { [weak self] _ in
            try? self?.unsubscribe(subscription)
        }
        return stream
    }

    /// The changes of a value selected from an event's payload, as new and previous value.
    ///
    /// Follows the rules of ``subscribe(_:selector:_:)``; unsubscribes when iteration stops.
    public func events<Event: MessengerEvent, Value: Equatable & Sendable>(
        of event: Event.Type,
        selector: @escaping @Sendable (Event.Payload) -> Value,
        bufferingPolicy: AsyncStream<(Value, Value?)>.Continuation.BufferingPolicy = .unbounded
    ) -> AsyncStream<(Value, Value?)> {
        let (stream, continuation) = AsyncStream.makeStream(of: (Value, Value?).self, bufferingPolicy: bufferingPolicy)
        let subscription = subscribe(event, selector: selector) { continuation.yield(($0, $1)) }
        continuation.onTermination = { [weak self] _ in
            try? self?.unsubscribe(subscription)
        }
        return stream
    }
}
