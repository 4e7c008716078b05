import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Persisted cache: every spec example survives a restore")
struct PersistedExamplesTests {
    func client(_ backend: MockBackend, cache: QueryClient) -> ApiPlatformClient {
        ApiPlatformClient(
            clientProduct: "test-client", baseURLs: backend.baseURLs, retryPolicy: .never,
            transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)), queryClient: cache)
    }

    @Test(
        "each API's cached examples dehydrate, go through JSON, and answer again with no request",
        arguments: contractAPIs)
    func examplesRoundTrip(_ api: ContractAPI) async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let first = client(backend, cache: QueryClient(configuration: .init(retryPolicy: .never)))
        for row in api.rows { try await row.call(first) }
        let fetched = backend.requests.count
        let state = first.queryClient.dehydrate()
        let bytes = try JSONEncoder().encode(state)
        let restored = QueryClient(configuration: .init(retryPolicy: .never))
        #expect(restored.hydrate(try JSONDecoder().decode(DehydratedState.self, from: bytes)) == state.queries.count)

        let second = client(backend, cache: restored)
        for row in api.rows { try await row.call(second) }
        // Only operations cached for no time at all (stale time zero) ask again.
        let uncached = api.operations.filter { $0.staleTimeDuration == .zero }.count
        #expect(backend.requests.count - fetched == uncached, "requests after restore")
        #expect(state.queries.count >= api.rows.count - uncached - 1)
    }
}
