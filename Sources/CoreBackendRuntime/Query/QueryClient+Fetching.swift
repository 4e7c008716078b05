extension QueryClient {
    /// Returns fresh cached data for `options`, or joins the fetch in flight for its key, or starts one.
    ///
    /// Runs on the caller's executor (`nonisolated(nonsending)`): a hit from the main actor completes
    /// without a suspension or an executor hop. On a miss the caller only waits; the request, decoding and
    /// retries run in the fetch task, off the caller's actor, and the caller resumes on its own executor.
    ///
    /// Errors are not cached as data: the next call tries again. Throws `CancellationError` when the
    /// calling task is cancelled (the shared fetch continues for other waiters) or the entry is cleared.
    @inlinable  // Specialised for `Value` where it is called: no generic metadata lookups on a hit.
    public nonisolated(nonsending) func fetchQuery<Value: Sendable>(_ options: QueryOptions<Value>) async throws
        -> Value
    {
        let now = self.now
        let key = options.queryKey
        // Fast path: a fresh hit costs one lock and one hash lookup; a miss takes its waiter id in the
        // same critical section.
        let lookup = storage.withLock { $0.lookUp(key, staleTime: options.staleTime, gcTime: options.gcTime, now: now) }
        let value: any Sendable
        switch lookup {
        case .hit(let data): value = data
        case .miss(let waiterID): value = try await waitForFetch(options, waiterID: waiterID, now: now)
        }
        guard let typed = value as? Value else {
            return try await fetchQueryDecodingRestored(options, found: value)
        }
        return typed
    }

    /// Waits for the fetch of `options`' key, joining the one in flight or starting one. A cancelled
    /// caller stops waiting at once; the fetch goes on for the others. Suspends on the caller's executor
    /// and is resumed there: the fetch itself runs in its own task (see ``perform(_:)``).
    @usableFromInline nonisolated(nonsending) func waitForFetch<Value: Sendable>(
        _ options: QueryOptions<Value>, waiterID: UInt64, now: Duration
    ) async throws -> any Sendable {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (waiter: CacheAction.Waiter) in
                perform(storage.withLock { $0.register(waiter: waiterID, waiter, for: options, now: now) })
            }
        } onCancel: {
            perform(storage.withLock { $0.cancel(waiter: waiterID, key: options.queryKey) })
        }
    }
}
