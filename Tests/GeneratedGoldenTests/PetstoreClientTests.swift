import CoreBackendRuntime
import Foundation
import Testing

/// Answers requests from a table of canned bodies keyed by path and records every request.
final class StubTransport: HTTPTransport {
    private let routes: [String: (status: Int, body: String)]
    private let log = Locked<[HTTPRequest]>([])

    init(_ routes: [String: (status: Int, body: String)]) { self.routes = routes }

    /// The requests sent so far, in order.
    var requests: [HTTPRequest] { log.withLock { $0 } }

    /// The URLs sent so far, as strings.
    var urls: [String] { requests.map(\.url.absoluteString) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        let key = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        guard let route = routes[key] ?? routes[request.url.path] else { return HTTPResponse(status: 404) }
        return HTTPResponse(status: route.status, body: Data(route.body.utf8))
    }
}

/// A client over `transport` with no retries, so failures are immediate.
func makeClient(_ transport: StubTransport) -> PetstoreApiClient {
    PetstoreApiClient(clientProduct: "golden-tests", retryPolicy: .never, transport: transport)
}

/// The generated petstore client (compiled from the golden file) works against a stub transport.
@Suite("Generated petstore client")
struct PetstoreClientTests {
    private static let petsBody = #"""
        [{"id":1,"name":"Rex","status":"available","tag":null,"age":3,"kind":"default","owner":{"name":"Ann","e-mail":"a@x"},
          "attributes":{"color":"brown"},"location":[1.5,-2],"photos":[{"url":"u","size":null}],"extra":{"any":[1,"x"]}},
         {"id":2,"name":"Tom","status":"adopted","tag":"cat","age":"three","kind":"ferret"}]
        """#

    // Arguments and options become the query in spec order, arrays comma-joined, defaults sent, names renamed.
    @Test func requestURLAndQuery() async throws {
        let transport = StubTransport(["/v1/pets": (200, Self.petsBody)])
        let pets = try await makeClient(transport).fetchV1Pets(
            ids: [10, 9, 1],
            queryOptions: V1PetsOptions(status: .sold, chainIds: [137, 1], minWeight: 0.5, includeOwner: false))
        #expect(
            transport.urls == [
                "https://petstore.example.com/v1/pets?ids=10%2C9%2C1&status=sold&networks=137%2C1&vsCurrency=usd&minWeight=0.5&includeOwner=false"
            ])
        #expect(transport.requests.first?.header("x-metamask-clientproduct") == "golden-tests")
        #expect(pets.count == 2)
    }

    // Without options only the arguments and the sent default go on the wire.
    @Test func defaultsAreSentWithoutOptions() async throws {
        let transport = StubTransport(["/v1/pets": (200, "[]")])
        _ = try await makeClient(transport).fetchV1Pets(ids: [3])
        #expect(transport.urls == ["https://petstore.example.com/v1/pets?ids=3&vsCurrency=usd"])
    }

    // Every construct decodes: nullable, oneOf, enums with unknown values, nested objects, maps, tuples, any JSON.
    @Test func responseDecoded() async throws {
        let transport = StubTransport(["/v1/pets": (200, Self.petsBody)])
        let pets = try await makeClient(transport).fetchV1Pets(ids: [1, 2])
        let rex = try #require(pets.first)
        #expect(rex.id == 1 && rex.name == "Rex" && rex.status == .available)
        #expect(rex.tag == nil)
        #expect(rex.age == .int(3))
        #expect(rex.kind == .default)
        #expect(rex.owner == Pet.Owner(name: "Ann", eMail: "a@x"))
        #expect(rex.attributes == ["color": "brown"])
        #expect(rex.location == [1.5, -2])
        #expect(rex.photos == [Photo(url: "u", size: nil)])
        #expect(rex.extra == ["any": [1, "x"]])
        let tom = try #require(pets.last)
        #expect(tom.status == .unknown("adopted"))
        #expect(tom.status.rawValue == "adopted")
        #expect(tom.tag == "cat")
        #expect(tom.age == .string("three"))
        #expect(tom.kind == .unknown("ferret"))
        #expect(tom.owner == nil)
        #expect(PetStatus.knownCases == [.available, .pending, .sold])
    }

    // An empty argument returns the spec's value from fetch and from the query function, with no request.
    @Test func emptyInputShortCircuits() async throws {
        let transport = StubTransport([:])
        let client = makeClient(transport)
        #expect(try await client.fetchV1Pets(ids: []) == [])
        #expect(try await client.getV1PetsQueryOptions(ids: []).queryFunction() == [])
        #expect(try await client.fetchV1Inventory(chainId: "") == [:])
        #expect(try await client.getV1InventoryQueryOptions(chainId: "").queryFunction() == [:])
        #expect(transport.requests.isEmpty)
        #expect(client.queryClient.entryCount == 0)
    }

    // Sorted ids in the key, the options object holds only set fields, positional elements keep their order.
    @Test func keyShape() {
        let client = makeClient(StubTransport([:]))
        let withOptions = client.getV1PetsQueryOptions(
            ids: [10, 9, 1], queryOptions: V1PetsOptions(chainIds: [56, 137, 1], currency: "eur"))
        #expect(
            withOptions.queryKey == [
                "petstore", "pets", "v1Pets",
                ["ids": [1, 10, 9], "options": ["chainIds": [1, 137, 56], "currency": "eur"]],
            ])
        // No options struct: no "options" member; an empty one: an empty object.
        #expect(client.getV1PetsQueryOptions(ids: [2]).queryKey == ["petstore", "pets", "v1Pets", ["ids": [2]]])
        #expect(
            client.getV1PetsQueryOptions(ids: [2], queryOptions: V1PetsOptions()).queryKey == [
                "petstore", "pets", "v1Pets", ["ids": [2], "options": [:]],
            ])
        #expect(client.getV1PetQueryOptions(petId: "42").queryKey == ["petstore", "pets", "v1Pet", "42"])
        #expect(
            client.getV1InventoryQueryOptions(chainId: "0x89").queryKey == ["petstore", "inventory", "0x89", "usd"])
        #expect(
            client.getV1InventoryQueryOptions(chainId: "0x89").queryKey.hash
                == #"["petstore","inventory","0x89","usd"]"#)
        let infinite = client.getV1PetSearchInfiniteQueryOptions(params: V1PetSearchInfiniteParameters(q: "R"))
        #expect(infinite.queryKey == ["petstore", "pets", "search", ["q": "R", "infinite": true]])
    }

    // A hex chain id is sent in decimal in the path; the key keeps the hex string.
    @Test func hexChainIdSentInDecimal() async throws {
        let transport = StubTransport(["/v1/chains/137/inventory": (200, #"{"dogs":3,"cats":0}"#)])
        let inventory = try await makeClient(transport).fetchV1Inventory(chainId: "0x89", currency: "eur")
        #expect(inventory == ["dogs": 3, "cats": 0])
        #expect(transport.urls == ["https://petstore.example.com/v1/chains/137/inventory?vsCurrency=eur"])
    }

    // An invalid hex chain id throws before any request.
    @Test func invalidHexChainIdThrows() async {
        let transport = StubTransport([:])
        await #expect(throws: APIError.self) { try await makeClient(transport).fetchV1Inventory(chainId: "137") }
        #expect(transport.requests.isEmpty)
    }

    // The path parameter is escaped into the path; x-fetch-returns-nil-on-error turns failures into nil.
    @Test func pathParameterAndNilOnError() async {
        let transport = StubTransport([
            "/v1/pets/42": (200, #"{"id":42,"name":"Rex","status":"pending","tag":null}"#),
            "/v1/pets/7": (500, #"{"error":"boom"}"#),
        ])
        let client = makeClient(transport)
        #expect(await client.fetchV1Pet(petId: "42")?.status == .pending)
        #expect(await client.fetchV1Pet(petId: "7") == nil)
        #expect(await client.fetchV1Pet(petId: "a b") == nil)
        #expect(
            transport.urls == [
                "https://petstore.example.com/v1/pets/42", "https://petstore.example.com/v1/pets/7",
                "https://petstore.example.com/v1/pets/a%20b",
            ])
    }

    // The second fetch within the stale time is served from the cache.
    @Test func cachedWithinStaleTime() async throws {
        let transport = StubTransport(["/v1/pets": (200, "[]")])
        let client = makeClient(transport)
        _ = try await client.fetchV1Pets(ids: [1, 2])
        _ = try await client.fetchV1Pets(ids: [2, 1])  // same key: ids are sorted
        #expect(transport.requests.count == 1)
        await client.invalidatePets()
        _ = try await client.fetchV1Pets(ids: [1, 2])
        #expect(transport.requests.count == 2)
    }

    // The infinite query sends the cursor as `cursor`, follows endCursor while hasNextPage, and drops excluded parameters.
    @Test func pagination() async throws {
        let transport = StubTransport([
            "/v1/pets/search?q=R&limit=1": (
                200,
                #"{"pets":[{"id":1,"name":"Rex","status":"sold","tag":null}],"pageInfo":{"hasNextPage":true,"endCursor":"c2"}}"#
            ),
            "/v1/pets/search?q=R&cursor=c2&limit=1": (
                200,
                #"{"pets":[{"id":2,"name":"Rey","status":"sold","tag":null}],"pageInfo":{"hasNextPage":false,"endCursor":"c3"}}"#
            ),
        ])
        let client = makeClient(transport)
        let options = client.getV1PetSearchInfiniteQueryOptions(params: V1PetSearchInfiniteParameters(q: "R", limit: 1))
        let first = try await client.queryClient.fetchInfiniteQuery(options)
        #expect(first.nextPageParam == "c2")
        let both = try await client.queryClient.fetchNextPage(options)
        #expect(both.pages.map { $0.pets.map(\.id) } == [[1], [2]])
        #expect(both.nextPageParam == nil)
        #expect(
            transport.urls == [
                "https://petstore.example.com/v1/pets/search?q=R&limit=1",
                "https://petstore.example.com/v1/pets/search?q=R&cursor=c2&limit=1",
            ])
    }

    // The catalog lists every operation, and `call` dispatches by id with JSON arguments.
    @Test func catalogAndDynamicCall() async throws {
        #expect(
            PetstoreApiClient.operations.map(\.operationId) == [
                "V1Pets", "V1Pet", "V1Inventory", "AdoptPet", "ReplaceAdoption", "CancelAdoption", "V1PetSearch",
            ])
        let transport = StubTransport(["/v1/chains/1/inventory": (200, #"{"dogs":1}"#)])
        let result = try await makeClient(transport).call("V1Inventory", arguments: ["chainId": "0x1"])
        #expect(result == ["dogs": 1])
        #expect(transport.urls == ["https://petstore.example.com/v1/chains/1/inventory?vsCurrency=usd"])
        await #expect(throws: APIError.self) { try await makeClient(transport).call("V1Nope") }
    }
}
