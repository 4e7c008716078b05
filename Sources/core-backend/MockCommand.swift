import CommandLineOptions
import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend mock`: runs the MockBackend in the foreground.
enum MockCommand: Subcommand {
    static let name = "mock"
    static let abstract = "Run the embedded mock backend until interrupted."

    static let port = Option(
        name: "--port", valueName: "N", help: "Port to listen on; 0 picks any free port (the chosen one is printed).",
        parser: .integer(in: 0...65_535), default: 0)

    static let command = Command(
        name: "core-backend mock",
        overview: """
            Run the mock backend on 127.0.0.1: every spec operation served from its example over HTTP,
            and a WebSocket endpoint speaking the backend protocol (subscribe/unsubscribe, system notifications).
            """,
        options: [port])

    static func run(_ values: ParsedValues) async throws -> ExitStatus {
        let backend = try MockBackend(port: try values.value(port), webSocket: true)
        print("Mock backend listening on \(backend.baseURL.absoluteString)")
        print("  HTTP:       \(backend.baseURL.absoluteString)/{accounts,prices,token,tokens}/…")
        print("  WebSocket:  \(backend.webSocketURL!.absoluteString)  (subscribe/unsubscribe, system notifications)")
        print("Try: core-backend call accounts V2Balances address=0x1 --base-url \(backend.baseURL.absoluteString)")
        FileHandle.standardOutput.write(Data("Press Ctrl-C to stop.\n".utf8))
        while true { try await Task.sleep(for: .seconds(3_600)) }
    }
}
