extension CacheState {
    /// Starts one refetch of every observed entry that is stale and not already fetching (the app came
    /// back to the foreground, or the network came back). Unobserved and fresh entries are left alone;
    /// each entry is judged by the stale time of the query its observers registered.
    mutating func refetchStaleObserved(now: Duration) -> CacheAction {
        var action = CacheAction()
        for (key, entry) in entries where !entry.observers.isEmpty && entry.fetch == nil {
            guard let refetcher = entry.refetcher, !entry.isFresh(now: now, staleTime: refetcher.staleTime) else {
                continue
            }
            startFetch(key, entry: entry, query: refetcher, keepRunning: true, into: &action)
            action.notifyObservers(of: entry)
        }
        return action
    }
}
