import Testing

@testable import CoreBackendGenerator

/// Mistakes in a write's extensions and references are errors with a JSON pointer, as for reads.
@Suite("Write diagnostics")
struct WriteDiagnosticsTests {
    private func write(_ members: String) -> String {
        plainDocument(paths: #"{ "/pets": { "post": { "operationId": "addPet", \#(members) "responses": {} } } }"#)
    }

    @Test func invalidatesMustBeKeyPrefixes() {
        #expect(
            diagnosticLines(write(#""x-invalidates": ["pets"],"#)) == [
                "Specs/test.json: /paths/~1pets/post/x-invalidates/0: bad extension value: a key prefix is a non-empty array of strings or numbers"
            ])
        #expect(
            diagnosticLines(write(#""x-invalidates": {},"#)) == [
                #"Specs/test.json: /paths/~1pets/post/x-invalidates: bad extension value: expected an array of key prefixes such as [["pets"]]"#
            ])
    }

    @Test func retryIsABoolean() {
        #expect(
            diagnosticLines(write(#""x-retry": "yes","#)) == [
                "Specs/test.json: /paths/~1pets/post/x-retry: expected true or false, found a string"
            ])
    }

    @Test func unknownRequestBodyReference() {
        #expect(
            diagnosticLines(write(##""requestBody": { "$ref": "#/components/requestBodies/Missing" },"##)) == [
                "Specs/test.json: /paths/~1pets/post/requestBody/$ref: unknown $ref '#/components/requestBodies/Missing'"
            ])
        #expect(
            diagnosticLines(write(##""requestBody": { "$ref": "#/components/schemas/Pet" },"##)) == [
                "Specs/test.json: /paths/~1pets/post/requestBody/$ref: unsupported reference; expected '#/components/requestBodies/<Name>'"
            ])
    }

    @Test func referenceCyclesEnd() {
        let components =
            ##"{ "parameters": { "A": { "$ref": "#/components/parameters/B" }, "B": { "$ref": "#/components/parameters/A" } } }"##
        let paths =
            ##"{ "/pets": { "get": { "parameters": [ { "$ref": "#/components/parameters/A" } ], "responses": {} } } }"##
        #expect(
            diagnosticLines(plainDocument(paths: paths, components: components)) == [
                "Specs/test.json: /paths/~1pets/get/parameters/0/$ref: reference chain too long (a cycle?)"
            ])
    }

    @Test func aWriteWithoutBodyOrContentReturnsVoid() {
        let swift = generated(write(""))
        #expect(swift.contains("public func addPet() async throws {"))
        #expect(swift.contains(#"try await requester.write("POST", "/pets")"#))
    }
}
