import CoreBackendRuntimeTesting
import Foundation
import Testing

/// A Python `websockets` process used as an independent peer; fails the test clearly when Python is missing.
final class PythonPeer {
    private let process: PeerProcess

    /// The Python resource scripts shipped with the tests.
    static func script(_ name: String) throws -> String {
        try #require(
            Bundle.module.url(forResource: name, withExtension: "py", subdirectory: "Resources"),
            "missing test resource \(name).py"
        ).path
    }

    /// Fails (does not skip) unless `python3` can import `websockets`; CI installs both.
    static func requirePython() async throws {
        let status = await offPool { () -> Int32 in
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = ["python3", "-c", "import websockets"]
            check.standardError = FileHandle.nullDevice
            check.standardOutput = FileHandle.nullDevice
            guard (try? check.run()) != nil else { return -1 }
            check.waitUntilExit()
            return check.terminationStatus
        }
        guard status == 0 else { throw PythonUnavailable() }
    }

    /// Starts `python3 <script> <arguments>`.
    init(script: String, arguments: [String]) async throws {
        try await Self.requirePython()
        process = try PeerProcess(command: ["python3", try Self.script(script)] + arguments)
    }

    /// Starts the echo/command server (`ws_peer.py`) and returns it with its port.
    static func server(certificate: String? = nil, key: String? = nil) async throws -> (PythonPeer, Int) {
        var arguments: [String] = []
        if let certificate, let key { arguments = ["--cert", certificate, "--key", key] }
        let peer = try await PythonPeer(script: "ws_peer", arguments: arguments)
        let line = try #require(await peer.readLine(), "ws_peer.py did not start")
        let port = try #require(line.hasPrefix("PORT ") ? Int(line.dropFirst(5)) : nil, "unexpected output: \(line)")
        return (peer, port)
    }

    /// The next line of standard output, or nil at end of output.
    func readLine() async -> String? { await process.readLine() }

    /// Closes its standard input (the server's signal to exit); it is reaped in the background.
    func stop() { process.stop() }

    /// Waits for the process to exit by itself.
    func waitUntilExit() async { await process.waitUntilExit() }
}

/// Thrown (failing the test) when `python3` or its `websockets` package is missing.
struct PythonUnavailable: Error, CustomStringConvertible {
    var description: String {
        "The interop tests need python3 with the websockets package (pip install websockets); CI installs both."
    }
}
