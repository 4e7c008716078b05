import CoreBackendRuntime

extension ApiPlatformClient {
    /// Loads the cache saved by an earlier launch from ``Configuration/persister``; returns the number
    /// of entries restored (0 without a persister or a saved cache).
    ///
    /// Call it once at launch, before the first screen reads data: restored entries keep their update
    /// time, so fresh ones are served with no request and stale ones are shown at once by observers
    /// while they refetch. Entries older than ``QueryPersistence/Options/maxAge`` (24 hours by default)
    /// are dropped. From then on the cache is saved automatically, at most once a second, after changes.
    /// The bearer token is never saved.
    ///
    /// ```swift
    /// let client = ApiPlatformClient(clientProduct: "app", baseURLs: urls,
    ///                                persister: FileQueryPersister(fileURL: url))
    /// let restored = try await client.restoreCache()
    /// ```
    ///
    /// - Throws: ``QueryPersistenceError`` for a corrupt, truncated or other-version save, which is
    ///   then deleted; the cache stays empty and the client works as without a persister.
    @discardableResult
    public func restoreCache() async throws -> Int {
        guard let persistence else { return 0 }
        return try await persistence.restore()
    }

    /// Saves the cache to ``Configuration/persister`` now (say, when the app moves to the background);
    /// does nothing without a persister.
    public func persistCache() async throws {
        try await persistence?.persist()
    }
}
