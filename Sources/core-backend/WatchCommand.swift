import CommandLineOptions
import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend watch`: streams an address's real-time account activity as JSON lines.
enum WatchCommand: Subcommand {
    static let name = "watch"
    static let abstract = "Stream an address's real-time account activity as JSON lines."
    static let url = Option(
        name: "--url", valueName: "URL",
        help: "ws:// or wss:// URL of the backend WebSocket, e.g. wss://gateway.example/v1",
        parser: ValueParser.url(schemes: ["ws", "wss"]).map(\.absoluteString), isRequired: true)
    static let address = Option(
        name: "--address", valueName: "ID",
        help: "CAIP-10 account id (eip155:0:0xabc… watches every EVM chain) or a bare 0x address",
        parser: ValueParser.string.validated { (text: String) throws(ValueParser<String>.Rejection) in
            guard isAccountId(text) else {
                throw .init("expected a CAIP-10 account id such as eip155:0:0xabc… or a 0x address")
            }
        },
        isRequired: true)
    static let caFile = Option(
        name: "--ca-file", valueName: "PEM",
        help: "Also trust this CA certificate for wss:// (in addition to the system store)",
        parser: .readableFile)
    static let count = Option(
        name: "--count", valueName: "N", help: "Exit 0 after N events (default: run until interrupted)",
        parser: .integer(in: 1...Int.max))

    static let command = Command(
        name: "core-backend watch",
        overview: """
            Connect to a backend WebSocket, subscribe an address's account-activity channel and print
            every event as one JSON object per line: {"event": "<name>", "payload": {...}}. Events:
            balanceUpdated, transactionUpdated, statusChanged, subscriptionError, connectionStateChanged.
            Reconnects automatically; diagnostics go to standard error. A token is sent as the 'token'
            query parameter (as upstream does).
            """,
        options: [url, address] + TokenOption.options + [caFile, count], exclusiveGroups: [TokenOption.exclusiveGroup],
        examples: [
            "core-backend watch --url wss://gateway.example/v1 --token-file ~/.jwt --address eip155:0:0xabc --count 10"
        ])

    static func run(_ values: ParsedValues) async throws -> ExitStatus {
        let urlText = try values.value(url)
        var transport = BuiltinWebSocketTransport.Configuration()
        transport.additionalTrustedCAFile = values[caFile]
        let token = try TokenOption.resolve(values)
        let stack = try RealtimeStack(
            url: urlText, token: token,
            options: BackendWebSocketServiceOptions(
                url: urlText,
                trace: { trace in
                    guard trace.name.hasSuffix("Disconnection") else { return }
                    printError(
                        closeLine(code: trace.data["code"]?.numberValue, reason: trace.data["reason"]?.stringValue))
                },
                transport: BuiltinWebSocketTransport(configuration: transport)),
            captureException: { error in printError("error: \(TerminalText.escape(String(describing: error)))") })
        defer { stack.destroy() }
        let events = stack.events()
        try await stack.accountActivity.subscribe(address: try values.value(address))
        do {
            try await stack.webSocket.connect()
        } catch {
            printError(
                "first connection attempt failed: \(TerminalText.escape(String(describing: error))); retrying in the background"
            )
        }
        let limit = values[count]
        var printed = 0
        for await event in events {
            let line = try JSONText.compact(["event": .string(event.name), "payload": event.payload])
            printOutput(TerminalText.escapeJSON(line))
            printed += 1
            if let limit, printed >= limit { break }
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
        let namespace =
            parts[0].allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && (3...8).contains(parts[0].count)
        let reference =
            parts[1].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            && (1...32).contains(parts[1].count)
        let account =
            parts[2].allSatisfy { $0.isLetter || $0.isNumber || "-.%".contains($0) }
            && (1...128).contains(parts[2].count)
        return namespace && reference && account && parts.allSatisfy { $0.allSatisfy(\.isASCII) }
    }
}
