import CoreBackendRuntime
import Foundation
import Testing

/// A generated client's retry policy is its own: it applies on a shared cache with another policy.
@Suite("Generated client retry policy")
struct PetstoreRetryPolicyTests {
    private static let retryTwice = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))

    @Test func clientPolicyAppliesOnSharedCache() async throws {
        let transport = StubTransport(["/v1/pets/search": (503, "{}")])
        let shared = QueryClient(configuration: .init(retryPolicy: .never))
        let client = PetstoreApiClient(
            clientProduct: "golden-tests", retryPolicy: Self.retryTwice, transport: transport, queryClient: shared)
        await #expect(throws: APIError.self) { _ = try await client.fetchV1PetSearch(q: "rex") }
        #expect(transport.requests.count == 3)
        // Infinite queries carry it too.
        await #expect(throws: APIError.self) {
            _ = try await shared.fetchInfiniteQuery(client.getV1PetSearchInfiniteQueryOptions(params: .init(q: "tom")))
        }
        #expect(transport.requests.count == 6)
    }

    @Test func callOverridesAndNilInherits() async throws {
        let transport = StubTransport(["/v1/pets/search": (503, "{}")])
        let shared = QueryClient(configuration: .init(retryPolicy: .never))
        let client = PetstoreApiClient(
            clientProduct: "golden-tests", retryPolicy: Self.retryTwice, transport: transport, queryClient: shared)
        _ = try? await client.fetchV1PetSearch(q: "a", options: FetchOptions(retryPolicy: .never))
        #expect(transport.requests.count == 1)
        let inheriting = PetstoreApiClient(
            configuration: APIClientConfiguration(clientProduct: "golden-tests", transport: transport),
            queryClient: shared)
        _ = try? await inheriting.fetchV1PetSearch(q: "b")
        #expect(transport.requests.count == 2)
        #expect(inheriting.configuration.retryPolicy == nil && client.configuration.retryPolicy == Self.retryTwice)
    }
}
