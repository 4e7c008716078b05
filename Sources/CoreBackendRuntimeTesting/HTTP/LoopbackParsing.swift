import CoreBackendRuntime

/// The loopback servers' request parsing over bytes in memory, for the fuzz targets (`Fuzz/`).
package enum LoopbackParsing {
    /// What ``LoopbackHTTPServer`` reads from one connection: its requests, then the status of the error
    /// response that ended it (`nil` when the peer closed).
    package struct Connection: Equatable {
        /// The requests read, in order.
        package var requests: [LoopbackHTTPRequest] = []
        /// The status the server answered a refused request with before closing.
        package var rejectedStatus: Int?
    }

    /// Everything ``LoopbackHTTPServer`` would read from a connection that sends `bytes` in reads of
    /// `readSize` bytes and then closes.
    package static func connection(from bytes: [UInt8], readSize: Int) -> Connection {
        var reader = HTTPConnectionReader(stream: MemoryByteStream(bytes, readSize: readSize))
        var connection = Connection()
        while true {
            switch reader.nextRequest() {
            case .request(let request): connection.requests.append(request)
            case .rejected(let response):
                connection.rejectedStatus = response.status
                return connection
            case .closed: return connection
            }
        }
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

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) throws {}
    func shutdownOutput() {}
    func shutdown() {}
    func close() {}
}
