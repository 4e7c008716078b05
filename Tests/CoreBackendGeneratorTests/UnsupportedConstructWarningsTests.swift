import Testing

@testable import CoreBackendGenerator

/// What the generator does not support is skipped with a warning naming it — never an error, a crash or
/// Swift that does not compile — and the rest of the document still generates.
@Suite("Unsupported construct warnings")
struct UnsupportedConstructWarningsTests {
    /// The warnings for `json`, recording an issue when it is rejected.
    private func warnings(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        do {
            return try Generator.generateWithWarnings(specData: Array(json.utf8), file: "Specs/pets.json").warnings
                .map(\.description)
        } catch {
            Issue.record("spec rejected:\n\(error.description)", sourceLocation: sourceLocation)
            return []
        }
    }

    private static let ok =
        #""200": { "description": "OK", "content": { "application/json": { "schema": { "type": "string" } } } }"#

    @Test func cookieParameter() {
        let paths =
            #"{ "/a": { "get": { "operationId": "a", "parameters": [ { "name": "sid", "in": "cookie", "schema": { "type": "string" } } ], "responses": { \#(Self.ok) } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/get/parameters/0: warning: unsupported construct: cookie parameter 'sid' of A; skipped"
            ])
    }

    @Test func xmlMediaTypeNextToJSONAndXMLSchemaKeyword() {
        let paths =
            #"{ "/a": { "get": { "operationId": "a", "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "string", "xml": { "name": "x" } } }, "application/xml": {} } } } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/get/responses/200/content/application~1xml: warning: unsupported XML media type 'application/xml' of A; only JSON is generated, skipped",
                "Specs/pets.json: /paths/~1a/get/responses/200/content/application~1json/schema/xml: warning: unsupported construct 'xml' (XML serialisation); ignored, JSON is generated",
            ])
    }

    @Test func nonJSONResponseSkipsTheOperation() throws {
        let paths =
            #"{ "/a": { "get": { "operationId": "a", "responses": { "200": { "description": "OK", "content": { "text/plain": {} } } } } }, "/b": { "get": { "operationId": "b", "responses": { \#(Self.ok) } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/get/responses/200/content: warning: unsupported response media type (text/plain) of A: not JSON; operation skipped"
            ])
        let swift = generated(plainDocument(paths: paths))
        #expect(!swift.contains("fetchA(") && swift.contains("fetchB("))
    }

    @Test func multipartAndFormBodies() {
        let paths =
            #"{ "/a": { "post": { "operationId": "a", "requestBody": { "content": { "multipart/form-data": {} } }, "responses": {} }, "put": { "operationId": "b", "requestBody": { "content": { "application/x-www-form-urlencoded": {} } }, "responses": {} } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/post/requestBody/content: warning: unsupported request body (multipart: multipart/form-data) of A; operation skipped",
                "Specs/pets.json: /paths/~1a/put/requestBody/content: warning: unsupported request body (form: application/x-www-form-urlencoded) of B; operation skipped",
            ])
    }

    @Test func callbacksLinksAndWebhooks() {
        let paths =
            #"{ "/a": { "post": { "operationId": "a", "callbacks": { "x": {} }, "responses": { "200": { "description": "OK", "links": { "l": {} } } } } } }"#
        let document = plainDocument(paths: paths).replacingOccurrences(
            #""paths""#, #""webhooks": { "w": {} }, "paths""#)
        #expect(
            warnings(document) == [
                "Specs/pets.json: /webhooks: warning: unsupported construct 'webhooks' (requests the API sends); skipped",
                "Specs/pets.json: /paths/~1a/post/callbacks: warning: unsupported construct 'callbacks' of A; skipped",
                "Specs/pets.json: /paths/~1a/post/responses/200/links: warning: unsupported construct 'links' of A; skipped",
            ])
    }

    @Test func objectParameterSkipsTheOperation() throws {
        let paths =
            #"{ "/a": { "get": { "operationId": "a", "parameters": [ { "name": "filter", "in": "query", "schema": { "type": "object", "properties": { "x": { "type": "string" } } } } ], "responses": { \#(Self.ok) } } }, "/b": { "get": { "operationId": "b", "responses": { \#(Self.ok) } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/get/parameters/0/schema: warning: unsupported construct: parameters that are not a scalar or an array ('filter'); operation skipped"
            ])
        let swift = generated(plainDocument(paths: paths))
        #expect(!swift.contains("fetchA(") && swift.contains("fetchB("))
    }

    @Test func otherMethodsAndUnsupportedSchemaKeywords() {
        let paths =
            #"{ "/a": { "head": {}, "get": { "operationId": "a", "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "not": { "type": "string" } } } } } } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1a/head: warning: unsupported operation 'head' of /a; skipped",
                "Specs/pets.json: /paths/~1a/get/responses/200/content/application~1json/schema/not: warning: unsupported schema construct 'not'; typed as JSONValue",
            ])
    }

    // OpenAPI ids are case-sensitive strings: `get-pet`, `getPet` and `get_pet` are three operations that
    // would all be GetPet in Swift. They get GetPet, GetPet2, GetPet4, with a warning for each renamed one;
    // an operation without an id named like one (`get /pet`) is numbered too.
    @Test func operationIdsThatDifferOnlyInSpellingAreNumbered() throws {
        let paths =
            #"{ "/a": { "get": { "operationId": "get-pet", "responses": { \#(Self.ok) } } }, "/b": { "get": { "operationId": "getPet", "responses": { \#(Self.ok) } } }, "/pet": { "get": { "responses": { \#(Self.ok) } }, "post": { "operationId": "get_pet", "responses": { "204": { "description": "" } } } } }"#
        #expect(
            warnings(plainDocument(paths: paths)) == [
                "Specs/pets.json: /paths/~1b/get/operationId: warning: 'getPet' would be named GetPet like 'get-pet'; generated as GetPet2",
                "Specs/pets.json: /paths/~1pet/get: warning: 'get /pet' would be named GetPet like 'get-pet'; generated as GetPet3",
                "Specs/pets.json: /paths/~1pet/post/operationId: warning: 'get_pet' would be named GetPet like 'get-pet'; generated as GetPet4",
            ])
        let swift = try Generator.generate(specData: Array(plainDocument(paths: paths).utf8), file: "Specs/pets.json")
        for name in ["func fetchGetPet(", "func fetchGetPet2(", "func fetchGetPet3(", "func getPet4("] {
            #expect(swift.contains(name), "missing \(name)")
        }
    }

    // The same id twice is not a spelling matter: it stays an error.
    @Test func theSameOperationIdTwiceIsAnError() {
        let paths =
            #"{ "/a": { "get": { "operationId": "getPet", "responses": { \#(Self.ok) } } }, "/b": { "get": { "operationId": "getPet", "responses": { \#(Self.ok) } } } }"#
        #expect(
            diagnosticLines(plainDocument(paths: paths), file: "Specs/pets.json") == [
                "Specs/pets.json: /paths/~1b/get/operationId: duplicate operationId 'GetPet' (first declared at /paths/~1a/get)"
            ])
    }
}

/// Recursive schemas: a property storing its own struct again cannot compile, so it becomes `JSONValue`.
@Suite("Recursive schemas")
struct RecursiveSchemaTests {
    @Test func storedCycleBecomesJSONArraysStayTyped() throws {
        let components =
            ##"{ "schemas": { "Node": { "type": "object", "properties": { "parent": { "$ref": "#/components/schemas/Node" }, "kids": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } } } } } }"##
        let (swift, warnings) = try Generator.generateWithWarnings(
            specData: Array(plainDocument(paths: "{}", components: components).utf8), file: "Specs/tree.json")
        #expect(swift.contains("public var parent: JSONValue?"))
        #expect(swift.contains("public var kids: [Tree.Node]?"))
        #expect(
            warnings.map(\.message) == [
                "warning: unsupported construct: 'Tree.Node.parent' stores 'Tree.Node' again (a recursive schema); typed as JSONValue"
            ])
    }
}
