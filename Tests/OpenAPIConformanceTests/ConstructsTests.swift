import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import OpenAPIConformance
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `constructs.json`: the item-3 OpenAPI constructs compiled into Swift and exercised over HTTP.
@Suite struct ConstructsTests {
    private static func client(_ backend: MockBackend) -> ConstructsClient {
        ConstructsClient(
            configuration: APIClientConfiguration(
                clientProduct: "conformance", retryPolicy: .never,
                transport: URLSessionTransport(session: URLSession(configuration: .ephemeral))),
            baseURL: backend.baseURL.appendingPathComponent("constructs"))
    }

    @Test func serverVariablesUseTheirDefaults() {
        #expect(ConstructsClient.defaultBaseURL.absoluteString == "https://constructs.example.com/v1")
    }

    @Test func parametersArraysHeadersAndDiscriminatedResponses() async throws {
        let backend = try MockBackend(operations: ConstructsClient.operations)
        defer { backend.stop() }
        let body =
            #"[{"kind":"dog","name":"Rex","barks":true},{"kind":"cat","name":"Tom","lives":null},{"kind":"emu","x":1}]"#
        backend.override("constructs", "ListAnimals", with: .init(body: body))
        let animals = try await Self.client(backend).fetchListAnimals(
            zooId: 3, queryOptions: .init(tags: ["a", "b"], ids: [1, 2], xTraceId: "t-1"))
        #expect(
            animals == [
                .dog(Constructs.Dog(name: "Rex", kind: "dog", barks: true)),
                .cat(Constructs.Cat(name: "Tom", kind: "cat")),
                .unknown(.object(["kind": .string("emu"), "x": .number(1)])),
            ])
        let request = try #require(backend.requests.last)
        #expect(request.target == "/constructs/zoo/3/animals?tags=a&tags=b&ids=1%2C2")
        #expect(request.headers.contains { $0.name == "X-Trace-Id" && $0.value == "t-1" })
    }

    @Test func anyOfBodyIsSentAsItsAlternative() async throws {
        let backend = try MockBackend(operations: ConstructsClient.operations)
        defer { backend.stop() }
        let dog = Constructs.Dog(name: "Rex", kind: "dog", barks: false)
        _ = try await Self.client(backend).addAnimal(zooId: 1, body: .dog(dog))
        let sent = try #require(backend.receivedBodies("constructs", "AddAnimal").first)
        #expect(try JSONDecoder().decode(Constructs.Dog.self, from: sent) == dog)
        #expect(try JSONDecoder().decode(Constructs.NewAnimal.self, from: sent) == .dog(dog))
    }

    @Test func formatsMapsAndNullables() throws {
        let json = #"""
            {"visitors": 9007199254740993, "small": 7, "counts": {"a": 1}, "updated": "2024-01-01T00:00:00.123Z",
             "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "note": null, "label": "x"}
            """#
        let stats = try JSONDecoder().decode(Constructs.Stats.self, from: Data(json.utf8))
        #expect(stats.visitors == 9_007_199_254_740_993)  // Int64, exact beyond 2^53
        #expect(stats.small == Int32(7))
        #expect(stats.counts == ["a": 1])
        #expect(stats.updated == "2024-01-01T00:00:00.123Z")  // kept as sent
        #expect(stats.note == nil && stats.label == "x")
    }

    @Test func recursiveSchemasCompileWithTheCycleAsJSON() throws {
        let json =
            #"{"visitors": 1, "counts": {}, "previous": {"visitors": 0}, "history": [{"visitors": 2, "counts": {}}], "tree": {"left": "x"}}"#
        let stats = try JSONDecoder().decode(Constructs.Stats.self, from: Data(json.utf8))
        #expect(stats.previous == .object(["visitors": .number(0)]))  // the cycle, kept as JSON
        #expect(stats.history?.first?.visitors == 2)  // arrays store out of line: still typed
        #expect(stats.tree == .branch(Constructs.Branch(left: .string("x"))))
    }

    @Test func reservedNamesAreRenamed() async throws {
        let backend = try MockBackend(operations: EdgeNamesClient.operations)
        defer { backend.stop() }
        let client = EdgeNamesClient(
            configuration: APIClientConfiguration(
                clientProduct: "conformance", retryPolicy: .never,
                transport: URLSessionTransport(session: URLSession(configuration: .ephemeral))),
            baseURL: backend.baseURL.appendingPathComponent("edge-names"))
        _ = try await client.fetchGetThing(
            id: "a b", optionsParameter: "o", queryOptions: .init(selfParameter: "s", _1st: 1, pageSize: 2))
        #expect(
            backend.requests.last?.target == "/edge-names/things/a%20b.json?options=o&self=s&1st=1&page%5Bsize%5D=2")
        _ = try await client.postThing(id: "x", bodyParameter: "b", body: .init(class: "c"))
        #expect(backend.requests.last?.target == "/edge-names/things/x.json?body=b")
        let weird = try JSONDecoder().decode(
            EdgeNames.Weird.self, from: Data(#"{"default": "d", "self": "s", "init": "i", "2fa": true}"#.utf8))
        #expect(weird.default == "d" && weird.selfValue == "s" && weird.initValue == "i" && weird._2fa == true)
        try await client.selfOperation()  // operationId `self`
        #expect(!EdgeNamesClient.operations.contains { $0.operationId == "Skipped" })  // a nullable parameter
        #expect(EdgeNames.Weird.Dups.knownCases == [.a, .b])  // repeated enum values once
    }

    @Test func skippedOperationsAreNotGenerated() {
        let ids = ConstructsClient.operations.map(\.operationId)
        #expect(ids == ["ListAnimals", "AddAnimal", "GetStats"])
    }
}
