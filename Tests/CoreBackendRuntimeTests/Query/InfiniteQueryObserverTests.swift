import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Observation
import Testing

/// A paged source: page `n` (parameter "n", first page `nil`) holds `[n*10, n*10+1]`; there are `count`
/// pages; each fetch is counted, and a fetch can be held until released.
private final class PagedSource: Sendable {
    private let state = Locked<(fetches: [String?], held: Bool, release: [CheckedContinuation<Void, Never>])>(
        ([], false, []))
    let count: Int

    init(count: Int) { self.count = count }

    var fetches: [String?] { state.withLock { $0.fetches } }

    func hold() { state.withLock { $0.held = true } }

    func release() {
        let waiters = state.withLock { state in
            defer { state = (state.fetches, false, []) }
            return state.release
        }
        for waiter in waiters { waiter.resume() }
    }

    func page(_ param: String?) async -> [Int] {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let held = state.withLock { state in
                state.fetches.append(param)
                if state.held { state.release.append(continuation) }
                return state.held
            }
            if !held { continuation.resume() }
        }
        let index = Int(param ?? "0") ?? 0
        return [index * 10, index * 10 + 1]
    }

    func options(stale: Duration = .seconds(30)) -> InfiniteQueryOptions<[Int]> {
        let count = self.count
        return InfiniteQueryOptions(
            queryKey: ["paged"], defaultStaleTime: stale, defaultGCTime: .seconds(300), overrides: nil,
            initialPageParam: nil,
            nextPageParam: { page in
                let index = page[0] / 10 + 1
                return index < count ? String(index) : nil
            },
            pageFunction: { [self] param in await self.page(param) })
    }
}

@MainActor
@Suite("InfiniteQueryObserver and observe(infiniteOptions): observable paging")
struct InfiniteQueryObserverTests {
    @Test("pages load one by one; hasNextPage and isFetchingNextPage follow; the last page ends paging")
    func paging() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let source = PagedSource(count: 3)
        let observer = InfiniteQueryObserver(client: cache, options: source.options())
        #expect(observer.pages.isEmpty && !observer.hasNextPage)
        await onMain { observer.pages.count == 1 && !observer.isFetching }
        #expect(observer.pages == [[0, 1]] && observer.hasNextPage && observer.status == .success)
        source.hold()
        let next = Task { await observer.fetchNextPage() }
        await onMain { observer.isFetchingNextPage }
        await onMain { observer.isFetching }
        await observer.fetchNextPage()  // one next-page load at a time
        source.release()
        await next.value
        #expect(!observer.isFetchingNextPage)
        await onMain { observer.pages.count == 2 }
        await observer.fetchNextPage()
        await onMain { observer.pages.count == 3 }
        #expect(observer.pages == [[0, 1], [10, 11], [20, 21]] && !observer.hasNextPage)
        await observer.fetchNextPage()
        #expect(source.fetches == [nil, "1", "2"])
        #expect(observer.data?.pageParams == [nil, "1", "2"])
    }

    @Test("an invalidated page list refetches every page shown, in order")
    func refetchAllPages() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let cache = makeCache(TestClock())
        let source = PagedSource(count: 5)
        let observer = InfiniteQueryObserver(client: cache, options: source.options())
        await onMain { observer.pages.count == 1 && !observer.isFetching }
        await observer.fetchNextPage()
        await onMain { observer.pages.count == 2 }
        await cache.invalidateQueries(["paged"])
        #expect(source.fetches == [nil, "1", nil, "1"])
        await onMain { observer.pages.count == 2 && !observer.isFetching }
        #expect(observer.hasNextPage)
    }

    @Test("a stale page list keeps its pages when the next page is fetched")
    func nextPageKeepsStalePages() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let source = PagedSource(count: 5)
        let options = source.options(stale: .seconds(10))
        _ = try await cache.fetchInfiniteQuery(options)
        _ = try await cache.fetchNextPage(options)
        clock.advance(by: .seconds(20))
        let data = try await cache.fetchNextPage(options)
        #expect(data.pages.count == 3 && source.fetches == [nil, "1", "2"])
    }

    @Test("observe(infiniteOptions) streams page lists, and stopping releases the entry")
    func observeStream() async throws {
        let cache = makeCache(TestClock())
        let source = PagedSource(count: 2)
        let counts = Locked<[Int]>([])
        let stream = cache.observe(source.options())
        let task = Task {
            for await state in stream { counts.withLock { $0.append(state.data?.pages.count ?? 0) } }
        }
        await onMain { counts.withLock { $0.last } == 1 && !cache.isFetching() }
        _ = try await cache.fetchNextPage(source.options())
        await onMain { counts.withLock { $0.last } == 2 }
        task.cancel()
        #expect(cache.hasNextPage(source.options()) == false)
    }

    @Test("an observed page list that opted out of focus refetches on reconnect only, every page shown")
    func pageListOptOut() async throws {
        let clock = TestClock()
        let cache = makeCache(clock)
        let source = PagedSource(count: 5)
        var options = source.options(stale: .seconds(10))
        options.refetchOnFocus = false
        let stream = cache.observe(options)
        let task = Task { for await _ in stream {} }
        await onMain { source.fetches == [nil] && !cache.isFetching() }
        _ = try await cache.fetchNextPage(options)
        clock.advance(by: .seconds(20))
        cache.setFocused(false)
        cache.setFocused(true)
        for _ in 0..<100 { await Task.yield() }
        #expect(source.fetches.count == 2 && !cache.isFetching(), "no refetch on focus")
        cache.setOnline(false)
        cache.setOnline(true)
        await onMain { source.fetches.count == 4 && !cache.isFetching() }
        #expect(source.fetches == [nil, "1", nil, "1"])
        task.cancel()
    }

    @Test("QueryObserver with refetchInterval polls until stopped")
    func observerPolls() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let clock = TestClock()
        let cache = makeCache(clock)
        let fetcher = Fetcher()
        let observer = QueryObserver(client: cache, options: options(fetcher), refetchInterval: .seconds(5))
        #expect(observer.refetchInterval == .seconds(5))
        await onMain { observer.data == 1 }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(5))
        await onMain { observer.data == 2 }
        observer.stop()
        await onMain { clock.sleeperCount == 1 }  // the gc timer only
        clock.advance(by: .seconds(5))
        #expect(fetcher.calls == 2)
    }
}
