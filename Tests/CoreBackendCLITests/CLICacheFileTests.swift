import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

@Suite("core-backend call --cache-file: the persisted cache across processes", .serialized)
struct CLICacheFileTests {
    func cacheFile() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("cache.json")
    }

    @Test("process 1 fetches and persists; process 2 restores and answers with zero requests")
    func twoProcesses() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let file = try cacheFile()
        let token = "cli-secret-9d2b"
        let arguments = [
            "call", "prices", "V3SpotPrices", "assetIds=eip155:1/slip44:60", "--base-url",
            backend.baseURL.absoluteString,
            "--cache-file", file.path, "--token", token,
        ]
        let first = try await CLIProcess.run(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("cache: 0 entries restored"))
        #expect(backend.requests.count == 1)
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains("v3SpotPrices") || saved.contains("V3SpotPrices") || saved.contains("spot"))
        #expect(!saved.contains(token), "the bearer token is never persisted")

        let second = try await CLIProcess.run(arguments)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("cache: 1 entries restored"), "stderr: \(second.stderr)")
        #expect(backend.requests.count == 1, "served from the restored cache")
        #expect(second.stdout == first.stdout)
    }

    @Test("a corrupt cache file is reported, replaced, and the call still succeeds")
    func corruptFile() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let file = try cacheFile()
        try Data("{\"version\":1,\"queries\":[".utf8).write(to: file)
        let output = try await CLIProcess.run([
            "call", "accounts", "V1SupportedNetworks", "--base-url", backend.baseURL.absoluteString,
            "--cache-file", file.path,
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("warning: The persisted query cache is corrupt"), "stderr: \(output.stderr)")
        #expect(backend.requests.count == 1)
        let state = try await FileQueryPersister(fileURL: file).load()
        #expect(state?.queries.count == 1)
    }
}
