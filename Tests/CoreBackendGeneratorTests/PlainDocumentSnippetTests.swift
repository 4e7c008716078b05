import Testing

@testable import CoreBackendGenerator

/// A plain OpenAPI 3.0 document (no `x-` extensions) with `paths` and `components` given as JSON text.
func plainDocument(
    paths: String, components: String = #"{ "schemas": {} }"#,
    servers: String = #""servers": [ { "url": "https://pets.example.com/v1" } ],"#
) -> String {
    """
    { "openapi": "3.0.3", "info": { "title": "Pets", "version": "1" }, \(servers)
      "paths": \(paths), "components": \(components) }
    """
}

/// Plain documents: naming, namespacing, servers, default keys, writes and the item-3 constructs, each
/// as a few lines of spec and the exact Swift they generate.
@Suite("Plain document snippets")
struct PlainDocumentSnippetTests {
    private func expect(
        _ json: String, file: String = "Specs/petstore-expanded.json", contains snippets: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let swift = generated(json, file: file, sourceLocation: sourceLocation)
        for snippet in snippets {
            #expect(
                swift.contains(snippet), "missing snippet:\n\(snippet)\n--- in ---\n\(swift)",
                sourceLocation: sourceLocation)
        }
    }

    private static let petPaths = ##"""
        { "/pets/{id}": { "get": { "operationId": "find pet by id",
            "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } } ],
            "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } } } } } }
        """##
    private static let petComponents =
        #"{ "schemas": { "Pet": { "type": "object", "properties": { "name": { "type": "string" } } }, "Error": { "type": "object" } } }"#

    @Test func clientNamespaceAndOperationNames() {
        expect(
            plainDocument(paths: Self.petPaths, components: Self.petComponents),
            contains: [
                "public enum PetstoreExpanded {",
                "    public struct Pet: Codable, Sendable, Hashable {",
                "    public typealias Error = [String: JSONValue]",
                "public final class PetstoreExpandedClient: Sendable {",
                "public nonisolated(nonsending) func fetchFindPetById(id: Int64, options: FetchOptions? = nil) async throws -> PetstoreExpanded.Pet {",
                #"queryKey: QueryKey([.string("petstore-expanded"), .string("findPetById"), .object(QueryKeyValue.members(["id": id.queryKeyValue]))]),"#,
                "defaultStaleTime: StaleTime.`default`, defaultGCTime: GCTime.`default`,",
            ])
    }

    @Test func operationWithoutIdIsNamedFromMethodAndPath() {
        let paths =
            #"{ "/streams/{id}": { "delete": { "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "204": { "description": "gone" } } } } }"#
        expect(plainDocument(paths: paths), contains: ["public func deleteStreamsId(id: String) async throws {"])
    }

    @Test func serversWithoutOneOrWithVariables() {
        let paths = #"{ "/a": { "get": { "operationId": "list-data-sets", "responses": {} } } }"#
        expect(
            plainDocument(paths: paths, servers: ""),
            contains: [
                "public init(configuration: APIClientConfiguration, baseURL: URL, queryClient: QueryClient? = nil)",
                "public nonisolated(nonsending) func fetchListDataSets(options: FetchOptions? = nil) async throws -> JSONValue {",
            ])
        let variables =
            #""servers": [ { "url": "{scheme}://x.example.com/{v}", "variables": { "scheme": { "default": "https" }, "v": { "default": "api" } } } ],"#
        expect(
            plainDocument(paths: paths, servers: variables),
            contains: [#"public static let defaultBaseURL = URL(string: "https://x.example.com/api")!"#])
    }

    @Test func writeWithBodyInvalidationAndRetry() {
        let paths = ##"""
            { "/pets": { "post": { "operationId": "addPet", "x-retry": true, "x-invalidates": [["petstore-expanded", "findPets"]],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } },
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } },
                               "default": { "description": "error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } } }
            """##
        expect(
            plainDocument(paths: paths, components: Self.petComponents),
            contains: [
                "@discardableResult\n    public func addPet(body: PetstoreExpanded.Pet) async throws -> PetstoreExpanded.Pet {",
                #"return try await requester.write("POST", "/pets", body: try APIRequester.jsonBody(body), retries: true, invalidates: [[.string("petstore-expanded"), .string("findPets")]], as: PetstoreExpanded.Pet.self)"#,
                "whose body decodes as `PetstoreExpanded.Error`",
            ])
    }

    @Test func allOfIsFlattened() {
        let components =
            ##"{ "schemas": { "NewPet": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }, "Pet": { "allOf": [ { "$ref": "#/components/schemas/NewPet" }, { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer", "format": "int64" } } } ] } } }"##
        expect(
            plainDocument(paths: "{}", components: components),
            contains: [
                "    public struct Pet: Codable, Sendable, Hashable {\n        /// The `name` field.\n        public var name: String\n        /// The `id` field.\n        public var id: Int64\n"
            ])
    }

    @Test func oneOfWithDiscriminatorAndAnyOfKeepUnknown() {
        let components = ##"""
            { "schemas": { "Dog": { "type": "object", "properties": { "t": { "type": "string" } } }, "Cat": { "type": "object" },
              "Pet": { "oneOf": [ { "$ref": "#/components/schemas/Dog" }, { "$ref": "#/components/schemas/Cat" } ], "discriminator": { "propertyName": "t", "mapping": { "woof": "#/components/schemas/Dog" } } },
              "Any": { "anyOf": [ { "type": "integer" }, { "type": "string" } ] } } }
            """##
        expect(
            plainDocument(paths: "{}", components: components),
            contains: [
                #"private enum DiscriminatorKey: String, CodingKey { case value = "t" }"#,
                #"case "woof"?: self = .dog(try container.decode(PetstoreExpanded.Dog.self))"#,
                #"case "Cat"?: self = .cat(try container.decode(PetstoreExpanded.Cat.self))"#,
                "default: self = .unknown(try container.decode(JSONValue.self))",
                "        case int(Int)\n        /// The value as `String`.\n        case string(String)\n        /// A value no known alternative accepts, kept as raw JSON.\n        case unknown(JSONValue)",
            ])
    }

    @Test func nullableFormatsAndMaps() {
        let components = ##"""
            { "schemas": { "S": { "type": "object", "required": ["a", "b", "c", "d", "e", "f", "g"], "properties": {
              "a": { "type": "string", "nullable": true }, "b": { "type": ["integer", "null"] },
              "c": { "type": "integer", "format": "int32" }, "d": { "type": "integer", "format": "int64" },
              "e": { "type": "integer" }, "f": { "type": "string", "format": "date-time" },
              "g": { "type": "object", "additionalProperties": { "type": "number" } } } } } }
            """##
        expect(
            plainDocument(paths: "{}", components: components),
            contains: [
                "public var a: String?", "public var b: Int?", "public var c: Int32", "public var d: Int64",
                "public var e: Int\n", "public var f: String\n", "public var g: [String: Double]",
            ])
    }

    @Test func parametersArraysHeadersPathLevelAndReferences() {
        let paths = ##"""
            { "/zoo/{zooId}": { "parameters": [ { "$ref": "#/components/parameters/ZooId" } ],
              "get": { "operationId": "getZoo", "parameters": [
                { "name": "tags", "in": "query", "required": true, "schema": { "type": "array", "items": { "type": "string" } } },
                { "name": "ids", "in": "query", "required": true, "explode": false, "schema": { "type": "array", "items": { "type": "string" } } },
                { "name": "X-Trace", "in": "header", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "$ref": "#/components/responses/Ok" } } } } }
            """##
        let components = ##"""
            { "parameters": { "ZooId": { "name": "zooId", "in": "path", "required": true, "schema": { "type": "string" } } },
              "responses": { "Ok": { "description": "OK", "content": { "application/json": { "schema": { "type": "boolean" } } } } } }
            """##
        expect(
            plainDocument(paths: paths, components: components),
            contains: [
                "public nonisolated(nonsending) func fetchGetZoo(zooId: String, tags: [String], ids: [String], xTrace: String, options: FetchOptions? = nil) async throws -> Bool {",
                #"query.appendEach("tags", tags)"#, #"query.append("ids", ids)"#,
                #"headers.append(("X-Trace", xTrace.queryParameterString))"#,
                #"return try await requester.get("/zoo/\(APIRequester.pathSegment(zooId))", query: query, headers: headers, as: Bool.self)"#,
            ])
    }

    // Names that would clash are changed so the output compiles: a schema named like the namespace, one
    // named like a Swift type, an inline type named like a schema, a write named like a read's method.
    @Test func clashingNamesAreRenamed() {
        let paths = ##"""
            { "/a": { "get": { "operationId": "listPets", "responses": { "200": { "description": "", "content": { "application/json": {
                "schema": { "type": "object", "properties": { "x": { "type": "string" } } } } } } } } },
              "/b": { "post": { "operationId": "fetchListPets", "responses": {} } } }
            """##
        let components =
            #"{ "schemas": { "ListPetsResponse": { "type": "object" }, "String": { "type": "object" }, "Pet": { "type": "object" } } }"#
        expect(
            plainDocument(paths: paths, components: components), file: "Specs/pet.json",
            contains: [
                "public enum PetAPI {", "public typealias StringModel = [String: JSONValue]",
                "public struct ListPetsResponse2: Codable", "-> PetAPI.ListPetsResponse2 {",
                "public func fetchListPetsOperation() async throws {", "public final class PetClient: Sendable {",
            ])
    }

    // Inside a namespace `Error` shadows nothing outside it, so the documented `Shop.Error` keeps its name.
    @Test func namespacedErrorKeepsItsName() {
        let paths = ##"""
            { "/a": { "get": { "operationId": "listItems", "responses": { "default": { "description": "", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Error" } } } } } } } }
            """##
        let components =
            #"{ "schemas": { "Error": { "type": "object", "properties": { "code": { "type": "integer" } } } } }"#
        expect(
            plainDocument(paths: paths, components: components), file: "Specs/shop.json",
            contains: ["public enum Shop {", "public struct Error: Codable, Sendable, Hashable {"])
    }
}
