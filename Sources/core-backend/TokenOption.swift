import CommandLineOptions
import Foundation

/// Where a command's bearer token comes from: `--token`, `--token-file` or `CORE_BACKEND_TOKEN`.
///
/// `--token` shows the token to anyone who can list processes; the file and the environment variable
/// do not. Whatever the source, the token is registered with ``TerminalText`` so it is never printed,
/// and no error quotes it.
enum TokenOption {
    /// The environment variable read when neither option is given.
    static let environmentVariable = "CORE_BACKEND_TOKEN"
    /// The largest token file read.
    static let maximumFileSize = 64 << 10

    /// `--token T`.
    static let token = Option(
        name: "--token", valueName: "T",
        help: "The bearer token (visible in process listings: prefer --token-file or $\(environmentVariable)).",
        parser: ValueParser(checked), isSecret: true)

    /// `--token-file PATH`: the value is the token read from the file.
    static let tokenFile = Option(
        name: "--token-file", valueName: "PATH",
        help: """
            Read the token from PATH (surrounding whitespace and newlines are removed).
            With neither option, the token is read from $\(environmentVariable) when set.
            The token is never printed.
            """,
        parser: ValueParser(read))

    /// The two options, to declare on a command together with ``exclusiveGroup``.
    static let options: [any OptionDeclaration] = [token, tokenFile]
    /// At most one of the two.
    static let exclusiveGroup = [token.name, tokenFile.name]

    /// The token from the options or the environment, or `nil` when there is none.
    static func resolve(
        _ values: ParsedValues, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CommandLineError) -> String? {
        var token = values[token] ?? values[tokenFile]
        if token == nil, let value = environment[environmentVariable], !value.isEmpty {
            do {
                token = try checked(value)
            } catch {
                throw .invalid("$\(environmentVariable): \(error.reason)")
            }
        }
        guard let token else { return nil }
        TerminalText.addSecret(token)
        return token
    }

    /// A token goes into a header or a query parameter: printable ASCII without spaces only, so it can
    /// never split a header line.
    private static func checked(_ token: String) throws(ValueParser<String>.Rejection) -> String {
        guard !token.isEmpty, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .init("the token must be printable ASCII without spaces or control characters")
        }
        return token
    }

    private static func read(_ path: String) throws(ValueParser<String>.Rejection) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .init("cannot read the file") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileSize + 1)) ?? nil
        guard let data, data.count <= maximumFileSize else {
            throw .init("the file is empty or larger than \(maximumFileSize) bytes")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .init("the file is empty") }
        return try checked(token)
    }
}
