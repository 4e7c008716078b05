/// The observing task of an `@Observable` observer, reachable from its nonisolated `deinit`.
package final class ObserverSubscription: Sendable {
    private let task = Locked<Task<Void, Never>?>(nil)

    /// Creates an inactive subscription.
    package init() {}

    package var isActive: Bool { task.withLock { $0 != nil } }

    package func replace(with newTask: Task<Void, Never>) {
        let old = task.withLock { current -> Task<Void, Never>? in
            defer { current = newTask }
            return current
        }
        old?.cancel()
    }

    package func cancel() {
        let old = task.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        old?.cancel()
    }
}
