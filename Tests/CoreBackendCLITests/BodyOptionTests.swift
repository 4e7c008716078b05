import CommandLineOptions
import CoreBackend
import Foundation
import Testing

@testable import core_backend

/// `core-backend call … --body`: inline JSON or `@file`, refused for reads.
@Suite("core-backend call --body")
struct BodyOptionTests {
    @Test func inlineAndFileBodies() throws {
        #expect(try BodyOption.parse(#"{"name":"Rex"}"#) == .object(["name": .string("Rex")]))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("body-\(UUID().uuidString).json")
        try Data(#"[1, 2]"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try BodyOption.parse("@" + file.path) == .array([.number(1), .number(2)]))
    }

    @Test func badBodiesAreRejected() {
        #expect(throws: ValueParser<JSONValue>.Rejection.self) { try BodyOption.parse("{not json") }
        #expect(throws: ValueParser<JSONValue>.Rejection.self) { try BodyOption.parse("@/nonexistent/body.json") }
        let huge = "\"" + String(repeating: "x", count: BodyOption.maximumSize) + "\""
        #expect(throws: ValueParser<JSONValue>.Rejection.self) { try BodyOption.parse(huge) }
    }

    @Test func aReadTakesNoBody() throws {
        let read = try #require(ApiPlatformClient.operations.first { $0.method == "GET" })
        #expect(throws: CommandLineError.self) { try BodyOption.argument(.object([:]), for: read) }
        #expect(try BodyOption.argument(nil, for: read) == nil)
        var write = read
        write.method = "POST"
        #expect(try BodyOption.argument(.null, for: write) == .null)
    }

    @Test func theOptionIsDeclaredOnCall() throws {
        let parsed = try CallCommand.command.parse(["accounts", "V2ActiveNetworks", "--body", "{}"])
        guard case .values(let values) = parsed else {
            Issue.record("expected values")
            return
        }
        #expect(values[BodyOption.body] == .object([:]))
    }
}
