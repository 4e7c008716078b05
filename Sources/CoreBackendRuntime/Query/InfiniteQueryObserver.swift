public import Observation

/// An `@Observable` view of an infinite (paginated) query for SwiftUI: ``QueryObserver`` for page lists,
/// plus ``fetchNextPage()``, ``hasNextPage`` and ``isFetchingNextPage``.
///
/// Like ``QueryObserver`` it starts lazily, on the first property read or ``start()``, and then observes
/// the page list through `QueryClient.observe(_:refetchInterval:)` for infinite options: the
/// first page is fetched when there is none or it is stale, and a refetch reloads every page shown.
///
/// ```swift
/// struct ActivityView: View {
///     @State var activity = InfiniteQueryObserver(
///         client: api.queryClient,
///         options: api.accounts.getV4MultiAccountTransactionsInfiniteQueryOptions(params: params))
///     var body: some View {
///         List {
///             ForEach(activity.pages.flatMap(\.data), id: \.hash) { TransactionRow($0) }
///             if activity.hasNextPage {
///                 ProgressView().task { await activity.fetchNextPage() }
///             }
///         }
///     }
/// }
/// ```
@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class InfiniteQueryObserver<Page: Sendable> {
    /// The cache the page list lives in.
    @ObservationIgnored public let client: QueryClient
    /// The observed infinite query.
    @ObservationIgnored public let options: InfiniteQueryOptions<Page>
    /// The single-entry observer underneath; its observable state is what this one forwards.
    @ObservationIgnored private let base: QueryObserver<InfiniteData<Page>>

    private var currentIsFetchingNextPage = false

    /// Creates an observer of `options` in `client`, seeded with whatever the cache already holds.
    /// Nothing is fetched until a property is read or ``start()`` is called.
    ///
    /// - Parameters:
    ///   - client: The cache, e.g. `ApiPlatformClient.queryClient`.
    ///   - options: The query, e.g. from a generated `get*InfiniteQueryOptions` method.
    ///   - refetchInterval: Refetch the pages this often while observing (`nil`: never).
    public init(client: QueryClient, options: InfiniteQueryOptions<Page>, refetchInterval: Duration? = nil) {
        self.client = client
        self.options = options
        base = QueryObserver(
            client: client, options: client.allPagesQueryOptions(options), refetchInterval: refetchInterval,
            isSameData: { _, _ in false })
    }

    /// The pages fetched so far and the next page's parameter, if any.
    public var data: InfiniteData<Page>? { base.data }

    /// The pages fetched so far, in order (empty before the first page arrives).
    public var pages: [Page] { base.data?.pages ?? [] }

    /// The error of the last failed fetch (first page, refetch or next page), cleared by the next success.
    public var error: (any Error)? { base.error }

    /// Whether the page list has data, has failed, or has neither yet.
    public var status: QueryState<InfiniteData<Page>>.Status { base.status }

    /// Whether any fetch of the page list is in flight (including ``isFetchingNextPage``).
    public var isFetching: Bool { base.isFetching }

    /// Whether the last page fetched names a next page.
    public var hasNextPage: Bool { base.data?.hasNextPage ?? false }

    /// Whether ``fetchNextPage()`` is loading a page right now.
    public var isFetchingNextPage: Bool {
        if !base.isStarted { base.start() }
        return currentIsFetchingNextPage
    }

    /// When the pages were stored, on the client's clock.
    public var dataUpdatedAt: Duration? { base.dataUpdatedAt }

    /// Whether the observer is currently observing the page list.
    public var isStarted: Bool { base.isStarted }

    /// Starts observing (fetching the first page when there is none or it is stale).
    public func start() { base.start() }

    /// Stops observing; the last state stays readable, and reading a property starts observing again.
    public func stop() { base.stop() }

    /// Refetches every page shown now, even when fresh.
    public func refetch() async { await base.refetch() }

    /// Loads the page after the last one and appends it. Does nothing before the first page has arrived
    /// (observing fetches it), when there is no next page, or while one is already loading; a failure
    /// ends up in ``error``.
    public func fetchNextPage() async {
        guard !currentIsFetchingNextPage, hasNextPage else { return }
        currentIsFetchingNextPage = true
        defer { currentIsFetchingNextPage = false }
        _ = try? await client.fetchNextPage(options)
    }
}
