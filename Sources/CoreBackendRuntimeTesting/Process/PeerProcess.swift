import CoreBackendRuntime
import Foundation

/// A helper process used as an independent peer in tests (a Python server script, say): started with
/// its standard input and output piped, read line by line, and stopped by closing its standard input.
///
/// Nothing here blocks the caller's thread: reads and waits run off the cooperative pool (see
/// ``offPool(_:)-(()->T)``), and ``stop()`` returns at once.
///
/// ```swift
/// let peer = try PeerProcess(command: ["python3", scriptPath])
/// defer { peer.stop() }
/// let ready = await peer.readLine()    // e.g. "PORTS 41234 41235"
/// ```
public final class PeerProcess: Sendable {
    private let process: Process.Unchecked
    private let input = Pipe()
    private let output = Pipe()
    /// Output read past the last line returned.
    private let buffered = Locked(Data())

    /// Starts `command` (looked up on `PATH` through `/usr/bin/env`).
    public init(command: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        self.process = Process.Unchecked(process)
    }

    /// The next line of standard output, or `nil` at its end. Call it from one task at a time.
    public func readLine() async -> String? {
        await offPool { [self] in
            while true {
                let line = buffered.withLock { data -> String? in
                    guard let newline = data.firstIndex(of: 10) else { return nil }
                    defer { data.removeSubrange(...newline) }
                    return String(decoding: data[..<newline], as: UTF8.self)
                }
                if let line { return line }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                buffered.withLock { $0.append(chunk) }
            }
        }
    }

    /// Waits for the process to exit by itself; its exit status.
    @discardableResult
    public func waitUntilExit() async -> Int32 {
        await offPool { [process] in
            process.value.waitUntilExit()
            return process.value.terminationStatus
        }
    }

    /// Closes its standard input (the peer's signal to exit) and returns; a background thread gives the
    /// peer 3 s to exit, then terminates it.
    public func stop() {
        try? input.fileHandleForWriting.close()
        let (process, output) = (process, output)
        let reaper = Thread {
            let deadline = Date().addingTimeInterval(3)
            while process.value.isRunning && Date() < deadline { usleep(10_000) }
            if process.value.isRunning { process.value.terminate() }
            process.value.waitUntilExit()
            try? output.fileHandleForReading.close()
        }
        reaper.name = "PeerProcess.stop"
        reaper.start()
    }
}

extension Process {
    /// A `Process` handed between threads: it is thread-safe for what ``PeerProcess`` does with it
    /// (querying and waiting), but not marked `Sendable`.
    fileprivate struct Unchecked: @unchecked Sendable {
        let value: Process
        init(_ value: Process) { self.value = value }
    }
}
