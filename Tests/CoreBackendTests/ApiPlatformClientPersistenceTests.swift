import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("ApiPlatformClient: persisted cache", .serialized)
struct ApiPlatformClientPersistenceTests {
    static let token = "tok-3f9a7c1e-never-persist"

    /// A client of `backend` that keeps its cache in `file`, with a bearer token.
    func client(_ backend: MockBackend, file: URL, maxAge: Duration = .seconds(86_400)) -> ApiPlatformClient {
        let apiClient = APIClientConfiguration(
            clientProduct: "test-client", getBearerToken: { Self.token }, retryPolicy: .never,
            transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)))
        return ApiPlatformClient(
            configuration: .init(
                apiClient: apiClient, baseURLs: backend.baseURLs, persister: FileQueryPersister(fileURL: file),
                persistenceOptions: .init(maxAge: maxAge)))
    }

    func cacheFile() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("persist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("cache.json")
    }

    @Test("a second client restores the first one's cache and serves it with no request; the token is never saved")
    func roundTripWithoutToken() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let file = try cacheFile()
        let first = client(backend, file: file)
        #expect(try await first.restoreCache() == 0)
        let networks = try await first.accounts.fetchV1SupportedNetworks()
        let prices = try await first.prices.fetchV3SpotPrices(assetIds: ["eip155:1/slip44:60"])
        #expect(backend.requests.count == 2)
        #expect(backend.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })
        // The token is in the cache, but not as a query entry anyone can dehydrate.
        #expect(first.queryClient.contains(["auth", "bearerToken"]))
        #expect(!first.queryClient.dehydrate().queries.contains { $0.queryKey.matches(prefix: ["auth"]) })
        try await first.persistCache()

        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains(Self.token))
        #expect(!text.contains("bearerToken"))

        let second = client(backend, file: file)
        #expect(try await second.restoreCache() == 2)
        #expect(try await second.accounts.fetchV1SupportedNetworks() == networks)
        #expect(try await second.prices.fetchV3SpotPrices(assetIds: ["eip155:1/slip44:60"]) == prices)
        #expect(backend.requests.count == 2, "served from the restored cache")
    }

    @Test("with a max age shorter than the entries' age nothing is restored and the next read fetches")
    func maxAge() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let file = try cacheFile()
        let first = client(backend, file: file)
        _ = try await first.accounts.fetchV1SupportedNetworks()
        try await first.persistCache()
        let second = client(backend, file: file, maxAge: .zero)
        try await Task.sleep(for: .milliseconds(5))
        #expect(try await second.restoreCache() == 0)
        _ = try await second.accounts.fetchV1SupportedNetworks()
        #expect(backend.requests.count == 2)
    }

    @Test("a corrupt file fails restoreCache with a typed error; the client works as without a cache")
    func corruptFile() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let file = try cacheFile()
        try Data(#"{"version":1,"queries":[{"queryKey":["accounts""#.utf8).write(to: file)
        let client = client(backend, file: file)
        await #expect(throws: QueryPersistenceError.self) { try await client.restoreCache() }
        #expect(client.queryClient.entryCount == 0)
        _ = try await client.accounts.fetchV1SupportedNetworks()
        #expect(backend.requests.count == 1)
    }

    @Test("without a persister restoreCache restores nothing and persistCache does nothing")
    func noPersister() async throws {
        let client = ApiPlatformClient(clientProduct: "test-client")
        #expect(client.persistence == nil)
        #expect(try await client.restoreCache() == 0)
        try await client.persistCache()
    }
}
