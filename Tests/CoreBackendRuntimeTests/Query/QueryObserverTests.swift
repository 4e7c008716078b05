import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Observation
import Testing

/// Registers a one-shot observation of what `read` touches and returns a flag that turns true on change.
@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
@MainActor
private func track(_ read: () -> Void) -> Locked<Bool> {
    let changed = Locked(false)
    withObservationTracking(read) { changed.withLock { $0 = true } }
    return changed
}

/// `eventually` (QueryClientTests.swift) for conditions on main-actor state: the shared helper is
/// nonisolated, so it cannot call a closure that reads a `@MainActor` observer. Waits only for
/// asynchronous delivery to land (yielding, then polling for up to 10 s of wall time); time-based
/// behaviour uses the test clock.
@MainActor
func onMain(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async {
    for _ in 0..<1_000 {
        if condition() { return }
        await Task.yield()
    }
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if condition() { return }
        try? await Task.sleep(for: .milliseconds(1))
    }
    Issue.record("condition never became true", sourceLocation: sourceLocation)
}

/// Every test starts with an availability guard: `@Observable` needs macOS 14 / iOS 17, above the package
/// floor, and Swift Testing does not accept `@available` on suites or tests.
@MainActor
@Suite("QueryObserver: @Observable query state for SwiftUI")
struct QueryObserverTests {
    @Test("nothing is fetched until a property is read; the first read starts observing and fetches")
    func lazyStart() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let fetcher = Fetcher()
        let observer = QueryObserver(client: cache, options: options(fetcher))
        #expect(!observer.isStarted)
        #expect(fetcher.calls == 0 && !cache.isFetching())
        #expect(observer.data == nil)
        #expect(observer.isStarted)
        await onMain { observer.data == 1 }
        #expect(observer.status == .success && observer.error == nil && !observer.isFetching)
        #expect(observer.dataUpdatedAt == .zero)
        #expect(fetcher.calls == 1)
    }

    @Test("start() starts explicitly; cached fresh data is shown at once without a request")
    func seededFromCache() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        #expect(try await cache.fetchQuery(options(fetcher)) == 1)
        clock.advance(by: .seconds(10))
        let observer = QueryObserver(client: cache, options: options(fetcher))
        observer.start()
        #expect(observer.data == 1 && observer.status == .success && observer.dataUpdatedAt == .zero)
        await onMain { cache.queryState(["test", "value"], as: Int.self)?.isFetching == false }
        #expect(fetcher.calls == 1)
    }

    @Test("withObservationTracking: onChange fires when data changes through setCachedData")
    func followsSetCachedData() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let observer = QueryObserver(client: cache, options: options(Fetcher()))
        await onMain { observer.data == 1 }
        let changed = track { _ = observer.data }
        cache.setCachedData(["test", "value"], 42)
        await onMain { changed.withLock { $0 } }
        #expect(observer.data == 42 && observer.status == .success)
    }

    @Test("an invalidated entry is refetched and the new data is observed")
    func refetchesOnInvalidation() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        let observer = QueryObserver(client: cache, options: options(fetcher))
        await onMain { observer.data == 1 }
        let changed = track { _ = observer.data }
        clock.advance(by: .seconds(5))
        await cache.invalidateQueries(["test"])
        await onMain { changed.withLock { $0 } }
        await onMain { observer.data == 2 }
        #expect(observer.dataUpdatedAt == .seconds(5))
        #expect(!observer.isInvalidated)
        #expect(fetcher.calls == 2)
    }

    @Test("fresh data is not refetched; once stale, a new observation refetches (test clock)")
    func staleness() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        let observer = QueryObserver(client: cache, options: options(fetcher, stale: .seconds(30)))
        await onMain { observer.data == 1 }
        observer.stop()
        clock.advance(by: .seconds(29))
        observer.start()
        #expect(observer.data == 1)
        observer.stop()
        #expect(fetcher.calls == 1)
        clock.advance(by: .seconds(1))
        let changed = track { _ = observer.data }
        observer.start()
        await onMain { changed.withLock { $0 } }
        await onMain { observer.data == 2 }
        #expect(observer.dataUpdatedAt == .seconds(30))
        #expect(fetcher.calls == 2)
    }

    @Test("isFetching is observable while a fetch is in flight")
    func isFetchingObservable() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["gated"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            await gate.wait()
            return 7
        }
        let observer = QueryObserver(client: cache, options: query)
        observer.start()
        await onMain { observer.isFetching }
        #expect(observer.status == .pending && observer.data == nil)
        let changed = track { _ = observer.isFetching }
        gate.open()
        await onMain { changed.withLock { $0 } }
        await onMain { !observer.isFetching }
        #expect(observer.data == 7 && observer.status == .success)
    }

    @Test("offline, the observer shows its fetch paused; back online it loads")
    func pausedWhileOffline() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        cache.setOnline(false)
        let observer = QueryObserver(client: cache, options: options(Fetcher()))
        await onMain { observer.isPaused }
        #expect(observer.isFetching && observer.data == nil)
        cache.setOnline(true)
        await onMain { observer.data == 1 }
        #expect(!observer.isPaused && !observer.isFetching)
    }

    @Test("a failed fetch is reported through status and error")
    func errors() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        struct Boom: Error {}
        let cache = makeCache(TestClock())
        let observer = QueryObserver(client: cache, options: options(Fetcher(results: [.failure(Boom())])))
        await onMain { observer.status == .error }
        #expect(observer.error is Boom)
        #expect(observer.data == nil && !observer.isFetching)
        await observer.refetch()
        await onMain { observer.status == .success }
        #expect(observer.error == nil && observer.data == 2)
    }

    @Test("refetch() fetches again even when the data is fresh")
    func refetch() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let fetcher = Fetcher()
        let observer = QueryObserver(client: cache, options: options(fetcher, stale: .seconds(3_600)))
        await onMain { observer.data == 1 }
        await observer.refetch()
        await onMain { observer.data == 2 }
        #expect(fetcher.calls == 2)
    }

    @Test("an Equatable value does not notify data observers when only the timestamp changes")
    func equatableDeduplicates() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        let observer = QueryObserver(client: cache, options: options(Fetcher()))
        await onMain { observer.data == 1 }
        let dataChanged = track { _ = observer.data }
        let timeChanged = track { _ = observer.dataUpdatedAt }
        clock.advance(by: .seconds(1))
        cache.setCachedData(["test", "value"], 1)
        await onMain { timeChanged.withLock { $0 } }
        #expect(observer.dataUpdatedAt == .seconds(1))
        #expect(!dataChanged.withLock { $0 })
    }

    @Test("stop() and deinit release the entry, which is then garbage-collected on the test clock")
    func releaseAllowsGC() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        var observer: QueryObserver<Int>? = QueryObserver(client: cache, options: options(Fetcher(), gc: .seconds(60)))
        await onMain { observer?.data == 1 }
        clock.advance(by: .seconds(600))
        #expect(cache.contains(["test", "value"]))  // observed entries are never collected
        observer = nil
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(59))
        #expect(cache.contains(["test", "value"]))
        clock.advance(by: .seconds(1))
        await onMain { !cache.contains(["test", "value"]) }

        let second = QueryObserver(
            client: cache, options: options(Fetcher(), key: ["test", "other"], gc: .seconds(60)))
        await onMain { second.data == 1 }
        second.stop()
        #expect(!second.isStarted)
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(60))
        await onMain { !cache.contains(["test", "other"]) }
        _ = second.data  // reading restarts observing
        #expect(second.isStarted)
        second.stop()
    }
}
