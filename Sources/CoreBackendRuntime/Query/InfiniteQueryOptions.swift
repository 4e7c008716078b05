/// A paginated query: a first page parameter, a page fetcher, and the rule that finds the next page.
///
/// Generated `get*InfiniteQueryOptions` builders return these; use ``QueryClient/fetchInfiniteQuery(_:)``,
/// ``QueryClient/fetchNextPage(_:)`` or iterate ``QueryClient/pages(_:)``.
public struct InfiniteQueryOptions<Page: Sendable>: Sendable {
    /// The cache key of the whole page list.
    public let queryKey: QueryKey
    /// How long the page list counts as fresh.
    public var staleTime: Duration
    /// How long an unobserved page list survives.
    public var gcTime: Duration
    /// The retry policy, or `nil` for the client's default.
    public var retryPolicy: RetryPolicy?
    /// Whether an observed page list is refetched, when stale, as the app comes back to the foreground.
    public var refetchOnFocus: Bool
    /// Whether an observed page list is refetched, when stale, as the network comes back.
    public var refetchOnReconnect: Bool
    /// The page parameter of the first page (`nil`: start at the beginning).
    public var initialPageParam: String?
    /// The parameter of the page after `page`, or `nil` when it is the last.
    public let nextPageParam: @Sendable (Page) -> String?
    /// Fetches one page.
    public let pageFunction: @Sendable (String?) async throws -> Page

    /// Creates options with an endpoint's defaults and a caller's overrides applied on top.
    public init(
        queryKey: QueryKey, defaultStaleTime: Duration, defaultGCTime: Duration, overrides: FetchOptions?,
        initialPageParam: String?, nextPageParam: @escaping @Sendable (Page) -> String?,
        pageFunction: @escaping @Sendable (String?) async throws -> Page
    ) {
        self.queryKey = queryKey
        self.staleTime = overrides?.staleTime ?? defaultStaleTime
        self.gcTime = overrides?.gcTime ?? defaultGCTime
        self.retryPolicy = overrides?.retryPolicy
        self.refetchOnFocus = overrides?.refetchOnFocus ?? true
        self.refetchOnReconnect = overrides?.refetchOnReconnect ?? true
        self.initialPageParam = initialPageParam
        self.nextPageParam = nextPageParam
        self.pageFunction = pageFunction
    }
}

/// The pages of an infinite query fetched so far.
public struct InfiniteData<Page: Sendable>: Sendable {
    /// The pages, in order.
    public var pages: [Page]
    /// The parameter each page was fetched with.
    public var pageParams: [String?]
    /// The parameter of the next page, or `nil` when the last page says there is none.
    public var nextPageParam: String?

    /// Creates page data.
    public init(pages: [Page], pageParams: [String?], nextPageParam: String?) {
        self.pages = pages
        self.pageParams = pageParams
        self.nextPageParam = nextPageParam
    }

    /// Whether another page can be fetched.
    public var hasNextPage: Bool { nextPageParam != nil }
}

extension QueryClient {
    /// The cached pages, or the first page fetched now (with the usual freshness and de-duplication).
    ///
    /// Runs on the caller's executor, like ``fetchQuery(_:)``: pages are fetched and decoded in the fetch task.
    public nonisolated(nonsending) func fetchInfiniteQuery<Page: Sendable>(_ options: InfiniteQueryOptions<Page>)
        async throws -> InfiniteData<Page>
    {
        let first = QueryOptions<InfiniteData<Page>>(
            queryKey: options.queryKey, staleTime: options.staleTime, gcTime: options.gcTime,
            retryPolicy: options.retryPolicy
        ) {
            let page = try await options.pageFunction(options.initialPageParam)
            return InfiniteData(
                pages: [page], pageParams: [options.initialPageParam], nextPageParam: options.nextPageParam(page))
        }
        return try await fetchQuery(first)
    }

    /// Appends the next page to the cached pages (fetching the first page if there are none) and returns
    /// all pages; returns the pages unchanged when there is no next page. Pages already cached are kept
    /// even when stale, as TanStack does (a stale first page is not refetched, which would drop the
    /// others). Runs on the caller's executor, like ``fetchQuery(_:)``.
    public nonisolated(nonsending) func fetchNextPage<Page: Sendable>(_ options: InfiniteQueryOptions<Page>)
        async throws -> InfiniteData<Page>
    {
        let cached = getCachedData(options.queryKey, as: InfiniteData<Page>.self)
        let current = if let cached { cached } else { try await fetchInfiniteQuery(options) }
        guard let next = current.nextPageParam else { return current }
        let nextOptions = QueryOptions<InfiniteData<Page>>(
            queryKey: options.queryKey, staleTime: .zero, gcTime: options.gcTime, retryPolicy: options.retryPolicy
        ) {
            let page = try await options.pageFunction(next)
            var data = current
            data.pages.append(page)
            data.pageParams.append(next)
            data.nextPageParam = options.nextPageParam(page)
            return data
        }
        return try await fetchQuery(nextOptions)
    }

    /// Whether the cached pages of `options` end with a next-page parameter.
    public func hasNextPage<Page: Sendable>(_ options: InfiniteQueryOptions<Page>) -> Bool {
        getCachedData(options.queryKey, as: InfiniteData<Page>.self)?.hasNextPage ?? false
    }

    /// Every page, in order, fetching and caching as it goes; stops after the last page.
    ///
    /// ```swift
    /// for try await page in cache.pages(client.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(params: p)) {
    ///     handle(page.data)
    /// }
    /// ```
    public func pages<Page: Sendable>(_ options: InfiniteQueryOptions<Page>) -> AsyncThrowingStream<Page, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var data = try await fetchInfiniteQuery(options)
                    var yielded = 0
                    while true {
                        for page in data.pages[yielded...] { continuation.yield(page) }
                        yielded = data.pages.count
                        guard data.hasNextPage, !Task.isCancelled else { break }
                        data = try await fetchNextPage(options)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
