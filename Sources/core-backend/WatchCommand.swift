import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend watch`: streams an address's real-time account activity as JSON lines.
enum WatchCommand: Subcommand {
    static let name = "watch"
    static let abstract = "Stream an address's real-time account activity as JSON lines."
    static let usage = """
        OVERVIEW: Connect to a backend WebSocket, subscribe an address's account-activity channel and print
        every event as one JSON object per line: {"event": "<name>", "payload": {...}}. Events:
        balanceUpdated, transactionUpdated, statusChanged, subscriptionError, connectionStateChanged.
        Reconnects automatically; diagnostics go to standard error.

        USAGE: core-backend watch --url <ws-url> --address <caip-10> [--token T | --token-file PATH] [--ca-file PEM]
                                  [--count N]

        OPTIONS:
          --url URL          ws:// or wss:// URL of the backend WebSocket, e.g. wss://gateway.example/v1
          --address ID       CAIP-10 account id (eip155:0:0xabc… watches every EVM chain) or a bare 0x address
          --token T          Bearer token, sent as the 'token' query parameter (as upstream does)
        \(TokenOption.help)
          --ca-file PEM      Also trust this CA certificate for wss:// (in addition to the system store)
          --count N          Exit 0 after N events (default: run until interrupted)
        """

    static func run(_ arguments: [String]) async throws -> ExitStatus {
        let parsed = try ParsedArguments(
            arguments, valueOptions: Set(["--url", "--address", "--ca-file", "--count"]).union(TokenOption.options), switchOptions: [])
        guard parsed.positional.isEmpty else { throw UsageError(message: "unexpected argument '\(parsed.positional[0])'") }
        guard let urlText = parsed.values["--url"] else { throw UsageError(message: "missing --url") }
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
            url.host?.isEmpty == false
        else { throw UsageError(message: "--url expects a ws:// or wss:// URL, got '\(urlText)'") }
        guard let address = parsed.values["--address"] else { throw UsageError(message: "missing --address") }
        guard isAccountId(address) else {
            throw UsageError(message: "--address expects a CAIP-10 account id such as eip155:0:0xabc… or a 0x address, got '\(address)'")
        }
        let count = try parsed.integer("--count")
        if count == 0 { throw UsageError(message: "--count must be at least 1") }
        var transport = BuiltinWebSocketTransport.Configuration()
        if let caFile = parsed.values["--ca-file"] {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw UsageError(message: "--ca-file: cannot read '\(caFile)'")
            }
            transport.additionalTrustedCAFile = caFile
        }

        let token = try TokenOption.resolve(parsed)
        let stack = try RealtimeStack(
            url: urlText, token: token,
            options: BackendWebSocketServiceOptions(
                url: urlText,
                trace: { trace in
                    guard trace.name.hasSuffix("Disconnection") else { return }
                    printError(closeLine(code: trace.data["code"]?.numberValue, reason: trace.data["reason"]?.stringValue))
                },
                transport: BuiltinWebSocketTransport(configuration: transport)),
            captureException: { error in printError("error: \(TerminalText.escape(String(describing: error)))") })
        defer { stack.destroy() }
        let events = stack.events()
        try await stack.accountActivity.subscribe(address: address)
        do {
            try await stack.webSocket.connect()
        } catch {
            printError("first connection attempt failed: \(TerminalText.escape(String(describing: error))); retrying in the background")
        }
        var printed = 0
        for await event in events {
            let line = try JSONText.compact(["event": .string(event.name), "payload": event.payload])
            printOutput(TerminalText.escapeJSON(line))
            printed += 1
            if let count, printed >= count { break }
        }
        return .success
    }

    /// The stderr line for a closed connection; the reason is the server's, so it is escaped.
    static func closeLine(code: Double?, reason: String?) -> String {
        let code = code.flatMap { $0.isFinite && abs($0) < 1e9 ? String(Int($0)) : nil } ?? "?"
        return "connection closed (\(code)): \(TerminalText.escape(reason ?? ""))"
    }

    /// CAIP-10 (`namespace:reference:address`, each part non-empty and of the allowed characters) or `0x…`.
    static func isAccountId(_ text: String) -> Bool {
        if text.hasPrefix("0x") { return text.count > 2 && text.dropFirst(2).allSatisfy(\.isHexDigit) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        let namespace = parts[0].allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && (3...8).contains(parts[0].count)
        let reference = parts[1].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } && (1...32).contains(parts[1].count)
        let account = parts[2].allSatisfy { $0.isLetter || $0.isNumber || "-.%".contains($0) } && (1...128).contains(parts[2].count)
        return namespace && reference && account && parts.allSatisfy { $0.allSatisfy(\.isASCII) }
    }
}
