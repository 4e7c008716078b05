import Foundation

/// Keeps a ``QueryClient`` in a ``QueryPersister`` across launches (TanStack's `persistQueryClient`):
/// ``restore()`` once at launch, then every change is saved automatically, at most once per
/// ``Options/throttle``, and ``persist()`` saves at once (before the app is suspended, say).
///
/// Autosave starts when ``restore()`` finishes (whether or not it succeeded) or after the first
/// ``persist()``, so a fetch that completes before the restore never overwrites the saved cache with an
/// emptier one. The throttle sleeps on the client's clock (``QueryClient/Configuration/clock``).
///
/// Entries whose value is not `Encodable` are not saved (see ``QueryClient/dehydrate(now:including:)``),
/// nor are entries garbage-collected before a save: a gc time shorter than ``Options/maxAge`` limits
/// what survives a launch, as in TanStack Query.
///
/// ```swift
/// let persistence = QueryPersistence(queryClient: cache, persister: FileQueryPersister(fileURL: url))
/// let restored = try await persistence.restore()
/// ```
public final class QueryPersistence: Sendable {
    /// How entries are restored and saved.
    public struct Options: Sendable {
        /// Entries updated longer ago than this are dropped on restore; 24 hours by default.
        public var maxAge: Duration
        /// The shortest interval between two automatic saves; 1 second by default.
        public var throttle: Duration
        /// Which keys are saved and restored; all by default.
        public var shouldPersist: @Sendable (QueryKey) -> Bool

        /// Creates options.
        public init(
            maxAge: Duration = .seconds(24 * 3_600), throttle: Duration = .seconds(1),
            shouldPersist: @escaping @Sendable (QueryKey) -> Bool = { _ in true }
        ) {
            self.maxAge = maxAge
            self.throttle = throttle
            self.shouldPersist = shouldPersist
        }
    }

    private struct State {
        var isAutosaving = false
        var isSaveScheduled = false
        /// The last write; the next one waits for it, so snapshots reach the store in order.
        var lastWrite: Task<Void, any Error>?
        var lastAutosaveError: QueryPersistenceError?
    }

    /// The cache being persisted.
    public let queryClient: QueryClient
    /// Where it is persisted.
    public let persister: any QueryPersister
    /// How it is persisted.
    public let options: Options
    private let state = Locked(State())

    /// Connects `queryClient` to `persister`; nothing is read or written until ``restore()`` or
    /// ``persist()``.
    public init(queryClient: QueryClient, persister: any QueryPersister, options: Options = Options()) {
        self.queryClient = queryClient
        self.persister = persister
        self.options = options
        queryClient.addDataChangeHandler { [weak self] in self?.dataDidChange() }
    }

    /// Loads the saved cache into ``queryClient`` (newer data already there wins), dropping entries
    /// older than ``Options/maxAge``; returns the number of entries restored. Starts autosave.
    ///
    /// - Throws: ``QueryPersistenceError`` when the saved cache is corrupt, truncated or of another
    ///   format version: the saved cache is then removed, ``queryClient`` is left as it was, and the
    ///   app carries on with network data. Errors of a custom persister are rethrown unchanged.
    @discardableResult
    public func restore() async throws -> Int {
        defer { state.withLock { $0.isAutosaving = true } }
        let saved: DehydratedState?
        do {
            saved = try await persister.load()
        } catch let error as QueryPersistenceError {
            if case .fileSystem = error {} else { try? await persister.remove() }
            throw error
        }
        guard let saved else { return 0 }
        let now = Date()
        var kept = saved.droppingQueries(olderThan: options.maxAge, now: now)
        kept.queries.removeAll { !options.shouldPersist($0.queryKey) }
        return queryClient.hydrate(kept, now: now)
    }

    /// Saves ``queryClient`` now (after any save in progress) and starts autosave.
    public func persist() async throws {
        state.withLock { $0.isAutosaving = true }
        try await write()
    }

    /// The error of the last automatic save, `nil` after a successful one (automatic saves have no
    /// caller to throw to; a failed one is retried at the next change).
    public var lastAutosaveError: QueryPersistenceError? { state.withLock { $0.lastAutosaveError } }

    private func write() async throws {
        let task = state.withLock { state -> Task<Void, any Error> in
            let previous = state.lastWrite
            let task = Task { [queryClient, persister, options] in
                _ = await previous?.result
                try await persister.save(queryClient.dehydrate(including: options.shouldPersist))
            }
            state.lastWrite = task
            return task
        }
        try await task.value
    }

    /// A change in the cache: arms the throttled save unless one is armed or autosave is off.
    private func dataDidChange() {
        let arm = state.withLock { state -> Bool in
            guard state.isAutosaving, !state.isSaveScheduled else { return false }
            state.isSaveScheduled = true
            return true
        }
        guard arm else { return }
        let (clock, throttle) = (queryClient.configuration.clock, options.throttle)
        Task { [weak self] in
            try? await clock.sleep(for: throttle)
            guard let self else { return }
            // Disarmed before writing: a change during the write arms the next save, a throttle later.
            state.withLock { $0.isSaveScheduled = false }
            do {
                try await write()
                state.withLock { $0.lastAutosaveError = nil }
            } catch {
                let failure =
                    error as? QueryPersistenceError
                    ?? .fileSystem(
                        operation: "save", path: "\(type(of: persister))", reason: "\(error)")
                state.withLock { $0.lastAutosaveError = failure }
            }
        }
    }
}
