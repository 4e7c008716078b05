/// Where a persisted query cache lives between launches (TanStack's `Persister`): a file
/// (``FileQueryPersister``), or anything else that can keep a ``DehydratedState``.
///
/// ```swift
/// struct DefaultsPersister: QueryPersister {
///     func load() async throws -> DehydratedState? {
///         guard let data = UserDefaults.standard.data(forKey: "cache") else { return nil }
///         return try JSONDecoder().decode(DehydratedState.self, from: data)
///     }
///     func save(_ state: DehydratedState) async throws {
///         UserDefaults.standard.set(try JSONEncoder().encode(state), forKey: "cache")
///     }
///     func remove() async throws { UserDefaults.standard.removeObject(forKey: "cache") }
/// }
/// ```
public protocol QueryPersister: Sendable {
    /// The saved snapshot, or `nil` when nothing was saved. Throws ``QueryPersistenceError`` (or the
    /// store's own error) when something is saved but cannot be read.
    func load() async throws -> DehydratedState?
    /// Replaces the saved snapshot with `state`; a failure must leave the previous snapshot intact.
    func save(_ state: DehydratedState) async throws
    /// Deletes the saved snapshot, if any.
    func remove() async throws
}

/// Why a persisted cache could not be restored or saved.
public enum QueryPersistenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The saved data is not a persisted cache: truncated, not JSON, the wrong shape, or nested too deep.
    case corrupt(reason: String)
    /// The saved data was written in another format version (see ``DehydratedState/formatVersion``).
    case unsupportedVersion(Int)
    /// The store could not be read or written.
    case fileSystem(operation: String, path: String, reason: String)

    /// A readable description (never any cached data).
    public var description: String {
        switch self {
        case .corrupt(let reason): "The persisted query cache is corrupt: \(reason)"
        case .unsupportedVersion(let version):
            "The persisted query cache has format version \(version); this build reads version \(DehydratedState.formatVersion)"
        case .fileSystem(let operation, let path, let reason): "Could not \(operation) \(path): \(reason)"
        }
    }
}
