public import Foundation

extension QueryClient {
    /// A snapshot of every successful entry whose value is `Encodable` (TanStack's `dehydrate`), ordered
    /// by key.
    ///
    /// Entries without data, entries whose last fetch failed, and values that are not `Encodable`
    /// are left out, so secrets kept in the cache as non-`Encodable` types (the SDK's bearer token) are
    /// never dehydrated. Values are encoded outside the cache's lock.
    ///
    /// - Parameters:
    ///   - now: The wall-clock time that corresponds to the cache clock's ``now``: update times are
    ///     stored as dates.
    ///   - including: Which keys to include; all by default.
    public func dehydrate(now: Date = Date(), including: (QueryKey) -> Bool = { _ in true }) -> DehydratedState {
        let clockNow = self.now
        let snapshot = storage.withLock { state in
            state.entries.compactMap { key, entry -> (QueryKey, any Sendable, Duration, Bool)? in
                guard let data = entry.data, entry.error == nil, let updated = entry.dataUpdatedAt else { return nil }
                return (key, data, updated, entry.isInvalidated)
            }
        }
        var queries: [DehydratedState.Query] = []
        for (key, data, updated, isInvalidated) in snapshot where including(key) {
            guard let json = Self.json(of: data) else { continue }
            let age = clockNow - updated
            queries.append(
                DehydratedState.Query(
                    queryKey: key, data: json, dataUpdatedAt: now.addingTimeInterval(-age.timeInterval),
                    isInvalidated: isInvalidated))
        }
        queries.sort { $0.queryKey.hash < $1.queryKey.hash }  // A stable order, whatever the dictionary's.
        return DehydratedState(queries: queries)
    }

    /// Adds the entries of `state` to the cache (TanStack's `hydrate`); returns how many were stored.
    ///
    /// An entry already holding data updated at the same time or later keeps it. Restored entries keep
    /// their update time: a fresh one is a cache hit with no request, a stale one is shown at once by
    /// observers while they refetch it. Values stay JSON until the first typed read decodes them with
    /// the reader's `Decodable` type; a value that no longer decodes (a model changed by an app update)
    /// drops that entry only, and the read fetches it as if it had never been cached.
    ///
    /// - Parameters:
    ///   - state: A snapshot from ``dehydrate(now:including:)``, typically loaded by a ``QueryPersister``.
    ///   - now: The wall-clock time that corresponds to the cache clock's ``now``.
    @discardableResult
    public func hydrate(_ state: DehydratedState, now: Date = Date()) -> Int {
        let clockNow = self.now
        let restored = state.queries.map { query in
            let age = max(0, now.timeIntervalSince(query.dataUpdatedAt))
            return HydratedEntry(
                key: query.queryKey, data: RestoredData(query.data), dataUpdatedAt: clockNow - .seconds(age),
                isInvalidated: query.isInvalidated)
        }
        let (count, action) = storage.withLock { state in
            state.hydrate(restored, defaultGCTime: configuration.gcTime, now: clockNow)
        }
        perform(action)
        return count
    }

    /// Calls `handler` after every change that stores, drops or invalidates data (the autosave hook).
    package func addDataChangeHandler(_ handler: @escaping @Sendable () -> Void) {
        storage.withLock { $0.dataChangeHandlers.append(handler) }
    }

    /// The slow path of ``fetchQuery(_:)`` when the entry holds something other than a `Value`: restored
    /// JSON is decoded as `Value` (or dropped) and the read starts over; anything else is a type mismatch.
    @usableFromInline nonisolated(nonsending) func fetchQueryDecodingRestored<Value: Sendable>(
        _ options: QueryOptions<Value>, found value: any Sendable
    ) async throws -> Value {
        guard let raw = value as? RestoredData else {
            throw QueryError.typeMismatch(
                key: options.queryKey, expected: "\(Value.self)", found: "\(type(of: value))")
        }
        _ = decodeRestoredData(raw, under: options.queryKey, as: Value.self)
        return try await fetchQuery(options)
    }

    /// Decodes the restored data under `key` as `Value` if the entry holds some, storing the result
    /// (or dropping the entry's data when it does not decode); the decoded value, if any.
    @discardableResult
    package func decodeRestoredData<Value: Sendable>(_ key: QueryKey, as type: Value.Type) -> Value? {
        guard let raw = storage.withLock({ $0.entries[key]?.data as? RestoredData }) else { return nil }
        return decodeRestoredData(raw, under: key, as: Value.self)
    }

    private func decodeRestoredData<Value: Sendable>(_ raw: RestoredData, under key: QueryKey, as type: Value.Type)
        -> Value?
    {
        let value = raw.decoded(as: Value.self)
        perform(storage.withLock { $0.replaceRestored(raw, under: key, with: value) })
        return value
    }

    /// `data` as JSON: restored JSON as is, an `Encodable` value encoded; `nil` for anything else.
    private static func json(of data: any Sendable) -> JSONValue? {
        if let restored = data as? RestoredData { return restored.json }
        guard let encodable = data as? any Encodable, let bytes = try? JSONEncoder().encode(encodable) else {
            return nil
        }
        return bytes.withUnsafeBytes { raw in
            JSONValue(decodingUTF8: raw.assumingMemoryBound(to: UInt8.self))
        }
    }
}
