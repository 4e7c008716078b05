import Foundation
import Testing

@Suite("core-backend: arguments, help and exit codes")
struct CLIArgumentTests {
    @Test("the executable exists next to the tests")
    func executableExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path))
    }

    @Test("every subcommand has --help, exiting 0", arguments: ["", "demo", "call", "endpoints", "mock", "watch"])
    func help(subcommand: String) async throws {
        let output = try await CLIProcess.run((subcommand.isEmpty ? [] : [subcommand]) + ["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("USAGE: core-backend"))
    }

    @Test(
        "bad arguments exit 2 with a clear message and the usage on stderr",
        arguments: [
            ([], "USAGE"),
            (["bogus"], "unknown subcommand 'bogus'"),
            (["demo", "--verbose"], "unknown option '--verbose'"),
            (["call"], "expected <api> and <operation>"),
            (["call", "nope", "X"], "unknown API 'nope'"),
            (["call", "accounts", "NoSuchOperation"], "unknown operation 'NoSuchOperation'"),
            (["call", "accounts", "V2Balances"], "missing required parameter 'address'"),
            (["call", "accounts", "V2Balances", "address"], "expected name=value"),
            (["call", "accounts", "V2Balances", "bogus=1"], "has no parameter 'bogus'"),
            (["call", "accounts", "V2Balances", "address=0x1", "--base-url", "ftp://x"], "--base-url expects an http(s) URL"),
            (["call", "accounts", "V2Balances", "address=0x1", "--token"], "missing value for --token"),
            (["endpoints", "nope"], "unknown API 'nope'"),
            (["mock", "--port", "99999"], "--port must be at most 65535"),
            (["mock", "--port", "x"], "--port expects a non-negative integer"),
            (["watch"], "missing --url"),
            (["watch", "--url", "http://x", "--address", "eip155:0:0x1"], "--url expects a ws:// or wss:// URL"),
            (["watch", "--url", "ws://127.0.0.1:1", "--address", "not an id"], "--address expects a CAIP-10 account id"),
            (["watch", "--url", "ws://127.0.0.1:1"], "missing --address"),
            (["watch", "--url", "ws://127.0.0.1:1", "--address", "eip155:0:0x1", "--count", "0"], "--count must be at least 1"),
            (["watch", "--url", "wss://127.0.0.1:1", "--address", "eip155:0:0x1", "--ca-file", "/nonexistent.pem"], "--ca-file: cannot read"),
        ])
    func usageErrors(arguments: [String], message: String) async throws {
        let output = try await CLIProcess.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("endpoints lists every operation; --json prints one object per operation")
    func endpoints() async throws {
        let text = try await CLIProcess.run(["endpoints"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("accounts V5MultiAccountBalances  GET /v5/multiaccount/balances"))
        #expect(text.stdout.contains("chainIds=[String]  query, optional (sent as networks)"))
        let json = try await CLIProcess.run(["endpoints", "--json"])
        #expect(json.lines.count == 43)
        let first = try JSONSerialization.jsonObject(with: Data(json.lines[0].utf8)) as? [String: Any]
        #expect(first?["api"] as? String == "accounts")
        let prices = try await CLIProcess.run(["endpoints", "prices", "--json"])
        #expect(prices.lines.count == 17)
    }
}
