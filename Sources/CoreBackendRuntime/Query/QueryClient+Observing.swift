extension QueryClient {
    /// The states of the entry for `options`, starting with the current one, as long as you iterate.
    ///
    /// Observing keeps the entry from being garbage-collected, fetches it when it is stale, and
    /// refetches it whenever it is invalidated or reset. Every change (fetch started, data, error,
    /// invalidation, `setCachedData`) yields a new state. Stop iterating to stop observing.
    ///
    /// ```swift
    /// for await state in cache.observe(client.prices.getV3SpotPricesQueryOptions(assetIds: ids)) {
    ///     render(state.data)
    /// }
    /// ```
    public func observe<Value: Sendable>(_ options: QueryOptions<Value>) -> AsyncStream<QueryState<Value>> {
        let (stream, continuation) = AsyncStream.makeStream(of: QueryState<Value>.self)
        let key = options.queryKey
        let now = self.now
        let query = ErasedQuery(options)
        let observer = EntryObserver { snapshot in continuation.yield(snapshot.typed(as: Value.self)) }
        let (observerID, snapshot) = storage.withLock { state -> (UInt64, EntrySnapshot) in
            let id = state.makeID()
            let entry = state.entries[key] ?? CacheEntry(gcTime: options.gcTime, now: now)
            if options.gcTime > entry.gcTime { entry.gcTime = options.gcTime }
            entry.gcTask?.cancel()
            entry.gcTask = nil
            entry.observers[id] = observer
            entry.refetcher = query
            if entry.fetch == nil && !entry.isFresh(now: now, staleTime: options.staleTime) {
                entry.fetch = startFetch(key: key, query: query, id: state.makeID(), keepRunning: true)
            } else if entry.fetch != nil {
                entry.fetch!.keepsRunningWithoutWaiters = true
            }
            state.entries[key] = entry
            return (id, entry.snapshot)
        }
        continuation.yield(snapshot.typed(as: Value.self))
        continuation.onTermination = { [weak self] _ in
            self?.removeObserver(observerID, from: key)
        }
        return stream
    }

    private func removeObserver(_ id: UInt64, from key: QueryKey) {
        let now = self.now
        storage.withLock { state in
            guard var entry = state.entries[key], entry.observers.removeValue(forKey: id) != nil else { return }
            entry.lastUsedAt = now
            if entry.observers.isEmpty {
                entry.refetcher = nil
                if entry.fetch == nil { scheduleGarbageCollection(of: key, entry: &entry) }
            }
            state.entries[key] = entry
        }
    }
}
