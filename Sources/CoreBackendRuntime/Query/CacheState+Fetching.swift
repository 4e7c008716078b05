/// What a caller of `fetchQuery` found under its key.
@usableFromInline enum CacheLookup {
    /// Fresh data.
    case hit(any Sendable)
    /// No fresh data: the caller waits, under this waiter id (see ``CacheState/reserveWaiter()``).
    case miss(waiterID: UInt64)
}

extension CacheState {
    /// The fast path of `fetchQuery`: fresh data under `key` (marked used, its gc time raised to
    /// `gcTime`), or else a waiter id for the caller, who will wait.
    @usableFromInline mutating func lookUp(_ key: QueryKey, staleTime: Duration, gcTime: Duration, now: Duration)
        -> CacheLookup
    {
        // One hash lookup; the entry is a class, updated in place.
        if let entry = entries[key], entry.isFresh(now: now, staleTime: staleTime), let data = entry.data {
            entry.lastUsedAt = now
            if gcTime > entry.gcTime { entry.gcTime = gcTime }
            return .hit(data)
        }
        return .miss(waiterID: reserveWaiter())
    }

    /// Gives a caller that found no fresh data a waiter id, before it suspends.
    mutating func reserveWaiter() -> UInt64 {
        let id = makeID()
        pendingWaiters.insert(id)
        return id
    }

    /// Registers the suspended caller `waiterID`: resolves it at once if it was cancelled meanwhile or
    /// the entry became fresh, joins it to the fetch in flight, or starts a fetch with it as first waiter.
    mutating func register<Value: Sendable>(
        waiter waiterID: UInt64, _ waiter: CacheAction.Waiter, for options: QueryOptions<Value>, now: Duration
    ) -> CacheAction {
        var action = CacheAction()
        pendingWaiters.remove(waiterID)
        if cancelledWaiters.remove(waiterID) != nil {
            action.resume(waiter, with: .failure(CancellationError()))
            return action
        }
        let entry = useEntry(options.queryKey, gcTime: options.gcTime, now: now)
        if entry.isFresh(now: now, staleTime: options.staleTime), let data = entry.data {
            action.resume(waiter, with: .success(data))
        } else if entry.fetch != nil {
            entry.fetch!.waiters.append(waiter, id: waiterID)
        } else {
            startFetch(options.queryKey, entry: entry, query: ErasedQuery(options), keepRunning: false, into: &action)
            entry.fetch!.waiters.append(waiter, id: waiterID)
            // Observers of the entry see it fetching (a `refetch()` or `fetchNextPage` of an observed entry).
            action.notifyObservers(of: entry)
        }
        return action
    }

    /// The task of caller `waiterID` was cancelled: it stops waiting (or will, when it registers), and
    /// the fetch is cancelled too if nothing else needs it.
    mutating func cancel(waiter waiterID: UInt64, key: QueryKey) -> CacheAction {
        var action = CacheAction()
        if pendingWaiters.contains(waiterID) {
            cancelledWaiters.insert(waiterID)
            return action
        }
        guard let entry = entries[key], let waiter = entry.fetch?.waiters.remove(id: waiterID) else {
            return action
        }
        action.resume(waiter, with: .failure(CancellationError()))
        let fetch = entry.fetch!
        guard fetch.waiters.isEmpty && !fetch.keepsRunningWithoutWaiters && entry.observers.isEmpty else {
            return action
        }
        if let task = fetch.task {
            action.cancellations.append(task)
        } else {
            // Not started yet: cancelled when its task is attached.
            entry.fetch!.isCancellationRequested = true
        }
        return action
    }

    /// Records a new fetch on `entry` and asks for its task to be started.
    mutating func startFetch(
        _ key: QueryKey, entry: CacheEntry, query: ErasedQuery, keepRunning: Bool, into action: inout CacheAction
    ) {
        let fetchID = makeID()
        entry.fetch = InFlightFetch(id: fetchID, keepsRunningWithoutWaiters: keepRunning)
        action.launches.append(CacheAction.Launch(key: key, query: query, fetchID: fetchID))
    }

    /// Stores the started task of fetch `fetchID`; `false` when the task must be cancelled: the fetch
    /// lost its last waiter before it started, or is gone (cleared, removed, reset, or already complete).
    mutating func attach(fetchTask task: Task<Void, Never>, key: QueryKey, fetchID: UInt64) -> Bool {
        guard let entry = entries[key], entry.fetch?.id == fetchID else { return false }
        entry.fetch!.task = task
        return !entry.fetch!.isCancellationRequested
    }

    /// Fetch `fetchID` finished: stores a value or an error (a cancellation leaves the data alone),
    /// resumes its waiters, notifies observers and arms the gc timer of an unobserved entry.
    mutating func complete(key: QueryKey, fetchID: UInt64, with result: Result<any Sendable, any Error>, now: Duration)
        -> CacheAction
    {
        var action = CacheAction()
        guard let entry = entries[key], let fetch = entry.fetch, fetch.id == fetchID else { return action }
        entry.fetch = nil
        switch result {
        case .success(let value):
            entry.data = value
            entry.dataUpdatedAt = now
            entry.error = nil
            entry.isInvalidated = false
            noteDataChange(into: &action)
        case .failure(let error):
            if !(error is CancellationError) { entry.error = error }
        }
        entry.lastUsedAt = now
        if entry.observers.isEmpty { scheduleGarbageCollection(of: key, entry: entry, now: now, into: &action) }
        action.resumeAll(fetch.waiters, with: result)
        action.notifyObservers(of: entry)
        return action
    }
}
