import CoreBackend
import CoreBackendTesting
import Testing

/// The four generated clients against the mock backend over real HTTP, one table for all: each operation
/// sends the exact request upstream sends, builds upstream's cache key with its stale and gc times, and
/// decodes its spec example.
@Suite("API contract over real HTTP")
struct ContractTests {
    @Test("every operation sends the exact request line and headers", arguments: contractCases)
    func request(_ contract: ContractCase) async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        try await contract.row.call(harness.client)
        let request = try #require(harness.backend.requests.first)
        #expect(harness.backend.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.target == "/\(contract.api.name)" + contract.row.target)
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("x-metamask-clientproduct") == "test-client")
        #expect(request.header("x-metamask-clientversion") == "1.0.0")
        #expect(request.header("Authorization") == nil)
        #expect(harness.backend.requestCount(contract.api.name, contract.row.operationId) == 1)
    }

    @Test(
        "cache keys and times match upstream; the operation catalog reports the same times",
        arguments: contractCases.filter { $0.row.key != nil })
    func key(_ contract: ContractCase) throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let keyOf = try #require(contract.row.key)
        let (key, stale, gc) = keyOf(harness.client)
        let wanted = try #require(contract.api.keys[contract.row.operationId])
        #expect(key.hash == wanted.0)
        #expect(stale == wanted.1)
        #expect(gc == wanted.2)
        let descriptor = ApiPlatformClient.operations.first {
            $0.api == contract.api.name && $0.operationId == contract.row.operationId
        }
        #expect(descriptor?.staleTimeDuration == wanted.1)
        #expect(descriptor?.gcTimeDuration == wanted.2)
    }

    @Test("the table covers every operation of each spec, and only those", arguments: contractAPIs)
    func tableIsComplete(_ api: ContractAPI) {
        let specified = Set(api.operations.map(\.operationId))
        #expect(Set(api.rows.map(\.operationId)) == specified)
        #expect(api.rows.count == api.operationCount)
        #expect(api.operations.count == api.operationCount)
        #expect(Set(api.keys.keys).isSubset(of: specified))
        #expect(api.rows.filter { $0.key != nil }.allSatisfy { api.keys[$0.operationId] != nil })
    }

    @Test("the whole table is the 43 operations of ApiPlatformClient")
    func everyOperation() {
        #expect(contractCases.count == 43)
        #expect(ApiPlatformClient.operations.count == 43)
        #expect(
            AccountsApiClient.operations.compactMap(\.infiniteQueryOperationId) == [
                "V4MultiAccountTransactionsInfinite"
            ])
    }

    @Test("every spec example decodes through the generated client", arguments: contractAPIs)
    func examplesDecode(_ api: ContractAPI) async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        for row in api.rows { try await row.call(harness.client) }
    }
}
