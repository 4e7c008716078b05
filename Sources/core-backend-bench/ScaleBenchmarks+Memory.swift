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

    /// Memory per watched address: `count` addresses in one `subscribe(addresses:)`, then `count` more
    /// one by one, on one stack whose gateway runs in a child process, after a first address has paid
    /// the one-time costs. Heap = bytes malloc has handed out and not got back (`malloc_info`), measured
    /// once the request timers of the subscribes have expired (the stack uses a 2 s request timeout; a
    /// cancelled timer's sleep stays queued until its deadline), and right after the one-by-one
    /// subscribes; RSS (what the OS sees, allocator slack included) is reported alongside.
    static func memoryPerAddress(count: Int) async throws -> [BenchmarkResult] {
        let gateway = try ChildGateway()
        defer { gateway.stop() }
        let stack = try makeStack(url: "ws://127.0.0.1:\(gateway.port)/v1", requestTimeout: .seconds(2))
        defer { stack.destroy() }
        try await stack.webSocket.connect()
        try await stack.accountActivity.subscribe(address: addresses(1, from: 5_000_000)[0])
        let settle = Duration.milliseconds(2_500)
        try await Task.sleep(for: settle)
        var results: [BenchmarkResult] = []
        for batched in [true, false] {
            let (heap, rss) = (heapInUse(), residentBytes())
            let list = addresses(count, from: batched ? 1 : 1_000_000)
            if batched {
                _ = await stack.accountActivity.subscribe(addresses: list)
            } else {
                for address in list { try await stack.accountActivity.subscribe(address: address) }
            }
            let name = "scale.memory.perAddress.\(batched ? "batch" : "oneByOne")"
            if !batched {
                results.append(
                    .init(name: name + ".justAfter", value: (heapInUse() - heap) / Double(count), unit: "bytes"))
            }
            try await Task.sleep(for: settle)
            results.append(
                .init(
                    name: name + ".heap", value: (heapInUse() - heap) / Double(count), unit: "bytes", target: "<= 1024")
            )
            results.append(.init(name: name + ".rss", value: (residentBytes() - rss) / Double(count), unit: "bytes"))
        }
        return results
    }

    /// Resident bytes (`VmRSS`).
    static func residentBytes() -> Double {
        (RealtimeBenchmarks.memoryStatus()["VmRSS"] ?? 0) * 1024
    }

    /// Bytes in use by malloc (all arenas, mmapped chunks included), from glibc's `malloc_info` report:
    /// the arenas' size less their free chunks (fast bins and the rest, top chunk included), plus
    /// mmapped chunks. Falls back to RSS where `malloc_info` is missing.
    static func heapInUse() -> Double {
        #if canImport(Glibc)
            typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else {
                return residentBytes()
            }
            var buffer: UnsafeMutablePointer<CChar>?
            var size = 0
            guard let stream = open_memstream(&buffer, &size) else { return residentBytes() }
            _ = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
            fclose(stream)
            defer { free(buffer) }
            guard let buffer else { return residentBytes() }
            let report = String(cString: buffer)
            // The totals over every arena follow the last `</heap>`.
            let totals = report.components(separatedBy: "</heap>").last ?? report
            /// The `size` attribute of the first element starting with `tag`.
            func sizeOf(_ tag: String) -> Double {
                guard let element = totals.range(of: tag),
                    let attribute = totals.range(of: #"size=""#, range: element.upperBound..<totals.endIndex)
                else { return 0 }
                return Double(totals[attribute.upperBound...].prefix { $0 != "\"" }) ?? 0
            }
            return sizeOf(#"<system type="current""#) - sizeOf(#"<total type="fast""#) - sizeOf(#"<total type="rest""#)
                + sizeOf(#"<total type="mmap""#)
        #else
            return residentBytes()
        #endif
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
