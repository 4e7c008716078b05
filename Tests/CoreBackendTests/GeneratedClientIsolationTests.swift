import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Forwards to URLSession, recording whether each request was sent from the main actor's executor.
private final class WhereSentTransport: HTTPTransport {
    let inner = URLSessionTransport(session: URLSession(configuration: .ephemeral))
    let sentOnMainQueue = Locked<[Bool]>([])

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sentOnMainQueue.withLock { $0.append(MainQueueProbe.isOnMainQueue) }
        return try await inner.send(request)
    }
}

@Suite("Generated fetch methods run on the caller's executor")
@MainActor
struct GeneratedClientIsolationTests {
    @Test("from @MainActor, a miss sends off the main actor and later hits never suspend")
    func fetchFromMainActor() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let transport = WhereSentTransport()
        let client = ApiPlatformClient(clientProduct: "test", baseURLs: backend.baseURLs, transport: transport)
        let ids = ["eip155:1/slip44:60", "eip155:137/slip44:966"]
        _ = try await client.prices.fetchV3SpotPrices(assetIds: ids)
        _ = try await client.accounts.fetchV1SupportedNetworks()
        #expect(transport.sentOnMainQueue.withLock { $0 } == [false, false])
        #expect(MainQueueProbe.isOnMainQueue)

        let probe = InterleavingProbe()
        for _ in 0..<100 {
            _ = try await client.prices.fetchV3SpotPrices(assetIds: ids.reversed())
            _ = try await client.accounts.fetchV1SupportedNetworks()
        }
        #expect(!probe.ran, "a cache hit suspended and let another main-actor job run")
        #expect(backend.totalRequestCount == 2)
        await Task.yield()
        #expect(probe.ran, "control: the job runs once the main actor suspends")
    }
}
