extension QueryClient {
    /// Whether the app is in the foreground, as last told by ``setFocused(_:)`` (initially `true`).
    public var isFocused: Bool { lifecycle.isFocused }

    /// Whether the network is reachable, as last told by ``setOnline(_:)`` (initially `true`).
    public var isOnline: Bool { lifecycle.isOnline }

    /// The number of fetches paused until the network comes back, for diagnostics and tests.
    public var pausedFetchCount: Int { lifecycle.pausedCount }

    /// Tells the cache whether the app is in the foreground (TanStack's `refetchOnWindowFocus`).
    ///
    /// When the app comes back to the foreground, every observed entry whose data is stale is refetched
    /// once, unless all its observers opted out (``QueryOptions/refetchOnFocus``); unobserved entries and
    /// fresh ones are left alone. Polling with a `refetchInterval` skips its
    /// ticks while the app is in the background. Call it from your scene-phase handler, or use the Apple
    /// platforms' `AppLifecycleMonitor`.
    ///
    /// ```swift
    /// .onChange(of: scenePhase) { _, phase in api.queryClient.setFocused(phase == .active) }
    /// ```
    public func setFocused(_ focused: Bool) {
        guard lifecycle.setFocused(focused) else { return }
        if focused { refetchStaleObserved(.focus) }
    }

    /// Tells the cache whether the network is reachable (TanStack's `onlineManager` with
    /// `networkMode: 'online'` and `refetchOnReconnect`).
    ///
    /// While offline, a fetch that starts, or a retry that is due, pauses instead of failing or spending
    /// its retries (its entry stays `isFetching`, its callers keep waiting); cached data is still served,
    /// fresh hits answer at once. When the network comes back, paused fetches resume and every observed
    /// entry whose data is stale is refetched once, unless all its observers opted out
    /// (``QueryOptions/refetchOnReconnect``).
    public func setOnline(_ online: Bool) {
        guard lifecycle.setOnline(online) else { return }
        if online { refetchStaleObserved(.reconnect) }
    }

    private func refetchStaleObserved(_ trigger: CacheState.RefetchTrigger) {
        let now = self.now
        perform(storage.withLock { $0.refetchStaleObserved(now: now, trigger: trigger) })
    }

    /// ``observe(_:)`` that also refetches the entry every `refetchInterval` while you iterate
    /// (TanStack's `refetchInterval`), even when its data is fresh, joining a fetch already in flight.
    ///
    /// Ticks fall on the client's clock; they are skipped while the app is in the background
    /// (``setFocused(_:)``) or offline (``setOnline(_:)``). Polling stops when you stop iterating.
    /// `nil` or a non-positive interval polls nothing.
    public func observe<Value: Sendable>(_ options: QueryOptions<Value>, refetchInterval: Duration?)
        -> AsyncStream<QueryState<Value>>
    {
        guard let interval = refetchInterval, interval > .zero else { return observe(options) }
        let states = observe(options)
        let (stream, continuation) = AsyncStream.makeStream(of: QueryState<Value>.self)
        let task = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await state in states { continuation.yield(state) }
                    continuation.finish()
                }
                group.addTask { await self.poll(options, every: interval) }
                await group.next()
                group.cancelAll()
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Refetches `options` every `interval` until cancelled, skipping ticks in the background or offline.
    private func poll<Value: Sendable>(_ options: QueryOptions<Value>, every interval: Duration) async {
        var forced = options
        forced.staleTime = .zero
        while !Task.isCancelled {
            do { try await configuration.clock.sleep(for: interval) } catch { return }
            guard lifecycle.isFocused && lifecycle.isOnline else { continue }
            _ = try? await fetchQuery(forced)
        }
    }
}
