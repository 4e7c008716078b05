import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import OpenAPIConformance
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The generated clients of the OpenAPI Initiative's examples, called against the mock backend: every
/// operation is served from its example (or a value built from its schema), writes record their body.
@Suite struct ConformanceCallTests {
    static let operations =
        PetstoreExpandedClient.operations + PetstoreClient.operations + UsptoClient.operations
        + LinkExampleClient.operations + CallbackExampleClient.operations + ApiWithExamplesClient.operations
        + NonOauthScopesClient.operations + WebhookExampleClient.operations

    /// A client configuration on a fresh session (a pooled connection must never outlive its test server).
    static func configuration() -> APIClientConfiguration {
        APIClientConfiguration(
            clientProduct: "conformance", retryPolicy: .never,
            transport: URLSessionTransport(session: URLSession(configuration: .ephemeral)))
    }

    @Test func petstoreExpandedReadsAndWrites() async throws {
        let backend = try MockBackend(operations: Self.operations)
        defer { backend.stop() }
        let client = PetstoreExpandedClient(
            configuration: Self.configuration(), baseURL: backend.baseURL.appendingPathComponent("petstore-expanded"))

        let pets = try await client.fetchFindPets(queryOptions: .init(tags: ["dog", "cat"], limit: 2))
        #expect(pets == [PetstoreExpanded.Pet(name: "string", id: 0)])
        #expect(backend.requests.last?.target == "/petstore-expanded/pets?tags=dog&tags=cat&limit=2")

        let added = try await client.addPet(body: PetstoreExpanded.NewPet(name: "Rex", tag: "dog"))
        #expect(added.name == "string")
        let request = try #require(backend.requests.last)
        #expect(request.method == "POST")
        #expect(request.target == "/petstore-expanded/pets")
        let bodies = backend.receivedBodies("petstore-expanded", "AddPet")
        let sent = try JSONDecoder().decode(PetstoreExpanded.NewPet.self, from: try #require(bodies.first))
        #expect(sent == PetstoreExpanded.NewPet(name: "Rex", tag: "dog"))

        try await client.deletePet(id: 7)
        #expect(backend.requests.last?.method == "DELETE")
        #expect(backend.requests.last?.target == "/petstore-expanded/pets/7")
        #expect(try await client.fetchFindPetById(id: 7).id == 0)
    }

    @Test func writesOverThePlatformDefaultTransport() async throws {
        let backend = try MockBackend(operations: Self.operations)
        defer { backend.stop() }
        let client = PetstoreExpandedClient(
            clientProduct: "conformance", baseURL: backend.baseURL.appendingPathComponent("petstore-expanded"),
            retryPolicy: .never)
        _ = try await client.addPet(body: PetstoreExpanded.NewPet(name: "Rex"))
        try await client.deletePet(id: 1)
        let sent = try #require(backend.receivedBodies("petstore-expanded", "AddPet").first)
        #expect(
            try JSONDecoder().decode(PetstoreExpanded.NewPet.self, from: sent) == PetstoreExpanded.NewPet(name: "Rex"))
        #expect(backend.requests.last?.method == "DELETE")
    }

    @Test func writesAreNeverCachedOrDeduplicated() async throws {
        let backend = try MockBackend(operations: Self.operations)
        defer { backend.stop() }
        let client = PetstoreExpandedClient(
            configuration: Self.configuration(), baseURL: backend.baseURL.appendingPathComponent("petstore-expanded"))
        async let first = client.addPet(body: .init(name: "a"))
        async let second = client.addPet(body: .init(name: "a"))
        _ = try await (first, second)
        _ = try await client.addPet(body: .init(name: "a"))
        #expect(backend.requestCount("petstore-expanded", "AddPet") == 3)
    }

    @Test func errorBodiesDecodeAsTheDefaultResponseSchema() async throws {
        let backend = try MockBackend(operations: Self.operations)
        defer { backend.stop() }
        backend.override(
            "petstore-expanded", "AddPet", with: .init(status: 422, body: #"{"code": 42, "message": "bad pet"}"#))
        let client = PetstoreExpandedClient(
            configuration: Self.configuration(), baseURL: backend.baseURL.appendingPathComponent("petstore-expanded"))
        do {
            _ = try await client.addPet(body: .init(name: "a"))
            Issue.record("expected an error")
        } catch let error as APIError {
            guard case .http(let http) = error.kind else { throw error }
            #expect(http.status == 422)
            #expect(error.operationId == "AddPet")
            #expect(
                http.decodedBody(as: PetstoreExpanded.Error.self)
                    == PetstoreExpanded.Error(code: 42, message: "bad pet"))
        }
        // Not retried by default, even with a retrying policy on the cache.
        #expect(backend.requestCount("petstore-expanded", "AddPet") == 1)
    }

    @Test func everyOtherDocumentIsCallable() async throws {
        let backend = try MockBackend(operations: Self.operations)
        defer { backend.stop() }
        func url(_ api: String) -> URL { backend.baseURL.appendingPathComponent(api) }
        let configuration = Self.configuration()

        let petstore = PetstoreClient(configuration: configuration, baseURL: url("petstore"))
        _ = try await petstore.fetchListPets(queryOptions: .init(limit: 3))
        try await petstore.createPets(body: Petstore.Pet(id: 1, name: "Rex"))
        #expect(backend.receivedBodies("petstore", "CreatePets").count == 1)
        _ = try await petstore.fetchShowPetById(petId: "1")

        let uspto = UsptoClient(configuration: configuration, baseURL: url("uspto"))
        _ = try await uspto.fetchListDataSets()
        _ = try await uspto.fetchListSearchableFields(dataset: "oa_citations", version: "v1")
        #expect(UsptoClient.defaultBaseURL.absoluteString == "https://developer.uspto.gov/ds-api")

        let links = LinkExampleClient(configuration: configuration, baseURL: url("link-example"))
        _ = try await links.fetchGetUserByName(username: "ann")
        try await links.mergePullRequest(username: "ann", slug: "repo", pid: "1")

        let callbacks = CallbackExampleClient(configuration: configuration, baseURL: url("callback-example"))
        _ = try await callbacks.postStreams(callbackUrl: "https://example.com/hook")

        let examples = ApiWithExamplesClient(configuration: configuration, baseURL: url("api-with-examples"))
        _ = try await examples.fetchListVersionsv2()
        let scopes = NonOauthScopesClient(configuration: configuration, baseURL: url("non-oauth-scopes"))
        _ = try await scopes.fetchGetUsers()
        #expect(WebhookExampleClient.operations.isEmpty)
    }
}
