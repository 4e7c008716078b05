/// Per-call overrides accepted by every generated `fetch*` and `get*QueryOptions` method.
///
/// `nil` keeps the endpoint's default; `.zero` is honoured (`staleTime: .zero` always refetches, still
/// de-duplicated with an in-flight request).
public struct FetchOptions: Sendable, Hashable {
    /// Replaces the endpoint's stale time.
    public var staleTime: Duration?
    /// Replaces the endpoint's gc time.
    public var gcTime: Duration?
    /// Replaces the client's retry policy for this query.
    public var retryPolicy: RetryPolicy?
    /// `false`: an observed entry of this query is not refetched when the app comes back to the foreground
    /// (TanStack's `refetchOnWindowFocus: false`); `nil` keeps the default, `true`.
    public var refetchOnFocus: Bool?
    /// `false`: an observed entry of this query is not refetched when the network comes back (TanStack's
    /// `refetchOnReconnect: false`); `nil` keeps the default, `true`.
    public var refetchOnReconnect: Bool?

    /// Creates overrides; every argument defaults to "keep the endpoint default".
    public init(
        staleTime: Duration? = nil, gcTime: Duration? = nil, retryPolicy: RetryPolicy? = nil,
        refetchOnFocus: Bool? = nil, refetchOnReconnect: Bool? = nil
    ) {
        self.staleTime = staleTime
        self.gcTime = gcTime
        self.retryPolicy = retryPolicy
        self.refetchOnFocus = refetchOnFocus
        self.refetchOnReconnect = refetchOnReconnect
    }
}

/// Everything a ``QueryClient`` needs to fetch and cache one query: its key, times and fetcher.
///
/// Generated `get*QueryOptions` methods return these; pass them to ``QueryClient/fetchQuery(_:)`` or
/// ``QueryClient/observe(_:)``, or build your own for app-specific data.
public struct QueryOptions<Value: Sendable>: Sendable {
    /// The cache key.
    public let queryKey: QueryKey
    /// How long fetched data counts as fresh.
    public var staleTime: Duration
    /// How long an unobserved entry survives after its last use.
    public var gcTime: Duration
    /// The retry policy, or `nil` for the client's default.
    public var retryPolicy: RetryPolicy?
    /// Whether an observed entry is refetched, when stale, as the app comes back to the foreground
    /// (``QueryClient/setFocused(_:)``). An entry is refetched when any of its observers wants it.
    public var refetchOnFocus: Bool
    /// Whether an observed entry is refetched, when stale, as the network comes back
    /// (``QueryClient/setOnline(_:)``). Paused fetches resume either way.
    public var refetchOnReconnect: Bool
    /// Fetches a fresh value (one attempt; the client handles retries).
    public let queryFunction: @Sendable () async throws -> Value

    /// Creates query options.
    public init(
        queryKey: QueryKey,
        staleTime: Duration,
        gcTime: Duration,
        retryPolicy: RetryPolicy? = nil,
        refetchOnFocus: Bool = true,
        refetchOnReconnect: Bool = true,
        queryFunction: @escaping @Sendable () async throws -> Value
    ) {
        self.queryKey = queryKey
        self.staleTime = staleTime
        self.gcTime = gcTime
        self.retryPolicy = retryPolicy
        self.refetchOnFocus = refetchOnFocus
        self.refetchOnReconnect = refetchOnReconnect
        self.queryFunction = queryFunction
    }

    /// Creates query options with an endpoint's defaults and a caller's overrides applied on top.
    public init(
        queryKey: QueryKey,
        defaultStaleTime: Duration,
        defaultGCTime: Duration,
        overrides: FetchOptions?,
        queryFunction: @escaping @Sendable () async throws -> Value
    ) {
        self.init(
            queryKey: queryKey,
            staleTime: overrides?.staleTime ?? defaultStaleTime,
            gcTime: overrides?.gcTime ?? defaultGCTime,
            retryPolicy: overrides?.retryPolicy,
            refetchOnFocus: overrides?.refetchOnFocus ?? true,
            refetchOnReconnect: overrides?.refetchOnReconnect ?? true,
            queryFunction: queryFunction
        )
    }
}
