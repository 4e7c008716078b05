import CommandLineOptions
import Foundation
import Testing

@testable import core_backend_bench

@Suite("core-backend-bench: arguments and help")
struct BenchArgumentTests {
    static func parse(_ arguments: [String]) throws -> ParsedValues? {
        guard case .values(let values) = try BenchOptions.command.parse(arguments) else { return nil }
        return values
    }

    @Test("the command lines README.md shows parse, with the documented defaults")
    func valid() throws {
        let defaults = try #require(try Self.parse([]))
        #expect(defaults[BenchOptions.only] == nil)
        #expect(defaults[BenchOptions.count] == 1_000_000)
        #expect(defaults[BenchOptions.duration] == 600)
        #expect(!defaults[BenchOptions.json])
        for name in BenchOptions.benchmarks {
            #expect(try Self.parse(["--json", "--only", name])?[BenchOptions.only] == name)
        }
        let realtime = try #require(try Self.parse(["--only", "realtime", "--count", "200000"]))
        #expect(realtime[BenchOptions.count] == 200_000)
        #expect(try Self.parse(["--only", "soak", "--duration", "2.5"])?[BenchOptions.duration] == 2.5)
    }

    @Test(
        "bad arguments are errors naming the option (unknown benchmarks list the valid ones)",
        arguments: [
            (
                ["--only", "bogus"],
                "invalid value 'bogus' for --only: expected one of http, cache-hit, cold, websocket, realtime, stages, soak, scale"
            ),
            (["--count", "x"], "invalid value 'x' for --count: expected a positive integer"),
            (["--count", "-3"], "invalid value '-3' for --count"),
            (["--count", "0"], "invalid value '0' for --count"),
            (["--duration", "nan"], "invalid value 'nan' for --duration"),
            // Seconds become whole milliseconds: a huge duration must not overflow Int.
            (
                ["--duration", "1e300"],
                "invalid value '1e300' for --duration: expected a number of at least 0.001 and at most 1000000000"
            ),
            (["--only"], "missing value for --only"),
            (["--only", "http", "--only", "cold"], "--only given more than once"),
            (["realtime"], "unexpected argument 'realtime'"),
            (["--verbose"], "unknown option '--verbose'"),
        ])
    func errors(arguments: [String], message: String) {
        do {
            _ = try Self.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(error is CommandLineError)
            #expect(String(describing: error).hasPrefix(message), "\(error)")
        }
    }

    @Test("the executable: --help exits 0 at once, a bad --only or --count exits 64 before any benchmark runs")
    func executable() async throws {
        let bench = CLIProcess.executable(named: "core-backend-bench")
        let help = try await CLIProcess.run(["--help"], executable: bench, timeout: .seconds(30))
        #expect(help.status == 0)
        #expect(
            help.stdout.contains("USAGE: core-backend-bench [--json] [--only NAME] [--count N] [--duration SECONDS]"))
        for arguments in [["--only", "bogus"], ["--count", "x"]] {
            let output = try await CLIProcess.run(arguments, executable: bench, timeout: .seconds(30))
            #expect(output.status == 64)
            #expect(
                output.stderr.contains("error: invalid value '\(arguments[1])' for \(arguments[0])"), "\(output.stderr)"
            )
            #expect(output.stdout.isEmpty)
        }
    }
}
