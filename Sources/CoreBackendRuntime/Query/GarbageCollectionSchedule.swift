/// The gc deadlines of a client's entries: one min-heap, served by one sleeping task (the sweeper).
///
/// Arming a timer is a heap insertion under the client's lock. A task is started only when the new
/// deadline is earlier than the one the sweeper sleeps until (or none sleeps), so a burst of misses
/// with the same gc time arms one sleeping task, not one per entry (each cost a task, a timer of the
/// runtime's and, on Linux, a thread wake-up). Disarming is lazy: the entry forgets its timer id and the
/// deadline stays in the heap until it comes up, when it is recognised as stale and dropped.
struct GarbageCollectionSchedule {
    /// An armed timer: collect `key` at `deadline`, if its entry still has timer `timerID`.
    struct Deadline: Comparable {
        let deadline: Duration
        let key: QueryKey
        let timerID: UInt64

        static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.deadline < rhs.deadline }
        static func == (lhs: Deadline, rhs: Deadline) -> Bool { lhs.timerID == rhs.timerID }
    }

    private var heap = MinHeap<Deadline>()
    /// Timers armed and neither fired nor disarmed; when it drops to zero the heap is emptied.
    private(set) var armedCount = 0
    /// The deadline the sweeper sleeps until; `nil` when no sweeper sleeps.
    private(set) var sweeperDeadline: Duration?
    /// The current sweeper's generation: a sweeper that wakes with another one is stale.
    private(set) var sweeperGeneration: UInt64 = 0
    /// The current sweeper's task, once started.
    var sweeperTask: Task<Void, Never>?
    /// Set while due timers are collected: re-armed timers then leave the sweeper to the end.
    var isSweeping = false

    /// The earliest deadline in the heap (possibly a disarmed one).
    var earliest: Duration? { heap.first?.deadline }

    /// Adds an armed timer.
    mutating func insert(_ item: Deadline) {
        armedCount += 1
        heap.push(item)
    }

    /// Removes and returns the earliest deadline if it is due at `now`.
    mutating func popDue(now: Duration) -> Deadline? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        return heap.popFirst()
    }

    /// One armed timer fired or was disarmed. Returns `true` when none is left: the heap is emptied
    /// and the sweeper, no longer needed, must be cancelled (see ``retireSweeper()``).
    mutating func release() -> Bool {
        armedCount -= 1
        guard armedCount == 0 else { return false }
        heap.removeAll()
        return true
    }

    /// Starts a new sweeper generation for `deadline`; returns it, and the previous sweeper's task to cancel.
    mutating func renewSweeper(until deadline: Duration) -> (generation: UInt64, previous: Task<Void, Never>?) {
        let previous = sweeperTask
        sweeperTask = nil
        sweeperGeneration &+= 1
        sweeperDeadline = deadline
        return (sweeperGeneration, previous)
    }

    /// No sweeper is needed any more; returns the task to cancel.
    mutating func retireSweeper() -> Task<Void, Never>? {
        let previous = sweeperTask
        sweeperTask = nil
        sweeperGeneration &+= 1
        sweeperDeadline = nil
        return previous
    }

    /// A sweeper of `generation` woke up: `true` if it is the current one, which then no longer sleeps.
    mutating func sweeperWoke(generation: UInt64) -> Bool {
        guard generation == sweeperGeneration else { return false }
        sweeperDeadline = nil
        sweeperTask = nil
        return true
    }
}
