import CoreBackendRuntime

/// The latest value of a status and the streams following it: ``update(_:)`` yields a value to every
/// stream only when it differs from the last one; a new stream starts with the current value.
///
/// `update` may be called inside another lock (it takes only its own, and yielding to an `AsyncStream`
/// runs no caller code), which keeps updates in the order they were decided.
final class StatusBroadcaster<Value: Sendable & Equatable>: Sendable {
    private struct State {
        var value: Value
        var nextID: UInt64 = 0
        var continuations: [UInt64: AsyncStream<Value>.Continuation] = [:]
    }

    private let state: Locked<State>

    init(_ initial: Value) { state = Locked(State(value: initial)) }

    /// The current value.
    var value: Value { state.withLock { $0.value } }

    /// Stores `value` and yields it to every stream, unless it equals the current one.
    func update(_ value: Value) {
        state.withLock { state in
            guard state.value != value else { return }
            state.value = value
            for continuation in state.continuations.values { continuation.yield(value) }
        }
    }

    /// The current value, then every change, until the consumer stops iterating.
    func stream() -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream.makeStream(of: Value.self, bufferingPolicy: .bufferingNewest(8))
        state.withLock { state in
            state.nextID &+= 1
            let id = state.nextID
            state.continuations[id] = continuation
            continuation.yield(state.value)
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.continuations.removeValue(forKey: id) }
            }
        }
        return stream
    }
}
