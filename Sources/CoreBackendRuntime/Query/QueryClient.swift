/// A cache of query results with TanStack Query semantics: stale and gc times, de-duplication of
/// concurrent fetches, retries with backoff and jitter, invalidation by key prefix, and observers.
///
/// All state sits behind one lock, so cache hits, ``getCachedData(_:as:)`` and ``isFetching(_:)`` are
/// synchronous and never hop to an actor. One fetch runs per key: concurrent callers join it; a caller
/// whose task is cancelled stops waiting without disturbing the others, and the fetch itself is
/// cancelled when its last waiter leaves and nothing observes the entry.
///
/// ```swift
/// let cache = QueryClient()
/// let value = try await cache.fetchQuery(client.accounts.getV1SupportedNetworksQueryOptions())
/// ```
public final class QueryClient: Sendable {
    /// Defaults for queries that do not set their own values, plus the injected time and randomness.
    public struct Configuration: Sendable {
        /// Stale time for entries created without one (e.g. by ``QueryClient/setCachedData(_:_:)``).
        public var staleTime: Duration
        /// Gc time for entries created without one.
        public var gcTime: Duration
        /// Retry policy for queries that do not set one.
        public var retryPolicy: RetryPolicy
        /// The time source.
        public var clock: QueryClock
        /// The jitter source for retry delays.
        public var random: RandomSource

        /// Creates a configuration; defaults match upstream's self-created cache.
        public init(
            staleTime: Duration = .seconds(30),
            gcTime: Duration = .seconds(300),
            retryPolicy: RetryPolicy = .default,
            clock: QueryClock = .continuous,
            random: RandomSource = .system
        ) {
            self.staleTime = staleTime
            self.gcTime = gcTime
            self.retryPolicy = retryPolicy
            self.clock = clock
            self.random = random
        }
    }

    /// The defaults, clock and random source this cache was created with.
    public let configuration: Configuration
    /// Inlinable for ``fetchQuery(_:)``'s fast path, which is specialised in the calling module.
    @usableFromInline let storage = Locked(CacheState())
    /// Focus, network state and the fetches paused offline (see `QueryClient+Lifecycle.swift`).
    let lifecycle = QueryLifecycle()

    /// Creates an empty cache.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    // The gc sweeper holds the client weakly and would sleep until its deadline (minutes) for nothing.
    deinit {
        storage.withLock { $0.garbageCollection.sweeperTask }?.cancel()
    }

    /// The current time on the cache's clock.
    public var now: Duration { configuration.clock.now }

    /// The data of the entry whose key hashes exactly like `key`, if it holds a `Value`.
    public func getCachedData<Value: Sendable>(_ key: QueryKey, as type: Value.Type = Value.self) -> Value? {
        let data = storage.withLock { $0.entries[key]?.data }
        return data as? Value ?? (data is RestoredData ? decodeRestoredData(key, as: Value.self) : nil)
    }

    /// Stores `value` under `key` as fresh data, notifying observers.
    public func setCachedData<Value: Sendable>(_ key: QueryKey, _ value: Value) {
        let now = self.now
        perform(storage.withLock { $0.setData(value, for: key, defaultGCTime: configuration.gcTime, now: now) })
    }

    /// The state of the entry under `key`, if there is one.
    public func queryState<Value: Sendable>(_ key: QueryKey, as type: Value.Type = Value.self) -> QueryState<Value>? {
        storage.withLock { $0.entries[key]?.snapshot }?.typed(as: Value.self)
    }

    /// Whether any entry whose key starts with `prefix` is fetching right now.
    public func isFetching(_ prefix: QueryKey = []) -> Bool {
        storage.withLock { state in
            state.entries.contains { key, entry in entry.fetch != nil && key.matches(prefix: prefix) }
        }
    }

    /// Whether an entry under exactly `key` exists.
    public func contains(_ key: QueryKey) -> Bool {
        storage.withLock { $0.entries[key] != nil }
    }

    /// The number of entries, for diagnostics and tests.
    public var entryCount: Int { storage.withLock { $0.entries.count } }

    /// Removes every entry. In-flight fetches are cancelled and their callers get `CancellationError`;
    /// observed entries are emptied (observers see a pending state) but keep their observers.
    public func clear() {
        let now = self.now
        perform(storage.withLock { $0.clear(now: now) })
    }
}
