import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// `WebSocketEvents` counts the bytes it buffers and its producer waits on a byte limit as on a count limit.
@Suite("WebSocketEvents byte bound")
struct WebSocketEventsByteBoundTests {
    static func text(_ bytes: Int) -> WebSocketEvent { .text(String(repeating: "é", count: bytes / 2)) }

    @Test("bufferedByteCount adds UTF-8 bytes of texts and bytes of binaries, and drops them as they are taken")
    func accounting() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        continuation.yield(.text("héllo"))  // 6 bytes
        continuation.yield(.binary([1, 2, 3]))
        continuation.yield(.closed(.abnormal()))
        #expect(events.bufferedByteCount == 9)
        var iterator = events.makeAsyncIterator()
        _ = await iterator.next()
        #expect(events.bufferedByteCount == 3)
        _ = await iterator.next()
        _ = await iterator.next()
        #expect(events.bufferedByteCount == 0)
    }

    @Test("waitForRoom blocks at the byte limit, with few events, until half of the bytes are taken")
    func waitsOnBytes() async throws {
        let (events, continuation) = WebSocketEvents.makeStream()
        for _ in 0..<4 { continuation.yield(Self.text(1000)) }  // 4,000 bytes in 4 events
        let released = Locked(false)
        let producer = Thread {
            let waited = continuation.waitForRoom(
                limit: 1000, byteLimit: 4000, pollInterval: .milliseconds(5)
            ) { false }
            released.withLock { $0 = waited }
        }
        producer.start()
        while !events.producerIsWaiting { try await Task.sleep(for: .milliseconds(1)) }
        var iterator = events.makeAsyncIterator()
        _ = await iterator.next()
        try await Task.sleep(for: .milliseconds(50))  // give the thread the chance to (wrongly) go on
        #expect(!released.withLock { $0 })  // 3,000 bytes left: above half of 4,000
        _ = await iterator.next()  // 2,000 left: half
        while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        // Under both limits: returns at once, reporting that it did not wait.
        #expect(!continuation.waitForRoom(limit: 1000, byteLimit: 4000) { false })
    }
}

extension SocketTests {
    /// Byte bounds on what a server can make the client hold: the inbound backlog and one message.
    @Suite struct MemoryBounds {
        typealias Support = SocketTestSupport

        @Test func defaultsAreDocumentedValues() {
            let configuration = BuiltinWebSocketTransport.Configuration()
            #expect(configuration.maximumMessageSize == 8 << 20)
            #expect(configuration.maximumBufferedBytes == 16 << 20)
            #expect(configuration.maximumBufferedMessages == 1024)
            #expect(configuration.writeTimeout == .seconds(10))
            #expect(configuration.keepalive?.idleInterval == .seconds(30))
            #expect(configuration.keepalive?.pongTimeout == .seconds(10))
            // Non-positive keepalive durations are raised to 1 ms rather than spinning the timer.
            let clamped = WebSocketKeepalive(idleInterval: .zero, pongTimeout: .seconds(-1))
            #expect(clamped.idleInterval == .milliseconds(1) && clamped.pongTimeout == .milliseconds(1))
        }

        @Test func backlogStaysUnderTheByteBoundWithAConsumerThatDoesNotRead() async throws {
            // A fast server sends 12.5 MiB in 64 KiB messages; nobody reads. The client stops reading at
            // its 1 MiB byte bound (far below its message-count bound), so the backlog stays at the bound
            // plus at most what one read brought; then every message still arrives, in order.
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(
                    closeTimeout: .seconds(2), maximumBufferedBytes: 1 << 20, maximumBufferedMessages: 100_000))
            defer { server.shutdown() }
            let total = 200
            let sender = Thread {
                let body = String(repeating: "b", count: 64 * 1024 - 8)
                for index in 0..<total { try? connection.send(text: String(format: "%07d:", index) + body) }
            }
            sender.start()
            // Bounded wait: a reader that ignored the byte bound would never wait, and fail below instead.
            let start = ContinuousClock.now
            while !client.events.producerIsWaiting && ContinuousClock.now - start < .seconds(2) {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(100))  // a reader that ignored the bound would go on growing
            let resident = client.events.bufferedByteCount
            #expect(resident >= 1 << 20)  // the bound was reached, so the check below means something
            // One read brings at most 512 KiB (the read buffer) plus the rest of a partial message.
            #expect(resident <= (1 << 20) + 512 * 1024 + 64 * 1024)
            #expect(client.events.bufferedCount < 40)
            var events = client.events.makeAsyncIterator()
            var received = 0
            var largest = 0
            while received < total, let event = await events.next() {
                guard case .text(let message) = event else { break }
                #expect(message.hasPrefix(String(format: "%07d:", received)))
                received += 1
                largest = max(largest, client.events.bufferedByteCount)
            }
            #expect(received == total)
            #expect(largest <= (1 << 20) + 512 * 1024 + 64 * 1024)
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func fragmentsAddingUpPastTheLimitAre1009() async throws {
            // Each fragment is small, but the message they assemble passes maximumMessageSize: 1009, and
            // the process (and a next connection) carry on.
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(maximumMessageSize: 1000, closeTimeout: .seconds(2)))
            defer { server.shutdown() }
            let half = [UInt8](repeating: 65, count: 600)
            try connection.send(frame: WebSocketFrame(fin: false, opcode: .text, payload: half))
            try connection.send(frame: WebSocketFrame(opcode: .continuation, payload: half))
            let info = try #require(await Support.closeInfo(client.events))
            #expect(info.code == .messageTooBig)
            #expect(await connection.waitUntilClosed().code == .messageTooBig)

            let (server2, client2, connection2) = try await Support.connectedPair(
                client: .init(maximumMessageSize: 1000, closeTimeout: .seconds(2)))
            defer { server2.shutdown() }
            try connection2.send(text: String(repeating: "x", count: 1000))  // exactly the limit
            var events = client2.events.makeAsyncIterator()
            #expect(await Support.nextText(&events)?.utf8.count == 1000)
            await client2.close(code: .normalClosure, reason: "")
        }

        @Test func messageOverTheDefaultLimitIs1009() async throws {
            // With the default configuration, 8 MiB + 1 byte is refused as soon as its header arrives.
            let (server, client, connection) = try await Support.connectedPair(client: .init(closeTimeout: .seconds(2)))
            defer { server.shutdown() }
            let header = WebSocketFrame(opcode: .binary, payload: []).serialized()
            // A header announcing 8 MiB + 1 bytes (64-bit length), and no payload at all.
            var frame: [UInt8] = [header[0], 127]
            withUnsafeBytes(of: UInt64(8 << 20 + 1).bigEndian) { frame += $0 }
            try connection.sendRaw(frame)
            #expect(await Support.closeInfo(client.events)?.code == .messageTooBig)
        }
    }
}
