import CoreBackendRuntime

/// A one-shot latch for tests: ``wait()`` suspends until ``open()`` is called (and returns at once after).
///
/// ```swift
/// let gate = AsyncGate()
/// transport.respond = { await gate.wait(); return response }
/// // … assert what happens while the request is in flight …
/// gate.open()
/// ```
public final class AsyncGate: Sendable {
    private let state = Locked<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Creates a closed gate.
    public init() {}

    /// Suspends until the gate is open.
    public func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }

    /// Opens the gate: resumes every waiter, now and later.
    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
