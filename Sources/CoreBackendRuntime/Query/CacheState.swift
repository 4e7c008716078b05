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
    /// The gc timers of all entries, and their one sleeping task.
    var garbageCollection = GarbageCollectionSchedule()

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
    /// re-arms itself for the remainder when the entry was used since). The deadline is the entry's last
    /// use plus its gc time.
    mutating func scheduleGarbageCollection(
        of key: QueryKey, entry: CacheEntry, now: Duration, into action: inout CacheAction
    ) {
        guard entry.gcTimerID == nil else { return }
        armGarbageCollection(of: key, entry: entry, now: now, into: &action)
    }

    private mutating func armGarbageCollection(
        of key: QueryKey, entry: CacheEntry, now: Duration, into action: inout CacheAction
    ) {
        let timerID = makeID()
        entry.gcTimerID = timerID
        let deadline = entry.lastUsedAt + entry.gcTime
        garbageCollection.insert(.init(deadline: deadline, key: key, timerID: timerID))
        guard !garbageCollection.isSweeping else { return }
        if let sleepsUntil = garbageCollection.sweeperDeadline, sleepsUntil <= deadline { return }
        startSweeper(until: deadline, now: now, into: &action)
    }

    /// Replaces the sweeper with one that wakes at `deadline`.
    private mutating func startSweeper(until deadline: Duration, now: Duration, into action: inout CacheAction) {
        let (generation, previous) = garbageCollection.renewSweeper(until: deadline)
        action.cancel(previous)
        action.sweeper = CacheAction.Sweeper(generation: generation, delay: max(.zero, deadline - now))
    }

    /// Disarms the gc timer of `entry`, if armed; the last one disarmed stops the sweeper.
    mutating func disarmGarbageCollection(of entry: CacheEntry, into action: inout CacheAction) {
        guard entry.gcTimerID != nil else { return }
        entry.gcTimerID = nil
        if garbageCollection.release() { action.cancel(garbageCollection.retireSweeper()) }
    }

    /// Stores the started task of sweeper `generation`; `false` when another sweeper replaced it or none
    /// is needed any more (the caller cancels the task).
    mutating func attach(sweeper task: Task<Void, Never>, generation: UInt64) -> Bool {
        guard generation == garbageCollection.sweeperGeneration else { return false }
        garbageCollection.sweeperTask = task
        return true
    }

    /// Sweeper `generation` woke up: collects every entry whose timer is due, then arms the sweeper for
    /// the next deadline. A stale sweeper does nothing.
    mutating func sweep(generation: UInt64, now: Duration) -> CacheAction {
        var action = CacheAction()
        guard garbageCollection.sweeperWoke(generation: generation) else { return action }
        garbageCollection.isSweeping = true
        while let due = garbageCollection.popDue(now: now) {
            collectGarbage(due, now: now, into: &action)
        }
        garbageCollection.isSweeping = false
        if let next = garbageCollection.earliest { startSweeper(until: next, now: now, into: &action) }
        return action
    }

    /// A due timer: removes the entry if it is unused for its gc time, re-arms for the remainder if it
    /// was used since, and leaves it alone while it is observed or fetching (the fetch's completion or
    /// the last observer's departure arms a new timer). A disarmed timer's deadline is dropped.
    private mutating func collectGarbage(
        _ due: GarbageCollectionSchedule.Deadline, now: Duration, into action: inout CacheAction
    ) {
        guard let entry = entries[due.key], entry.gcTimerID == due.timerID else { return }
        entry.gcTimerID = nil
        if entry.observers.isEmpty && entry.fetch == nil {
            if now < entry.lastUsedAt + entry.gcTime {
                armGarbageCollection(of: due.key, entry: entry, now: now, into: &action)  // before the release below
            } else {
                entries[due.key] = nil
            }
        }
        if garbageCollection.release() { action.cancel(garbageCollection.retireSweeper()) }
    }
}
