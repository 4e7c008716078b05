import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `depth` levels of arrays around `inner`.
private func arrays(_ depth: Int, around inner: String = "1") -> String {
    String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
}

/// HTTP bodies and the typed payload decoders stop at `JSONLimits.maximumNestingDepth` with their own
/// typed errors, before `JSONDecoder` (whose recursion costs kilobytes of stack per level) runs.
@Suite("Nesting limit: HTTP bodies and payload decoders")
struct JSONNestingLimitTests {
    static let limit = JSONLimits.maximumNestingDepth

    /// A `V1TransactionByHash` body `depth` levels deep through a field the model ignores (which
    /// `JSONDecoder` still parses, recursively).
    static func transaction(depth: Int) -> String {
        #"{"hash":"0xabc","chainId":1,"extra":"# + arrays(depth - 2, around: #"{"dup":1,"dup":2}"#) + "}"
    }

    @Test("a response body at the limit decodes; one level more fails with APIError.decoding naming the URL")
    func responseBody() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        harness.backend.override(
            "accounts", "V1TransactionByHash", with: .init(body: Self.transaction(depth: Self.limit)))
        let response = try await harness.client.accounts.fetchV1TransactionByHash(chainId: 1, txHash: "0xabc")
        #expect(response.hash == "0xabc")

        harness.backend.override(
            "accounts", "V1TransactionByHash", with: .init(body: Self.transaction(depth: Self.limit + 1)))
        let error = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1TransactionByHash(chainId: 1, txHash: "0xdef")
        }
        let url = harness.backend.baseURL.absoluteString + "/accounts/v1/networks/1/transactions/0xdef"
        #expect(
            error
                == APIError(
                    operationId: "V1TransactionByHash", url: url,
                    kind: .decoding(codingPath: "", message: "JSON nested deeper than 32 levels")))
    }

    @Test("100,000 nested levels in a response body or an error body: a typed error, no crash")
    func hundredThousandLevels() async throws {
        let harness = try Harness()
        defer { harness.backend.stop() }
        let deep = #"{"hash":"0xabc","chainId":1,"logs":"# + arrays(100_000) + "}"
        harness.backend.override("accounts", "V1TransactionByHash", with: .init(body: deep))
        await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1TransactionByHash(chainId: 1, txHash: "0x1")
        }
        harness.backend.override("accounts", "V1TransactionByHash", with: .init(status: 400, body: deep))
        let error = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1TransactionByHash(chainId: 1, txHash: "0x2")
        }
        guard case .http(let response)? = error?.kind else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(response.status == 400 && response.body == nil)
        harness.backend.override("accounts", "V1TransactionByHash", with: .init(status: 400, body: arrays(Self.limit)))
        let shallow = await #expect(throws: APIError.self) {
            try await harness.client.accounts.fetchV1TransactionByHash(chainId: 1, txHash: "0x3")
        }
        #expect(
            shallow?.kind
                == .http(
                    HTTPError(
                        status: 400, statusText: "Bad Request", url: shallow?.url ?? "",
                        body: JSONValue(parsing: arrays(Self.limit)))))
    }

    @Test("AccountActivityMessage(json:) reports a tree nested too deep before its JSONDecoder fallback")
    func accountActivity() throws {
        let atLimit = try #require(JSONValue(parsing: arrays(Self.limit - 1)))
        // No `tx`: the fast path declines and the Decodable path runs.
        #expect(throws: AccountActivityDecodingError.self) {
            try AccountActivityMessage(json: ["address": "0x1", "x": atLimit])
        }
        let error = #expect(throws: AccountActivityDecodingError.self) {
            try AccountActivityMessage(json: ["address": "0x1", "x": [atLimit]])
        }
        #expect(error?.path == "" && error?.reason == "JSON nested deeper than 32 levels")
        #expect(error?.description == "Invalid account activity notification: data JSON nested deeper than 32 levels")
    }

    @Test("OHLCVBar(json:) decodes extra fields at the limit and reports deeper ones")
    func ohlcvBar() throws {
        let atLimit = try #require(JSONValue(parsing: arrays(Self.limit - 1)))
        let bar: JSONValue = ["timestamp": 1, "open": 2, "high": 3, "low": 1, "close": "2.5", "volume": 10]
        var json = try #require(bar.objectValue)
        json["extra"] = atLimit
        #expect(
            try OHLCVBar(json: .object(json))
                == OHLCVBar(timestamp: 1, open: 2, high: 3, low: 1, close: 2.5, volume: 10))
        json["extra"] = [atLimit]
        let error = #expect(throws: OHLCVBarDecodingError.self) { try OHLCVBar(json: .object(json)) }
        #expect(error?.reason == "JSON nested deeper than 32 levels")
    }
}
