import CoreBackendFuzzing
import Foundation
import Testing

/// Replays `Fuzz/Regressions/<target>/` and the seed corpora `Fuzz/Corpus/<target>/` through the fuzz
/// entry points, so every crash fuzzing found stays fixed under plain `swift test`.
///
/// Files named `*.pending` are inputs whose fix has not landed yet: they are skipped (replaying one
/// would crash the test process). Drop the suffix once the fix is in.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The files of `Fuzz/<folder>/<target>/` to replay, sorted; `.pending` and dot files excluded.
    static func inputs(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".pending") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    static func replay(_ files: [URL], _ target: FuzzTarget) throws {
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            #expect(throws: Never.self, "\(file.lastPathComponent)") {
                try target.run(bytes, stackSize: target.productionStackSize)
            }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsReplayCleanly(_ target: FuzzTarget) throws {
        try Self.replay(Self.inputs("Regressions", target), target)
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedCorpusReplaysCleanly(_ target: FuzzTarget) throws {
        let files = Self.inputs("Corpus", target)
        #expect(!files.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no seeds")
        try Self.replay(files, target)
    }

    @Test func pendingInputsAreSkipped() throws {
        let directory = Self.fuzzDirectory.appendingPathComponent("Regressions/json")
        let pending = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".pending")
        }
        let replayed = Self.inputs("Regressions", .json).map(\.lastPathComponent)
        #expect(replayed.allSatisfy { !$0.hasSuffix(".pending") })
        #expect(Set(replayed).isDisjoint(with: pending))
    }

    @Test func targetsHaveDistinctNamesAndSensibleLengths() {
        #expect(Set(FuzzTarget.allCases.map(\.rawValue)).count == FuzzTarget.allCases.count)
        for target in FuzzTarget.allCases {
            #expect((1024...(1 << 20)).contains(target.maximumInputLength))
        }
    }

    @Test func emptyAndGarbageInputsAreRejectedQuietly() {
        for target in FuzzTarget.allCases {
            #expect(throws: Never.self) { try target.run([]) }
            #expect(throws: Never.self) { try target.run([0xFF, 0xFE, 0x00]) }
        }
        #expect(FuzzFailure("x != y").description == "x != y")
    }
}
