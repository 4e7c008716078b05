/// One entry to hydrate, its time already on the cache's clock.
struct HydratedEntry {
    let key: QueryKey
    let data: RestoredData
    let dataUpdatedAt: Duration
    let isInvalidated: Bool
}

extension CacheState {
    /// Hands the data-change handlers to `action`, which calls them after unlocking: for every
    /// transition that stores, drops or invalidates data (what a persister must save).
    func noteDataChange(into action: inout CacheAction) {
        if !dataChangeHandlers.isEmpty { action.dataChangeHandlers = dataChangeHandlers }
    }

    /// Stores each restored entry unless the cache already holds data at least as new; returns how many
    /// were stored. Restored entries keep their update time, so fresh ones are hits and stale ones refetch.
    mutating func hydrate(_ restored: [HydratedEntry], defaultGCTime: Duration, now: Duration)
        -> (count: Int, action: CacheAction)
    {
        var action = CacheAction()
        var count = 0
        for item in restored {
            if let existing = entries[item.key], existing.data != nil,
                let updated = existing.dataUpdatedAt, updated >= item.dataUpdatedAt
            {
                continue
            }
            let entry = useEntry(item.key, gcTime: entries[item.key]?.gcTime ?? defaultGCTime, now: now)
            entry.data = item.data
            entry.dataUpdatedAt = item.dataUpdatedAt
            entry.error = nil
            entry.isInvalidated = item.isInvalidated
            if entry.observers.isEmpty && entry.fetch == nil {
                scheduleGarbageCollection(of: item.key, entry: entry, now: now, into: &action)
            }
            action.notifyObservers(of: entry)
            count += 1
        }
        return (count, action)
    }

    /// Replaces the restored `raw` data under `key` by its decoded `value`, or drops it (with its update
    /// time, so the next read fetches) when `value` is `nil`. Does nothing when the entry no longer holds
    /// `raw` (a fetch or another hydrate replaced it meanwhile).
    mutating func replaceRestored(_ raw: RestoredData, under key: QueryKey, with value: (any Sendable)?)
        -> CacheAction
    {
        var action = CacheAction()
        guard let entry = entries[key], let current = entry.data as? RestoredData, current === raw else {
            return action
        }
        entry.data = value
        if value == nil {
            entry.dataUpdatedAt = nil
            action.notifyObservers(of: entry)
        }
        return action
    }
}
