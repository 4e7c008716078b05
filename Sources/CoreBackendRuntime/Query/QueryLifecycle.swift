/// The app's focus and network state as a ``QueryClient`` sees it, and the fetches paused until the
/// network comes back (TanStack's `focusManager`, `onlineManager` and `networkMode: 'online'`).
///
/// Both start `true`: a client that is never told otherwise behaves as before.
final class QueryLifecycle: Sendable {
    private struct State {
        var isFocused = true
        var isOnline = true
        var nextID: UInt64 = 0
        /// Fetches waiting for the network.
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        /// Ids handed out whose waiter is not registered yet.
        var pending: Set<UInt64> = []
        /// Pending ids whose task was cancelled before they registered.
        var cancelled: Set<UInt64> = []
    }

    private enum Registration {
        case resume, cancel, wait
    }

    private let state = Locked(State())

    var isFocused: Bool { state.withLock { $0.isFocused } }
    var isOnline: Bool { state.withLock { $0.isOnline } }
    var pausedCount: Int { state.withLock { $0.waiters.count } }

    /// Records the focus; `true` when the app just regained it.
    func setFocused(_ focused: Bool) -> Bool {
        state.withLock { state in
            defer { state.isFocused = focused }
            return focused && !state.isFocused
        }
    }

    /// Records the network state; when it just came back, resumes the paused fetches and returns `true`.
    func setOnline(_ online: Bool) -> Bool {
        let (cameBack, resumed) = state.withLock { state in
            defer { state.isOnline = online }
            guard online && !state.isOnline else { return (false, [CheckedContinuation<Void, any Error>]()) }
            defer { state.waiters = [:] }
            return (true, state.waiters.sorted { $0.key < $1.key }.map(\.value))
        }
        for waiter in resumed { waiter.resume() }
        return cameBack
    }

    /// Returns at once when online; otherwise waits until ``setOnline(_:)`` reports the network back,
    /// calling `pausing(true)` once it waits and `pausing(false)` when it stops waiting. Throws
    /// `CancellationError` when the calling task is cancelled while waiting.
    func waitUntilOnline(pausing: (Bool) -> Void = { _ in }) async throws {
        let id: UInt64? = state.withLock { state in
            guard !state.isOnline else { return nil }
            state.nextID &+= 1
            state.pending.insert(state.nextID)
            return state.nextID
        }
        guard let id else { return }
        var paused = false
        defer { if paused { pausing(false) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                let registration = state.withLock { state -> Registration in
                    state.pending.remove(id)
                    if state.cancelled.remove(id) != nil { return .cancel }
                    if state.isOnline { return .resume }
                    state.waiters[id] = waiter
                    return .wait
                }
                switch registration {
                case .resume: waiter.resume()
                case .cancel: waiter.resume(throwing: CancellationError())
                case .wait:
                    paused = true
                    pausing(true)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                if state.pending.contains(id) { state.cancelled.insert(id) }
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
