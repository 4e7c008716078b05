extension QueryClient {
    /// Marks every entry whose key starts with `prefix` as stale, then refetches the observed ones and
    /// waits for those refetches (their errors are reported to observers, not thrown).
    ///
    /// Data stays readable through ``getCachedData(_:as:)``; the next `fetchQuery` refetches it even
    /// within its stale time.
    public func invalidateQueries(_ prefix: QueryKey = []) async {
        let tasks = updateMatching(prefix) { entry in entry.isInvalidated = true }
        for task in tasks { await task.value }
    }

    /// Throws away the data of every entry whose key starts with `prefix`, cancelling in-flight fetches
    /// (their callers get `CancellationError`); observed entries refetch.
    public func resetQueries(_ prefix: QueryKey) async {
        let tasks = updateMatching(prefix, cancelFetches: true) { entry in
            entry.data = nil
            entry.dataUpdatedAt = nil
            entry.error = nil
            entry.isInvalidated = false
        }
        for task in tasks { await task.value }
    }

    /// Removes every unobserved entry whose key starts with `prefix`.
    public func removeQueries(_ prefix: QueryKey) {
        let cancelled = storage.withLock { state -> [InFlightFetch] in
            var cancelled: [InFlightFetch] = []
            for (key, entry) in state.entries where entry.observers.isEmpty && key.matches(prefix: prefix) {
                if let fetch = entry.fetch { cancelled.append(fetch) }
                entry.gcTask?.cancel()
                state.entries[key] = nil
            }
            return cancelled
        }
        for fetch in cancelled {
            fetch.task?.cancel()
            for waiter in fetch.waiters.values { waiter.resume(throwing: CancellationError()) }
        }
    }

    /// Applies `change` to matching entries and starts refetches for observed ones; returns those tasks.
    private func updateMatching(
        _ prefix: QueryKey, cancelFetches: Bool = false, _ change: (inout CacheEntry) -> Void
    ) -> [Task<Void, Never>] {
        var cancelled: [InFlightFetch] = []
        var notifications: [(EntryObserver, EntrySnapshot)] = []
        let tasks = storage.withLock { state -> [Task<Void, Never>] in
            var tasks: [Task<Void, Never>] = []
            for key in state.entries.keys where key.matches(prefix: prefix) {
                var entry = state.entries[key]!
                change(&entry)
                if cancelFetches, let fetch = entry.fetch {
                    cancelled.append(fetch)
                    entry.fetch = nil
                }
                if !entry.observers.isEmpty, let refetcher = entry.refetcher {
                    if entry.fetch == nil {
                        entry.fetch = startFetch(key: key, query: refetcher, id: state.makeID(), keepRunning: true)
                    }
                    if let task = entry.fetch?.task { tasks.append(task) }
                }
                notifications += entry.observers.values.map { ($0, entry.snapshot) }
                state.entries[key] = entry
            }
            return tasks
        }
        for fetch in cancelled {
            fetch.task?.cancel()
            for waiter in fetch.waiters.values { waiter.resume(throwing: CancellationError()) }
        }
        for (observer, snapshot) in notifications { observer.notify(snapshot) }
        return tasks
    }
}
