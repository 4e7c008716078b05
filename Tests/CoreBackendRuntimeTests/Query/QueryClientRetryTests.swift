import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

@Suite("QueryClient retries with backoff on the test clock")
struct QueryClientRetryTests {
    @Test("a persistently failing retryable query is attempted 4 times with 0.5, 1 and 2 s delays")
    func retryCountsAndDelays() async throws {
        let clock = TestClock()
        let cache = makeCache(clock, retry: .default)
        let failure = HTTPError(status: 503, statusText: "Service Unavailable", url: "u")
        let fetcher = Fetcher(results: Array(repeating: .failure(failure), count: 10))
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        for (attempt, delay) in [(1, 500), (2, 1_000), (3, 2_000)] {
            await clock.waitForSleepers(1)
            #expect(fetcher.calls == attempt)
            clock.advance(by: .milliseconds(delay - 1))
            #expect(fetcher.calls == attempt)
            clock.advance(by: .milliseconds(1))
        }
        await #expect(throws: HTTPError.self) { try await task.value }
        #expect(fetcher.calls == 4)
    }

    @Test("a 404 fails after exactly one attempt")
    func notRetried() async {
        let cache = makeCache(TestClock(), retry: .default)
        let fetcher = Fetcher(results: [.failure(HTTPError(status: 404, statusText: "Not Found", url: "u"))])
        await #expect(throws: HTTPError.self) { try await cache.fetchQuery(options(fetcher)) }
        #expect(fetcher.calls == 1)
    }

    @Test("429 then success succeeds on the second attempt")
    func tooManyRequests() async throws {
        let clock = TestClock()
        let cache = makeCache(clock, retry: .default)
        let fetcher = Fetcher(results: [.failure(HTTPError(status: 429, statusText: "", url: "u")), .success(9)])
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        #expect(try await task.value == 9)
        #expect(fetcher.calls == 2)
    }

    @Test("a per-query policy overrides the client's")
    func perQueryPolicy() async {
        let cache = makeCache(TestClock(), retry: .default)
        let fetcher = Fetcher(results: [.failure(HTTPError(status: 500, statusText: "", url: "u"))])
        var query = options(fetcher)
        query.retryPolicy = .never
        await #expect(throws: HTTPError.self) { try await cache.fetchQuery(query) }
        #expect(fetcher.calls == 1)
    }

    @Test("cancelling the caller during a backoff stops the retries")
    func cancelDuringBackoff() async {
        let clock = TestClock()
        let cache = makeCache(clock, retry: .default)
        let fetcher = Fetcher(
            results: Array(repeating: .failure(HTTPError(status: 500, statusText: "", url: "u")), count: 5))
        let task = Task { try await cache.fetchQuery(options(fetcher)) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await eventually { !cache.isFetching() })
        clock.advance(by: .seconds(60))
        #expect(fetcher.calls == 1)
    }
}

@Suite("QueryClient invalidation, reset, clear and observers")
struct QueryClientInvalidationTests {
    @Test("invalidation keeps data readable and forces the next fetch")
    func invalidate() async throws {
        let cache = makeCache(TestClock())
        let fetcher = Fetcher()
        _ = try await cache.fetchQuery(options(fetcher, key: ["accounts", "balances", "v2"]))
        await cache.invalidateQueries(["accounts", "balances"])
        #expect(cache.queryState(["accounts", "balances", "v2"], as: Int.self)?.isInvalidated == true)
        #expect(cache.getCachedData(["accounts", "balances", "v2"], as: Int.self) == 1)
        #expect(try await cache.fetchQuery(options(fetcher, key: ["accounts", "balances", "v2"])) == 2)
        #expect(cache.queryState(["accounts", "balances", "v2"], as: Int.self)?.isInvalidated == false)
    }

    @Test("invalidating a prefix leaves other keys fresh")
    func invalidatePrefixOnly() async throws {
        let cache = makeCache(TestClock())
        cache.setCachedData(["token", "networks"], 1)
        cache.setCachedData(["tokens", "v1SupportedNetworks"], 2)
        await cache.invalidateQueries(["token"])
        #expect(cache.queryState(["token", "networks"], as: Int.self)?.isInvalidated == true)
        #expect(cache.queryState(["tokens", "v1SupportedNetworks"], as: Int.self)?.isInvalidated == false)
    }

    @Test("reset drops data and cancels an in-flight fetch")
    func reset() async throws {
        let cache = makeCache(TestClock())
        cache.setCachedData(["auth", "bearerToken"], "token")
        await cache.resetQueries(["auth", "bearerToken"])
        #expect(cache.getCachedData(["auth", "bearerToken"], as: String.self) == nil)

        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["auth", "bearerToken"], staleTime: .seconds(1), gcTime: .seconds(1)) {
            await gate.wait()
            return 1
        }
        let task = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { cache.isFetching(["auth"]) })
        await cache.resetQueries(["auth", "bearerToken"])
        await #expect(throws: CancellationError.self) { try await task.value }
        gate.open()
    }

    @Test("clear removes everything and rejects in-flight callers")
    func clear() async throws {
        let cache = makeCache(TestClock())
        cache.setCachedData(["accounts", "x"], 1)
        cache.setCachedData(["prices", "y"], 2)
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["slow"], staleTime: .seconds(1), gcTime: .seconds(1)) {
            await gate.wait()
            return 1
        }
        let task = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { cache.isFetching(["slow"]) })
        cache.clear()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(cache.entryCount == 0)
        gate.open()
    }

    @Test("an observer sees pending, fetching, data, invalidation refetch and setCachedData")
    func observer() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        var states = cache.observe(options(fetcher)).makeAsyncIterator()
        let initial = await states.next()
        #expect(initial?.status == .pending)
        #expect(initial?.isFetching == true)
        let loaded = await states.next()
        #expect(loaded?.status == .success)
        #expect(loaded?.data == 1)
        #expect(loaded?.dataUpdatedAt == .zero)

        clock.advance(by: .seconds(5))
        await cache.invalidateQueries(["test"])
        let invalidated = await states.next()
        #expect(invalidated?.isInvalidated == true)
        #expect(invalidated?.isFetching == true)
        let refetched = await states.next()
        #expect(refetched?.data == 2)
        #expect(refetched?.dataUpdatedAt == .seconds(5))

        cache.setCachedData(["test", "value"], 99)
        #expect(await states.next()?.data == 99)
        #expect(fetcher.calls == 2)
    }

    @Test("observing fresh data does not fetch, and an observed entry is never collected")
    func observedNotCollected() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        _ = try await cache.fetchQuery(options(fetcher, gc: .seconds(10)))
        let stream = cache.observe(options(fetcher, gc: .seconds(10)))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.data == 1)
        clock.advance(by: .seconds(100))
        #expect(cache.contains(["test", "value"]))
        #expect(fetcher.calls == 1)
    }
}
