extension QueryClient {
    /// Returns fresh cached data for `options`, or joins the fetch in flight for its key, or starts one.
    ///
    /// Errors are not cached as data: the next call tries again. Throws `CancellationError` when the
    /// calling task is cancelled (the shared fetch continues for other waiters) or the entry is cleared.
    public func fetchQuery<Value: Sendable>(_ options: QueryOptions<Value>) async throws -> Value {
        let now = self.now
        let key = options.queryKey
        // Fast path: a fresh hit costs one lock and no allocation beyond the key.
        let hit: (any Sendable)? = storage.withLock { state in
            // One hash lookup; the entry is a class, updated in place.
            guard let entry = state.entries[key], entry.isFresh(now: now, staleTime: options.staleTime) else { return nil }
            entry.lastUsedAt = now
            if options.gcTime > entry.gcTime { entry.gcTime = options.gcTime }
            return entry.data
        }
        let value: any Sendable
        if let hit {
            value = hit
        } else {
            value = try await waitForFetch(options, now: now)
        }
        guard let typed = value as? Value else {
            throw QueryError.typeMismatch(key: key, expected: "\(Value.self)", found: "\(type(of: value))")
        }
        return typed
    }

    private enum RegistrationOutcome {
        case registered
        /// Registered as the first waiter of a new fetch, to be launched outside the lock.
        case launch(ErasedQuery, fetchID: UInt64)
        case resolved(Result<any Sendable, any Error>)
    }

    private func waitForFetch<Value: Sendable>(_ options: QueryOptions<Value>, now: Duration) async throws
        -> any Sendable
    {
        let key = options.queryKey
        let waiterID = storage.withLock { state in
            let id = state.makeID()
            state.pendingWaiters.insert(id)
            return id
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
                let outcome = storage.withLock { state -> RegistrationOutcome in
                    state.pendingWaiters.remove(waiterID)
                    if state.cancelledWaiters.remove(waiterID) != nil { return .resolved(.failure(CancellationError())) }
                    let fetchID = state.makeID()
                    // Mutate the entry in place: copying it out would copy its waiter table (O(n²) fan-in).
                    return state.entries.modify(key, default: CacheEntry(gcTime: options.gcTime, now: now)) { entry in
                        if options.gcTime > entry.gcTime { entry.gcTime = options.gcTime }
                        entry.lastUsedAt = now
                        if entry.isFresh(now: now, staleTime: options.staleTime), let data = entry.data {
                            return .resolved(.success(data))
                        }
                        if entry.fetch != nil {
                            entry.fetch!.waiters[waiterID] = continuation
                            return .registered
                        }
                        var fetch = InFlightFetch(id: fetchID, keepsRunningWithoutWaiters: false)
                        fetch.waiters[waiterID] = continuation
                        entry.fetch = fetch
                        return .launch(ErasedQuery(options), fetchID: fetchID)
                    }
                }
                switch outcome {
                case .registered: break
                case .launch(let query, let fetchID): launchFetch(key: key, query: query, id: fetchID)
                case .resolved(let result): continuation.resume(with: result)
                }
            }
        } onCancel: {
            let (waiter, task) = storage.withLock { state -> (CheckedContinuation<any Sendable, any Error>?, Task<Void, Never>?) in
                if state.pendingWaiters.contains(waiterID) {
                    state.cancelledWaiters.insert(waiterID)
                    return (nil, nil)
                }
                guard let index = state.entries.index(forKey: key),
                    let waiter = state.entries.values[index].fetch?.waiters.removeValue(forKey: waiterID)
                else { return (nil, nil) }
                let entry = state.entries.values[index]
                let orphaned = entry.fetch!.waiters.isEmpty && !entry.fetch!.keepsRunningWithoutWaiters && entry.observers.isEmpty
                // A fetch not launched yet is cancelled by its launcher.
                if orphaned && entry.fetch!.task == nil { entry.fetch!.isCancellationRequested = true }
                return (waiter, orphaned ? entry.fetch!.task : nil)
            }
            waiter?.resume(throwing: CancellationError())
            task?.cancel()
        }
    }

    /// Creates the in-flight record and its task. Called inside the lock; the task body runs later.
    func startFetch(key: QueryKey, query: ErasedQuery, id: UInt64, keepRunning: Bool) -> InFlightFetch {
        var fetch = InFlightFetch(id: id, keepsRunningWithoutWaiters: keepRunning)
        fetch.task = Task { [self] in
            let result = await runWithRetries(query)
            complete(key: key, fetchID: id, with: result)
        }
        return fetch
    }

    /// Starts the task of a fetch a caller registered, outside the lock. Where the runtime has
    /// `Task.immediate`, the request starts on the caller's thread instead of after a hop to the pool.
    private func launchFetch(key: QueryKey, query: ErasedQuery, id: UInt64) {
        let body: @Sendable () async -> Void = { [self] in
            let result = await runWithRetries(query)
            complete(key: key, fetchID: id, with: result)
        }
        let task: Task<Void, Never>
        #if compiler(>=6.2)
        if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
            task = Task.immediate { await body() }
        } else {
            task = Task { await body() }
        }
        #else
        task = Task { await body() }
        #endif
        let cancelNow = storage.withLock { state -> Bool in
            // Already completed (or cleared) when the task ran to completion synchronously.
            guard let entry = state.entries[key], entry.fetch?.id == id else { return false }
            entry.fetch!.task = task
            return entry.fetch!.isCancellationRequested
        }
        if cancelNow { task.cancel() }
    }

    private func runWithRetries(_ query: ErasedQuery) async -> Result<any Sendable, any Error> {
        let policy = query.retryPolicy ?? configuration.retryPolicy
        var failureCount = 0
        while true {
            if Task.isCancelled { return .failure(CancellationError()) }
            do {
                return .success(try await query.run())
            } catch {
                if Task.isCancelled || error is CancellationError { return .failure(CancellationError()) }
                guard policy.shouldRetry(failureCount: failureCount, error: error) else { return .failure(error) }
                let delay = policy.delay(attemptIndex: failureCount, random: configuration.random)
                failureCount += 1
                do {
                    try await configuration.clock.sleep(for: delay)
                } catch {
                    return .failure(CancellationError())
                }
            }
        }
    }

    private func complete(key: QueryKey, fetchID: UInt64, with result: Result<any Sendable, any Error>) {
        let now = self.now
        let outcome = storage.withLock { state -> (InFlightFetch, [EntryObserver], EntrySnapshot)? in
            guard let index = state.entries.index(forKey: key), state.entries.values[index].fetch?.id == fetchID else {
                return nil
            }
            return state.entries.modify(at: index) { entry in
                let fetch = entry.fetch!
                entry.fetch = nil
                switch result {
                case .success(let value):
                    entry.data = value
                    entry.dataUpdatedAt = now
                    entry.error = nil
                    entry.isInvalidated = false
                case .failure(let error):
                    if !(error is CancellationError) { entry.error = error }
                }
                entry.lastUsedAt = now
                if entry.observers.isEmpty { scheduleGarbageCollection(of: key, entry: &entry) }
                return (fetch, Array(entry.observers.values), entry.snapshot)
            }
        }
        guard let (fetch, observers, snapshot) = outcome else { return }
        for waiter in fetch.waiters.values { waiter.resume(with: result) }
        for observer in observers { observer.notify(snapshot) }
    }

    /// Arms the entry's gc timer unless one is already pending (a pending timer re-arms itself for the
    /// remainder when the entry was used since). Called inside the lock for an unobserved entry.
    func scheduleGarbageCollection(of key: QueryKey, entry: inout CacheEntry) {
        guard entry.gcTask == nil else { return }
        armGarbageCollection(of: key, entry: &entry, after: entry.gcTime)
    }

    private func armGarbageCollection(of key: QueryKey, entry: inout CacheEntry, after delay: Duration) {
        entry.gcGeneration &+= 1
        let generation = entry.gcGeneration
        let clock = configuration.clock
        entry.gcTask = Task { [weak self] in
            do { try await clock.sleep(for: delay) } catch { return }
            self?.collectGarbage(key: key, generation: generation)
        }
    }

    private func collectGarbage(key: QueryKey, generation: UInt64) {
        let now = self.now
        storage.withLock { state in
            guard let index = state.entries.index(forKey: key), state.entries.values[index].gcGeneration == generation else {
                return
            }
            let entry = state.entries.values[index]
            if !entry.observers.isEmpty || entry.fetch != nil {
                // In use: the fetch completion or the last observer's departure arms a new timer.
                state.entries.values[index].gcTask = nil
            } else if now < entry.lastUsedAt + entry.gcTime {
                // Used since the timer was armed: wait for the remainder.
                state.entries.modify(at: index) { entry in
                    armGarbageCollection(of: key, entry: &entry, after: entry.lastUsedAt + entry.gcTime - now)
                }
            } else {
                state.entries.remove(at: index)
            }
        }
    }
}

extension Dictionary {
    /// Mutates the value at `index` in place (no copy of the value's own storage).
    @inline(__always)
    mutating func modify<Result>(at index: Index, _ body: (inout Value) -> Result) -> Result {
        body(&values[index])
    }

    /// Mutates the value for `key` in place, inserting `defaultValue` first when absent.
    @inline(__always)
    mutating func modify<Result>(_ key: Key, default defaultValue: @autoclosure () -> Value, _ body: (inout Value) -> Result)
        -> Result
    {
        body(&self[key, default: defaultValue()])
    }
}
