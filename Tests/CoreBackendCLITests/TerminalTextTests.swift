import CommandLineOptions
import CoreBackend
import Foundation
import Testing

@testable import core_backend

@Suite("core-backend: escaping server text and finding the token")
struct TerminalTextTests {
    @Test("control characters become visible escapes (UntrustedText's rule); letters and emoji stay")
    func escape() {
        #expect(TerminalText.escape("plain ünïcødé ✓ 🦊") == "plain ünïcødé ✓ 🦊")
        #expect(
            TerminalText.escape("a\u{1B}[31mred\u{9B}2J\n\t\r\u{7F}\u{0}\u{202E}x\u{2066}\u{2028}")
                == #"a\u{1B}[31mred\u{9B}2J\u{A}\u{9}\u{D}\u{7F}\u{0}\u{202E}x\u{2066}\u{2028}"#)
        let escaped = TerminalText.escape("\u{1B}]0;title\u{7}\u{85}")
        #expect(!escaped.unicodeScalars.contains(where: UntrustedText.isUnsafe))
        // The same rule as the runtime's error messages, without their length cap and URL redaction.
        let long = String(repeating: "\u{1B}x", count: 300) + "?token=abc"
        #expect(TerminalText.escape(long) == UntrustedText.escape(long))
        #expect(TerminalText.escape(long).hasSuffix("x?token=abc"))
    }

    @Test("JSON output: DEL, C1 and bidi controls are escaped too, and the JSON still means the same")
    func escapeJSON() throws {
        let value: JSONValue = ["reason": .string("\u{1B}[2J\u{7F}\u{9B}31m\u{202E}done\u{2029}")]
        let json = TerminalText.escapeJSON(try JSONText.compact(value))
        #expect(!json.unicodeScalars.contains(where: UntrustedText.isUnsafe), "\(json)")
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) == value)
        // Pretty-printing layout (newlines, indentation) stays as it is.
        let pretty = try JSONText.pretty(value)
        #expect(
            TerminalText.escapeJSON(pretty).components(separatedBy: "\n").count
                == pretty.components(separatedBy: "\n").count)
    }

    @Test("a close reason is printed escaped")
    func closeLine() {
        #expect(
            WatchCommand.closeLine(code: 4000, reason: "bye\u{1B}[1A\u{1B}[2K")
                == #"connection closed (4000): bye\u{1B}[1A\u{1B}[2K"#)
        #expect(WatchCommand.closeLine(code: .infinity, reason: nil) == "connection closed (?): ")
    }

    @Test("the token comes from --token, --token-file or CORE_BACKEND_TOKEN, in that order of precedence")
    func tokenSources() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try Data("  file-token\n\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ["CORE_BACKEND_TOKEN": "env-token"]
        let command = Command(
            name: "test", overview: "", options: TokenOption.options, exclusiveGroups: [TokenOption.exclusiveGroup])
        func resolve(_ arguments: [String], _ environment: [String: String] = environment) throws -> String? {
            guard case .values(let values) = try command.parse(arguments) else { return "help" }
            return try TokenOption.resolve(values, environment: environment)
        }
        #expect(try resolve(["--token", "flag-token"]) == "flag-token")
        #expect(try resolve(["--token-file", file.path]) == "file-token")
        #expect(try resolve([]) == "env-token")
        #expect(try resolve([], [:]) == nil)
        #expect(try resolve([], ["CORE_BACKEND_TOKEN": ""]) == nil)
        let notPrintable = "the token must be printable ASCII without spaces or control characters"
        #expect(throws: CommandLineError.conflictingOptions("--token", "--token-file")) {
            try resolve(["--token", "a", "--token-file", file.path])
        }
        #expect(
            throws: CommandLineError.invalidValue(
                option: "--token-file", value: "/nonexistent/token", reason: "cannot read the file")
        ) {
            try resolve(["--token-file", "/nonexistent/token"])
        }
        // The token itself is never quoted in an error.
        #expect(throws: CommandLineError.invalidValue(option: "--token", value: nil, reason: notPrintable)) {
            try resolve(["--token", "two words"])
        }
        #expect(throws: CommandLineError.invalidValue(option: "--token", value: nil, reason: notPrintable)) {
            try resolve(["--token", "line\r\nX-Injected: 1"])
        }
        #expect(throws: CommandLineError.invalid("$CORE_BACKEND_TOKEN: \(notPrintable)")) {
            try resolve([], ["CORE_BACKEND_TOKEN": "two words"])
        }
        try Data("  file\u{7}token\n".utf8).write(to: file)
        #expect(throws: CommandLineError.invalidValue(option: "--token-file", value: file.path, reason: notPrintable)) {
            try resolve(["--token-file", file.path])
        }
        try Data("\n  \n".utf8).write(to: file)
        #expect(
            throws: CommandLineError.invalidValue(option: "--token-file", value: file.path, reason: "the file is empty")
        ) {
            try resolve(["--token-file", file.path])
        }
    }

    @Test("registered secrets are redacted from every line")
    func redact() {
        TerminalText.addSecret("unit-SECRET-token")
        #expect(TerminalText.redact("wss://h/v1?token=unit-SECRET-token failed") == "wss://h/v1?token=… failed")
        // Percent-encoded too; other `key=value` text in the output is left alone.
        TerminalText.addSecret("unit+SECRET/2")
        #expect(TerminalText.redact("t=unit%2BSECRET%2F2 key=abc") == "t=… key=abc")
    }
}
