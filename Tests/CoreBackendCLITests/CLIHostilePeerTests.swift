import CoreBackendTesting
import Foundation
import Testing

/// `core-backend watch` against the hostile server: what the server controls (close reasons, status lines)
/// reaches the terminal escaped, and the token (from the environment) is never printed.
@Suite("core-backend watch against a hostile server")
struct CLIHostilePeerTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CoreBackendTests/Hostile/Resources/hostile_server.py").path
    static let token = "SECRET-tok3n-cli-77"

    @Test(
        "escape sequences in close reasons and status lines are escaped; the token is not printed",
        arguments: ["/ws/escape-close", "/ws/bad-status"])
    func watch(path: String) async throws {
        let server = try PeerProcess(command: ["python3", Self.script])
        defer { server.stop() }
        let line = try #require(await server.readLine())
        let port = try #require(line.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        let output = try await CLIProcess.run(
            ["watch", "--url", "ws://127.0.0.1:\(port)\(path)", "--address", "eip155:0:0x1", "--count", "4"],
            environment: ["CORE_BACKEND_TOKEN": Self.token], timeout: .seconds(60))
        let everything = output.stdout + output.stderr
        #expect(output.status == 0, "\(everything)")
        #expect(!everything.contains(Self.token))
        let raw = everything.unicodeScalars.first {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        }
        #expect(raw == nil, "raw control character in: \(everything.debugDescription)")
        // When the close line made it out before the fourth event ended the run (it usually does), its
        // reason was escaped: the raw-character check above covers it.
    }
}
