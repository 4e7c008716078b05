import CoreBackend
import CoreBackendTesting
import Foundation

/// `core-backend mock`: runs the MockBackend in the foreground.
enum MockCommand: Subcommand {
    static let name = "mock"
    static let abstract = "Run the embedded mock backend until interrupted."
    static let usage = """
        OVERVIEW: Run the mock backend on 127.0.0.1: every spec operation served from its example over HTTP,
        and a WebSocket endpoint speaking the backend protocol (subscribe/unsubscribe, system notifications).

        USAGE: core-backend mock [--port N]

        OPTIONS:
          --port N    Port to listen on (default 0: any free port; the chosen one is printed).
        """

    static func run(_ arguments: [String]) async throws -> ExitStatus {
        let parsed = try ParsedArguments(arguments, valueOptions: ["--port"], switchOptions: [])
        guard parsed.positional.isEmpty else { throw UsageError(message: "unexpected argument '\(parsed.positional[0])'") }
        let port = try parsed.integer("--port") ?? 0
        guard port <= 65_535 else { throw UsageError(message: "--port must be at most 65535") }
        let backend = try MockBackend(port: port, webSocket: true)
        print("Mock backend listening on \(backend.baseURL.absoluteString)")
        print("  HTTP:       \(backend.baseURL.absoluteString)/{accounts,prices,token,tokens}/…")
        print("  WebSocket:  \(backend.webSocketURL!.absoluteString)  (subscribe/unsubscribe, system notifications)")
        print("Try: core-backend call accounts V2Balances address=0x1 --base-url \(backend.baseURL.absoluteString)")
        FileHandle.standardOutput.write(Data("Press Ctrl-C to stop.\n".utf8))
        while true { try await Task.sleep(for: .seconds(3_600)) }
    }
}
