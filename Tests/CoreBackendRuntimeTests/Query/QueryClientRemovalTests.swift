import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

@Suite("QueryClient.removeQueries")
struct QueryClientRemovalTests {
    @Test("unobserved entries under the prefix go; other prefixes and observed entries stay")
    func removesByPrefix() async throws {
        let cache = makeCache(TestClock())
        cache.setCachedData(["accounts", "a"], 1)
        cache.setCachedData(["accounts", "b"], 2)
        cache.setCachedData(["prices", "a"], 3)
        let observed = options(Fetcher(), key: ["accounts", "observed"])
        let stream = cache.observe(observed)
        var states = stream.makeAsyncIterator()
        _ = await states.next()  // pending, fetching
        #expect(await eventually { cache.getCachedData(["accounts", "observed"], as: Int.self) == 1 })

        cache.removeQueries(["accounts"])

        #expect(!cache.contains(["accounts", "a"]))
        #expect(!cache.contains(["accounts", "b"]))
        #expect(cache.getCachedData(["prices", "a"], as: Int.self) == 3)
        #expect(cache.getCachedData(["accounts", "observed"], as: Int.self) == 1)
        #expect(cache.entryCount == 2)
    }

    @Test("an in-flight fetch is cancelled: its callers get CancellationError, the query sees cancellation")
    func cancelsFetch() async throws {
        let cache = makeCache(TestClock())
        let (query, probe) = waitingForCancellation(["slow", "one"])
        let first = Task { try await cache.fetchQuery(query) }
        let second = Task { try await cache.fetchQuery(query) }
        #expect(await eventually { probe.withLock(\.started) })

        cache.removeQueries(["slow"])

        await #expect(throws: CancellationError.self) { try await first.value }
        await #expect(throws: CancellationError.self) { try await second.value }
        #expect(await eventually { probe.withLock(\.sawCancellation) })
        #expect(!cache.isFetching())
        #expect(!cache.contains(["slow", "one"]))
    }

    @Test("a removed entry's gc timer is cancelled, and the key can be fetched again")
    func cancelsTimerAndRefetches() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        #expect(try await cache.fetchQuery(options(fetcher)) == 1)
        await clock.waitForSleepers(1)

        cache.removeQueries(["test"])

        #expect(await eventually { clock.sleeperCount == 0 })
        #expect(try await cache.fetchQuery(options(fetcher)) == 2)
        #expect(fetcher.calls == 2)
    }

    @Test("an empty prefix removes every unobserved entry; a non-matching one removes none")
    func emptyAndNonMatchingPrefix() {
        let cache = makeCache(TestClock())
        cache.setCachedData(["a"], 1)
        cache.setCachedData(["b", "c"], 2)
        cache.removeQueries(["z"])
        #expect(cache.entryCount == 2)
        cache.removeQueries([])
        #expect(cache.entryCount == 0)
    }
}
