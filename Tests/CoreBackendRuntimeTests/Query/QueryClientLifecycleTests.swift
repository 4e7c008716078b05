import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

private struct Flaky: Error {}

/// Observes `options` in the background, counting states, until the returned task is cancelled.
private func observing(_ cache: QueryClient, _ options: QueryOptions<Int>, interval: Duration? = nil)
    -> Task<Void, Never>
{
    let stream = cache.observe(options, refetchInterval: interval)
    return Task { for await _ in stream {} }
}

/// Waits until the fetcher has been called `count` times and nothing is fetching.
private func settled(_ cache: QueryClient, _ fetcher: Fetcher, calls count: Int) async -> Bool {
    await eventually { fetcher.calls == count && !cache.isFetching() }
}

@Suite("QueryClient focus, network and interval refetch on the test clock")
struct QueryClientLifecycleTests {
    @Test("focus regained: observed stale entries refetch once; fresh and unobserved ones do not")
    func focusRefetchesObservedStale() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let observed = Fetcher()
        let fresh = Fetcher()
        let unobserved = Fetcher()
        let observation = observing(cache, options(observed, key: ["observed"], stale: .seconds(10)))
        let freshObservation = observing(cache, options(fresh, key: ["fresh"], stale: .seconds(60)))
        _ = try await cache.fetchQuery(options(unobserved, key: ["unobserved"], stale: .seconds(10)))
        #expect(await settled(cache, observed, calls: 1) && fresh.calls == 1)
        clock.advance(by: .seconds(20))
        cache.setFocused(true)  // already focused: nothing happens
        #expect(observed.calls == 1)
        cache.setFocused(false)
        #expect(!cache.isFocused && observed.calls == 1)
        cache.setFocused(true)
        #expect(cache.isFocused)
        #expect(await settled(cache, observed, calls: 2))
        cache.setFocused(true)
        #expect(fresh.calls == 1 && unobserved.calls == 1 && observed.calls == 2)
        #expect(cache.getCachedData(["observed"], as: Int.self) == 2)
        observation.cancel()
        freshObservation.cancel()
    }

    @Test("network back: observed stale entries refetch once")
    func reconnectRefetchesObservedStale() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        let observation = observing(cache, options(fetcher, stale: .seconds(10)))
        #expect(await settled(cache, fetcher, calls: 1))
        cache.setOnline(false)
        clock.advance(by: .seconds(20))
        #expect(!cache.isOnline && fetcher.calls == 1)
        cache.setOnline(true)
        #expect(await settled(cache, fetcher, calls: 2))
        cache.setOnline(true)
        #expect(fetcher.calls == 2)
        observation.cancel()
    }

    @Test("per-query opt-out: refetchOnFocus false skips focus but not reconnect, and the reverse")
    func optOutPerQuery() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let noFocus = Fetcher()
        let noReconnect = Fetcher()
        var focusOff = options(noFocus, key: ["no-focus"], stale: .seconds(10))
        focusOff.refetchOnFocus = false
        var reconnectOff = options(noReconnect, key: ["no-reconnect"], stale: .seconds(10))
        reconnectOff.refetchOnReconnect = false
        let first = observing(cache, focusOff)
        let second = observing(cache, reconnectOff)
        #expect(await settled(cache, noFocus, calls: 1) && noReconnect.calls == 1)
        clock.advance(by: .seconds(20))

        cache.setFocused(false)
        cache.setFocused(true)
        #expect(await settled(cache, noReconnect, calls: 2))
        #expect(noFocus.calls == 1, "opted out of focus")

        clock.advance(by: .seconds(20))
        cache.setOnline(false)
        cache.setOnline(true)
        #expect(await settled(cache, noFocus, calls: 2))
        #expect(noReconnect.calls == 2, "opted out of reconnect")
        first.cancel()
        second.cancel()
    }

    @Test("an entry is refetched on focus when any of its observers wants it")
    func anyObserverWantsIt() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        var optedOut = options(fetcher, stale: .seconds(10))
        optedOut.refetchOnFocus = false
        let quiet = observing(cache, optedOut)
        #expect(await settled(cache, fetcher, calls: 1))
        clock.advance(by: .seconds(20))
        cache.setFocused(false)
        cache.setFocused(true)
        for _ in 0..<100 { await Task.yield() }
        #expect(fetcher.calls == 1)

        let eager = observing(cache, options(fetcher, stale: .seconds(10)))  // stale: fetches on observe
        #expect(await settled(cache, fetcher, calls: 2))
        clock.advance(by: .seconds(20))
        cache.setFocused(false)
        cache.setFocused(true)
        #expect(await settled(cache, fetcher, calls: 3))
        eager.cancel()
        quiet.cancel()
    }

    @Test("FetchOptions carry the opt-outs into QueryOptions; both default to true")
    func fetchOptionsCarryOptOuts() {
        let defaults = QueryOptions<Int>(
            queryKey: ["k"], defaultStaleTime: .zero, defaultGCTime: .zero, overrides: nil
        ) { 1 }
        #expect(defaults.refetchOnFocus && defaults.refetchOnReconnect)
        let optedOut = QueryOptions<Int>(
            queryKey: ["k"], defaultStaleTime: .zero, defaultGCTime: .zero,
            overrides: FetchOptions(refetchOnFocus: false, refetchOnReconnect: false)
        ) { 1 }
        #expect(!optedOut.refetchOnFocus && !optedOut.refetchOnReconnect)
        let pages = InfiniteQueryOptions<Int>(
            queryKey: ["p"], defaultStaleTime: .zero, defaultGCTime: .zero,
            overrides: FetchOptions(refetchOnReconnect: false), initialPageParam: nil, nextPageParam: { _ in nil }
        ) { _ in 1 }
        #expect(pages.refetchOnFocus && !pages.refetchOnReconnect)
    }

    @Test("a fetch waiting for the network shows isPaused to observers, and stops when the network returns")
    func pausedFetchIsVisible() async throws {
        let cache = makeCache(TestClock())
        cache.setOnline(false)
        let fetcher = Fetcher()
        let states = Locked<[(isFetching: Bool, isPaused: Bool, data: Int?)]>([])
        let stream = cache.observe(options(fetcher))
        let observation = Task {
            for await state in stream { states.withLock { $0.append((state.isFetching, state.isPaused, state.data)) } }
        }
        #expect(await eventually { states.withLock { $0.last?.isPaused == true } })
        #expect(cache.queryState(["test", "value"], as: Int.self)?.isPaused == true)
        #expect(fetcher.calls == 0)
        cache.setOnline(true)
        #expect(await eventually { states.withLock { $0.last?.data == 1 } })
        let seen = states.withLock { $0 }
        #expect(seen.first.map { $0.isFetching && !$0.isPaused } == true, "fetching, not yet paused")
        let paused = try #require(seen.firstIndex { $0.isPaused })
        #expect(seen[paused].isFetching && seen[paused].data == nil)
        #expect(seen.dropFirst(paused + 1).allSatisfy { !$0.isPaused }, "never paused again once resumed")
        #expect(seen.last.map { !$0.isFetching && !$0.isPaused } == true)
        observation.cancel()
    }

    @Test("offline: a fetch waits without a request, a cache hit still answers, and the network resumes it")
    func offlineFetchWaits() async throws {
        let cache = makeCache(TestClock())
        let cached = Fetcher()
        #expect(try await cache.fetchQuery(options(cached, key: ["cached"])) == 1)
        cache.setOnline(false)
        #expect(try await cache.fetchQuery(options(cached, key: ["cached"])) == 1)
        let fetcher = Fetcher()
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        #expect(await eventually { cache.pausedFetchCount == 1 })
        #expect(fetcher.calls == 0 && cache.isFetching(["test"]))
        cache.setOnline(true)
        #expect(try await task.value == 1)
        #expect(cache.pausedFetchCount == 0 && cached.calls == 1)
    }

    @Test("offline: a retry that falls due waits for the network instead of failing")
    func retryWaitsOffline() async throws {
        let clock = TestClock()
        let cache = makeCache(clock, retry: RetryPolicy(maxRetries: 1))
        let fetcher = Fetcher(results: [.failure(Flaky()), .success(7)])
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        await clock.waitForSleepers(1)
        cache.setOnline(false)
        clock.advance(by: .seconds(5))
        #expect(await eventually { cache.pausedFetchCount == 1 })
        #expect(fetcher.calls == 1)
        cache.setOnline(true)
        #expect(try await task.value == 7)
        #expect(fetcher.calls == 2)
    }

    @Test("an attempt that fails because the network went away does not spend a retry")
    func offlineFailureKeepsRetries() async throws {
        let clock = TestClock()
        let cache = makeCache(clock, retry: RetryPolicy(maxRetries: 1))
        let calls = Locked(0)
        let query = QueryOptions<Int>(queryKey: ["flaky"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            let call = calls.withLock { count in
                count += 1
                return count
            }
            if call == 1 { cache.setOnline(false) }  // the network drops during the first attempt
            if call < 3 { throw Flaky() }
            return call
        }
        let task = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { cache.pausedFetchCount == 1 })
        cache.setOnline(true)
        await clock.waitForSleepers(1)  // the second (online) failure backs off: its one retry
        clock.advance(by: .seconds(5))
        #expect(try await task.value == 3)
    }

    @Test("a caller cancelled while its fetch waits offline stops waiting and the fetch ends")
    func cancelWhilePaused() async throws {
        let cache = makeCache(TestClock())
        cache.setOnline(false)
        let fetcher = Fetcher()
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        #expect(await eventually { cache.pausedFetchCount == 1 })
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await eventually { cache.pausedFetchCount == 0 && !cache.isFetching() })
        cache.setOnline(true)
        #expect(fetcher.calls == 0)
    }

    @Test("refetchInterval polls on the clock, skips background and offline ticks, and stops with the observer")
    func refetchInterval() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        let observation = observing(cache, options(fetcher, stale: .seconds(60)), interval: .seconds(10))
        #expect(await settled(cache, fetcher, calls: 1))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(10))
        #expect(await settled(cache, fetcher, calls: 2))
        await clock.waitForSleepers(1)
        cache.setFocused(false)
        clock.advance(by: .seconds(10))
        await clock.waitForSleepers(1)
        cache.setFocused(true)
        cache.setOnline(false)
        clock.advance(by: .seconds(10))
        await clock.waitForSleepers(1)
        cache.setOnline(true)
        #expect(fetcher.calls == 2)
        clock.advance(by: .seconds(10))
        #expect(await settled(cache, fetcher, calls: 3))
        observation.cancel()
        #expect(await eventually { clock.sleeperCount == 1 })  // only the entry's gc timer is left
        clock.advance(by: .seconds(10))
        #expect(fetcher.calls == 3)
        #expect(cache.getCachedData(["test", "value"], as: Int.self) == 3)
    }
}
