import Foundation
import Testing

@testable import CoreBackendGenerator

/// The file name every fixture is reported under.
let fixtureFile = "Specs/test.json"

/// A minimal valid spec with one `GET` operation; each field is a JSON fragment a test replaces.
struct SpecFixture {
    var path = "/v1/things"
    var method = "get"
    var operationId = "V1Things"
    /// The contents of the `parameters` array.
    var parameters = ""
    var queryKey = #"["test", "v1Things"]"#
    var staleTime = "default"
    /// Extra operation members, each followed by a comma (e.g. `"x-empty-input": {…},`).
    var extensions = ""
    /// The whole `content."application/json"` object.
    var media =
        ##"{ "schema": { "$ref": "#/components/schemas/Thing" }, "examples": { "default": { "value": { "id": "a" } } } }"##
    /// The members of `components/schemas`.
    var schemas = #""Thing": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } }"#
    /// Extra path items, each preceded by a comma.
    var morePaths = ""

    var json: String {
        """
        {
          "openapi": "3.1.0",
          "info": { "title": "Test API", "version": "1.0.0" },
          "servers": [ { "url": "https://test.example.com" } ],
          "x-client": { "name": "TestApiClient" },
          "paths": {
            "\(path)": {
              "\(method)": {
                "operationId": "\(operationId)",
                "parameters": [\(parameters)],
                "x-query-key": \(queryKey),
                "x-stale-time": "\(staleTime)",
                "x-gc-time": "default",
                \(extensions)
                "responses": { "200": { "description": "OK", "content": { "application/json": \(media) } } }
              }
            }\(morePaths)
          },
          "components": { "schemas": { \(schemas) } }
        }
        """
    }
}

/// The diagnostic lines the generator prints for `json`; empty when it generates.
func diagnosticLines(_ json: String, file: String = fixtureFile) -> [String] {
    do {
        _ = try Generator.generate(specData: Array(json.utf8), file: file)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// The generated Swift for `json`, recording an issue (with every diagnostic) when it is rejected.
func generated(_ json: String, file: String = fixtureFile, sourceLocation: SourceLocation = #_sourceLocation) -> String
{
    do {
        return try Generator.generate(specData: Array(json.utf8), file: file)
    } catch {
        Issue.record("spec rejected:\n\(error.description)", sourceLocation: sourceLocation)
        return ""
    }
}

/// The package root, found from this file's path (`<root>/Tests/CoreBackendGeneratorTests/Support.swift`).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// This target's golden folder.
let goldensDirectory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Goldens")

/// The bytes of a file, recording an issue when it cannot be read.
func contents(of url: URL, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("cannot read \(url.path)", sourceLocation: sourceLocation)
        return []
    }
    return [UInt8](data)
}

/// `nil` when equal, otherwise a readable description of the first differing line.
func firstDifference(expected: String, actual: String) -> String? {
    guard expected != actual else { return nil }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
        let wanted = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
        let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
        if wanted != got {
            return "first difference at line \(index + 1):\n  expected: \(wanted)\n  actual:   \(got)"
        }
    }
    return "the texts differ only in line endings"
}
