import CoreBackend
import CoreBackendTesting
import Testing

/// One row per operation: how to call it and the exact request it must produce.
struct ContractRow: Sendable, CustomTestStringConvertible {
    let operationId: String
    let target: String
    let call: @Sendable (ApiPlatformClient) async throws -> Void
    let key: (@Sendable (ApiPlatformClient) -> (QueryKey, Duration, Duration))?

    var testDescription: String { operationId }
}

/// Calls the row's operation on a fresh mock backend and checks the one request it must make: method,
/// exact target (path + query under the API's prefix) and headers.
func checkRequest(_ row: ContractRow, api: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let harness = try Harness()
    defer { harness.backend.stop() }
    try await row.call(harness.client)
    let request = try #require(harness.backend.requests.first, sourceLocation: sourceLocation)
    #expect(harness.backend.requests.count == 1, sourceLocation: sourceLocation)
    #expect(request.method == "GET", sourceLocation: sourceLocation)
    #expect(request.target == "/\(api)" + row.target, sourceLocation: sourceLocation)
    #expect(request.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
    #expect(request.header("x-metamask-clientproduct") == "test-client", sourceLocation: sourceLocation)
    #expect(request.header("x-metamask-clientversion") == "1.0.0", sourceLocation: sourceLocation)
    #expect(request.header("Authorization") == nil, sourceLocation: sourceLocation)
    #expect(harness.backend.requestCount(api, row.operationId) == 1, sourceLocation: sourceLocation)
}

/// Checks the row's cache key (canonical hash) and times against upstream's, and that the operation
/// catalog reports the same times.
func checkKey(
    _ row: ContractRow, api: String, expected: [String: (String, Duration, Duration)],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let harness = try Harness()
    defer { harness.backend.stop() }
    let (key, stale, gc) = row.key!(harness.client)
    let wanted = try #require(expected[row.operationId], sourceLocation: sourceLocation)
    #expect(key.hash == wanted.0, sourceLocation: sourceLocation)
    #expect(stale == wanted.1, sourceLocation: sourceLocation)
    #expect(gc == wanted.2, sourceLocation: sourceLocation)
    let descriptor = ApiPlatformClient.operations.first { $0.api == api && $0.operationId == row.operationId }
    #expect(descriptor?.staleTimeDuration == wanted.1, sourceLocation: sourceLocation)
    #expect(descriptor?.gcTimeDuration == wanted.2, sourceLocation: sourceLocation)
}
