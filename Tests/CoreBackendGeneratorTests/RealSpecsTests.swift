import Foundation
import Testing

@testable import CoreBackendGenerator

/// The specs that ship in `Specs/` generate cleanly and deterministically.
@Suite("Real specs")
struct RealSpecsTests {
    /// Each spec with its operation count (plus infinite-query builders).
    static let specs: [(file: String, operations: Int, paginated: Int)] = [
        ("accounts.json", 13, 1),
        ("prices.json", 17, 0),
        ("token.json", 10, 0),
        ("tokens.json", 3, 0),
    ]

    // Every shipped spec parses and validates without diagnostics, with the expected operation count.
    @Test(arguments: specs.map(\.file))
    func generatesWithoutDiagnostics(file: String) throws {
        let bytes = contents(of: packageRoot.appendingPathComponent("Specs").appendingPathComponent(file))
        let name = "Specs/" + file
        let spec: APISpec
        do {
            spec = try Generator.parseSpec(Generator.parseJSON(bytes, file: name), file: name)
        } catch {
            Issue.record("\(name) was rejected:\n\(error.description)")
            return
        }
        let expected = try #require(Self.specs.first { $0.file == file })
        #expect(spec.operations.count == expected.operations)
        #expect(spec.operations.filter { $0.pagination != nil }.count == expected.paginated)
        #expect(!Generator.render(spec).isEmpty)
    }

    // Rendering the same spec twice, from two independent parses, gives identical bytes.
    @Test(arguments: specs.map(\.file) + ["petstore"])
    func renderingIsDeterministic(file: String) throws {
        let url =
            file == "petstore"
            ? goldensDirectory.appendingPathComponent("petstore.json")
            : packageRoot.appendingPathComponent("Specs").appendingPathComponent(file)
        let bytes = contents(of: url)
        let first = try Generator.generate(specData: bytes, file: "Specs/" + url.lastPathComponent)
        let second = try Generator.generate(specData: bytes, file: "Specs/" + url.lastPathComponent)
        #expect(Array(first.utf8) == Array(second.utf8))
    }

    // Operation ids are unique across all specs (they become method names on one facade).
    @Test func operationIdsAreUniqueAcrossSpecs() throws {
        var seen: [String: String] = [:]
        for (file, _, _) in Self.specs {
            let name = "Specs/" + file
            let bytes = contents(of: packageRoot.appendingPathComponent("Specs").appendingPathComponent(file))
            let spec = try Generator.parseSpec(Generator.parseJSON(bytes, file: name), file: name)
            for id in spec.operations.flatMap({ [$0.id] + ($0.pagination.map { [$0.operationId] } ?? []) }) {
                if let other = seen[id] { Issue.record("operationId \(id) is in both \(other) and \(name)") }
                seen[id] = name
            }
        }
    }

    // The API name comes from the file name.
    @Test func apiNameFromFile() {
        #expect(Generator.apiName(forFile: "Specs/accounts.json") == "accounts")
        #expect(Generator.apiName(forFile: "prices.json") == "prices")
        #expect(Generator.apiName(forFile: "/abs/path/token") == "token")
    }
}
