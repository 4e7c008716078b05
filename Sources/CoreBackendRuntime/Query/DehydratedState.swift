public import Foundation

/// A serialisable snapshot of a ``QueryClient``'s successful entries (TanStack Query's `dehydrate`
/// output): what ``QueryClient/dehydrate(now:including:)`` returns, ``QueryClient/hydrate(_:now:)``
/// takes and a ``QueryPersister`` stores.
///
/// Its `Codable` form is the persisted format, version ``formatVersion``:
///
/// ```json
/// {
///   "version": 1,
///   "queries": [
///     {
///       "queryKey": ["prices", "v3SpotPrices", {"assetIds": ["eip155:1/slip44:60"]}],
///       "data": {"eip155:1/slip44:60": {"price": 3120.5}},
///       "dataUpdatedAt": 1733327410000,
///       "isInvalidated": false
///     }
///   ]
/// }
/// ```
///
/// `queryKey` is the key as a JSON array; `data` is the value as its `Encodable` conformance writes it
/// with a default `JSONEncoder` (the generated models' own JSON); `dataUpdatedAt` is wall-clock time in
/// milliseconds since 1970 (as TanStack's), whatever date strategy the encoder uses; `isInvalidated` may
/// be absent (read as `false`). Decoding a document whose `version` is not ``formatVersion`` throws
/// ``QueryPersistenceError/unsupportedVersion(_:)`` before anything else is read.
public struct DehydratedState: Codable, Sendable, Hashable {
    /// One dehydrated entry.
    public struct Query: Codable, Sendable, Hashable {
        /// The entry's key.
        public var queryKey: QueryKey
        /// The entry's value as JSON.
        public var data: JSONValue
        /// When the value was fetched or set, on the wall clock.
        public var dataUpdatedAt: Date
        /// Whether the entry had been invalidated (its next read refetches).
        public var isInvalidated: Bool

        /// Creates a dehydrated entry.
        public init(queryKey: QueryKey, data: JSONValue, dataUpdatedAt: Date, isInvalidated: Bool = false) {
            self.queryKey = queryKey
            self.data = data
            self.dataUpdatedAt = dataUpdatedAt
            self.isInvalidated = isInvalidated
        }

        private enum CodingKeys: String, CodingKey { case queryKey, data, dataUpdatedAt, isInvalidated }

        /// Decodes an entry; `dataUpdatedAt` is milliseconds since 1970.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            queryKey = try container.decode(QueryKey.self, forKey: .queryKey)
            data = try container.decode(JSONValue.self, forKey: .data)
            let milliseconds = try container.decode(Double.self, forKey: .dataUpdatedAt)
            dataUpdatedAt = Date(timeIntervalSince1970: milliseconds / 1000)
            isInvalidated = try container.decodeIfPresent(Bool.self, forKey: .isInvalidated) ?? false
        }

        /// Encodes the entry; `dataUpdatedAt` as whole milliseconds since 1970.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(queryKey, forKey: .queryKey)
            try container.encode(data, forKey: .data)
            try container.encode((dataUpdatedAt.timeIntervalSince1970 * 1000).rounded(), forKey: .dataUpdatedAt)
            try container.encode(isInvalidated, forKey: .isInvalidated)
        }
    }

    /// The version of the persisted format this build reads and writes: 1.
    public static let formatVersion = 1

    /// The entries.
    public var queries: [Query]

    /// Creates a snapshot of `queries`.
    public init(queries: [Query] = []) {
        self.queries = queries
    }

    private enum CodingKeys: String, CodingKey { case version, queries }

    /// Decodes a snapshot; throws ``QueryPersistenceError/unsupportedVersion(_:)`` for another version.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else { throw QueryPersistenceError.unsupportedVersion(version) }
        queries = try container.decode([Query].self, forKey: .queries)
    }

    /// Encodes the snapshot with its format version.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(queries, forKey: .queries)
    }

    /// The snapshot without entries older than `maxAge` at `now` (entries dated in the future are kept).
    public func droppingQueries(olderThan maxAge: Duration, now: Date = Date()) -> DehydratedState {
        DehydratedState(queries: queries.filter { now.timeIntervalSince($0.dataUpdatedAt) <= maxAge.timeInterval })
    }
}
