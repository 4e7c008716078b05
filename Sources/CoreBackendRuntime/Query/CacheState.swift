/// Everything behind the client's lock, and the transitions on it.
///
/// Each transition is a mutating method that runs inside the lock, decides, and returns a
/// ``CacheAction`` for the client to perform after unlocking; none of them resumes, notifies, cancels or
/// starts anything itself. Task handles are attached after they are started, by id, so a handle whose
/// fetch or timer is gone by then is cancelled rather than stored.
@usableFromInline struct CacheState {
    var entries: [QueryKey: CacheEntry] = [:]
    var nextID: UInt64 = 0
    /// Waiters that have an id but are not registered yet.
    var pendingWaiters: Set<UInt64> = []
    /// Pending waiters whose task was cancelled before they registered.
    var cancelledWaiters: Set<UInt64> = []
    /// Called after every change of data (see ``noteDataChange(into:)``).
    var dataChangeHandlers: [@Sendable () -> Void] = []

    /// A fresh id for a waiter, fetch, observer or gc timer.
    mutating func makeID() -> UInt64 {
        nextID &+= 1
        return nextID
    }

    /// The entry under `key`, created with `gcTime` when absent; marks it used now and raises its gc
    /// time to `gcTime` (the effective gc time is the largest one an entry was used with).
    mutating func useEntry(_ key: QueryKey, gcTime: Duration, now: Duration) -> CacheEntry {
        let entry: CacheEntry
        if let existing = entries[key] {
            entry = existing
            if gcTime > entry.gcTime { entry.gcTime = gcTime }
        } else {
            entry = CacheEntry(gcTime: gcTime, now: now)
            entries[key] = entry
        }
        entry.lastUsedAt = now
        return entry
    }

    // MARK: Garbage collection

    /// Arms the gc timer of the unobserved, idle `entry` unless one is armed already (an armed timer
    /// re-arms itself for the remainder when the entry was used since).
    mutating func scheduleGarbageCollection(of key: QueryKey, entry: CacheEntry, into action: inout CacheAction) {
        guard entry.gcTimerID == nil else { return }
        armGarbageCollection(of: key, entry: entry, after: entry.gcTime, into: &action)
    }

    private mutating func armGarbageCollection(
        of key: QueryKey, entry: CacheEntry, after delay: Duration, into action: inout CacheAction
    ) {
        let timerID = makeID()
        entry.gcTimerID = timerID
        entry.gcTask = nil
        action.timers.append(CacheAction.Timer(key: key, timerID: timerID, delay: delay))
    }

    /// Stores the started task of timer `timerID`; `false` when that timer was disarmed meanwhile (the
    /// caller cancels the task).
    mutating func attach(timerTask task: Task<Void, Never>, key: QueryKey, timerID: UInt64) -> Bool {
        guard let entry = entries[key], entry.gcTimerID == timerID else { return false }
        entry.gcTask = task
        return true
    }

    /// Timer `timerID` fired: removes the entry if it is unused for its gc time, re-arms for the
    /// remainder if it was used since, and leaves it alone while it is observed or fetching (the
    /// fetch's completion or the last observer's departure arms a new timer).
    mutating func collectGarbage(key: QueryKey, timerID: UInt64, now: Duration) -> CacheAction {
        var action = CacheAction()
        guard let entry = entries[key], entry.gcTimerID == timerID else { return action }
        entry.gcTimerID = nil
        entry.gcTask = nil
        guard entry.observers.isEmpty && entry.fetch == nil else { return action }
        if now < entry.lastUsedAt + entry.gcTime {
            armGarbageCollection(of: key, entry: entry, after: entry.lastUsedAt + entry.gcTime - now, into: &action)
        } else {
            entries[key] = nil
        }
        return action
    }
}
