/// A snapshot of one cache entry, as observers see it.
public struct QueryState<Value: Sendable>: Sendable {
    /// Whether the entry has data, has failed, or has neither yet.
    public enum Status: Sendable, Hashable {
        /// No data and no error yet.
        case pending
        /// The last fetch (or `setCachedData`) produced data.
        case success
        /// The last fetch failed; `data` may still hold an older value.
        case error
    }

    /// The entry's status.
    public var status: Status
    /// The cached value, if any.
    public var data: Value?
    /// The error of the last failed fetch, cleared by the next success.
    public var error: (any Error)?
    /// Whether a fetch for this entry is in flight.
    public var isFetching: Bool
    /// Whether that fetch is paused until the network comes back (``QueryClient/setOnline(_:)``;
    /// TanStack's `fetchStatus == 'paused'`): show "waiting for network" rather than a spinner.
    public var isPaused: Bool
    /// When the data was stored, on the client's clock (see ``QueryClock/now``).
    public var dataUpdatedAt: Duration?
    /// Whether the entry was invalidated since its data was stored.
    public var isInvalidated: Bool

    /// Creates a snapshot.
    public init(
        status: Status, data: Value?, error: (any Error)?, isFetching: Bool, dataUpdatedAt: Duration?,
        isInvalidated: Bool, isPaused: Bool = false
    ) {
        self.status = status
        self.data = data
        self.error = error
        self.isFetching = isFetching
        self.isPaused = isPaused
        self.dataUpdatedAt = dataUpdatedAt
        self.isInvalidated = isInvalidated
    }
}

/// Failures raised by the query cache itself.
///
/// A generated `fetch*` call rethrows it unchanged: naming the operation here would cost every cache hit.
public enum QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An entry holds a value of another type than the caller asked for.
    case typeMismatch(key: QueryKey, expected: String, found: String)

    /// A readable description.
    public var description: String {
        switch self {
        case .typeMismatch(let key, let expected, let found):
            "Query \(key) holds \(found), not \(expected)"
        }
    }
}
