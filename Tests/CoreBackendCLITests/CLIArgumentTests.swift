import CommandLineOptions
import Foundation
import Testing

@testable import core_backend

/// Parses and validates a `core-backend` command line in process, as `CommandLineTool.run` does before it
/// runs anything (for `call`, including the operation and its parameters).
func validate(_ arguments: [String]) throws -> ParsedValues? {
    guard let subcommand = CommandLineTool.subcommands.first(where: { $0.name == arguments.first }) else { return nil }
    guard case .values(let values) = try subcommand.command.parse(arguments.dropFirst()) else { return nil }
    if subcommand == CallCommand.self {
        let operation = try CallCommand.operation(api: values.positional[0], named: values.positional[1])
        _ = try CallCommand.arguments(Array(values.positional.dropFirst(2)), for: operation)
    }
    return values
}

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
        #expect(output.stdout.contains("-h, --help") || subcommand.isEmpty)
    }

    @Test(
        "every bad command line is one error naming the option or argument (in process)",
        arguments: [
            (["demo", "--verbose"], "unknown option '--verbose'"),
            (["demo", "extra"], "unexpected argument 'extra'"),
            (["demo", "--json", "--json"], "--json given more than once"),
            (["call"], "missing argument <api>"),
            (["call", "accounts"], "missing argument <operation>"),
            (["call", "nope", "X"], "invalid value 'nope' for <api>: expected one of accounts, prices, token, tokens"),
            (["call", "accounts", "NoSuchOperation"], "unknown operation 'NoSuchOperation' for accounts"),
            (["call", "accounts", "V2Balances"], "missing required parameter 'address'"),
            (
                ["call", "accounts", "V2Balances", "address"],
                "invalid value 'address' for name=value: expected name=value"
            ),
            (["call", "accounts", "V2Balances", "bogus=1"], "has no parameter 'bogus'"),
            (["call", "accounts", "V2Balances", "address=1", "address=2"], "parameter 'address' given more than once"),
            (
                ["call", "accounts", "V2Balances", "address=0x1", "--base-url", "ftp://x"],
                "invalid value 'ftp://x' for --base-url: expected a http:// or https:// URL"
            ),
            (["call", "accounts", "V2Balances", "address=0x1", "--token"], "missing value for --token"),
            (
                ["call", "accounts", "V2Balances", "address=0x1", "--base-url", "--help"],
                "missing value for --base-url"
            ),
            (
                ["call", "accounts", "V2Balances", "address=0x1", "--token", "a", "--token", "b"],
                "--token given more than once"
            ),
            (
                ["call", "accounts", "V2Balances", "address=0x1", "--token", "a", "--token-file", "f"],
                "use either --token or --token-file, not both"
            ),
            (["endpoints", "nope"], "invalid value 'nope' for <api>"),
            (["endpoints", "prices", "token"], "unexpected argument 'token'"),
            (["mock", "--port", "99999"], "invalid value '99999' for --port: expected an integer from 0 to 65535"),
            (["mock", "--port", "x"], "invalid value 'x' for --port"),
            (["mock", "--port", "-3"], "invalid value '-3' for --port"),
            (["mock", "--port"], "missing value for --port"),
            (["watch"], "missing --url"),
            (
                ["watch", "--url", "http://x", "--address", "eip155:0:0x1"],
                "invalid value 'http://x' for --url: expected a ws:// or wss:// URL"
            ),
            (
                ["watch", "--url", "ws://127.0.0.1:1", "--address", "not an id"],
                "invalid value 'not an id' for --address: expected a CAIP-10"
            ),
            (["watch", "--url", "ws://127.0.0.1:1"], "missing --address"),
            (
                ["watch", "--url", "ws://h", "--address", "0x1", "--count", "0"],
                "invalid value '0' for --count: expected a positive integer"
            ),
            (
                ["watch", "--url", "ws://h", "--address", "0x1", "--count", "x"],
                "invalid value 'x' for --count: expected a positive integer"
            ),
            (
                ["watch", "--url", "ws://h", "--address", "0x1", "--count", "-3"],
                "invalid value '-3' for --count: expected a positive integer"
            ),
            (
                ["watch", "--url", "ws://h", "--address", "0x1", "--count", "1", "--count", "2"],
                "--count given more than once"
            ),
            (
                ["watch", "--url", "wss://h", "--address", "0x1", "--ca-file", "/nonexistent.pem"],
                "invalid value '/nonexistent.pem' for --ca-file: cannot read the file"
            ),
            (
                ["watch", "--url", "ws://h", "--address", "0x1", "--token", "two words"],
                "invalid value for --token: the token must be printable ASCII without spaces or control characters"
            ),
        ])
    func usageErrors(arguments: [String], message: String) {
        do {
            _ = try validate(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(String(describing: error).contains(message), "\(error)")
            #expect(error is CommandLineError)
        }
    }

    @Test(
        "the command lines README.md shows parse",
        arguments: [
            ["demo"], ["demo", "--json"], ["endpoints"], ["endpoints", "prices", "--json"], ["mock", "--port", "8080"],
            ["call", "accounts", "V2Balances", "address=0x1", "networks=1,137", "--base-url", "http://127.0.0.1:8080"],
            ["call", "prices", "V3SpotPrices", "assetIds=eip155:1/slip44:60"],
            [
                "watch", "--url", "wss://gateway.example/v1", "--token", "JWT", "--address", "eip155:0:0xabc",
                "--count", "10",
            ],
            ["watch", "--url=ws://127.0.0.1:1", "--address=0xabc", "--count=1"],
        ])
    func readmeLines(arguments: [String]) throws {
        #expect(try validate(arguments) != nil)
    }

    @Test("parsed values are typed: watch's count and url, mock's default port, --help after --")
    func typedValues() throws {
        let watch = try #require(try validate(["watch", "--url", "wss://h/v1", "--address", "0xabc", "--count", "3"]))
        #expect(watch[WatchCommand.count] == 3)
        #expect(watch[WatchCommand.url] == "wss://h/v1")
        #expect(watch[WatchCommand.caFile] == nil)
        let mock = try #require(try validate(["mock"]))
        #expect(mock[MockCommand.port] == 0)
        let call = try #require(try validate(["call", "accounts", "V2Balances", "--", "address=--help"]))
        #expect(call.positional == ["accounts", "V2Balances", "address=--help"])
        // --help where an option may stand is help, even after an error.
        guard case .help = try WatchCommand.command.parse(["--count", "x", "--help"]) else {
            Issue.record("not help")
            return
        }
    }

    @Test(
        "bad arguments exit 64 with the error and the usage on stderr, nothing on stdout",
        arguments: [
            ([], "missing subcommand"),
            (["bogus"], "unknown subcommand 'bogus'"),
            (["demo", "--verbose"], "unknown option '--verbose'"),
            (["call", "accounts", "NoSuchOperation"], "unknown operation 'NoSuchOperation'"),
            (["watch", "--url", "ws://h", "--address", "0x1", "--count", "x"], "invalid value 'x' for --count"),
            (["watch", "--url", "--help", "--address", "0x1"], "missing value for --url"),
        ])
    func exitStatus(arguments: [String], message: String) async throws {
        let output = try await CLIProcess.run(arguments)
        #expect(output.status == 64)
        #expect(output.stderr.contains("error: " + message), "stderr: \(output.stderr)")
        #expect(output.stderr.contains("USAGE: core-backend"))
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
