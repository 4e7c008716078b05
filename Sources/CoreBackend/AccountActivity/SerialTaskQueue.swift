import CoreBackendRuntime

/// Runs asynchronous operations one at a time, in the order they were enqueued (FIFO).
///
/// The WebSocket services react to messenger events (synchronous callbacks) with asynchronous work;
/// this queue serialises that work so two triggers can never interleave (upstream's JavaScript has no
/// lock, which lets a reconnect and an account switch create duplicate subscriptions). Operations run
/// in unstructured tasks, so cancelling a caller's task never cancels shared service work.
/// An operation must not await another operation of the same queue (that would deadlock).
final class SerialTaskQueue: Sendable {
    private let tail = Locked<Task<Void, Never>?>(nil)

    /// Appends `operation`; it starts once every earlier operation has finished.
    @discardableResult
    func enqueue(_ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        tail.withLock { tail in
            let previous = tail
            let task = Task {
                await previous?.value
                await operation()
            }
            tail = task
            return task
        }
    }

    /// Appends `operation` and waits for its result.
    func run<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: await operation()) }
        }
    }

    /// Waits until every operation enqueued so far, and every operation they enqueued, has finished.
    func waitUntilIdle() async {
        while true {
            guard let current = tail.withLock({ $0 }) else { return }
            await current.value
            if tail.withLock({ $0 == current }) { return }
        }
    }
}
