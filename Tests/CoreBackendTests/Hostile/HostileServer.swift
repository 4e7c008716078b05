import CoreBackendTesting
import Foundation
import Testing

/// `Hostile/Resources/hostile_server.py`: a deliberately hostile WebSocket and HTTP peer (Python standard
/// library only), one misbehaviour per path; see the script's header for the list.
final class HostileServer: Sendable {
    /// The script in the source tree.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/hostile_server.py").path

    let process: PeerProcess
    /// The port of the hostile server.
    let port: Int
    /// The port of the other origin (target of `/http/redirect`), which prints each request it gets.
    let otherPort: Int

    init() async throws {
        process = try PeerProcess(command: ["python3", Self.script])
        let line = try #require(await process.readLine(), "hostile_server.py did not start")
        let ports = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        try #require(line.hasPrefix("PORTS ") && ports.count == 2, "unexpected output: \(line)")
        port = ports[0]
        otherPort = ports[1]
    }

    func url(_ path: String, scheme: String = "ws") -> URL {
        URL(string: "\(scheme)://127.0.0.1:\(port)\(path)")!
    }

    func stop() { process.stop() }
}
