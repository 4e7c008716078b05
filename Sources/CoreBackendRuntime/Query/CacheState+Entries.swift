extension CacheState {
    /// Stores `value` under `key` as fresh data.
    mutating func setData(_ value: any Sendable, for key: QueryKey, defaultGCTime: Duration, now: Duration)
        -> CacheAction
    {
        var action = CacheAction()
        let entry = useEntry(key, gcTime: entries[key]?.gcTime ?? defaultGCTime, now: now)
        entry.data = value
        entry.dataUpdatedAt = now
        entry.error = nil
        entry.isInvalidated = false
        if entry.observers.isEmpty && entry.fetch == nil {
            scheduleGarbageCollection(of: key, entry: entry, now: now, into: &action)
        }
        action.notifyObservers(of: entry)
        noteDataChange(into: &action)
        return action
    }

    /// Adds `observer` to the entry for `options`, which it keeps from gc and refetches with `query`;
    /// starts a fetch when the entry is stale. Returns the observer's id and the entry's state.
    mutating func addObserver<Value: Sendable>(
        _ observer: EntryObserver, for options: QueryOptions<Value>, query: ErasedQuery, now: Duration
    ) -> (id: UInt64, snapshot: EntrySnapshot, action: CacheAction) {
        var action = CacheAction()
        let id = makeID()
        let entry = useEntry(options.queryKey, gcTime: options.gcTime, now: now)
        disarmGarbageCollection(of: entry, into: &action)
        entry.observers[id] = observer
        entry.refetcher = query
        if entry.fetch != nil {
            entry.fetch!.keepsRunningWithoutWaiters = true
        } else if !entry.isFresh(now: now, staleTime: options.staleTime) {
            startFetch(options.queryKey, entry: entry, query: query, keepRunning: true, into: &action)
        }
        return (id, entry.snapshot, action)
    }

    /// Removes observer `id`; the last one to leave arms the gc timer of an idle entry.
    mutating func removeObserver(_ id: UInt64, from key: QueryKey, now: Duration) -> CacheAction {
        var action = CacheAction()
        guard let entry = entries[key], entry.observers.removeValue(forKey: id) != nil else { return action }
        entry.lastUsedAt = now
        if entry.observers.isEmpty {
            entry.refetcher = nil
            if entry.fetch == nil { scheduleGarbageCollection(of: key, entry: entry, now: now, into: &action) }
        }
        return action
    }

    /// Removes every entry, cancelling fetches and timers; observed entries are replaced by empty ones
    /// that keep their observers.
    mutating func clear(now: Duration) -> CacheAction {
        var action = CacheAction()
        var kept: [QueryKey: CacheEntry] = [:]
        for (key, entry) in entries {
            if let fetch = entry.fetch { action.cancel(fetch) }
            disarmGarbageCollection(of: entry, into: &action)
            guard !entry.observers.isEmpty else { continue }
            let fresh = CacheEntry(gcTime: entry.gcTime, now: now)
            fresh.observers = entry.observers
            fresh.refetcher = entry.refetcher
            kept[key] = fresh
            action.notifyObservers(of: fresh)
        }
        entries = kept
        noteDataChange(into: &action)
        return action
    }

    /// Removes every unobserved entry whose key starts with `prefix`, cancelling its fetch and timer.
    mutating func remove(matching prefix: QueryKey) -> CacheAction {
        var action = CacheAction()
        for (key, entry) in entries where entry.observers.isEmpty && key.matches(prefix: prefix) {
            if let fetch = entry.fetch { action.cancel(fetch) }
            disarmGarbageCollection(of: entry, into: &action)
            entries[key] = nil
            noteDataChange(into: &action)
        }
        return action
    }

    /// Applies `change` to every entry whose key starts with `prefix` (cancelling its fetch first when
    /// `cancelFetches`), and makes observed entries refetch. Returns the refetches already running,
    /// which the caller awaits together with the ones the action starts.
    mutating func update(
        matching prefix: QueryKey, cancelFetches: Bool, _ change: (CacheEntry) -> Void
    ) -> (running: [Task<Void, Never>], action: CacheAction) {
        var action = CacheAction()
        var running: [Task<Void, Never>] = []
        for (key, entry) in entries where key.matches(prefix: prefix) {
            change(entry)
            if cancelFetches, let fetch = entry.fetch {
                action.cancel(fetch)
                entry.fetch = nil
            }
            if !entry.observers.isEmpty, let refetcher = entry.refetcher {
                if let fetch = entry.fetch {
                    if let task = fetch.task { running.append(task) }
                } else {
                    startFetch(key, entry: entry, query: refetcher, keepRunning: true, into: &action)
                }
            }
            action.notifyObservers(of: entry)
            noteDataChange(into: &action)
        }
        return (running, action)
    }
}
