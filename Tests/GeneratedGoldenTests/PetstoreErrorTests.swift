import CoreBackendRuntime
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A transport that answers every request with one scripted outcome and counts the attempts.
final class ScriptedOutcomeTransport: HTTPTransport {
    enum Outcome: Sendable {
        case respond(status: Int, body: String)
        case fail(any Error)
        /// Waits until the calling task is cancelled, then throws `CancellationError`.
        case hang
    }

    private let outcome: Outcome
    private let attemptCount = Locked(0)

    init(_ outcome: Outcome) { self.outcome = outcome }

    /// How many requests were sent.
    var attempts: Int { attemptCount.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        attemptCount.withLock { $0 += 1 }
        switch outcome {
        case .respond(let status, let body):
            return HTTPResponse(status: status, body: Data(body.utf8))
        case .fail(let error):
            throw error
        case .hang:
            while true { try await Task.sleep(for: .seconds(60)) }
        }
    }
}

/// Every way a generated call fails: the error names the operation and its URL, keeps the cause, and is
/// retried exactly when it was before.
@Suite("Generated calls: errors carry the operation")
struct PetstoreErrorTests {
    static let base = "https://petstore.example.com"
    static let petsURL = base + "/v1/pets?ids=1&vsCurrency=usd"
    /// Four attempts at most, without delays.
    static let retries = RetryPolicy(maxRetries: 3, baseDelay: .zero, maxDelay: .zero)

    static func client(_ transport: ScriptedOutcomeTransport, baseURL: String = base) -> PetstoreApiClient {
        PetstoreApiClient(
            clientProduct: "error-tests", baseURL: URL(string: baseURL)!, retryPolicy: retries, transport: transport)
    }

    /// The `APIError` `fetchV1Pets(ids: [1])` throws against `transport`.
    static func petsFailure(_ transport: ScriptedOutcomeTransport) async -> APIError? {
        await #expect(throws: APIError.self) { try await client(transport).fetchV1Pets(ids: [1]) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let outcome: ScriptedOutcomeTransport.Outcome
        let kind: @Sendable (APIError.Kind) -> Bool
        let attempts: Int
        let cause: @Sendable ((any Error)?) -> Bool
        var testDescription: String { name }
    }

    static let http404 = HTTPError(status: 404, statusText: "Not Found", url: petsURL, body: ["error": "gone"])
    static let http500 = HTTPError(status: 500, statusText: "Internal Server Error", url: petsURL)

    static let cases: [Case] = [
        Case(
            name: "HTTP 404: final", outcome: .respond(status: 404, body: #"{"error":"gone"}"#),
            kind: { $0 == .http(http404) },
            attempts: 1, cause: { $0 as? HTTPError == http404 }),
        Case(
            name: "HTTP 500: retried", outcome: .respond(status: 500, body: ""), kind: { $0 == .http(http500) },
            attempts: 4,
            cause: { $0 as? HTTPError == http500 }),
        Case(
            name: "undecodable body: retried", outcome: .respond(status: 200, body: #"[{"id":"x"}]"#),
            kind: { if case .decoding(codingPath: "[0].id", _) = $0 { true } else { false } },
            attempts: 4, cause: { $0 is DecodingError }),
        Case(
            name: "transport URLError: retried", outcome: .fail(URLError(.cannotConnectToHost)),
            kind: { $0 == .transport },
            attempts: 4, cause: { ($0 as? URLError)?.code == .cannotConnectToHost }),
        Case(
            name: "response too large: final",
            outcome: .fail(APIError.responseTooLarge(url: petsURL, limit: 1_024)),
            kind: { $0 == .responseTooLarge(limit: 1_024) },
            attempts: 1, cause: { $0 == nil }),
        Case(
            name: "timed out: retried", outcome: .fail(APIError.timedOut(url: petsURL, timeout: .seconds(2))),
            kind: { $0 == .timedOut(timeout: .seconds(2)) }, attempts: 4, cause: { $0 == nil }),
    ]

    @Test("each failure names operationId and URL, keeps its cause, and is retried as before", arguments: cases)
    func failure(_ testCase: Case) async throws {
        let transport = ScriptedOutcomeTransport(testCase.outcome)
        let error = try #require(await Self.petsFailure(transport))
        #expect(error.operationId == "V1Pets")
        #expect(error.url == Self.petsURL)
        #expect(testCase.kind(error.kind), "kind: \(error.kind)")
        #expect(testCase.cause(error.underlyingError), "cause: \(String(describing: error.underlyingError))")
        #expect(transport.attempts == testCase.attempts)
        #expect(error.isRetryable == (testCase.attempts > 1))
        #expect(error.description.hasPrefix("V1Pets: "))
        #expect(error.description.hasSuffix(" (GET \(Self.petsURL))"))
        #expect(error.localizedDescription == error.description)
    }

    @Test("the query function of get…QueryOptions throws the same error")
    func queryFunction() async throws {
        let transport = ScriptedOutcomeTransport(.fail(URLError(.notConnectedToInternet)))
        let options = Self.client(transport).getV1PetsQueryOptions(ids: [1])
        let error = await #expect(throws: APIError.self) { try await options.queryFunction() }
        #expect(error?.operationId == "V1Pets" && error?.url == Self.petsURL && error?.kind == .transport)
    }

    @Test("a cancelled call throws a plain CancellationError")
    func cancellation() async throws {
        let transport = ScriptedOutcomeTransport(.hang)
        let client = Self.client(transport)
        let task = Task { try await client.fetchV1Pets(ids: [1]) }
        while transport.attempts == 0 { try await Task.sleep(for: .milliseconds(2)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("an argument rejected before the request names the operation and the path template")
    func invalidArgument() async throws {
        let transport = ScriptedOutcomeTransport(.respond(status: 200, body: "{}"))
        let error = await #expect(throws: APIError.self) {
            try await Self.client(transport).fetchV1Inventory(chainId: "137")
        }
        #expect(error?.operationId == "V1Inventory")
        #expect(error?.url == Self.base + "/v1/chains/{chainId}/inventory")
        guard case .invalidArgument(let name, let value, _)? = error?.kind else {
            Issue.record("expected invalidArgument, got \(String(describing: error))")
            return
        }
        #expect(name == "chainId" && value == "137")
        #expect(error?.isRetryable == false)
        #expect(transport.attempts == 0)
    }

    @Test("a cache entry of another type is the cache's QueryError, unchanged (documented exception)")
    func cacheTypeMismatch() async throws {
        let transport = ScriptedOutcomeTransport(.respond(status: 200, body: "[]"))
        let client = Self.client(transport)
        let key = client.getV1PetsQueryOptions(ids: [1]).queryKey
        client.queryClient.setCachedData(key, "not pets")
        let error = await #expect(throws: QueryError.self) { try await client.fetchV1Pets(ids: [1]) }
        #expect(error == .typeMismatch(key: key, expected: "Array<Pet>", found: "String"))
        #expect(transport.attempts == 0)
    }

    @Test("a page of an infinite query names the operation it requested")
    func infiniteQueryPage() async throws {
        let transport = ScriptedOutcomeTransport(.respond(status: 503, body: ""))
        let client = Self.client(transport)
        let options = client.getV1PetSearchInfiniteQueryOptions(params: V1PetSearchInfiniteParameters(q: "R"))
        let error = await #expect(throws: APIError.self) { try await client.queryClient.fetchInfiniteQuery(options) }
        #expect(error?.operationId == "V1PetSearch")
        #expect(error?.url == Self.base + "/v1/pets/search?q=R")
    }

    @Test("credentials are redacted in the URL, the description, the dump and the cause's text")
    func redaction() async throws {
        let secret = "SECRET-4711"
        let cause = NSError(
            domain: "Test", code: 1, userInfo: [NSLocalizedDescriptionKey: "failed https://h/?token=\(secret)"])
        let transport = ScriptedOutcomeTransport(.fail(cause))
        let client = Self.client(transport, baseURL: "https://user:\(secret)@petstore.example.com")
        let error = try #require(
            await #expect(throws: APIError.self) { try await client.fetchV1Pets(ids: [1]) })
        #expect(error.url == "https://…@petstore.example.com/v1/pets?ids=1&vsCurrency=usd")
        var dumped = ""
        dump(error, to: &dumped)
        for text in [error.description, String(reflecting: error), error.localizedDescription, dumped] {
            #expect(!text.contains(secret), "leaked: \(text)")
        }
        #expect(error.description.contains("token=…"))
    }

    @Test("the description names the operation, the cause and the URL")
    func descriptions() {
        let url = Self.petsURL
        let expected: [(APIError, String)] = [
            (
                APIError(operationId: "V1Pets", url: url, kind: .http(Self.http500)),
                "V1Pets: HTTP 500: Internal Server Error"
            ),
            (
                APIError(operationId: "V1Pets", url: url, kind: .transport, underlyingError: URLError(.timedOut)),
                "V1Pets: transport failure: URLError -1001 (NSURLErrorDomain)"
            ),
            (
                APIError(operationId: "V1Pets", url: url, kind: .decoding(codingPath: "", message: "bad")),
                "V1Pets: could not decode the response at '<root>': bad"
            ),
            (
                APIError(operationId: "V1Pets", url: url, kind: .responseTooLarge(limit: 8)),
                "V1Pets: the response is larger than the limit of 8 bytes"
            ),
        ]
        for (error, prefix) in expected {
            #expect(error.description == prefix + " (GET \(url))")
        }
        #expect(
            APIError.invalidArgument(name: "a", value: "b", reason: "c").description == "invalid value 'b' for 'a': c")
    }

    @Test("equality compares operation, URL and kind, not the cause")
    func equality() {
        let one = APIError(operationId: "V1Pets", url: "u", kind: .transport, underlyingError: URLError(.timedOut))
        let other = APIError(operationId: "V1Pets", url: "u", kind: .transport, underlyingError: URLError(.badURL))
        #expect(one == other)
        #expect(one != APIError(operationId: "V1Pet", url: "u", kind: .transport))
        #expect(one != APIError(operationId: "V1Pets", url: "v", kind: .transport))
        #expect(
            APIError.timedOut(url: "u", timeout: .seconds(1))
                == APIError(url: "u", kind: .timedOut(timeout: .seconds(1))))
    }
}
