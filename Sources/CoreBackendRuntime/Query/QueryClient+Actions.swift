extension QueryClient {
    /// Performs what a transition decided, after the lock is released: the one place where waiters are
    /// resumed, observers notified, and tasks cancelled or started. Returns the fetch tasks it started.
    @discardableResult
    func perform(_ action: CacheAction) -> [Task<Void, Never>] {
        for task in action.cancellations { task.cancel() }
        for (waiter, result) in action.resumptions { waiter.resume(with: result) }
        for (observer, snapshot) in action.notifications { observer.notify(snapshot) }
        if let sweeper = action.sweeper { start(sweeper) }
        for handler in action.dataChangeHandlers { handler() }
        return action.launches.map(start)
    }

    /// Starts a fetch's task and attaches it to the fetch.
    ///
    /// A plain `Task` started from this synchronous, nonisolated method inherits no actor, so the
    /// request, decoding and retries run on the global executor even when the first caller is on the
    /// main actor (not `Task.immediate`, which would run them on the caller's thread until the first
    /// suspension, or to the end for a transport that answers without suspending).
    private func start(_ launch: CacheAction.Launch) -> Task<Void, Never> {
        let task = Task { [self] in
            let result = await runWithRetries(launch.query) { [self] paused in
                perform(storage.withLock { $0.setPaused(paused, key: launch.key, fetchID: launch.fetchID) })
            }
            let now = self.now
            perform(storage.withLock { $0.complete(key: launch.key, fetchID: launch.fetchID, with: result, now: now) })
        }
        let attached = storage.withLock { $0.attach(fetchTask: task, key: launch.key, fetchID: launch.fetchID) }
        if !attached { task.cancel() }
        return task
    }

    /// Starts the gc sweeper's sleeping task and attaches it to the schedule.
    private func start(_ sweeper: CacheAction.Sweeper) {
        let clock = configuration.clock
        let task = Task { [weak self] in
            do { try await clock.sleep(for: sweeper.delay) } catch { return }
            guard let self else { return }
            let now = self.now
            perform(storage.withLock { $0.sweep(generation: sweeper.generation, now: now) })
        }
        let attached = storage.withLock { $0.attach(sweeper: task, generation: sweeper.generation) }
        if !attached { task.cancel() }
    }

    /// Runs `query` with its retry policy; `pausing` hears when it starts and stops waiting for the network.
    private func runWithRetries(_ query: ErasedQuery, pausing: (Bool) -> Void) async
        -> Result<any Sendable, any Error>
    {
        let policy = query.retryPolicy ?? configuration.retryPolicy
        var failureCount = 0
        while true {
            if Task.isCancelled { return .failure(CancellationError()) }
            do {
                // Offline, a fetch (or a retry) pauses here instead of failing: see `setOnline(_:)`.
                try await lifecycle.waitUntilOnline(pausing: pausing)
                return .success(try await query.run())
            } catch {
                if Task.isCancelled || error is CancellationError { return .failure(CancellationError()) }
                guard policy.shouldRetry(failureCount: failureCount, error: error) else { return .failure(error) }
                // The network went away during the attempt: wait for it without spending a retry.
                if !lifecycle.isOnline { continue }
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
}
