import Foundation

/// Where a command's bearer token comes from: `--token`, `--token-file` or `CORE_BACKEND_TOKEN`.
///
/// `--token` shows the token to anyone who can list processes; the file and the environment variable
/// do not. Whatever the source, the token is registered with ``TerminalText`` so it is never printed.
enum TokenOption {
    /// The environment variable read when neither option is given.
    static let environmentVariable = "CORE_BACKEND_TOKEN"
    /// The options to declare as value options.
    static let options: Set<String> = ["--token", "--token-file"]
    /// The largest token file read.
    static let maximumFileSize = 64 << 10

    /// Help lines for the two options, after `--token T  <what the token is sent as>`.
    static let help = """
          --token-file PATH  Read the token from PATH (surrounding whitespace and newlines are removed)
                             With neither option, the token is read from $\(environmentVariable) when set.
                             The token is never printed.
        """

    /// The token from the options or the environment, or `nil` when there is none.
    static func resolve(
        _ parsed: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String? {
        let token: String?
        switch (parsed.values["--token"], parsed.values["--token-file"]) {
        case (.some, .some):
            throw UsageError(message: "use either --token or --token-file, not both")
        case (let value?, nil):
            token = value
        case (nil, let path?):
            token = try read(path)
        case (nil, nil):
            token = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let token else { return nil }
        // A token goes into a header or a query parameter: printable ASCII without spaces only, so it can
        // never split a header line.
        guard !token.isEmpty, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw UsageError(message: "the token must be printable ASCII without spaces or control characters")
        }
        TerminalText.addSecret(token)
        return token
    }

    private static func read(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageError(message: "--token-file: cannot read '\(path)'")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileSize + 1)) ?? nil
        guard let data, data.count <= maximumFileSize else {
            throw UsageError(message: "--token-file: '\(path)' is empty or larger than \(maximumFileSize) bytes")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw UsageError(message: "--token-file: '\(path)' is empty") }
        return token
    }
}
