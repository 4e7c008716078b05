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
///
/// `package` with `@inlinable` methods (SE-0386): `withLock` is specialised where it is called in the
/// other modules of this package (it runs several times per real-time event), and `@usableFromInline`
/// lets public inlinable code (`Messenger.publish`) use it, without making it public API.
@usableFromInline package final class Locked<State>: @unchecked Sendable {
    // Safety: `state` is only read or written inside `withLock`, which holds the mutex for the
    // whole access, so no two threads touch it at once.
    @usableFromInline var state: State
    #if canImport(Darwin)
        private let mutex: UnsafeMutablePointer<os_unfair_lock>
    #else
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    #endif

    /// Creates a lock around an initial value.
    @usableFromInline package init(_ initial: State) {
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
    @inlinable @inline(__always)
    package func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure)
        -> Result
    {
        acquire()
        defer { relinquish() }
        return try body(&state)
    }

    /// Locks the mutex (not inlinable: the platform lock functions are imported internally).
    @usableFromInline func acquire() {
        #if canImport(Darwin)
            os_unfair_lock_lock(mutex)
        #else
            pthread_mutex_lock(mutex)
        #endif
    }

    /// Unlocks the mutex.
    @usableFromInline func relinquish() {
        #if canImport(Darwin)
            os_unfair_lock_unlock(mutex)
        #else
            pthread_mutex_unlock(mutex)
        #endif
    }
}
