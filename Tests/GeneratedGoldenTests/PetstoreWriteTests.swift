import CoreBackendRuntime
import Foundation
import Testing

/// The generated writes (compiled from the golden file): one request per call, JSON body and headers
/// sent, `x-invalidates` applied after success, retried only with `x-retry`, errors as `APIError`.
@Suite("Generated petstore writes")
struct PetstoreWriteTests {
    private static let petBody = #"{"id":1,"name":"Rex","status":"pending","tag":null}"#
    private static let retryTwice = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))

    @Test func postSendsBodyAndHeaderAndDecodes() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (200, Self.petBody)])
        let pet = try await makeClient(transport).adoptPet(
            petId: "7", requestId: "r-1", body: Adoption(owner: "Ann"))
        #expect(pet.status == .pending)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("X-Request-Id") == "r-1")
        #expect(try JSONDecoder().decode(Adoption.self, from: try #require(request.body)) == Adoption(owner: "Ann"))
    }

    @Test func headerValuesCannotAddHeaderLines() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (200, Self.petBody)])
        do {
            _ = try await makeClient(transport).adoptPet(
                petId: "7", requestId: "r\r\nX-Injected: 1", body: Adoption(owner: "a"))
            Issue.record("expected an error")
        } catch let error as APIError {
            guard case .invalidArgument(let name, _, _) = error.kind else { throw error }
            #expect(name == "X-Request-Id")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func writesAreNeitherCachedNorDeduplicated() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (200, Self.petBody)])
        let client = makeClient(transport)
        async let first = client.adoptPet(petId: "7", body: Adoption(owner: "a"))
        async let second = client.adoptPet(petId: "7", body: Adoption(owner: "a"))
        _ = try await (first, second)
        #expect(transport.requests.count == 2)
    }

    @Test func successInvalidatesTheListedKeyPrefixes() async throws {
        let transport = StubTransport([
            "/v1/pets": (200, "[]"), "/v1/pets/7/adoption": (200, Self.petBody),
        ])
        let client = makeClient(transport)
        _ = try await client.fetchV1Pets(ids: [1])
        _ = try await client.fetchV1Pets(ids: [1])
        #expect(transport.requests.count == 1)  // cached
        _ = try await client.adoptPet(petId: "7", body: Adoption(owner: "a"))
        _ = try await client.fetchV1Pets(ids: [1])
        #expect(transport.requests.count == 3)  // invalidated, so refetched
    }

    @Test func notRetriedUnlessTheSpecSaysSo() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (503, "{}")])
        let client = PetstoreApiClient(
            clientProduct: "golden-tests", retryPolicy: Self.retryTwice, transport: transport)
        await #expect(throws: APIError.self) { _ = try await client.adoptPet(petId: "7", body: Adoption(owner: "a")) }
        #expect(transport.requests.count == 1)
        // `x-retry: true`: retried with the client's policy.
        await #expect(throws: APIError.self) {
            try await client.replaceAdoption(petId: "7", body: Adoption(owner: "a"))
        }
        #expect(transport.requests.count == 4)
    }

    @Test func noContentIsVoidAndErrorsCarryTheTypedBody() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (204, "")])
        try await makeClient(transport).cancelAdoption(petId: "7")
        #expect(transport.requests.first?.method == "DELETE")

        let failing = StubTransport(["/v1/pets/8/adoption": (409, #"{"code":9,"message":"taken"}"#)])
        do {
            try await makeClient(failing).cancelAdoption(petId: "8")
            Issue.record("expected an error")
        } catch let error as APIError {
            guard case .http(let http) = error.kind else { throw error }
            #expect(error.operationId == "CancelAdoption")
            #expect(http.status == 409)
            #expect(http.decodedBody(as: Problem.self) == Problem(code: 9, message: "taken"))
        }
    }

    @Test func catalogCallsWritesWithAJSONBody() async throws {
        let transport = StubTransport(["/v1/pets/7/adoption": (200, Self.petBody)])
        let result = try await makeClient(transport).call(
            "AdoptPet", arguments: ["petId": .string("7"), "body": .object(["owner": .string("Ann")])])
        #expect(result["name"] == .string("Rex"))
        #expect(PetstoreApiClient.operations.first { $0.operationId == "AdoptPet" }?.method == "POST")
        await #expect(throws: APIError.self) {
            _ = try await makeClient(transport).call("AdoptPet", arguments: ["petId": .string("7")])
        }
    }
}
