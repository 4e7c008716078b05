import CoreBackendGenerator
import Foundation
import OpenAPIConformance
import Testing

/// The conformance corpus as the plugin built it: the copies are the published documents byte for byte,
/// and each generates with exactly the warnings its README entry predicts.
@Suite struct CorpusTests {
    static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OpenAPIConformance/Specs")
    /// The shared corpus (`shared/openapi-examples` next to the checkout or to its parent folder), when present.
    static let shared = ["../shared/openapi-examples", "../../shared/openapi-examples"].map {
        URL(fileURLWithPath: $0, relativeTo: specs.appendingPathComponent("../../..")).standardizedFileURL
    }.first { FileManager.default.fileExists(atPath: $0.path) }

    @Test func copiesAreUnmodified() throws {
        guard let shared = Self.shared else { return }  // CI without the shared folder: nothing to compare
        let originals = try FileManager.default.contentsOfDirectory(atPath: shared.path).filter {
            $0.hasSuffix(".json")
        }
        #expect(originals.count == OpenAPIConformance.specs.count)
        for original in originals {
            let copy = String(original.drop { $0 != "_" }.dropFirst())  // v3.0_petstore.json → petstore.json
            #expect(OpenAPIConformance.specs.contains(copy))
            let expected = FileManager.default.contents(atPath: shared.appendingPathComponent(original).path)
            #expect(FileManager.default.contents(atPath: Self.specs.appendingPathComponent(copy).path) == expected)
        }
    }

    @Test(arguments: [
        ("api-with-examples.json", []),
        ("callback-example.json", ["callbacks"]),
        ("link-example.json", ["links", "links", "links", "links"]),
        ("non-oauth-scopes.json", []),
        ("petstore-expanded.json", []),
        ("petstore.json", []),
        ("uspto.json", ["request body (form"]),
        ("webhook-example.json", ["webhooks"]),
    ])
    func generatesWithTheExpectedWarnings(file: String, constructs: [String]) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.specs.appendingPathComponent(file).path))
        let (_, warnings) = try Generator.generateWithWarnings(specData: Array(bytes), file: "Specs/" + file)
        #expect(warnings.count == constructs.count)
        for (warning, construct) in zip(warnings, constructs) {
            #expect(warning.message.contains(construct), "\(warning)")
        }
    }
}
