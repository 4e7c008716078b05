extension QueryClient {
    /// Marks every entry whose key starts with `prefix` as stale, then refetches the observed ones and
    /// waits for those refetches (their errors are reported to observers, not thrown).
    ///
    /// Data stays readable through ``getCachedData(_:as:)``; the next `fetchQuery` refetches it even
    /// within its stale time.
    public func invalidateQueries(_ prefix: QueryKey = []) async {
        await updateMatching(prefix, cancelFetches: false) { entry in entry.isInvalidated = true }
    }

    /// Throws away the data of every entry whose key starts with `prefix`, cancelling in-flight fetches
    /// (their callers get `CancellationError`); observed entries refetch.
    public func resetQueries(_ prefix: QueryKey) async {
        await updateMatching(prefix, cancelFetches: true) { entry in
            entry.data = nil
            entry.dataUpdatedAt = nil
            entry.error = nil
            entry.isInvalidated = false
        }
    }

    /// Removes every unobserved entry whose key starts with `prefix`, cancelling its in-flight fetch
    /// (its callers get `CancellationError`).
    public func removeQueries(_ prefix: QueryKey) {
        perform(storage.withLock { $0.remove(matching: prefix) })
    }

    /// Applies `change` to matching entries and waits for the refetches of the observed ones.
    private func updateMatching(
        _ prefix: QueryKey, cancelFetches: Bool, _ change: (CacheEntry) -> Void
    ) async {
        let (running, action) = storage.withLock { $0.update(matching: prefix, cancelFetches: cancelFetches, change) }
        let started = perform(action)
        for task in running + started { await task.value }
    }
}
