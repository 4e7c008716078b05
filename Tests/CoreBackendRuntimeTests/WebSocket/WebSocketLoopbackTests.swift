import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

extension SocketTests {
    /// The built-in client against the loopback test server, including fault injection.
    @Suite struct Loopback {
        typealias Support = SocketTestSupport

        @Test func messagesBothWaysAndCleanClientClose() async throws {
            // The server sees the path, query and headers; texts cross both ways; a client close is clean on both ends.
            let (server, client, connection) = try await Support.connectedPair(path: "/v1?token=abc%20d")
            defer { server.shutdown() }
            #expect(connection.request.path == "/v1")
            #expect(connection.request.query["token"] == "abc d")
            #expect(connection.request.headers["x-test"] == "1")
            var clientEvents = client.events.makeAsyncIterator()
            var serverEvents = connection.events.makeAsyncIterator()
            try connection.send(text: "hello")
            #expect(await Support.nextText(&clientEvents) == "hello")
            try await client.send(text: "héllo back")
            #expect(await Support.nextText(&serverEvents) == "héllo back")
            try connection.send(texts: ["a", "", "c"])
            #expect(await Support.nextText(&clientEvents) == "a")
            #expect(await Support.nextText(&clientEvents) == "")
            #expect(await Support.nextText(&clientEvents) == "c")
            await client.close(code: .normalClosure, reason: "done")
            #expect(
                await clientEvents.next()
                    == .closed(WebSocketCloseInfo(code: .normalClosure, reason: "", wasClean: true)))
            #expect(await clientEvents.next() == nil)
            #expect(
                await connection.waitUntilClosed()
                    == WebSocketCloseInfo(code: .normalClosure, reason: "done", wasClean: true))
            await #expect(throws: WebSocketError.connectionClosed) { try await client.send(text: "late") }
        }

        @Test func slowConsumerHoldsTheServerBack() async throws {
            // A fast server and a slow consumer: the client stops reading at its buffer limit (plus what one
            // read brought), so memory stays bounded; every message still arrives, in order.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            let total = 10_000
            let text = String(repeating: "x", count: 300)
            let sender = Thread {
                for batch in 0..<(total / 100) {
                    try? connection.send(texts: (0..<100).map { "\(batch * 100 + $0):\(text)" })
                }
            }
            sender.start()
            var events = client.events.makeAsyncIterator()
            var received = 0
            var largestBacklog = 0
            while received < total, let event = await events.next() {
                guard case .text(let message) = event else { break }
                #expect(message.hasPrefix("\(received):"))
                received += 1
                largestBacklog = max(largestBacklog, client.events.bufferedCount)
                if received % 200 == 0 { try await Task.sleep(for: .milliseconds(2)) }  // slow
            }
            #expect(received == total)
            // 1,024 buffered, plus at most what one read brought (the read buffer holds up to 512 KiB of
            // ~310-byte frames); without back-pressure the backlog would approach all 10,000.
            #expect(largestBacklog <= 1_024 + 1_700)
            #expect(largestBacklog >= 1_024)  // the limit was reached, so the bound above was exercised
            await client.close(code: .normalClosure, reason: "")
        }

        @Test(arguments: [WebSocketCloseCode.normalClosure, .goingAway, .internalServerError, .unknown(4000)])
        func serverCloseIsSurfacedWithItsReason(code: WebSocketCloseCode) async throws {
            // The client answers the server's close and reports its code and reason as a clean close.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            let info = await connection.close(code: code, reason: "reason \(code.rawValue)")
            #expect(info.wasClean)
            #expect(
                await Support.closeInfo(client.events)
                    == WebSocketCloseInfo(code: code, reason: "reason \(code.rawValue)", wasClean: true))
        }

        @Test func droppedConnectionIs1006() async throws {
            // A TCP drop without a close frame is an unclean 1006.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            connection.drop()
            #expect(await Support.closeInfo(client.events) == .abnormal())
        }

        @Test func stalledServerMakesCloseTimeOut() async throws {
            // With the server ignoring everything, close() gives up after the close timeout and reports 1006.
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(closeTimeout: .milliseconds(200)))
            defer { server.shutdown() }
            connection.stall()
            let start = ContinuousClock.now
            await client.close(code: .normalClosure, reason: "")
            #expect(ContinuousClock.now - start < .seconds(2))
            #expect(await Support.closeInfo(client.events) == .abnormal())
        }

        @Test(
            arguments: [
                (WebSocketFrame(opcode: .text, payload: [0xC3, 0x28]), WebSocketCloseCode.invalidFramePayloadData),
                (WebSocketFrame(reservedBits: 4, opcode: .text, payload: [65]), .protocolError),
                (WebSocketFrame(opcode: WebSocketOpcode(rawValue: 5)!, payload: []), .protocolError),
                (WebSocketFrame(opcode: .continuation, payload: [65]), .protocolError),
                (WebSocketFrame(opcode: .binary, payload: .init(repeating: 0, count: 2000)), .messageTooBig),
            ] as [(WebSocketFrame, WebSocketCloseCode)])
        func malformedFramesCloseTheConnection(frame: WebSocketFrame, expected: WebSocketCloseCode) async throws {
            // The client closes with the matching code (1007, 1002, 1009) and tells the server why.
            let (server, client, connection) = try await Support.connectedPair(client: .init(maximumMessageSize: 1000))
            defer { server.shutdown() }
            try connection.send(frame: frame)
            let info = try #require(await Support.closeInfo(client.events))
            #expect(info.code == expected)
            #expect(!info.wasClean)
            #expect(await connection.waitUntilClosed().code == expected)
        }

        @Test func maskedServerFrameIsAProtocolError() async throws {
            // Servers must not mask; the client fails the connection with 1002.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            try connection.sendRaw(WebSocketFrame(opcode: .text, payload: [65]).serialized(maskingKey: 0x1234_5678))
            #expect(await Support.closeInfo(client.events)?.code == .protocolError)
        }

        @Test func fragmentedMessageWithPingInBetween() async throws {
            // The client answers the ping and delivers the fragments as one message.
            let (server, client, connection) = try await Support.connectedPair()
            defer { server.shutdown() }
            try connection.send(frame: WebSocketFrame(fin: false, opcode: .text, payload: Array("frag".utf8)))
            try connection.sendPing([1, 2])
            try connection.send(frame: WebSocketFrame(opcode: .continuation, payload: Array("ment".utf8)))
            var events = client.events.makeAsyncIterator()
            #expect(await Support.nextText(&events) == "fragment")
        }

        @Test func rejectedUpgradeReportsStatusAndHeaders() async throws {
            // A 401 from the upgrade handler becomes handshakeFailed(401, headers).
            let server = try WebSocketTestServer(
                configuration: .init(upgradeHandler: { request in
                    request.query["token"] == "good" ? .accept : .reject(status: 401, body: "bad token")
                }))
            defer { server.shutdown() }
            let transport = BuiltinWebSocketTransport()
            await #expect {
                _ = try await transport.connect(
                    to: URL(string: "ws://127.0.0.1:\(server.port)/?token=bad")!, headers: [:], timeout: .seconds(5))
            } throws: { error in
                guard case .handshakeFailed(let status, let headers) = error as? WebSocketError else { return false }
                return status == 401 && headers["content-length"] == "9"
            }
            let good = try await transport.connect(
                to: URL(string: "ws://127.0.0.1:\(server.port)/?token=good")!, headers: [:], timeout: .seconds(5))
            await good.close(code: .normalClosure, reason: "")
        }

        @Test func silentListenerTimesOut() async throws {
            // A listener that never answers the upgrade fails with connectTimeout close to the deadline.
            let listener = try TCPListener()
            defer {
                listener.close()
                _ = listener.accept()  // releases the descriptors
            }
            let start = ContinuousClock.now
            await #expect(throws: WebSocketError.connectTimeout(.milliseconds(300))) {
                _ = try await BuiltinWebSocketTransport().connect(
                    to: URL(string: "ws://127.0.0.1:\(listener.port)/")!, headers: [:], timeout: .milliseconds(300))
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(290) && elapsed < .seconds(2))
        }

        @Test func refusedConnection() async throws {
            // Nothing listening: connectionFailed naming the host and port.
            let listener = try TCPListener()
            let port = listener.port
            listener.close()
            _ = listener.accept()
            await #expect {
                _ = try await BuiltinWebSocketTransport().connect(
                    to: URL(string: "ws://127.0.0.1:\(port)/")!, headers: [:], timeout: .seconds(2))
            } throws: { error in
                guard case .connectionFailed(let host, let failedPort, _) = error as? WebSocketError else {
                    return false
                }
                return host == "127.0.0.1" && failedPort == port
            }
        }

        @Test func ipv6Loopback() async throws {
            // The client connects over IPv6 when the URL says so.
            // No IPv6 on this machine: nothing to test.
            guard let server = try? WebSocketTestServer(configuration: .init(host: "::1")) else { return }
            defer { server.shutdown() }
            let client = try await BuiltinWebSocketTransport().connect(
                to: URL(string: "ws://[::1]:\(server.port)/")!, headers: [:], timeout: .seconds(5))
            var connections = server.connections.makeAsyncIterator()
            let connection = try #require(await connections.next())
            try connection.send(text: "v6")
            var events = client.events.makeAsyncIterator()
            #expect(await Support.nextText(&events) == "v6")
            await client.close(code: .normalClosure, reason: "")
        }
    }
}
