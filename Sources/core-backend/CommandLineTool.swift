import CommandLineOptions
import Foundation

/// Exit statuses of `core-backend`.
enum ExitStatus: Int32 {
    /// Success (also `--help`).
    case success = 0
    /// The command ran and failed (network, server, decoding).
    case failure = 1
    /// Bad arguments: `EX_USAGE`.
    case usage = 64
}

/// One subcommand: its interface declared once as a ``Command``, and what it does with the parsed values.
protocol Subcommand: Sendable {
    /// The name typed on the command line.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// Arguments and options; parsing, validation and help come from it.
    static var command: Command { get }
    /// Runs with validated values; throws ``CommandLineError`` for rules that span several arguments.
    static func run(_ values: ParsedValues) async throws -> ExitStatus
}

/// The root command: dispatches to subcommands and owns `--help`.
enum CommandLineTool {
    static let subcommands: [any Subcommand.Type] = [
        DemoCommand.self, CallCommand.self, EndpointsCommand.self, MockCommand.self, WatchCommand.self,
    ]

    static var usage: String {
        var text = """
            OVERVIEW: CoreBackend — MetaMask backend APIs and real-time account activity for Swift.

            USAGE: core-backend <subcommand> [options]

            SUBCOMMANDS:

            """
        for command in subcommands {
            text += "  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0) + command.abstract + "\n"
        }
        text += "\n  See 'core-backend <subcommand> --help' for details."
        return text
    }

    static func run(_ arguments: [String]) async -> ExitStatus {
        guard let first = arguments.first else {
            printError("error: missing subcommand\n\n" + usage)
            return .usage
        }
        if Command.helpNames.contains(first) || first == "help" {
            print(usage)
            return .success
        }
        guard let subcommand = subcommands.first(where: { $0.name == first }) else {
            printError("error: unknown subcommand \(quote(first))\n\n" + usage)
            return .usage
        }
        do {
            switch try subcommand.command.parse(arguments.dropFirst()) {
            case .help:
                print(subcommand.command.help)
                return .success
            case .values(let values):
                return try await subcommand.run(values)
            }
        } catch let error as CommandLineError {
            printError("error: \(TerminalText.escape(error.description))\n\n" + subcommand.command.help)
            return .usage
        } catch {
            // Error descriptions may quote what a server sent.
            printError("error: \(TerminalText.escape(String(describing: error)))")
            return .failure
        }
    }
}

/// Writes a line to standard error, registered secrets redacted. Escape server text before passing it.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.redact(text) + "\n").utf8))
}

/// Writes `text` to standard output unbuffered, registered secrets redacted. Escape server text first.
func printOutput(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((TerminalText.redact(text) + terminator).utf8))
}
