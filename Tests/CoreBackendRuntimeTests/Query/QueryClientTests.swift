import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

/// Counts calls of a query function and returns a programmable value.
final class Fetcher: Sendable {
    private let state = Locked<(calls: Int, results: [Result<Int, any Error>])>((0, []))

    init(results: [Result<Int, any Error>] = []) { state.withLock { $0.results = results } }

    var calls: Int { state.withLock { $0.calls } }

    func fetch() throws -> Int {
        let result = state.withLock { state -> Result<Int, any Error> in
            state.calls += 1
            return state.results.isEmpty ? .success(state.calls) : state.results.removeFirst()
        }
        return try result.get()
    }
}

func makeCache(_ clock: TestClock, retry: RetryPolicy = .never) -> QueryClient {
    QueryClient(configuration: .init(retryPolicy: retry, clock: QueryClock(clock), random: .constant(0)))
}

/// What a ``waitingForCancellation(_:)`` query went through.
struct CancellationProbe: Sendable {
    /// The query function started (its fetch task ran; a task cancelled before it runs never starts it).
    var started = false
    /// The query function saw the cancellation.
    var sawCancellation = false
}

/// A query whose fetch waits (a minute of real time) until it is cancelled, and what it went through.
func waitingForCancellation(_ key: QueryKey) -> (QueryOptions<Int>, Locked<CancellationProbe>) {
    let probe = Locked(CancellationProbe())
    let query = QueryOptions<Int>(queryKey: key, staleTime: .seconds(30), gcTime: .seconds(300)) {
        probe.withLock { $0.started = true }
        do {
            try await Task.sleep(for: .seconds(60))
        } catch {
            probe.withLock { $0.sawCancellation = true }
            throw error
        }
        return 1
    }
    return (query, probe)
}

func options(
    _ fetcher: Fetcher, key: QueryKey = ["test", "value"], stale: Duration = .seconds(30), gc: Duration = .seconds(300)
)
    -> QueryOptions<Int>
{
    QueryOptions(queryKey: key, staleTime: stale, gcTime: gc) { try fetcher.fetch() }
}

@Suite("QueryClient freshness, de-duplication and gc")
struct QueryClientTests {
    @Test("fresh data is served from the cache; stale data is refetched")
    func staleTime() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        #expect(try await cache.fetchQuery(options(fetcher)) == 1)
        clock.advance(by: .seconds(29))
        #expect(try await cache.fetchQuery(options(fetcher)) == 1)
        clock.advance(by: .seconds(1))
        #expect(try await cache.fetchQuery(options(fetcher)) == 2)
        #expect(fetcher.calls == 2)
    }

    @Test("staleTime zero always refetches")
    func zeroStaleTime() async throws {
        let cache = makeCache(TestClock())
        let fetcher = Fetcher()
        _ = try await cache.fetchQuery(options(fetcher, stale: .zero))
        _ = try await cache.fetchQuery(options(fetcher, stale: .zero))
        #expect(fetcher.calls == 2)
    }

    @Test("1,000 concurrent identical fetches run the query function once")
    func deduplication() async throws {
        let cache = makeCache(TestClock())
        let gate = AsyncGate()
        let calls = Locked(0)
        let query = QueryOptions<Int>(queryKey: ["dedupe"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            calls.withLock { $0 += 1 }
            await gate.wait()
            return 42
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 { group.addTask { try await cache.fetchQuery(query) } }
            #expect(await eventually { calls.withLock { $0 } == 1 })
            #expect(cache.isFetching(["dedupe"]))
            gate.open()
            for try await value in group { #expect(value == 42) }
        }
        #expect(calls.withLock { $0 } == 1)
        #expect(!cache.isFetching())
    }

    @Test("a cancelled caller stops waiting while the shared fetch continues for others")
    func cancellationOfOneWaiter() async throws {
        let cache = makeCache(TestClock())
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["shared"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            await gate.wait()
            return 7
        }
        let first = Task { try await cache.fetchQuery(query) }
        let second = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { cache.isFetching(["shared"]) })
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        gate.open()
        #expect(try await second.value == 7)
        #expect(cache.getCachedData(["shared"], as: Int.self) == 7)
    }

    @Test("the fetch is cancelled when its last waiter leaves")
    func cancellationOfLastWaiter() async throws {
        let cache = makeCache(TestClock())
        let (query, probe) = waitingForCancellation(["alone"])
        let task = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { probe.withLock(\.started) })
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await eventually { probe.withLock(\.sawCancellation) })
        #expect(await eventually { !cache.isFetching(["alone"]) })
    }

    @Test("errors are not cached; the next call tries again")
    func errorsNotCached() async throws {
        struct Boom: Error {}
        let cache = makeCache(TestClock())
        let fetcher = Fetcher(results: [.failure(Boom())])
        await #expect(throws: Boom.self) { try await cache.fetchQuery(options(fetcher)) }
        #expect(cache.queryState(["test", "value"], as: Int.self)?.status == .error)
        #expect(try await cache.fetchQuery(options(fetcher)) == 2)
    }

    @Test("an unobserved entry is removed gcTime after its last use, driven by the clock")
    func garbageCollection() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        _ = try await cache.fetchQuery(options(Fetcher(), gc: .seconds(300)))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(299))
        #expect(cache.contains(["test", "value"]))
        clock.advance(by: .seconds(1))
        #expect(await eventually { !cache.contains(["test", "value"]) })
    }

    @Test("a thousand entries share one gc sleeper; a shorter gc time replaces it; the last removal stops it")
    func oneSleeperForAllEntries() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        for index in 0..<1_000 {
            _ = try await cache.fetchQuery(options(fetcher, key: ["many", .number(Double(index))], gc: .seconds(300)))
        }
        await clock.waitForSleepers(1)
        for _ in 0..<100 { await Task.yield() }
        #expect(clock.sleeperCount == 1)
        _ = try await cache.fetchQuery(options(fetcher, key: ["short"], gc: .seconds(10)))
        await clock.waitForSleepers(1)  // the replacement (the old sleeper was cancelled synchronously)
        clock.advance(by: .seconds(10))
        #expect(await eventually { !cache.contains(["short"]) })
        #expect(cache.entryCount == 1_000)
        await clock.waitForSleepers(1)  // asleep again, until the others are due
        clock.advance(by: .seconds(290))
        #expect(await eventually { cache.entryCount == 0 })
        #expect(await eventually { clock.sleeperCount == 0 })

        _ = try await cache.fetchQuery(options(fetcher, key: ["again"]))
        await clock.waitForSleepers(1)
        cache.removeQueries(["again"])
        #expect(await eventually { clock.sleeperCount == 0 }, "no timer left: the sleeper is cancelled")
    }

    @Test("a client that goes away takes its gc sleeper with it")
    func deinitCancelsTheSweeper() async throws {
        let clock = TestClock()
        var cache: QueryClient? = makeCache(clock)
        _ = try await cache?.fetchQuery(options(Fetcher()))
        await clock.waitForSleepers(1)
        cache = nil
        #expect(await eventually { clock.sleeperCount == 0 })
    }

    @Test("a cache hit postpones garbage collection")
    func hitPostponesGC() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        _ = try await cache.fetchQuery(options(fetcher, stale: .seconds(1_000), gc: .seconds(100)))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(60))
        _ = try await cache.fetchQuery(options(fetcher, stale: .seconds(1_000), gc: .seconds(100)))
        clock.advance(by: .seconds(40))
        await clock.waitForSleepers(1)  // re-armed for the remaining 60 s
        #expect(cache.contains(["test", "value"]))
        clock.advance(by: .seconds(60))
        #expect(await eventually { !cache.contains(["test", "value"]) })
        #expect(fetcher.calls == 1)
    }

    @Test("gcTime zero removes the entry right after the fetch")
    func zeroGC() async throws {
        let cache = makeCache(TestClock())
        _ = try await cache.fetchQuery(options(Fetcher(), gc: .zero))
        #expect(await eventually { !cache.contains(["test", "value"]) })
    }

    @Test("the effective gcTime is the largest one an entry was used with")
    func maxGCTime() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        _ = try await cache.fetchQuery(options(fetcher, stale: .zero, gc: .seconds(600)))
        _ = try await cache.fetchQuery(options(fetcher, stale: .zero, gc: .seconds(10)))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(11))
        #expect(cache.contains(["test", "value"]))
        clock.advance(by: .seconds(600))
        #expect(await eventually { !cache.contains(["test", "value"]) })
    }

    @Test("set and get cached data use exact keys")
    func setGet() {
        let cache = makeCache(TestClock())
        cache.setCachedData(["accounts", "v1SupportedNetworks"], [1, 137])
        #expect(cache.getCachedData(["accounts", "v1SupportedNetworks"], as: [Int].self) == [1, 137])
        #expect(cache.getCachedData(["accounts"], as: [Int].self) == nil)
        #expect(cache.getCachedData(["never", "set"], as: Int.self) == nil)
    }

    @Test("a value of another type under the same key is a typed error, not a crash")
    func typeMismatch() async {
        let cache = makeCache(TestClock())
        cache.setCachedData(["test", "value"], "a string")
        await #expect(throws: QueryError.self) { try await cache.fetchQuery(options(Fetcher())) }
    }
}
