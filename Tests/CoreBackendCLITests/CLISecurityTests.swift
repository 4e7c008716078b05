import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

/// The token reaches the server from every source and never the terminal; server text is escaped.
@Suite("core-backend: token sources, no token in output, escaped server text", .serialized)
struct CLISecurityTests {
    static let secret = "cli-SECRET-tok-31337"

    static func expectNoSecret(_ output: CLIProcess.Output, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.stdout.contains("SECRET"), "stdout: \(output.stdout)", sourceLocation: sourceLocation)
        #expect(!output.stderr.contains("SECRET"), "stderr: \(output.stderr)", sourceLocation: sourceLocation)
    }

    @Test("call reads the token from CORE_BACKEND_TOKEN and from --token-file")
    func tokenSources() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let arguments = ["call", "accounts", "V1SupportedNetworks", "--base-url", backend.baseURL.absoluteString]
        let fromEnvironment = try await CLIProcess.run(
            arguments, environment: ["CORE_BACKEND_TOKEN": "env-\(Self.secret)"])
        #expect(fromEnvironment.status == 0, "stderr: \(fromEnvironment.stderr)")
        #expect(backend.requests.last?.header("Authorization") == "Bearer env-\(Self.secret)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cli-token-\(UUID().uuidString)")
        try Data("file-\(Self.secret)\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await CLIProcess.run(arguments + ["--token-file", file.path])
        #expect(fromFile.status == 0, "stderr: \(fromFile.stderr)")
        #expect(backend.requests.last?.header("Authorization") == "Bearer file-\(Self.secret)")
        Self.expectNoSecret(fromEnvironment)
        Self.expectNoSecret(fromFile)
    }

    @Test("a failing call prints no token, whatever the failure", arguments: [500, 401, 200])
    func failingCall(status: Int) async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        // 200 with a body that does not decode: a decoding error.
        backend.override(
            "accounts", "V1SupportedNetworks", with: .init(status: status, body: status == 200 ? "[1" : nil))
        let output = try await CLIProcess.run([
            "call", "accounts", "V1SupportedNetworks", "--base-url", backend.baseURL.absoluteString, "--token",
            Self.secret,
        ])
        #expect(output.status == 1)
        #expect(backend.requests.last?.header("Authorization") == "Bearer \(Self.secret)")
        Self.expectNoSecret(output)
    }

    @Test("escape sequences in a server's strings reach the terminal escaped, and the JSON still decodes")
    func escapedResponse() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let operation = try #require(ApiPlatformClient.operations.first { $0.id == "accounts.V2Balances" })
        let example = try #require(operation.examples.first)
        let hostile = #"\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eETH"#
        let body = example.replacingOccurrences(of: #""ETH""#, with: "\"\(hostile)\"")
        #expect(body != example)
        backend.override("accounts", "V2Balances", with: .init(body: body))
        let output = try await CLIProcess.run([
            "call", "accounts", "V2Balances", "address=0x1", "--base-url", backend.baseURL.absoluteString,
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let raw = output.stdout.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E
        }
        #expect(raw.isEmpty, "raw control characters in: \(output.stdout.debugDescription)")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(output.stdout.utf8))
        let symbols = json["balances"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } ?? []
        #expect(symbols.contains("\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m\u{202E}ETH"), "\(symbols)")
    }

    @Test("watch never prints its token, even when the server rejects it")
    func watchRejected() async throws {
        let socket = try MockWebSocketBackend(configuration: .init(requiredToken: "right"))
        defer { socket.stop() }
        let output = try await CLIProcess.run(
            ["watch", "--url", socket.url.absoluteString, "--address", "0xabc", "--count", "3"],
            environment: ["CORE_BACKEND_TOKEN": Self.secret], timeout: .seconds(30))
        #expect(output.status == 0)
        #expect(output.stderr.contains("401"), "stderr: \(output.stderr)")
        Self.expectNoSecret(output)
    }
}
