extension QueryClient {
    /// The states of the page list of `options`, as long as you iterate: ``observe(_:)`` for infinite
    /// queries. Observing fetches the first page when there is none or it is stale; a refetch (after
    /// invalidation, focus, reconnect or on `refetchInterval`) refetches as many pages as are cached, in
    /// order, following each page's next-page parameter (as TanStack does). Load more with
    /// ``fetchNextPage(_:)``, whose result arrives here too.
    ///
    /// ```swift
    /// let options = api.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(params: p)
    /// for await state in cache.observe(options) { render(state.data?.pages ?? []) }
    /// ```
    public func observe<Page: Sendable>(_ options: InfiniteQueryOptions<Page>, refetchInterval: Duration? = nil)
        -> AsyncStream<QueryState<InfiniteData<Page>>>
    {
        observe(allPagesQueryOptions(options), refetchInterval: refetchInterval)
    }

    /// The query behind an observed page list: refetches every cached page (at least the first).
    func allPagesQueryOptions<Page: Sendable>(_ options: InfiniteQueryOptions<Page>)
        -> QueryOptions<InfiniteData<Page>>
    {
        QueryOptions(
            queryKey: options.queryKey, staleTime: options.staleTime, gcTime: options.gcTime,
            retryPolicy: options.retryPolicy, refetchOnFocus: options.refetchOnFocus,
            refetchOnReconnect: options.refetchOnReconnect
        ) { [weak self] in
            let cachedCount = self?.getCachedData(options.queryKey, as: InfiniteData<Page>.self)?.pages.count ?? 0
            var data = InfiniteData<Page>(pages: [], pageParams: [], nextPageParam: nil)
            var param = options.initialPageParam
            repeat {
                let page = try await options.pageFunction(param)
                data.pages.append(page)
                data.pageParams.append(param)
                param = options.nextPageParam(page)
                data.nextPageParam = param
            } while data.pages.count < cachedCount && param != nil
            return data
        }
    }
}
