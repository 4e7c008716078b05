import CoreBackendRuntime
import Foundation

/// Raw bytes to a loopback server and everything it answers, for tests of what a well-behaved client
/// library would never send (negative `Content-Length`, oversized heads, bare newlines).
///
/// ```swift
/// let answer = try await RawExchange.send(Array("GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n".utf8), port: port)
/// #expect(answer.hasPrefix("HTTP/1.1 400 "))
/// ```
public enum RawExchange {
    /// Sends `bytes` on a fresh connection to 127.0.0.1:`port` and returns everything the server answers
    /// until it closes or `timeout` passes (generous: a loaded machine may stall the server for seconds).
    /// Blocks a thread of its own, never the cooperative pool the server's handlers may run on.
    public static func send(_ bytes: [UInt8], port: Int, timeout: Duration = .seconds(30)) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingSend(bytes, port: port, timeout: timeout) }) }
                .start()
        }
    }

    private static func blockingSend(_ bytes: [UInt8], port: Int, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        let socket = try TCPSocket.connect(host: "127.0.0.1", port: port, deadline: deadline, timeout: timeout)
        defer { socket.close() }
        // The server may close before reading everything (oversized input): what it answered still counts.
        try? bytes.withUnsafeBytes { try socket.write($0, deadline: deadline) }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = (try? chunk.withUnsafeMutableBytes { try socket.read(into: $0, deadline: deadline) }) ?? 0
            if count <= 0 { break }
            answer.append(contentsOf: chunk[..<count])
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
