import CoreBackendRuntime
import CoreBackendTesting
import Foundation

/// Codec parse throughput (300 B and 64 KiB text frames) and end-to-end loopback receive rate (300 B messages).
///
/// Targets: at least 1 GB/s parsing 64 KiB frames, and at least 150,000 messages/s from the test
/// server to the built-in client.
func runWebSocketBenchmarks() async -> [BenchmarkResult] {
    var results = [
        parseThroughput(frameSize: 300, totalBytes: 64 << 20),
        parseThroughput(frameSize: 64 * 1024, totalBytes: 256 << 20),
    ]
    do {
        results.append(try await loopbackReceiveRate(messageCount: 1_000_000, batchSize: 64))
        results.append(try await loopbackReceiveRate(messageCount: 300_000, batchSize: 1))
    } catch {
        print("websocket loopback benchmark failed: \(error)")
    }
    return results
}

/// A 300-byte-or-longer ASCII message shaped like a service notification.
private func sampleMessage(size: Int) -> String {
    let head = #"{"event":"balance","data":{"address":"0xabc","value":""#
    let tail = #""}}"#
    return head + String(repeating: "7", count: max(0, size - head.utf8.count - tail.utf8.count)) + tail
}

/// Decodes server frames (unmasked text, UTF-8 validated into `String`s) from 256 KiB "reads"; best of five runs.
private func parseThroughput(frameSize: Int, totalBytes: Int) -> BenchmarkResult {
    let frame = WebSocketFrame(opcode: .text, payload: Array(sampleMessage(size: frameSize).utf8)).serialized()
    let framesPerRun = max(1, totalBytes / frame.count)
    var wire: [UInt8] = []
    wire.reserveCapacity(frame.count * framesPerRun)
    for _ in 0..<framesPerRun { wire += frame }
    var best = Duration.seconds(1000)
    for _ in 0..<5 {
        var decoder = WebSocketFrameDecoder(role: .client, initialCapacity: 512 * 1024)
        var assembler = WebSocketMessageAssembler(maximumMessageSize: 1 << 26)
        var messages = 0
        var characters = 0
        let start = ContinuousClock.now
        wire.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = min(256 * 1024, bytes.count - offset)
                decoder.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
                offset += count
                while let inbound = try? decoder.nextInbound(assembling: &assembler) {
                    if case .text(let text) = inbound {
                        messages += 1
                        characters &+= text.utf8.count
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        precondition(messages == framesPerRun && characters > 0)
        best = min(best, elapsed)
    }
    let label = frameSize >= 1024 ? "\(frameSize / 1024)KiB" : "\(frameSize)B"
    return BenchmarkResult(
        name: "websocket.parse.\(label)", value: Double(wire.count) / best.seconds / 1e6, unit: "MB/s")
}

/// The test server sends `messageCount` 300-byte texts (in writes of `batchSize` messages) and the client receives them.
private func loopbackReceiveRate(messageCount: Int, batchSize: Int) async throws -> BenchmarkResult {
    let server = try WebSocketTestServer()
    defer { server.shutdown() }
    let client = try await BuiltinWebSocketTransport().connect(
        to: URL(string: "ws://127.0.0.1:\(server.port)/")!, headers: [:], timeout: .seconds(5))
    var connections = server.connections.makeAsyncIterator()
    guard let connection = await connections.next() else { throw CancellationError() }
    let received = Locked(0)
    let message = sampleMessage(size: 300)
    let start = ContinuousClock.now
    let consumer = Task {
        var count = 0
        for await event in client.events {
            guard case .text = event else { break }
            count += 1
            if count & 1023 == 0 { received.withLock { $0 = count } }
            if count == messageCount { break }
        }
        return count
    }
    let batch = [String](repeating: message, count: batchSize)
    var sent = 0
    while sent < messageCount {
        // Keep at most ~64k messages in flight so memory stays bounded.
        while sent - received.withLock({ $0 }) > 65_536 { try await Task.sleep(for: .microseconds(200)) }
        let count = min(batchSize, messageCount - sent)
        if batchSize == 1 {
            try connection.send(text: message)
        } else {
            try connection.send(texts: count == batchSize ? batch : Array(batch.prefix(count)))
        }
        sent += count
    }
    let count = await consumer.value
    let elapsed = ContinuousClock.now - start
    await client.close(code: .normalClosure, reason: "")
    precondition(count == messageCount, "received \(count) of \(messageCount)")
    return BenchmarkResult(
        name: "websocket.loopback.300B\(batchSize == 1 ? ".unbatched" : ".batch\(batchSize)")",
        value: Double(messageCount) / elapsed.seconds, unit: "messages/s")
}
