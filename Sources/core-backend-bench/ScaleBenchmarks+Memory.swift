import CoreBackend
import CoreBackendTesting
import Foundation

extension ScaleBenchmarks {
    /// The environment variable that makes this executable serve a mock gateway instead (a child process
    /// for ``memoryPerAddress(count:)``, so the server's bookkeeping is not in the client's heap).
    static let mockServerVariable = "CORE_BACKEND_BENCH_MOCK_SERVER"

    /// When started as the child gateway: serves, prints `port <n>`, and exits when stdin closes.
    static func serveMockIfRequested() {
        guard ProcessInfo.processInfo.environment[mockServerVariable] != nil else { return }
        guard let backend = try? quietBackend() else { exit(1) }
        FileHandle.standardOutput.write(Data("port \(backend.port)\n".utf8))
        while readLine() != nil {}
        backend.stop()
        exit(0)
    }

    /// Resident memory per watched address over `count` addresses (one `subscribe(addresses:)`, and one
    /// by one), after a first address has paid the one-time costs. RSS includes the allocator's slack, so
    /// this is what the process really pays, not just the bytes the SDK asked for.
    static func memoryPerAddress(count: Int) async throws -> [BenchmarkResult] {
        let gateway = try ChildGateway()
        defer { gateway.stop() }
        var results: [BenchmarkResult] = []
        for batched in [true, false] {
            let stack = try makeStack(url: "ws://127.0.0.1:\(gateway.port)/v1")
            try await stack.webSocket.connect()
            try await stack.accountActivity.subscribe(address: addresses(1, from: 5_000_000)[0])
            let before = residentBytes()
            let list = addresses(count)
            if batched {
                _ = await stack.accountActivity.subscribe(addresses: list)
            } else {
                for address in list { try await stack.accountActivity.subscribe(address: address) }
            }
            try await Task.sleep(for: .milliseconds(100))  // let the last replies' buffers go
            let perAddress = (residentBytes() - before) / Double(count)
            results.append(
                BenchmarkResult(
                    name: "scale.memory.perAddress.\(batched ? "batch" : "oneByOne")", value: perAddress,
                    unit: "bytes", target: "<= 1024"))
            stack.destroy()
            try await Task.sleep(for: .milliseconds(100))
        }
        return results
    }

    /// Resident bytes (`VmRSS`).
    static func residentBytes() -> Double {
        (RealtimeBenchmarks.memoryStatus()["VmRSS"] ?? 0) * 1024
    }
}

/// This executable started again as a mock gateway (see ``ScaleBenchmarks/serveMockIfRequested()``).
final class ChildGateway {
    let port: Int
    private let process = Process()
    private let input = Pipe()

    init() throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if let path = Bundle.main.executablePath { process.executableURL = URL(fileURLWithPath: path) }
        process.environment = ProcessInfo.processInfo.environment.merging([ScaleBenchmarks.mockServerVariable: "1"]) {
            $1
        }
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).dropFirst("port ".count)) else {
            process.terminate()
            throw ScaleBenchmarkFailure("the child gateway did not report its port")
        }
        self.port = port
    }

    /// Closes the child's stdin (it exits) and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
