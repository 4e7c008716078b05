import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client on a fresh mock backend with a test-only cache (no retries unless asked), as upstream's
/// test set-up does.
struct Harness {
    let backend: MockBackend
    let client: ApiPlatformClient

    init(
        clientVersion: String? = "1.0.0", retryPolicy: RetryPolicy = .never, clock: TestClock = TestClock(),
        getBearerToken: (@Sendable () async throws -> String?)? = nil
    ) throws {
        backend = try MockBackend()
        let cache = QueryClient(
            configuration: .init(
                staleTime: .zero, gcTime: .seconds(300), retryPolicy: retryPolicy, clock: QueryClock(clock),
                random: .constant(0)))
        client = ApiPlatformClient(
            clientProduct: "test-client", clientVersion: clientVersion, getBearerToken: getBearerToken,
            baseURLs: backend.baseURLs,
            // A session per harness: a pooled keep-alive connection must never outlive its test server.
            transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)), queryClient: cache)
    }

    /// The request targets received, without the API prefix.
    func targets(prefix: String) -> [String] {
        backend.requests.map { String($0.target.dropFirst(prefix.count + 1)) }
    }
}

/// Real response bodies of the four APIs (copied from the reference samples; see the folder's README).
enum Samples {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Samples")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}
