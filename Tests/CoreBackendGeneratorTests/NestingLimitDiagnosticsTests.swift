import Foundation
import Testing

@testable import CoreBackendGenerator

/// Runs `body` on a thread with an 8 MiB stack, the main-thread stack of the generator process the build
/// plugin runs (Swift Testing's own threads may have less), and returns its result.
private func onGeneratorStack<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

private func arrays(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
}

/// A spec nested too deep fails with one `file: JSON-pointer: message` line naming the first array or
/// object too deep, never by overflowing the generator's stack.
@Suite("Diagnostics: nesting limit")
struct NestingLimitDiagnosticsTests {
    static let limit = JSONParser.maximumDepth
    static let message = "invalid JSON: arrays and objects nested deeper than 256 levels"
    /// Where the fixture's example value sits, and how many levels are around it.
    static let examplePointer = "/paths/~1v1~1things/get/responses/200/content/application~1json/examples/default/value"
    static let exampleLevels = 11

    /// The fixture with an `extra` member of `levels` nested arrays in its example value.
    static func fixture(extraLevels levels: Int) -> String {
        var spec = SpecFixture()
        spec.media =
            ##"{ "schema": { "$ref": "#/components/schemas/Thing" }, "examples": { "default": { "value": { "id": "a", "extra": "##
            + arrays(levels) + " } } } }"
        return spec.json
    }

    static func parseDiagnostics(_ json: String) -> [String] {
        do {
            _ = try Generator.parseJSON(Array(json.utf8), file: fixtureFile)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func limitIs256() {
        #expect(JSONParser.maximumDepth == 256)
    }

    // A spec at the limit generates; one level deeper is reported at the array that is too deep.
    @Test func specAtAndOverTheLimit() async {
        let levels = Self.limit - Self.exampleLevels
        let (atLimit, over) = await onGeneratorStack {
            (diagnosticLines(Self.fixture(extraLevels: levels)), diagnosticLines(Self.fixture(extraLevels: levels + 1)))
        }
        #expect(atLimit == [])
        let pointer = Self.examplePointer + "/extra" + String(repeating: "/0", count: levels)
        #expect(over == ["Specs/test.json: \(pointer): \(Self.message)"])
    }

    // parseJSON alone: arrays and objects, the pointer escaping keys as RFC 6901 says.
    @Test func parseJSONAtAndOverTheLimit() async {
        let deepObjects =
            String(repeating: #"{"a/b":"#, count: Self.limit + 1) + "1" + String(repeating: "}", count: Self.limit + 1)
        let documents = [arrays(Self.limit), arrays(Self.limit + 1), deepObjects]
        let results = await onGeneratorStack { documents.map(Self.parseDiagnostics) }
        #expect(results[0] == [])
        #expect(results[1] == ["Specs/test.json: \(String(repeating: "/0", count: Self.limit)): \(Self.message)"])
        #expect(results[2] == ["Specs/test.json: \(String(repeating: "/a~1b", count: Self.limit)): \(Self.message)"])
    }

    // The generator the build plugin runs: a hostile spec fails the build with the diagnostic (exit 1).
    @Test func generatorExecutableRejectsHundredThousandLevels() async throws {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.pathExtension == "xctest" || ["Contents", "MacOS"].contains(directory.lastPathComponent) {
            directory.deleteLastPathComponent()
        }
        let executable = directory.appendingPathComponent("core-backend-generator")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build the package first")
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("deep-\(UUID().uuidString).json")
        try Data(arrays(100_000).utf8).write(to: spec)
        defer { try? FileManager.default.removeItem(at: spec) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--check", spec.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        // Read and wait on a thread of its own: the generator takes seconds in a debug build, and a blocked
        // cooperative thread would stall every other test's timers meanwhile.
        let stderr = await onGeneratorStack {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(stderr == "\(spec.path): \(String(repeating: "/0", count: Self.limit)): \(Self.message)\n")
    }
}
