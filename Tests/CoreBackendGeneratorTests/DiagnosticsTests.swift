import Testing

@testable import CoreBackendGenerator

/// Every rejected spec prints one exact `file: JSON-pointer: message` line per problem.
@Suite("Diagnostics")
struct DiagnosticsTests {
    private let operation = "/paths/~1v1~1things/get"

    // A colon missing after a key is reported at its line and column.
    @Test func invalidJSONReportsLineAndColumn() {
        let json = "{\n  \"openapi\": \"3.1.0\",\n  \"info\" {}\n}"
        #expect(diagnosticLines(json) == ["Specs/test.json: 3:10: invalid JSON: expected ':' after object key"])
    }

    // A missing comma is reported where the next member starts; parseJSON alone throws the same line.
    @Test func invalidJSONMissingComma() {
        let json = "{\n  \"a\": 1\n  \"b\": 2\n}"
        #expect(
            diagnosticLines(json) == ["Specs/test.json: 3:3: invalid JSON: expected ',' or '}' after object member"])
        #expect(throws: GeneratorFailure.self) { try Generator.parseJSON(Array(json.utf8), file: fixtureFile) }
    }

    // Multi-byte characters count as one column; the column is where the literal stops matching.
    @Test func invalidJSONColumnsCountCharacters() {
        let json = "{\"é\": tru}"
        #expect(diagnosticLines(json) == ["Specs/test.json: 1:10: invalid JSON: invalid literal, expected 'true'"])
    }

    // The unmodified fixture is valid, so every other test's diagnostic comes from its one change.
    @Test func fixtureIsValid() {
        #expect(diagnosticLines(SpecFixture().json) == [])
    }

    // Two operations with one id: the second is reported, pointing at the first.
    @Test func duplicateOperationId() {
        var spec = SpecFixture()
        spec.morePaths = """
            ,
            "/v1/other": { "get": {
              "operationId": "V1Things", "x-query-key": ["test", "other"], "x-stale-time": "default", "x-gc-time": "default",
              "responses": { "200": { "description": "OK", "content": { "application/json": \(spec.media) } } } } }
            """
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /paths/~1v1~1other/get/operationId: duplicate operationId 'V1Things' (first declared at \(operation))"
            ])
    }

    // An infinite-query id clashing with a plain operation id is a duplicate too.
    @Test func paginationOperationIdClash() {
        var spec = SpecFixture()
        spec.parameters = #"{ "name": "cursor", "in": "query", "schema": { "type": "string" } }"#
        spec.schemas =
            #""Thing": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" }, "next": { "type": "string" } } }"#
        spec.extensions =
            #""x-pagination": { "operationId": "V1Things", "pageParameter": "cursor", "nextPageParam": "/next", "queryKey": ["test", "all"] },"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/operationId: duplicate operationId 'V1Things' (first declared at \(operation))"
            ])
    }

    // A `$ref` to a schema that is not declared.
    @Test func unknownReference() {
        var spec = SpecFixture()
        spec.media =
            ##"{ "schema": { "$ref": "#/components/schemas/Missing" }, "examples": { "default": { "value": {} } } }"##
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/schema/$ref: unknown $ref '#/components/schemas/Missing'"
            ])
    }

    // A `$ref` outside `#/components/schemas` is not followed.
    @Test func foreignReference() {
        var spec = SpecFixture()
        spec.media = #"{ "schema": { "$ref": "other.json#/Thing" }, "examples": { "default": { "value": {} } } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/schema/$ref: unsupported reference; expected '#/components/schemas/<Name>'"
            ])
    }

    // A path parameter whose `{name}` is not in the path.
    @Test func pathParameterMissingFromPath() {
        var spec = SpecFixture()
        spec.parameters = #"{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/parameters/0/name: path parameter 'id' does not appear as {id} in /v1/things"
            ])
    }

    // A `{placeholder}` in the path without a path parameter.
    @Test func placeholderWithoutParameter() {
        var spec = SpecFixture()
        spec.path = "/v1/things/{id}"
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /paths/~1v1~1things~1{id}/get: path placeholder {id} has no path parameter"
            ])
    }

    // A path parameter must be required.
    @Test func optionalPathParameter() {
        var spec = SpecFixture()
        spec.path = "/v1/things/{id}"
        spec.parameters = #"{ "name": "id", "in": "path", "schema": { "type": "string" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /paths/~1v1~1things~1{id}/get/parameters/0/required: path parameters must be required"
            ])
    }

    // `allOf` of a non-object schema is rejected, not guessed at.
    @Test func allOfOfAnArray() {
        var spec = SpecFixture()
        spec.schemas += ##", "Merged": { "allOf": [ { "type": "array", "items": { "type": "string" } } ] }"##
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /components/schemas/Merged/allOf/0: unsupported schema construct: allOf part that is not an object schema"
            ])
    }

    // `not` inside a property is rejected at the property's pointer.
    @Test func unsupportedNotInProperty() {
        var spec = SpecFixture()
        spec.schemas = #""Thing": { "type": "object", "properties": { "id": { "not": { "type": "string" } } } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /components/schemas/Thing/properties/id/not: unsupported schema construct 'not'"
            ])
    }

    // Two non-null types need a oneOf.
    @Test func severalTypes() {
        var spec = SpecFixture()
        spec.schemas = #""Thing": { "type": "object", "properties": { "id": { "type": ["string", "integer"] } } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /components/schemas/Thing/properties/id/type: unsupported schema construct: several non-null types; use oneOf"
            ])
    }

    // A stale-time name the runtime does not define; the message lists the valid ones, sorted.
    @Test func unknownStaleTime() {
        var spec = SpecFixture()
        spec.staleTime = "balance"
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/x-stale-time: unknown stale time 'balance'; expected one of authToken, balances, default, exchangeRates, networks, prices, supportedNetworks, tokenList, tokenMetadata, transactions, trending"
            ])
    }

    // `x-key-sorted` on a parameter that is not an array.
    @Test func keySortedOnNonArray() {
        var spec = SpecFixture()
        spec.parameters = #"{ "name": "q", "in": "query", "x-key-sorted": true, "schema": { "type": "string" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/parameters/0/x-key-sorted: bad extension value: only array parameters can be sorted in the key"
            ])
    }

    // An `x-transform` the generator does not know.
    @Test func unknownTransform() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "chain", "in": "query", "x-transform": "hexToInt", "schema": { "type": "string" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/parameters/0/x-transform: bad extension value 'hexToInt'; expected 'hexChainIdToDecimal'"
            ])
    }

    // `hexChainIdToDecimal` needs a string parameter.
    @Test func transformOnInteger() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "chain", "in": "query", "x-transform": "hexChainIdToDecimal", "schema": { "type": "integer" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/parameters/0/x-transform: bad extension value: hexChainIdToDecimal needs a string parameter"
            ])
    }

    // `x-empty-input` naming a parameter the operation does not have.
    @Test func emptyInputNamesMissingParameter() {
        var spec = SpecFixture()
        spec.extensions = #""x-empty-input": { "parameter": "ids", "value": { "id": "" } },"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/x-empty-input/parameter: bad extension value: no parameter named 'ids'"
            ])
    }

    // `x-empty-input` on an option (not an argument) is rejected.
    @Test func emptyInputOnOption() {
        var spec = SpecFixture()
        spec.parameters = #"{ "name": "q", "in": "query", "schema": { "type": "string" } }"#
        spec.extensions = #""x-empty-input": { "parameter": "q", "value": { "id": "" } },"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/x-empty-input/parameter: bad extension value: 'q' must be an argument, not an option"
            ])
    }

    // `x-send-default` without a scalar `schema.default`.
    @Test func sendDefaultWithoutDefault() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "currency", "in": "query", "x-send-default": true, "schema": { "type": "string" } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/parameters/0/x-send-default: bad extension value: x-send-default needs a scalar 'schema.default'"
            ])
    }

    // A key template naming something that is not a parameter.
    @Test func keyTemplateUnknownParameter() {
        var spec = SpecFixture()
        spec.queryKey = #"["test", "v1Things", { "id": "$id" }]"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/x-query-key/2/id: bad extension value: '$id' is not a parameter of V1Things"
            ])
    }

    // `$options` in a key of an operation without option parameters.
    @Test func keyTemplateOptionsWithoutOptions() {
        var spec = SpecFixture()
        spec.queryKey = #"["test", "$options"]"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/x-query-key/1: bad extension value: '$options' used but V1Things has no option parameters"
            ])
    }

    // An unknown extension on an operation.
    @Test func unknownOperationExtension() {
        var spec = SpecFixture()
        spec.extensions = #""x-cache": true,"#
        #expect(diagnosticLines(spec.json) == ["Specs/test.json: \(operation)/x-cache: unknown extension 'x-cache'"])
    }

    // A response without a schema.
    @Test func missingResponseSchema() {
        var spec = SpecFixture()
        spec.media = #"{ "examples": { "default": { "value": { "id": "a" } } } }"#
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/schema: missing response schema"
            ])
    }

    // A response without examples.
    @Test func missingExample() {
        var spec = SpecFixture()
        spec.media = ##"{ "schema": { "$ref": "#/components/schemas/Thing" } }"##
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/examples: missing response example: add at least one entry to 'examples' (the mock backend serves it)"
            ])
    }

    // An example entry without `value`.
    @Test func exampleWithoutValue() {
        var spec = SpecFixture()
        spec.media =
            ##"{ "schema": { "$ref": "#/components/schemas/Thing" }, "examples": { "one": { "summary": "x" } } }"##
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/examples/one: example 'one' has no 'value'",
                "Specs/test.json: \(operation)/responses/200/content/application~1json/examples: missing response example: add at least one entry to 'examples' (the mock backend serves it)",
            ])
    }

    // A `spaceDelimited` array query parameter: the operation is skipped with a warning, not an error.
    @Test func arrayQueryParameterWithUnsupportedStyle() throws {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "ids", "in": "query", "style": "spaceDelimited", "schema": { "type": "array", "items": { "type": "string" } } }"#
        #expect(diagnosticLines(spec.json) == [])
        let (_, warnings) = try Generator.generateWithWarnings(specData: Array(spec.json.utf8), file: fixtureFile)
        #expect(
            warnings.map(\.description) == [
                "Specs/test.json: /paths/~1v1~1things/get/parameters/0/style: warning: unsupported parameter style 'spaceDelimited' of 'ids' in V1Things; operation skipped"
            ])
    }

    // The cache extensions of a read make no sense on a write.
    @Test func readExtensionsOnAWrite() {
        var spec = SpecFixture()
        spec.method = "post"
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: /paths/~1v1~1things/post/x-query-key: bad extension value: 'x-query-key' applies to GET operations only",
                "Specs/test.json: /paths/~1v1~1things/post/x-stale-time: bad extension value: 'x-stale-time' applies to GET operations only",
                "Specs/test.json: /paths/~1v1~1things/post/x-gc-time: bad extension value: 'x-gc-time' applies to GET operations only",
            ])
    }

    // A lower-case operation id cannot name the generated methods.
    @Test func lowerCaseOperationId() {
        var spec = SpecFixture()
        spec.operationId = "v1Things"
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/operationId: operationId 'v1Things' must be an UpperCamelCase Swift name such as V2ActiveNetworks"
            ])
    }

    // Several problems are all reported in one run, not just the first.
    @Test func everyProblemIsReported() {
        var spec = SpecFixture()
        spec.staleTime = "forever"
        spec.parameters = """
            { "name": "q", "in": "query", "x-key-sorted": true, "schema": { "type": "string" } },
            { "name": "ids", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } }
            """
        spec.extensions = #""x-empty-input": { "parameter": "missing", "value": {} },"#
        spec.media = ##"{ "schema": { "$ref": "#/components/schemas/Missing" } }"##
        spec.schemas += #", "Merged": { "allOf": [] }"#
        let lines = diagnosticLines(spec.json)
        let expected: Set<String> = [
            "Specs/test.json: /components/schemas/Merged/allOf: expected a non-empty array of schemas",
            "Specs/test.json: \(operation)/parameters/0/x-key-sorted: bad extension value: only array parameters can be sorted in the key",
            "Specs/test.json: \(operation)/responses/200/content/application~1json/examples: missing response example: add at least one entry to 'examples' (the mock backend serves it)",
            "Specs/test.json: \(operation)/x-stale-time: unknown stale time 'forever'; expected one of authToken, balances, default, exchangeRates, networks, prices, supportedNetworks, tokenList, tokenMetadata, transactions, trending",
            "Specs/test.json: \(operation)/responses/200/content/application~1json/schema/$ref: unknown $ref '#/components/schemas/Missing'",
        ]
        // The operation is dropped at the bad stale time, so its x-empty-input is not checked; its $ref still is.
        #expect(Set(lines) == expected)
        #expect(lines.count == expected.count)
    }

    // Once the parser accepts every operation, validator problems are all reported together too.
    @Test func everyValidatorProblemIsReported() {
        var spec = SpecFixture()
        spec.parameters = #"{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }"#
        spec.extensions = #""x-empty-input": { "parameter": "missing", "value": {} },"#
        spec.media =
            ##"{ "schema": { "$ref": "#/components/schemas/Missing" }, "examples": { "default": { "value": {} } } }"##
        #expect(
            diagnosticLines(spec.json) == [
                "Specs/test.json: \(operation)/responses/200/content/application~1json/schema/$ref: unknown $ref '#/components/schemas/Missing'",
                "Specs/test.json: \(operation)/parameters/0/name: path parameter 'id' does not appear as {id} in /v1/things",
                "Specs/test.json: \(operation)/x-empty-input/parameter: bad extension value: no parameter named 'missing'",
            ])
    }

    private let staleTimes =
        "authToken, balances, default, exchangeRates, networks, prices, supportedNetworks, tokenList, tokenMetadata, transactions, trending"

    // The failure's description is the diagnostic lines joined by newlines, as the CLI prints it.
    @Test func failureDescriptionIsOneLinePerProblem() throws {
        var spec = SpecFixture()
        spec.staleTime = "forever"
        let document = try Generator.parseJSON(Array(spec.json.utf8), file: fixtureFile)
        do {
            _ = try Generator.parseSpec(document, file: fixtureFile)
            Issue.record("expected a failure")
        } catch {
            #expect(
                error.description
                    == "Specs/test.json: /paths/~1v1~1things/get/x-stale-time: unknown stale time 'forever'; expected one of \(staleTimes)"
            )
            #expect(
                error.diagnostics == [
                    Diagnostic(
                        file: fixtureFile, location: "/paths/~1v1~1things/get/x-stale-time",
                        message: "unknown stale time 'forever'; expected one of \(staleTimes)")
                ])
        }
    }
}
