/// One entry of the cache. A class, so a cache hit reads it in place without copying; it is only ever
/// touched inside the client's lock.
final class CacheEntry {
    var data: (any Sendable)?
    var dataUpdatedAt: Duration?
    var error: (any Error)?
    var isInvalidated = false
    var gcTime: Duration
    var lastUsedAt: Duration
    var fetch: InFlightFetch?
    var observers: [UInt64: EntryObserver] = [:]
    /// The id of the armed gc timer (see ``GarbageCollectionSchedule``); `nil` when none is armed.
    var gcTimerID: UInt64?
    /// The fetcher observers registered, used to refetch after invalidation.
    var refetcher: ErasedQuery?

    init(gcTime: Duration, now: Duration) {
        self.gcTime = gcTime
        self.lastUsedAt = now
    }

    func isFresh(now: Duration, staleTime: Duration) -> Bool {
        guard data != nil, !isInvalidated, let updated = dataUpdatedAt else { return false }
        return now < updated + staleTime
    }

    var snapshot: EntrySnapshot {
        EntrySnapshot(
            data: data, dataUpdatedAt: dataUpdatedAt, error: error, isFetching: fetch != nil,
            isInvalidated: isInvalidated, isPaused: fetch?.isPaused ?? false)
    }
}

/// A fetch in flight and the callers waiting for it.
struct InFlightFetch {
    let id: UInt64
    var task: Task<Void, Never>?
    var waiters = WaiterList<CacheAction.Waiter>()
    /// Started for observers or invalidation: keeps running when no caller waits.
    var keepsRunningWithoutWaiters: Bool
    /// Its last waiter left before the task was launched: the launcher cancels it.
    var isCancellationRequested = false
    /// It waits for the network to come back.
    var isPaused = false
}

/// An observer's callback.
struct EntryObserver: Sendable {
    /// Whether this observer wants its entry refetched when the app comes back to the foreground.
    var refetchOnFocus = true
    /// Whether this observer wants its entry refetched when the network comes back.
    var refetchOnReconnect = true
    let notify: @Sendable (EntrySnapshot) -> Void
}

/// An untyped copy of an entry's state, handed to observers outside the lock.
struct EntrySnapshot: Sendable {
    var data: (any Sendable)?
    var dataUpdatedAt: Duration?
    var error: (any Error)?
    var isFetching: Bool
    var isInvalidated: Bool
    var isPaused = false

    func typed<Value: Sendable>(as type: Value.Type) -> QueryState<Value> {
        let value = data as? Value ?? (data as? RestoredData)?.decoded(as: Value.self)
        let status: QueryState<Value>.Status = error != nil ? .error : (value != nil ? .success : .pending)
        return QueryState(
            status: status, data: value, error: error, isFetching: isFetching, dataUpdatedAt: dataUpdatedAt,
            isInvalidated: isInvalidated, isPaused: isPaused)
    }
}

/// A query's fetcher and retry policy without its value type.
struct ErasedQuery: Sendable {
    let run: @Sendable () async throws -> any Sendable
    let retryPolicy: RetryPolicy?
    /// The stale time observers registered it with: decides whether focus or reconnect refetches it.
    let staleTime: Duration

    init<Value: Sendable>(_ options: QueryOptions<Value>) {
        let function = options.queryFunction
        run = { try await function() }
        retryPolicy = options.retryPolicy
        staleTime = options.staleTime
    }
}
