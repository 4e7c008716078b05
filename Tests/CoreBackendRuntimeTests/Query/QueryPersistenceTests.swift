import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

@Suite("QueryPersistence: restore, max age, throttled autosave")
struct QueryPersistenceTests {
    let balance = Balance(symbol: "ETH", amount: 1, chains: [1])

    func saved(_ key: QueryKey, age: TimeInterval) -> DehydratedState.Query {
        .init(queryKey: key, data: ["symbol": "ETH", "amount": 1, "chains": [1]], dataUpdatedAt: Date() - age)
    }

    @Test("restore drops entries older than the max age (24 h by default, configurable)")
    func maxAge() async throws {
        let persister = MemoryPersister(
            DehydratedState(queries: [saved(["young"], age: 3_600), saved(["old"], age: 25 * 3_600)]))
        let cache = QueryClient.persistenceTest(clock: TestClock())
        #expect(try await QueryPersistence(queryClient: cache, persister: persister).restore() == 1)
        #expect(cache.contains(["young"]) && !cache.contains(["old"]))

        let strict = QueryClient.persistenceTest(clock: TestClock())
        let options = QueryPersistence.Options(maxAge: .seconds(60))
        #expect(try await QueryPersistence(queryClient: strict, persister: persister, options: options).restore() == 0)
        #expect(strict.entryCount == 0)
    }

    @Test("a failed restore throws its typed error, removes the save and leaves the cache empty")
    func failedRestore() async throws {
        let persister = MemoryPersister(
            DehydratedState(queries: [saved(["a"], age: 1)]), failure: .corrupt(reason: "truncated"))
        let cache = QueryClient.persistenceTest(clock: TestClock())
        let persistence = QueryPersistence(queryClient: cache, persister: persister)
        await #expect(throws: QueryPersistenceError.corrupt(reason: "truncated")) { try await persistence.restore() }
        #expect(cache.entryCount == 0)
        #expect(persister.state == nil)
        let counter = FetchCounter()
        _ = try await cache.fetchQuery(countingOptions(["a"], counter: counter, returning: balance))
        #expect(counter.value == 1)
    }

    @Test("changes are saved after the throttle on the cache's clock, at most once per interval")
    func throttledAutosave() async throws {
        let clock = TestClock()
        let cache = QueryClient.persistenceTest(clock: clock)
        let persister = MemoryPersister()
        let persistence = QueryPersistence(queryClient: cache, persister: persister)
        // The gc timers sleep on the clock too: one sleeper for all of them (the sweeper), plus one per armed save.
        cache.setCachedData(["before-restore"], balance)
        #expect(await eventually { clock.sleeperCount == 1 })
        for _ in 0..<100 { await Task.yield() }
        #expect(clock.sleeperCount == 1, "no autosave before restore")
        try await persistence.restore()

        cache.setCachedData(["a"], balance)
        cache.setCachedData(["b"], balance)
        #expect(await eventually { clock.sleeperCount == 2 })
        for _ in 0..<100 { await Task.yield() }
        #expect(clock.sleeperCount == 2, "one save armed for both changes")
        clock.advance(by: .milliseconds(999))
        #expect(persister.saves == 0)
        clock.advance(by: .milliseconds(1))
        #expect(await eventually { persister.saves == 1 })
        #expect(Set(persister.state?.queries.map(\.queryKey) ?? []) == [["before-restore"], ["a"], ["b"]])

        #expect(await eventually { clock.sleeperCount == 1 })  // the save's sleeper is gone
        cache.removeQueries(["a"])  // Disarms a's gc timer (the sweeper stays for the others) and arms a save.
        #expect(await eventually { clock.sleeperCount == 2 })
        clock.advance(by: .seconds(1))
        #expect(await eventually { persister.saves == 2 })
        #expect(persister.state?.queries.count == 2)
        _ = persistence
    }

    @Test("persist writes at once, and the saved entries restore into another cache")
    func persistNow() async throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        let persister = MemoryPersister()
        cache.setCachedData(["a"], balance)
        try await QueryPersistence(queryClient: cache, persister: persister).persist()
        #expect(persister.saves == 1)
        let other = QueryClient.persistenceTest(clock: TestClock())
        #expect(try await QueryPersistence(queryClient: other, persister: persister).restore() == 1)
        #expect(other.getCachedData(["a"], as: Balance.self) == balance)
    }

    @Test("keys that shouldPersist rejects are neither saved nor restored")
    func shouldPersist() async throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        let persister = MemoryPersister(DehydratedState(queries: [saved(["auth", "x"], age: 1)]))
        let options = QueryPersistence.Options(shouldPersist: { !$0.matches(prefix: ["auth"]) })
        let persistence = QueryPersistence(queryClient: cache, persister: persister, options: options)
        #expect(try await persistence.restore() == 0)
        cache.setCachedData(["auth", "y"], "token")
        try await persistence.persist()
        #expect(persister.state?.queries.isEmpty == true)
    }
}
