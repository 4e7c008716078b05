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
        decodeRestoredData(key, as: Value.self)  // A restored value that no longer decodes is fetched.
        let now = self.now
        let query = ErasedQuery(options)
        let observer = EntryObserver(
            refetchOnFocus: options.refetchOnFocus, refetchOnReconnect: options.refetchOnReconnect
        ) { snapshot in continuation.yield(snapshot.typed(as: Value.self)) }
        let (observerID, snapshot, action) = storage.withLock { state in
            state.addObserver(observer, for: options, query: query, now: now)
        }
        continuation.yield(snapshot.typed(as: Value.self))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            let now = self.now
            perform(storage.withLock { $0.removeObserver(observerID, from: key, now: now) })
        }
        // After the first state: a fetch that completes at once is reported after it.
        perform(action)
        return stream
    }
}
