import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

extension SocketTests {
    /// Many connect/close cycles must leave no file descriptors or threads behind.
    @Suite struct ResourceLeaks {
        /// Entries in /proc/self/fd (Linux); nil elsewhere.
        private static func openDescriptorCount() -> Int? {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
        }

        /// The "Threads:" line of /proc/self/status (Linux); nil elsewhere.
        private static func threadCount() -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
            let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") }
            return line.flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) }
        }

        /// Polls `value` until it is at most `limit`, for up to five seconds; returns the last reading.
        private static func settle(_ value: () -> Int?, to limit: Int) async -> Int? {
            var current = value()
            for _ in 0..<500 where (current ?? 0) > limit {
                try? await Task.sleep(for: .milliseconds(10))
                current = value()
            }
            return current
        }

        @Test func thousandConnectCloseCyclesLeaveDescriptorsAndThreadsUnchanged() async throws {
            // 1,000 connect + clean close cycles against the loopback server: fd count back to its baseline, threads too.
            let server = try WebSocketTestServer()
            defer { server.shutdown() }
            let drain = Task { for await _ in server.connections {} }
            defer { drain.cancel() }
            let transport = BuiltinWebSocketTransport()
            let url = URL(string: "ws://127.0.0.1:\(server.port)/")!
            for _ in 0..<3 {  // warm up lazily created runtime resources
                try await transport.connect(to: url, headers: [:], timeout: .seconds(5)).close(
                    code: .normalClosure, reason: "")
            }
            try await Task.sleep(for: .milliseconds(50))  // let the warm-up's server threads finish
            guard let baselineDescriptors = Self.openDescriptorCount(), let baselineThreads = Self.threadCount()
            else { return }  // not Linux
            let start = ContinuousClock.now
            for index in 0..<1000 {
                let connection = try await transport.connect(to: url, headers: [:], timeout: .seconds(5))
                if index % 2 == 0 { try await connection.send(text: "hello \(index)") }
                await connection.close(code: .normalClosure, reason: "cycle")
            }
            let elapsed = ContinuousClock.now - start
            // Other suites run in parallel in this process and open and close their own sockets and threads,
            // so allow a small margin: a leak here is one descriptor (or thread) per cycle, i.e. +1,000.
            let margin = 32
            let descriptors = await Self.settle(Self.openDescriptorCount, to: baselineDescriptors + margin)
            #expect(
                (descriptors ?? .max) <= baselineDescriptors + margin,
                "fds: \(baselineDescriptors) → \(descriptors ?? -1); 1,000 cycles took \(elapsed)")
            let threads = await Self.settle(Self.threadCount, to: baselineThreads + margin)
            #expect((threads ?? .max) <= baselineThreads + margin, "threads: \(baselineThreads) → \(threads ?? -1)")
        }
    }
}
