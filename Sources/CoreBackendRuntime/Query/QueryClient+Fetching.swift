extension QueryClient {
    /// Returns fresh cached data for `options`, or joins the fetch in flight for its key, or starts one.
    ///
    /// Errors are not cached as data: the next call tries again. Throws `CancellationError` when the
    /// calling task is cancelled (the shared fetch continues for other waiters) or the entry is cleared.
    public func fetchQuery<Value: Sendable>(_ options: QueryOptions<Value>) async throws -> Value {
        let now = self.now
        let key = options.queryKey
        // Fast path: a fresh hit costs one lock and no allocation beyond the key.
        let hit: (any Sendable)? = storage.withLock { state in
            // One hash lookup; the entry is a class, updated in place.
            guard let entry = state.entries[key], entry.isFresh(now: now, staleTime: options.staleTime) else {
                return nil
            }
            entry.lastUsedAt = now
            if options.gcTime > entry.gcTime { entry.gcTime = options.gcTime }
            return entry.data
        }
        let value: any Sendable
        if let hit {
            value = hit
        } else {
            value = try await waitForFetch(options, now: now)
        }
        guard let typed = value as? Value else {
            throw QueryError.typeMismatch(key: key, expected: "\(Value.self)", found: "\(type(of: value))")
        }
        return typed
    }

    /// Waits for the fetch of `options`' key, joining the one in flight or starting one. A cancelled
    /// caller stops waiting at once; the fetch goes on for the others.
    private func waitForFetch<Value: Sendable>(_ options: QueryOptions<Value>, now: Duration) async throws
        -> any Sendable
    {
        let waiterID = storage.withLock { $0.reserveWaiter() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CacheAction.Waiter) in
                perform(storage.withLock { $0.register(waiter: waiterID, waiter, for: options, now: now) })
            }
        } onCancel: {
            perform(storage.withLock { $0.cancel(waiter: waiterID, key: options.queryKey) })
        }
    }
}
