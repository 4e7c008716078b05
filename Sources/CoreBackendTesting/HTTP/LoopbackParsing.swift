@_spi(CoreBackendInternal) import CoreBackendRuntime

/// The loopback servers' request parsing over bytes in memory, for the fuzz targets (`Fuzz/`).
package enum LoopbackParsing {
    /// Every request ``LoopbackHTTPServer`` would read from a connection that sends `bytes` in reads of
    /// `readSize` bytes and then closes.
    package static func requests(from bytes: [UInt8], readSize: Int) -> [LoopbackHTTPRequest] {
        var reader = HTTPConnectionReader(stream: MemoryByteStream(bytes, readSize: readSize))
        var requests: [LoopbackHTTPRequest] = []
        while let request = reader.nextRequest() { requests.append(request) }
        return requests
    }

    /// The request ``WebSocketTestServer`` hands to its upgrade handler for `target` and `headers`.
    package static func upgradeRequest(target: String, headers: [String: String]) -> WebSocketUpgradeRequest {
        WebSocketUpgradeRequest(target: target, headers: headers)
    }
}

/// A stream that yields fixed bytes in reads of at most `readSize` bytes, then end of stream.
private final class MemoryByteStream: ByteStream {
    private let bytes: [UInt8]
    private let readSize: Int
    private let offset = Locked(0)

    init(_ bytes: [UInt8], readSize: Int) {
        self.bytes = bytes
        self.readSize = max(readSize, 1)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?) throws -> Int {
        offset.withLock { offset in
            let count = min(buffer.count, readSize, bytes.count - offset)
            guard count > 0 else { return 0 }
            bytes[offset..<(offset + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
            offset += count
            return count
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {}
    func shutdownOutput() {}
    func shutdown() {}
    func close() {}
}
