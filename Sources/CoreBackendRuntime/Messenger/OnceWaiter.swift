/// The state of one `waitUntil` call: at most one of value or cancellation reaches the continuation.
final class OnceWaiter<Value: Sendable>: Sendable {
    private enum Phase {
        case installing
        case valueArrived(Value)
        case cancelledEarly
        case waiting(CheckedContinuation<Value, any Error>, MessengerSubscription)
        case finished
    }

    private let phase = Locked(Phase.installing)

    /// Hands the subscriber's value to the continuation (or keeps it until the continuation is stored).
    func deliver(_ value: Value) {
        let continuation: CheckedContinuation<Value, any Error>? = phase.withLock { phase in
            switch phase {
            case .installing:
                phase = .valueArrived(value)
                return nil
            case .waiting(let continuation, _):
                phase = .finished
                return continuation
            case .valueArrived, .cancelledEarly, .finished:
                return nil
            }
        }
        continuation?.resume(returning: value)
    }

    /// Stores the continuation, or resumes it at once; returns `false` if the subscription must be removed.
    func wait(
        with continuation: CheckedContinuation<Value, any Error>,
        subscription: MessengerSubscription
    ) -> Bool {
        let outcome: WaitOutcome<Value> = phase.withLock { phase in
            switch phase {
            case .installing:
                phase = .waiting(continuation, subscription)
                return .stored
            case .valueArrived(let value):
                phase = .finished
                return .value(value)
            case .cancelledEarly, .waiting, .finished:
                phase = .finished
                return .cancelled
            }
        }
        switch outcome {
        case .stored:
            return true
        case .value(let value):
            continuation.resume(returning: value)
            return true
        case .cancelled:
            continuation.resume(throwing: CancellationError())
            return false
        }
    }

    /// Resumes a waiting continuation with `CancellationError`; returns the subscription to remove.
    func cancel() -> MessengerSubscription? {
        let waiting: (CheckedContinuation<Value, any Error>, MessengerSubscription)? = phase.withLock { phase in
            switch phase {
            case .installing:
                phase = .cancelledEarly
                return nil
            case .waiting(let continuation, let subscription):
                phase = .finished
                return (continuation, subscription)
            case .valueArrived, .cancelledEarly, .finished:
                return nil
            }
        }
        guard let (continuation, subscription) = waiting else { return nil }
        continuation.resume(throwing: CancellationError())
        return subscription
    }
}

/// What `OnceWaiter.wait` decided while holding the lock.
private enum WaitOutcome<Value> {
    case stored
    case value(Value)
    case cancelled
}
