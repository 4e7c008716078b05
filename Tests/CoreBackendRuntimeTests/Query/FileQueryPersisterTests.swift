import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

@Suite("FileQueryPersister: the file format, bad files and atomic writes")
struct FileQueryPersisterTests {
    let state = DehydratedState(queries: [
        .init(
            queryKey: ["prices", ["ids": ["a", "b"]]], data: ["price": 3120.5, "count": 7],
            dataUpdatedAt: Date(timeIntervalSince1970: 1_733_327_410))
    ])

    @Test("a saved state loads back equal; the file is the documented format, version 1")
    func roundTrip() async throws {
        let url = try temporaryDirectory().appendingPathComponent("cache.json")
        let persister = FileQueryPersister(fileURL: url)
        #expect(try await persister.load() == nil)
        try await persister.save(state)
        #expect(try await persister.load() == state)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        #expect(json["version"] == 1)
        #expect(json["queries"]?[0]?["dataUpdatedAt"] == .number(1_733_327_410_000))
        #expect(json["queries"]?[0]?["queryKey"] == ["prices", ["ids": ["a", "b"]]])
        #expect(json["queries"]?[0]?["data"]?["count"] == 7)
        try await persister.remove()
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try await persister.remove()
    }

    @Test(
        "corrupt, truncated, other-version and too-deep files throw typed errors; restore leaves the cache empty",
        arguments: [
            ("not json", "corrupt"), (#"{"version":1,"queries":[{"queryKey":["a"],"da"#, "corrupt"),
            (#"{"version":7,"queries":"whatever"}"#, "version"), (#"{"queries":[]}"#, "corrupt"),
            (String(repeating: "[", count: 200), "corrupt"), ("", "corrupt"),
        ])
    func badFiles(contents: String, kind: String) async throws {
        let url = try temporaryDirectory().appendingPathComponent("cache.json")
        try Data(contents.utf8).write(to: url)
        let persister = FileQueryPersister(fileURL: url)
        do {
            _ = try await persister.load()
            Issue.record("loaded a bad file")
        } catch let error as QueryPersistenceError {
            switch (error, kind) {
            case (.corrupt, "corrupt"), (.unsupportedVersion(7), "version"): break
            default: Issue.record("unexpected \(error)")
            }
        }
        let cache = QueryClient.persistenceTest(clock: TestClock())
        await #expect(throws: QueryPersistenceError.self) {
            try await QueryPersistence(queryClient: cache, persister: persister).restore()
        }
        #expect(cache.entryCount == 0)
        #expect(!FileManager.default.fileExists(atPath: url.path), "the bad file is removed")
    }

    @Test("a crash mid-write (temporary file written, never renamed) leaves the old file intact")
    func crashMidWrite() async throws {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("cache.json")
        let persister = FileQueryPersister(fileURL: url)
        try await persister.save(state)
        // What a crash between writing and renaming leaves: a half-written temporary file.
        let leftover = directory.appendingPathComponent(".cache.json.crashed.tmp")
        try Data(#"{"version":1,"queries":[{"queryKey":"#.utf8).write(to: leftover)
        #expect(try await persister.load() == state)
        #expect(FileManager.default.fileExists(atPath: leftover.path), "a recent temporary file may be in flight")
        try FileManager.default.setAttributes([.modificationDate: Date() - 3_600], ofItemAtPath: leftover.path)
        #expect(try await persister.load() == state)
        #expect(!FileManager.default.fileExists(atPath: leftover.path), "a stale one is cleaned up")
        // A successful write leaves no temporary file behind.
        try await persister.save(DehydratedState())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["cache.json"])
    }

    @Test("a file over the size limit is corrupt and never read; saved files are private to their owner")
    func sizeLimitAndPermissions() async throws {
        let url = try temporaryDirectory().appendingPathComponent("cache.json")
        try await FileQueryPersister(fileURL: url).save(state)
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        await #expect(throws: QueryPersistenceError.corrupt(reason: "larger than 16 bytes")) {
            try await FileQueryPersister(fileURL: url, maximumFileSize: 16).load()
        }
    }

    @Test("a write into a missing directory fails with a typed error and leaves nothing behind")
    func failedWrite() async throws {
        let url = try temporaryDirectory().appendingPathComponent("missing/cache.json")
        await #expect(throws: QueryPersistenceError.self) { try await FileQueryPersister(fileURL: url).save(state) }
    }
}
