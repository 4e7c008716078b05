import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

extension SocketTests {
    /// Connection lifecycle: cancellation, large and concurrent messages, repeated closes.
    @Suite struct Lifecycle {
        typealias Support = SocketTestSupport

        @Test func cancellingConnectStopsTheAttempt() async throws {
            // A server that never answers the upgrade, a 30 s timeout, and a cancel after 100 ms: CancellationError at once.
            let server = try WebSocketTestServer(configuration: .init(upgradeHandler: { _ in .ignore }))
            defer { server.shutdown() }
            let start = ContinuousClock.now
            let attempt = Task {
                try await BuiltinWebSocketTransport().connect(
                    to: URL(string: "ws://127.0.0.1:\(server.port)/")!, headers: [:], timeout: .seconds(30))
            }
            try await Task.sleep(for: .milliseconds(100))
            attempt.cancel()
            await #expect(throws: CancellationError.self) { _ = try await attempt.value }
            #expect(ContinuousClock.now - start < .seconds(5))
        }

        @Test func sixteenMiBBothWaysOverLoopback() async throws {
            // Large masked (client → server) and unmasked (server → client) messages arrive intact
            // (with the client's message limit raised above its 8 MiB default).
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(maximumMessageSize: 32 << 20, closeTimeout: .seconds(2)))
            defer { server.shutdown() }
            let big = String(repeating: "0123456789abcdef", count: 1 << 20)
            try await client.send(text: big)
            var serverEvents = connection.events.makeAsyncIterator()
            #expect(await Support.nextText(&serverEvents) == big)
            try connection.send(text: big)
            var clientEvents = client.events.makeAsyncIterator()
            #expect(await Support.nextText(&clientEvents) == big)
            try connection.send(binary: [0, 1, 2, 255])
            #expect(await clientEvents.next() == .binary([0, 1, 2, 255]))
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func concurrentSendersDoNotInterleaveFrames() async throws {
            // 8 tasks × 500 messages: every message arrives whole, each sender's in order.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in 0..<8 {
                    group.addTask {
                        for index in 0..<500 {
                            try await client.send(text: "\(sender):\(index):" + String(repeating: "x", count: index))
                        }
                    }
                }
                try await group.waitForAll()
            }
            var next = [Int](repeating: 0, count: 8)
            var events = connection.events.makeAsyncIterator()
            for _ in 0..<4000 {
                let parts = try #require(await Support.nextText(&events)).split(
                    separator: ":", omittingEmptySubsequences: false)
                let sender = try #require(Int(parts[0]))
                let index = try #require(Int(parts[1]))
                #expect(index == next[sender] && parts[2].count == index)
                next[sender] += 1
            }
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func closingTwiceAndAfterThePeerClosedReturnsPromptly() async throws {
            // close() on an already closed connection returns at once and the events still end with one .closed.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            await connection.close(code: .goingAway, reason: "server leaving")
            let start = ContinuousClock.now
            await client.close(code: .normalClosure, reason: "")
            await client.close(code: .normalClosure, reason: "")
            #expect(ContinuousClock.now - start < .seconds(1))
            let events = await Support.collect(client.events)
            #expect(events == [.closed(WebSocketCloseInfo(code: .goingAway, reason: "server leaving", wasClean: true))])
        }

        @Test func serverShutdownDropsConnections() async throws {
            // Shutting the server down drops open connections (1006) and ends its connection stream.
            let (server, client, _) = try await Support.connectedPair()
            server.shutdown()
            #expect(await Support.closeInfo(client.events) == .abnormal())
            for await _ in server.connections {}
        }
    }
}
