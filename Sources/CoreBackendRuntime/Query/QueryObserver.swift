public import Observation

/// An `@Observable` view of one query for SwiftUI (and any other `Observation` client): holds a
/// query's options and exposes the entry's `data`, `error`, `status`, `isFetching` and
/// `dataUpdatedAt` as observable properties.
///
/// The observer starts lazily, the first time one of its properties is read (or when you call
/// ``start()``): from then on it observes the entry through ``QueryClient/observe(_:)``, so it fetches
/// when the entry is empty or stale, refetches when the entry is invalidated, follows
/// ``QueryClient/setCachedData(_:_:)`` and keeps the entry from being garbage-collected. ``stop()`` or
/// releasing the observer stops observing.
///
/// ```swift
/// struct PricesView: View {
///     @State var prices = QueryObserver(
///         client: api.queryClient, options: api.prices.getV3SpotPricesQueryOptions(assetIds: ids))
///     var body: some View {
///         if let data = prices.data { PriceList(data) } else if prices.isFetching { ProgressView() }
///     }
/// }
/// ```
///
/// Non-UI code can iterate the same states with ``QueryClient/observe(_:)``.
@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class QueryObserver<Value: Sendable> {
    /// The cache the query lives in.
    @ObservationIgnored public let client: QueryClient
    /// The observed query: its key, times and fetcher.
    @ObservationIgnored public let options: QueryOptions<Value>
    /// How often the entry is refetched while observed (TanStack's `refetchInterval`), or `nil` for never.
    /// Ticks are skipped in the background and offline; see ``QueryClient/observe(_:refetchInterval:)``.
    @ObservationIgnored public let refetchInterval: Duration?

    private var currentData: Value?
    private var currentError: (any Error)?
    private var currentStatus: QueryState<Value>.Status
    private var currentIsFetching: Bool
    private var currentIsPaused: Bool
    private var currentDataUpdatedAt: Duration?
    private var currentIsInvalidated: Bool

    @ObservationIgnored private let isSameData: @Sendable (Value?, Value?) -> Bool
    @ObservationIgnored private let subscription = ObserverSubscription()

    /// Creates an observer of `options` in `client`, seeded with whatever the cache already holds.
    /// Nothing is fetched until a property is read or ``start()`` is called.
    ///
    /// - Parameters:
    ///   - client: The cache, e.g. `ApiPlatformClient.queryClient`.
    ///   - options: The query, e.g. from a generated `get*QueryOptions` method.
    ///   - refetchInterval: Refetch this often while observing (`nil`: never), e.g. `.seconds(30)`.
    public convenience init(client: QueryClient, options: QueryOptions<Value>, refetchInterval: Duration? = nil) {
        self.init(client: client, options: options, refetchInterval: refetchInterval, isSameData: { _, _ in false })
    }

    init(
        client: QueryClient, options: QueryOptions<Value>, refetchInterval: Duration?,
        isSameData: @escaping @Sendable (Value?, Value?) -> Bool
    ) {
        self.client = client
        self.options = options
        self.refetchInterval = refetchInterval
        self.isSameData = isSameData
        let state = client.queryState(options.queryKey, as: Value.self)
        currentData = state?.data
        currentError = state?.error
        currentStatus = state?.status ?? .pending
        currentIsFetching = state?.isFetching ?? false
        currentIsPaused = state?.isPaused ?? false
        currentDataUpdatedAt = state?.dataUpdatedAt
        currentIsInvalidated = state?.isInvalidated ?? false
    }

    deinit {
        subscription.cancel()
    }

    /// The cached value, if any (also while a refetch runs or after a failed one).
    public var data: Value? {
        startIfNeeded()
        return currentData
    }

    /// The error of the last failed fetch, cleared by the next success.
    public var error: (any Error)? {
        startIfNeeded()
        return currentError
    }

    /// Whether the entry has data, has failed, or has neither yet.
    public var status: QueryState<Value>.Status {
        startIfNeeded()
        return currentStatus
    }

    /// Whether a fetch for the entry is in flight.
    public var isFetching: Bool {
        startIfNeeded()
        return currentIsFetching
    }

    /// Whether that fetch waits for the network to come back (see ``QueryState/isPaused``).
    public var isPaused: Bool {
        startIfNeeded()
        return currentIsPaused
    }

    /// When the data was stored, on the client's clock (see ``QueryClock/now``).
    public var dataUpdatedAt: Duration? {
        startIfNeeded()
        return currentDataUpdatedAt
    }

    /// Whether the entry was invalidated since its data was stored.
    public var isInvalidated: Bool {
        startIfNeeded()
        return currentIsInvalidated
    }

    /// Whether the observer is currently observing the entry.
    public var isStarted: Bool { subscription.isActive }

    /// Starts observing the entry (fetching it when it is empty or stale); does nothing when already
    /// observing. Reading any state property calls this for you.
    public func start() {
        guard !subscription.isActive else { return }
        let stream = client.observe(options, refetchInterval: refetchInterval)
        let task = Task { @MainActor [weak self] in
            for await state in stream {
                guard let self, !Task.isCancelled else { return }  // stopped: nothing after stop() lands
                self.apply(state)
            }
        }
        subscription.replace(with: task)
    }

    /// Stops observing: the entry may be garbage-collected again and is no longer refetched for this
    /// observer. The last state stays readable; reading a property starts observing again.
    public func stop() {
        subscription.cancel()
    }

    /// Fetches the query again now, even when its data is fresh (joining a fetch already in flight).
    /// The outcome arrives through the observable properties; failures end up in ``error``.
    public func refetch() async {
        startIfNeeded()
        var forced = options
        forced.staleTime = .zero
        _ = try? await client.fetchQuery(forced)
    }

    private func startIfNeeded() {
        if !subscription.isActive { start() }
    }

    private func apply(_ state: QueryState<Value>) {
        if !isSameData(currentData, state.data) { currentData = state.data }
        if currentError != nil || state.error != nil { currentError = state.error }
        if currentStatus != state.status { currentStatus = state.status }
        if currentIsFetching != state.isFetching { currentIsFetching = state.isFetching }
        if currentIsPaused != state.isPaused { currentIsPaused = state.isPaused }
        if currentDataUpdatedAt != state.dataUpdatedAt { currentDataUpdatedAt = state.dataUpdatedAt }
        if currentIsInvalidated != state.isInvalidated { currentIsInvalidated = state.isInvalidated }
    }
}

@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
extension QueryObserver where Value: Equatable {
    /// Creates an observer of `options` in `client`; because `Value` is `Equatable`, `data` observers
    /// are notified only when the value actually changes.
    ///
    /// - Parameters:
    ///   - client: The cache, e.g. `ApiPlatformClient.queryClient`.
    ///   - options: The query, e.g. from a generated `get*QueryOptions` method.
    ///   - refetchInterval: Refetch this often while observing (`nil`: never), e.g. `.seconds(30)`.
    public convenience init(client: QueryClient, options: QueryOptions<Value>, refetchInterval: Duration? = nil) {
        self.init(client: client, options: options, refetchInterval: refetchInterval, isSameData: { $0 == $1 })
    }
}
