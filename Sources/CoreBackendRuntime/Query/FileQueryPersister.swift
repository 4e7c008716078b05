public import Foundation

#if canImport(Darwin)
    internal import Darwin
#elseif canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#endif

/// A ``QueryPersister`` that keeps the cache in one JSON file (the format of ``DehydratedState``).
///
/// Writes are atomic: the snapshot goes to a temporary file in the same directory, which is flushed
/// to disk and then renamed over the old file, so a crash mid-write leaves the previous file whole (a
/// leftover temporary file is deleted by a later ``load()``). One process should own a file at a time.
/// The file is created readable and writable by its owner only (mode 0600); it holds whatever the
/// cache holds (balances, addresses), never the bearer token.
///
/// ```swift
/// let caches = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0]
/// let persister = FileQueryPersister(fileURL: caches.appendingPathComponent("query-cache.json"))
/// ```
public struct FileQueryPersister: QueryPersister {
    /// The file the cache is kept in.
    public let fileURL: URL
    /// The largest file ``load()`` reads; a larger one is ``QueryPersistenceError/corrupt(reason:)``.
    public let maximumFileSize: Int

    /// The deepest JSON nesting accepted in the file: a payload's limit plus the format's own levels.
    static let maximumNestingDepth = JSONLimits.maximumNestingDepth + 4

    /// Creates a persister for `fileURL`, whose directory must exist.
    ///
    /// - Parameters:
    ///   - fileURL: The cache file, e.g. in the app's caches directory.
    ///   - maximumFileSize: The largest file ``load()`` reads, in bytes; 64 MiB by default (a wallet's
    ///     cache is typically well under 1 MiB).
    public init(fileURL: URL, maximumFileSize: Int = 64 << 20) {
        self.fileURL = fileURL
        self.maximumFileSize = maximumFileSize
    }

    /// The snapshot in the file, or `nil` when there is no file.
    ///
    /// - Throws: ``QueryPersistenceError/corrupt(reason:)`` for a file that is not a persisted cache,
    ///   ``QueryPersistenceError/unsupportedVersion(_:)`` for another format version,
    ///   ``QueryPersistenceError/fileSystem(operation:path:reason:)`` when it cannot be read.
    public func load() async throws -> DehydratedState? {
        removeStaleTemporaryFiles()
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return nil }
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: fileURL.path)[.size] as? Int ?? 0
            guard size <= maximumFileSize else {
                throw QueryPersistenceError.corrupt(reason: "larger than \(maximumFileSize) bytes")
            }
            data = try Data(contentsOf: fileURL)
        } catch let error as QueryPersistenceError {
            throw error
        } catch {
            throw QueryPersistenceError.fileSystem(operation: "read", path: fileURL.path, reason: "\(error)")
        }
        return try Self.decode(data)
    }

    /// Writes `state` to a temporary file next to ``fileURL`` and renames it over the file.
    public func save(_ state: DehydratedState) async throws {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]  // Stable member order: a diff shows what changed.
            data = try encoder.encode(state)
        } catch {
            throw QueryPersistenceError.corrupt(reason: "cannot encode: \(error)")
        }
        let temporary = fileURL.deletingLastPathComponent().appendingPathComponent(
            "\(Self.temporaryPrefix(for: fileURL))\(UUID().uuidString).tmp")
        do {
            let handle = try FileHandle(forWritingTo: createEmptyFile(at: temporary))
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw QueryPersistenceError.fileSystem(operation: "write", path: temporary.path, reason: "\(error)")
        }
        guard rename(temporary.path, fileURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw QueryPersistenceError.fileSystem(operation: "replace", path: fileURL.path, reason: reason)
        }
    }

    /// Deletes the file; no error when there is none.
    public func remove() async throws {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return }
        do {
            try FileManager.default.removeItem(at: fileURL)
        } catch {
            throw QueryPersistenceError.fileSystem(operation: "remove", path: fileURL.path, reason: "\(error)")
        }
    }

    /// Decodes a file's bytes, mapping every failure to a ``QueryPersistenceError``.
    static func decode(_ data: Data) throws -> DehydratedState {
        let tooDeep = data.withUnsafeBytes { JSONLimits.exceedsNestingDepth($0, limit: maximumNestingDepth) }
        guard !tooDeep else { throw QueryPersistenceError.corrupt(reason: JSONLimits.nestingMessage()) }
        do {
            return try JSONDecoder().decode(DehydratedState.self, from: data)
        } catch let error as QueryPersistenceError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw QueryPersistenceError.corrupt(reason: "not JSON (\(context.debugDescription))")
        } catch {
            throw QueryPersistenceError.corrupt(reason: "not a persisted query cache (\(error))")
        }
    }

    /// The name prefix of this file's temporary files: `.<name>.`, hidden next to it.
    static func temporaryPrefix(for fileURL: URL) -> String {
        ".\(fileURL.lastPathComponent)."
    }

    private func createEmptyFile(at url: URL) throws -> URL {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url
    }

    /// Deletes temporary files a crashed write left behind (older than a minute, so a write in flight
    /// is never touched).
    private func removeStaleTemporaryFiles() {
        let directory = fileURL.deletingLastPathComponent()
        let prefix = Self.temporaryPrefix(for: fileURL)
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let url = directory.appendingPathComponent(name)
            let modified = (try? manager.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, modified < Date().addingTimeInterval(-60) { try? manager.removeItem(at: url) }
        }
    }
}
