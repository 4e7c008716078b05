import Foundation
import Testing

@testable import CoreBackendGenerator

/// Whole-file goldens: `Goldens/<name>.json` must generate exactly `Goldens/<Golden>+Generated.swift`.
///
/// Re-record with `RECORD_GOLDENS=1 swift test --filter GoldenTests`: the test then rewrites the golden
/// and fails on purpose, so a recording run is never green. Review the diff and run again.
@Suite("Goldens")
struct GoldenTests {
    /// Whether this run rewrites the goldens.
    private static let isRecording = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"

    // petstore.json exercises every supported construct; its output is compiled by GeneratedGoldenTests.
    @Test func petstore() throws {
        let input = goldensDirectory.appendingPathComponent("petstore.json")
        let output = goldensDirectory.appendingPathComponent("Petstore+Generated.swift")
        let swift = try Generator.generate(specData: contents(of: input), file: "Specs/petstore.json")

        if Self.isRecording {
            try Data(swift.utf8).write(to: output, options: .atomic)
            Issue.record("recorded \(output.lastPathComponent); unset RECORD_GOLDENS and run again")
            return
        }
        guard let golden = FileManager.default.contents(atPath: output.path) else {
            Issue.record("missing \(output.path); record it with RECORD_GOLDENS=1")
            return
        }
        let expected = String(decoding: golden, as: UTF8.self)
        if let difference = firstDifference(expected: expected, actual: swift) {
            Issue.record("\(output.lastPathComponent) is stale (re-record with RECORD_GOLDENS=1):\n\(difference)")
        }
    }

    // The golden covers every construct the generator supports (a guard against a shrinking petstore).
    @Test func petstoreCoversEveryConstruct() throws {
        let input = goldensDirectory.appendingPathComponent("petstore.json")
        let spec = try Generator.parseSpec(
            Generator.parseJSON(contents(of: input), file: "Specs/petstore.json"), file: "Specs/petstore.json")
        #expect(spec.clientName == "PetstoreApiClient")
        #expect(
            spec.operations.map(\.id) == [
                "V1Pets", "V1Pet", "V1Inventory", "AdoptPet", "ReplaceAdoption", "CancelAdoption", "V1PetSearch",
            ])
        #expect(spec.operations.contains { !$0.invalidates.isEmpty && $0.requestBody != nil })
        #expect(spec.operations.contains { $0.retries && $0.response == .void })
        #expect(spec.operations.contains { $0.errorResponse != nil })
        let parameters = spec.operations.flatMap(\.parameters)
        #expect(parameters.contains { $0.swiftName != $0.wireName })
        #expect(parameters.contains { $0.sentDefault != nil && $0.isArgument })
        #expect(parameters.contains { $0.sentDefault != nil && !$0.isArgument })
        #expect(parameters.contains { $0.isKeySorted })
        #expect(parameters.contains { $0.transform == .hexChainIdToDecimal })
        #expect(spec.operations.contains { $0.emptyInput != nil })
        #expect(spec.operations.contains { $0.pagination != nil })
        #expect(spec.operations.contains { $0.returnsNilOnError })
        #expect(!spec.invalidators.isEmpty)

        let swift = Generator.render(spec)
        for construct in [
            "public enum PetStatus:",  // enum
            "case unknown(String)",
            "public enum Age: Codable, Sendable, Hashable",  // oneOf
            "public var tag: String?",  // nullable
            "public var attributes: [String: String]?",  // map
            "public typealias Inventory = [String: Int]",
            "public var photos: [Photo]?",  // array of refs
            "public var location: [Double]?",  // prefixItems tuple
            "public struct Owner: Codable",  // nested inline object
            "public var extra: JSONValue?",  // {}
            "queryOptions?.queryKeyValue",  // $options
        ] {
            #expect(swift.contains(construct), "petstore no longer generates \(construct)")
        }
    }
}
