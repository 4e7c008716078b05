import Testing

@testable import CoreBackendGenerator

/// Checks that need the whole type model: empty-input values and name shadowing.
@Suite("Cross checks")
struct CrossCheckTests {
    @Test("an x-empty-input value that would not decode as the response is rejected")
    func emptyInputValueIsCheckedAgainstTheResponse() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "ids", "in": "query", "required": true, "style": "form", "explode": false, "schema": { "type": "array", "items": { "type": "string" } } }"#
        spec.extensions = #""x-empty-input": { "parameter": "ids", "value": { "id": 5 } },"#
        let lines = diagnosticLines(spec.json)
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasSuffix(
                "/x-empty-input/value/id: bad extension value: the empty-input value does not decode as Thing: expected a string, found a number"
            ) == true)
    }

    @Test("a matching x-empty-input value is accepted")
    func emptyInputValueThatDecodes() {
        var spec = SpecFixture()
        spec.parameters =
            #"{ "name": "ids", "in": "query", "required": true, "style": "form", "explode": false, "schema": { "type": "array", "items": { "type": "string" } } }"#
        spec.extensions = #""x-empty-input": { "parameter": "ids", "value": { "id": "" } },"#
        #expect(diagnosticLines(spec.json).isEmpty)
    }

    @Test("a nested type that would hide a referenced top-level model is diagnosed")
    func nestedTypeShadowsTopLevelReference() {
        var spec = SpecFixture()
        spec.schemas = ##"""
            "Thing": { "type": "object", "required": ["id"], "properties": {
              "id": { "type": "string" },
              "owner": { "type": "object", "properties": { "name": { "type": "string" } } },
              "previousOwner": { "$ref": "#/components/schemas/Owner" } } },
            "Owner": { "type": "object", "properties": { "email": { "type": "string" } } }
            """##
        let lines = diagnosticLines(spec.json)
        #expect(
            lines.contains {
                $0.hasSuffix(
                    "/components/schemas/Thing: nested type 'Owner' inside 'Thing' hides the model '#/components/schemas/Owner' that a property refers to; give the inline schema a different 'title'"
                )
            })
    }
}
