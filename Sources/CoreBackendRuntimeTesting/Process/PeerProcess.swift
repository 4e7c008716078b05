import Foundation

/// A helper process used as an independent peer in tests (a Python server script, say): started with
/// its standard input and output piped, read line by line, and stopped by closing its standard input.
///
/// ```swift
/// let peer = try PeerProcess(command: ["python3", scriptPath])
/// defer { peer.stop() }
/// let ready = peer.readLine()          // e.g. "PORTS 41234 41235"
/// ```
public final class PeerProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are used from whichever thread calls; `buffered` is only touched by
    // `readLine()`, which callers use from one task at a time (documented).
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffered = Data()

    /// Starts `command` (looked up on `PATH` through `/usr/bin/env`).
    public init(command: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line of standard output, or `nil` at its end. Blocks; call it from one task at a time.
    public func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: 10) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffered.append(chunk)
        }
    }

    /// Waits for the process to exit by itself.
    public func waitUntilExit() {
        process.waitUntilExit()
    }

    /// Closes its standard input (the peer's signal to exit), waits up to 3 s, then terminates it.
    public func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
    }
}
