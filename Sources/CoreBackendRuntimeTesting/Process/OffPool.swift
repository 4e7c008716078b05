import Foundation

/// Runs blocking `body` (a pipe read, a process wait) on a thread of its own and awaits its result.
///
/// Tests share the cooperative pool, which has one thread per core: a test that blocks one of them
/// for a second (waiting for a Python peer to start, say) stalls every other test's timers and
/// continuations for that second, and timing expectations elsewhere fail on a slow machine. Blocking
/// work in an async test goes through this function instead.
///
/// ```swift
/// let line = await offPool { pipe.fileHandleForReading.availableData }
/// ```
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "offPool"
        thread.start()
    }
}

/// Runs blocking, non-throwing `body` on a thread of its own and awaits its result; see
/// ``offPool(_:)-(()->T)``.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = "offPool"
        thread.start()
    }
}
