#if canImport(Darwin)
internal import Darwin
#elseif canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// A value guarded by a mutex, for state that must be read and written synchronously from any thread.
///
/// `Mutex` from the Synchronization module needs macOS 15 / iOS 18, above our platform floor, so this
/// wraps `os_unfair_lock` on Apple platforms and `pthread_mutex_t` elsewhere. Closures passed to
/// ``withLock(_:)`` must not suspend, call out to user code, or re-enter the same lock.
package final class Locked<State>: @unchecked Sendable {
    // Safety: `state` is only read or written inside `withLock`, which holds the mutex for the
    // whole access, so no two threads touch it at once.
    private var state: State
    #if canImport(Darwin)
    private let mutex: UnsafeMutablePointer<os_unfair_lock>
    #else
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    #endif

    /// Creates a lock around an initial value.
    package init(_ initial: State) {
        state = initial
        #if canImport(Darwin)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: os_unfair_lock())
        #else
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        #endif
    }

    deinit {
        #if !canImport(Darwin)
        pthread_mutex_destroy(mutex)
        #endif
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the state and returns its result.
    @inline(__always)
    package func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure) -> Result {
        #if canImport(Darwin)
        os_unfair_lock_lock(mutex)
        defer { os_unfair_lock_unlock(mutex) }
        #else
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        #endif
        return try body(&state)
    }
}
