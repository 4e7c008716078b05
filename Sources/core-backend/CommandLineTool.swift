import Foundation

/// Exit statuses of `core-backend`.
enum ExitStatus: Int32 {
    /// Success (also `--help`).
    case success = 0
    /// The command ran and failed (network, server, decoding).
    case failure = 1
    /// Bad arguments.
    case usage = 2
}

/// A usage error: printed with the command's usage, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One subcommand.
protocol Subcommand: Sendable {
    /// The name typed on the command line.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full help text.
    static var usage: String { get }
    /// Parses arguments (throwing `UsageError`) and runs.
    static func run(_ arguments: [String]) async throws -> ExitStatus
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
            printError(usage)
            return .usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            print(usage)
            return .success
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            printError("error: unknown subcommand '\(TerminalText.escape(first))'\n\n" + usage)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.usage)
            return .success
        }
        do {
            return try await command.run(rest)
        } catch let error as UsageError {
            printError("error: \(TerminalText.escape(error.message))\n\n" + command.usage)
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

/// Parses `--flag value` and `--switch` options; everything else is positional.
struct ParsedArguments {
    var positional: [String] = []
    var values: [String: String] = [:]
    var switches: Set<String> = []

    init(_ arguments: [String], valueOptions: Set<String>, switchOptions: Set<String>) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valueOptions.contains(argument) {
                guard index + 1 < arguments.count else { throw UsageError(message: "missing value for \(argument)") }
                values[argument] = arguments[index + 1]
                index += 2
            } else if switchOptions.contains(argument) {
                switches.insert(argument)
                index += 1
            } else if argument.hasPrefix("--") {
                throw UsageError(message: "unknown option '\(argument)'")
            } else {
                positional.append(argument)
                index += 1
            }
        }
    }

    func integer(_ option: String) throws -> Int? {
        guard let text = values[option] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw UsageError(message: "\(option) expects a non-negative integer, got '\(text)'")
        }
        return value
    }
}
