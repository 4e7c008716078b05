/// The observing task of a ``QueryObserver``, reachable from its nonisolated `deinit`.
final class ObserverSubscription: Sendable {
    private let task = Locked<Task<Void, Never>?>(nil)

    var isActive: Bool { task.withLock { $0 != nil } }

    func replace(with newTask: Task<Void, Never>) {
        let old = task.withLock { current -> Task<Void, Never>? in
            defer { current = newTask }
            return current
        }
        old?.cancel()
    }

    func cancel() {
        let old = task.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        old?.cancel()
    }
}
