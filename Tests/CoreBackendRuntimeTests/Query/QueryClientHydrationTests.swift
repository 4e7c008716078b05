import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

@Suite("QueryClient: dehydrate and hydrate")
struct QueryClientHydrationTests {
    let balance = Balance(symbol: "ETH", amount: 9_007_199_254_740_991, chains: [1, 137])
    let key: QueryKey = ["accounts", "balances", ["address": "0x1", "chains": [1, 137]], 2.5, true, nil]

    @Test("a key survives JSON: objects, numbers, booleans and null")
    func keyCodable() throws {
        let decoded = try JSONDecoder().decode(QueryKey.self, from: JSONEncoder().encode(key))
        #expect(decoded == key)
        #expect(decoded.hash == key.hash)
    }

    @Test("a fresh restored entry is a hit with no fetch; its value decodes with the caller's type")
    func freshHit() async throws {
        let clock = TestClock()
        let source = QueryClient.persistenceTest(clock: clock)
        source.setCachedData(key, balance)
        clock.advance(by: .seconds(10))
        let state = try JSONDecoder().decode(DehydratedState.self, from: JSONEncoder().encode(source.dehydrate()))

        let restored = QueryClient.persistenceTest(clock: TestClock())
        #expect(restored.hydrate(state) == 1)
        let counter = FetchCounter()
        let value = try await restored.fetchQuery(countingOptions(key, counter: counter, returning: balance))
        #expect(value == balance)
        #expect(counter.value == 0)
        // Kept its age: 10 s old on the new clock, so a 5 s stale time refetches.
        let updatedAt = try #require(restored.queryState(key, as: Balance.self)?.dataUpdatedAt)
        #expect(abs((restored.now - updatedAt - .seconds(10)).timeInterval) < 1)
        _ = try await restored.fetchQuery(
            countingOptions(key, staleTime: .seconds(5), counter: counter, returning: balance))
        #expect(counter.value == 1)
    }

    @Test("newer data already in the cache wins over hydrated data")
    func newerWins() throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        cache.setCachedData(key, balance)
        let old = DehydratedState(queries: [
            .init(queryKey: key, data: ["symbol": "OLD", "amount": 1, "chains": []], dataUpdatedAt: Date() - 60)
        ])
        #expect(cache.hydrate(old) == 0)
        #expect(cache.getCachedData(key, as: Balance.self) == balance)
    }

    @Test("hydrated data newer than the cache's replaces it")
    func olderReplaced() throws {
        let clock = TestClock()
        let cache = QueryClient.persistenceTest(clock: clock)
        cache.setCachedData(key, balance)
        clock.advance(by: .seconds(120))
        let newer = DehydratedState(queries: [
            .init(queryKey: key, data: ["symbol": "NEW", "amount": 2, "chains": [1]], dataUpdatedAt: Date() - 5)
        ])
        #expect(cache.hydrate(newer) == 1)
        #expect(cache.getCachedData(key, as: Balance.self)?.symbol == "NEW")
    }

    @Test("a stale restored entry is shown at once by an observer while it refetches")
    func staleShownWhileRefetching() async throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        let old = DehydratedState(queries: [
            .init(queryKey: key, data: ["symbol": "OLD", "amount": 1, "chains": []], dataUpdatedAt: Date() - 600)
        ])
        cache.hydrate(old)
        let gate = AsyncGate()
        let options = QueryOptions<Balance>(queryKey: key, staleTime: .seconds(60), gcTime: .seconds(60)) {
            await gate.wait()
            return Balance(symbol: "NEW", amount: 2, chains: [])
        }
        var states = cache.observe(options).makeAsyncIterator()
        let first = try #require(await states.next())
        #expect(first.data?.symbol == "OLD")
        #expect(first.status == .success)
        #expect(first.isFetching)
        gate.open()
        var last = first
        while last.data?.symbol != "NEW", let next = await states.next() { last = next }
        #expect(last.data?.symbol == "NEW")
    }

    @Test("an entry that no longer decodes is dropped and fetched; the others are served from the cache")
    func decodeFailureDropsEntryOnly() async throws {
        let other: QueryKey = ["prices", "eth"]
        let cache = QueryClient.persistenceTest(clock: TestClock())
        cache.hydrate(
            DehydratedState(queries: [
                .init(queryKey: key, data: ["symbol": "ETH", "amount": 1, "chains": []], dataUpdatedAt: Date()),
                .init(queryKey: other, data: ["symbol": "BTC", "amount": 2, "chains": [1]], dataUpdatedAt: Date()),
            ]))
        let counter = FetchCounter()
        let fetched = BalanceV2(symbol: "ETH", amount: 1, decimals: 18)
        #expect(try await cache.fetchQuery(countingOptions(key, counter: counter, returning: fetched)) == fetched)
        #expect(counter.value == 1)
        let kept = try await cache.fetchQuery(countingOptions(other, counter: counter, returning: balance))
        #expect(kept.symbol == "BTC")
        #expect(counter.value == 1)
    }

    @Test("an observer of an entry that no longer decodes fetches it even when it looks fresh")
    func observerOfUndecodableEntryFetches() async throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        cache.hydrate(
            DehydratedState(queries: [
                .init(queryKey: key, data: ["symbol": "ETH", "amount": 1, "chains": []], dataUpdatedAt: Date())
            ]))
        let counter = FetchCounter()
        let fetched = BalanceV2(symbol: "ETH", amount: 1, decimals: 18)
        var states = cache.observe(countingOptions(key, counter: counter, returning: fetched)).makeAsyncIterator()
        var state = try #require(await states.next())
        while state.data == nil, let next = await states.next() { state = next }
        #expect(state.data == fetched)
        #expect(counter.value == 1)
    }

    @Test("only successful Encodable entries are dehydrated")
    func whatIsDehydrated() async throws {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        cache.setCachedData(["ok"], balance)
        cache.setCachedData(["opaque"], Opaque(secret: "s3cret"))
        struct Failure: Error {}
        let failing = QueryOptions<Int>(queryKey: ["failed"], staleTime: .zero, gcTime: .seconds(60)) {
            throw Failure()
        }
        _ = try? await cache.fetchQuery(failing)
        let state = cache.dehydrate()
        #expect(state.queries.map(\.queryKey) == [["ok"]])
        #expect(state.queries.first?.data["amount"] == .number(9_007_199_254_740_991))
        #expect(cache.dehydrate(including: { $0 != ["ok"] }).queries.isEmpty)
    }

    @Test("a restored entry read through getCachedData and queryState decodes lazily")
    func lazyReads() {
        let cache = QueryClient.persistenceTest(clock: TestClock())
        cache.hydrate(
            DehydratedState(queries: [
                .init(queryKey: key, data: ["symbol": "ETH", "amount": 1, "chains": [1]], dataUpdatedAt: Date())
            ]))
        #expect(cache.queryState(key, as: Balance.self)?.data?.chains == [1])
        #expect(cache.getCachedData(key, as: Balance.self)?.symbol == "ETH")
        #expect(cache.getCachedData(key, as: Balance.self)?.amount == 1)
    }

    @Test("another format version is a typed error")
    func otherVersion() {
        let json = Data(#"{"version":2,"queries":[]}"#.utf8)
        #expect(throws: QueryPersistenceError.unsupportedVersion(2)) {
            try JSONDecoder().decode(DehydratedState.self, from: json)
        }
    }
}

@Suite("QueryClient: infinite queries persist")
struct InfiniteHydrationTests {
    @Test("cached pages are dehydrated and restored; the next page continues from the restored cursor")
    func pagesRoundTrip() async throws {
        let counter = FetchCounter()
        let options = InfiniteQueryOptions<[Int]>(
            queryKey: ["tx"], defaultStaleTime: .seconds(60), defaultGCTime: .seconds(60), overrides: nil,
            initialPageParam: nil,
            nextPageParam: { $0.last.map { "\($0)" } }
        ) { cursor in
            counter.increment()
            let start = cursor.flatMap(Int.init) ?? 0
            return start < 4 ? [start + 1, start + 2] : []
        }
        let source = QueryClient.persistenceTest(clock: TestClock())
        _ = try await source.fetchNextPage(options)
        #expect(counter.value == 2)
        let restored = QueryClient.persistenceTest(clock: TestClock())
        #expect(restored.hydrate(source.dehydrate()) == 1)
        #expect(restored.hasNextPage(options))
        let data = try await restored.fetchInfiniteQuery(options)
        #expect(data.pages == [[1, 2], [3, 4]])
        #expect(counter.value == 2)
        _ = try await restored.fetchNextPage(options)
        #expect(counter.value == 3)
    }
}
