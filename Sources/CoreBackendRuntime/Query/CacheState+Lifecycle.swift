extension CacheState {
    /// Why stale observed entries are refetched.
    enum RefetchTrigger {
        /// The app came back to the foreground.
        case focus
        /// The network came back.
        case reconnect
    }

    /// Starts one refetch of every observed entry that is stale and not already fetching (the app came
    /// back to the foreground, or the network came back) and that an observer wants refetched for that
    /// `trigger`. Unobserved and fresh entries are left alone; each entry is judged by the stale time of
    /// the query its observers registered.
    mutating func refetchStaleObserved(now: Duration, trigger: RefetchTrigger) -> CacheAction {
        var action = CacheAction()
        for (key, entry) in entries where entry.fetch == nil && entry.wantsRefetch(on: trigger) {
            guard let refetcher = entry.refetcher, !entry.isFresh(now: now, staleTime: refetcher.staleTime) else {
                continue
            }
            startFetch(key, entry: entry, query: refetcher, keepRunning: true, into: &action)
            action.notifyObservers(of: entry)
        }
        return action
    }
}

extension CacheState {
    /// Fetch `fetchID` of `key` started (`true`) or stopped (`false`) waiting for the network; observers
    /// see it as ``QueryState/isPaused``.
    mutating func setPaused(_ paused: Bool, key: QueryKey, fetchID: UInt64) -> CacheAction {
        var action = CacheAction()
        guard let entry = entries[key], entry.fetch?.id == fetchID, entry.fetch?.isPaused != paused else {
            return action
        }
        entry.fetch?.isPaused = paused
        action.notifyObservers(of: entry)
        return action
    }
}

extension CacheEntry {
    /// Whether any observer wants the entry refetched for `trigger` (none: unobserved).
    fileprivate func wantsRefetch(on trigger: CacheState.RefetchTrigger) -> Bool {
        switch trigger {
        case .focus: observers.values.contains { $0.refetchOnFocus }
        case .reconnect: observers.values.contains { $0.refetchOnReconnect }
        }
    }
}
