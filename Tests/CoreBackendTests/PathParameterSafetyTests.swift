import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// A path parameter can never reach another endpoint (with the token attached): generated clients send
/// it as one percent-encoded segment, and the mock backend receives exactly that.
@Suite("Path parameters stay one segment on the wire")
struct PathParameterSafetyTests {
    @Test(
        "hostile addresses stay inside their segment",
        arguments: [
            ("../../x", "%2E%2E%2F%2E%2E%2Fx"), ("a/b", "a%2Fb"), ("%", "%25"), ("x?admin=1#f", "x%3Fadmin%3D1%23f"),
            ("ä€", "%C3%A4%E2%82%AC"), ("...", "%2E%2E%2E"), ("0xAbC", "0xAbC"),
        ])
    func addresses(address: String, segment: String) async throws {
        let harness = try Harness(getBearerToken: { "path-token" })
        defer { harness.backend.stop() }
        // The mock answers 404 for a path it does not route; only the request sent matters here.
        _ = try? await harness.client.accounts.fetchV2Balances(address: address)
        #expect(harness.targets(prefix: "accounts") == ["/v2/accounts/\(segment)/balances"])
    }

    @Test("'.' and '..' are rejected without a request", arguments: [".", ".."])
    func dotSegments(address: String) async throws {
        let harness = try Harness(getBearerToken: { "path-token" })
        defer { harness.backend.stop() }
        let error = await #expect(throws: APIError.self) {
            _ = try await harness.client.accounts.fetchV2Balances(address: address)
        }
        #expect(error?.operationId == "V2Balances")
        #expect(
            error?.kind
                == .invalidArgument(
                    name: "path", value: "/v2/accounts/\(address == "." ? "%2E" : "%2E%2E")/balances",
                    reason: "a path parameter must not be '.' or '..'"))
        #expect(harness.backend.requests.isEmpty)
    }

    @Test("CAIP ids keep their ':' as upstream sends them")
    func caipIds() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        _ = try await harness.client.prices.fetchV3HistoricalPrices(chainId: "eip155:1", assetType: "erc20:0xA0b8")
        #expect(
            harness.targets(prefix: "prices").first?.hasPrefix("/v3/historical-prices/eip155:1/erc20:0xA0b8") == true)
    }
}
