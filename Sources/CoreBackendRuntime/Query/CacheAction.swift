/// What the cache must do once its lock is released.
///
/// Every transition of ``CacheState`` runs inside the client's lock and returns one of these instead of
/// acting: continuations are resumed, observers notified, tasks cancelled and started only after
/// unlocking, in ``QueryClient/perform(_:)``. An empty action costs no allocation.
struct CacheAction {
    /// A caller suspended in `fetchQuery`, waiting for a fetch. Unchecked: each waiter is stored under
    /// one id in one fetch and leaves it exactly once, through the transition that resumes it.
    typealias Waiter = UnsafeContinuation<any Sendable, any Error>

    /// A fetch registered in the state whose task is still to be started.
    struct Launch {
        let key: QueryKey
        let query: ErasedQuery
        let fetchID: UInt64
    }

    /// The gc sweeper to start: it sleeps for `delay`, then collects what is due (see
    /// ``GarbageCollectionSchedule``).
    struct Sweeper {
        let generation: UInt64
        let delay: Duration
    }

    /// Tasks to cancel (fetches nobody needs any more, replaced or unneeded gc sweepers).
    var cancellations: [Task<Void, Never>] = []
    /// Waiters to resume, each with its result.
    var resumptions: [(Waiter, Result<any Sendable, any Error>)] = []
    /// Observers to tell about an entry's new state.
    var notifications: [(EntryObserver, EntrySnapshot)] = []
    /// A new gc sweeper to start, replacing the previous one.
    var sweeper: Sweeper?
    /// Fetches to start; started last, so observers see the state that led to them first.
    var launches: [Launch] = []
    /// Called once data changed (see ``CacheState/noteDataChange(into:)``).
    var dataChangeHandlers: [@Sendable () -> Void] = []

    /// Resumes `waiter` with `result`.
    mutating func resume(_ waiter: Waiter, with result: Result<any Sendable, any Error>) {
        resumptions.append((waiter, result))
    }

    /// Resumes every waiter of `waiters` with `result`, in registration order.
    mutating func resumeAll(_ waiters: WaiterList<Waiter>, with result: Result<any Sendable, any Error>) {
        guard !waiters.isEmpty else { return }
        let ordered = waiters.inOrder
        resumptions.reserveCapacity(resumptions.count + ordered.count)
        for waiter in ordered { resumptions.append((waiter, result)) }
    }

    /// Cancels `fetch`: its task stops and every caller waiting for it gets `CancellationError`.
    mutating func cancel(_ fetch: InFlightFetch) {
        if let task = fetch.task { cancellations.append(task) }
        resumeAll(fetch.waiters, with: .failure(CancellationError()))
    }

    /// Cancels `task` if there is one.
    mutating func cancel(_ task: Task<Void, Never>?) {
        if let task { cancellations.append(task) }
    }

    /// Tells every observer of `entry` its current state.
    mutating func notifyObservers(of entry: CacheEntry) {
        guard !entry.observers.isEmpty else { return }
        let snapshot = entry.snapshot
        for observer in entry.observers.values { notifications.append((observer, snapshot)) }
    }
}
