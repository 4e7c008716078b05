import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

extension SocketTests {
    /// Keepalive pings, write deadlines and TCP keepalive: a silent or stuck server ends the connection
    /// (one `.closed` event), never a thread.
    @Suite struct Liveness {
        typealias Support = SocketTestSupport

        static let fast = WebSocketKeepalive(idleInterval: .milliseconds(50), pongTimeout: .milliseconds(50))

        /// Starts `silent_peer.py` and returns it with its port.
        static func silentPeer(drain: Bool, tls: TestCertificates? = nil) async throws -> (PythonPeer, Int) {
            var arguments = drain ? ["--drain"] : []
            if let tls { arguments += ["--cert", tls.serverCertificate, "--key", tls.serverKey] }
            let peer = try await PythonPeer(script: "silent_peer", arguments: arguments)
            let line = try #require(await peer.readLine(), "silent_peer.py did not start")
            let port = try #require(
                line.hasPrefix("PORT ") ? Int(line.dropFirst(5)) : nil, "unexpected output: \(line)")
            return (peer, port)
        }

        /// Every event until the end (at most 5 s), with the `.closed` events among them; nil on timeout.
        static func drain(_ events: WebSocketEvents) async -> (closed: [WebSocketCloseInfo], messages: Int)? {
            await result(within: .seconds(5)) {
                var closed: [WebSocketCloseInfo] = []
                var messages = 0
                for await event in events {
                    if case .closed(let info) = event { closed.append(info) } else { messages += 1 }
                }
                return (closed, messages)
            }
        }

        /// `body`'s result, or nil once `timeout` has passed: the test fails instead of hanging on a
        /// regression (a stuck `body` is left behind, cancelled).
        static func result<T: Sendable>(
            within timeout: Duration, _ body: @escaping @Sendable () async -> T
        ) async -> T? {
            let resumed = Locked(false)
            let first: @Sendable () -> Bool = {
                resumed.withLock { done in
                    defer { done = true }; return !done
                }
            }
            return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
                let work = Task {
                    let value = await body()
                    if first() { continuation.resume(returning: value) }
                }
                Task {
                    try? await Task.sleep(for: timeout)
                    if first() {
                        continuation.resume(returning: nil)
                        work.cancel()
                    }
                }
            }
        }

        @Test func silentServerIsDetectedByTheKeepalive() async throws {
            // The server completes the upgrade, then reads and ignores everything (no pong): after 50 ms
            // idle the client pings, 50 ms later it gives up with exactly one 1006 "keepalive timeout".
            let (peer, port) = try await Self.silentPeer(drain: true)
            defer { peer.stop() }
            let start = ContinuousClock.now
            let client = try await BuiltinWebSocketTransport(configuration: .init(keepalive: Self.fast)).connect(
                to: URL(string: "ws://127.0.0.1:\(port)/")!, headers: [:], timeout: .seconds(5))
            let drained = await Self.drain(client.events)
            #expect(drained?.closed == [.abnormal("keepalive timeout")])
            #expect(drained?.messages == 0)
            #expect(ContinuousClock.now - start < .seconds(5))  // detected at all (expected: ~100 ms)
            await #expect(throws: WebSocketError.connectionClosed) { try await client.send(text: "late") }
        }

        @Test func stalledTestServerIsDetectedToo() async throws {
            // The same through the loopback test server's fault injection (it stops answering pings).
            let (server, client, connection) = try await Support.connectedPair(client: .init(keepalive: Self.fast))
            defer { server.shutdown() }
            connection.stall()
            #expect(await Self.drain(client.events)?.closed == [.abnormal("keepalive timeout")])
        }

        @Test func answeringServerKeepsTheConnectionUp() async throws {
            // Nothing but pings and pongs for eight idle intervals: the connection stays up and works.
            let (server, client, connection) = try await Support.connectedPair(client: .init(keepalive: Self.fast))
            defer { server.shutdown() }
            try await Task.sleep(for: .milliseconds(400))
            try connection.send(text: "still here")
            var events = client.events.makeAsyncIterator()
            #expect(await Support.nextText(&events) == "still here")
            try await client.send(text: "me too")
            var serverEvents = connection.events.makeAsyncIterator()
            #expect(await Support.nextText(&serverEvents) == "me too")
            await client.close(code: .normalClosure, reason: "")
            let clean = WebSocketCloseInfo(code: .normalClosure, reason: "", wasClean: true)
            #expect(await events.next() == .closed(clean))
        }

        @Test func withoutKeepaliveASilentServerIsNotPinged() async throws {
            // keepalive = nil: nothing is sent, so a server that answers nothing does not end the connection.
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(closeTimeout: .milliseconds(100), keepalive: nil))
            defer { server.shutdown() }
            connection.stall()
            try await Task.sleep(for: .milliseconds(300))
            #expect(client.events.bufferedCount == 0)
            try await client.send(text: "still open")  // would throw connectionClosed after a keepalive close
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func consumerBackPressureIsNotMistakenForASilentServer() async throws {
            // The consumer stops taking events, so the client stops reading (and cannot see pongs) for
            // six idle intervals; that pause is ours, not the server's: the connection survives it.
            let (server, client, connection) = try await Support.connectedPair(
                client: .init(keepalive: Self.fast, maximumBufferedMessages: 16))
            defer { server.shutdown() }
            let total = 3_000
            let sender = Thread {
                let text = String(repeating: "y", count: 1_000)
                for index in 0..<total { try? connection.send(text: "\(index):\(text)") }
            }
            sender.start()
            while !client.events.producerIsWaiting { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(300))
            var events = client.events.makeAsyncIterator()
            var received = 0
            while received < total, let event = await events.next() {
                guard case .text(let message) = event else { break }
                #expect(message.hasPrefix("\(received):"))
                received += 1
            }
            #expect(received == total)
            #expect(connection.closeInfo == nil)
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func serverThatStopsReadingEndsTheConnectionNotAThread() async throws {
            // The peer never reads: sending MiBs fills the socket buffers, and within the write timeout the
            // send throws writeTimeout, the events end with one 1006 "write timeout", and other async work
            // carries on meanwhile (the blocked write is bounded and holds no other thread).
            let (peer, port) = try await Self.silentPeer(drain: false)
            defer { peer.stop() }
            let client = try await BuiltinWebSocketTransport(
                configuration: .init(writeTimeout: .milliseconds(200), keepalive: nil)
            ).connect(to: URL(string: "ws://127.0.0.1:\(port)/")!, headers: [:], timeout: .seconds(5))
            let start = ContinuousClock.now
            let sender = Task { () -> (any Error)? in
                let chunk = String(repeating: "z", count: 1 << 20)
                for _ in 0..<64 {  // far more than the loopback buffers hold
                    do { try await client.send(text: chunk) } catch { return error }
                }
                return nil
            }
            // Other async work still completes while the sender is stuck.
            let other = Task { () -> Int in
                var total = 0
                for step in 1...20 {
                    try? await Task.sleep(for: .milliseconds(2))
                    total += step
                }
                return total
            }
            #expect(await other.value == 210)
            let error = await Self.result(within: .seconds(5)) { await sender.value }
            #expect((error ?? nil) as? WebSocketError == .writeTimeout(.milliseconds(200)))
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(await Self.drain(client.events)?.closed == [.abnormal("write timeout")])
            await #expect(throws: WebSocketError.connectionClosed) { try await client.send(text: "late") }
        }

        @Test func keepaliveDoesNotDependOnTheWritePath() async throws {
            // No write timeout, and a peer that reads nothing: a send blocks, and so does the ping behind
            // it. The keepalive's verdict comes anyway and ends the connection, which frees the send.
            let (peer, port) = try await Self.silentPeer(drain: false)
            defer { peer.stop() }
            let client = try await BuiltinWebSocketTransport(
                configuration: .init(writeTimeout: nil, keepalive: Self.fast)
            ).connect(to: URL(string: "ws://127.0.0.1:\(port)/")!, headers: [:], timeout: .seconds(5))
            let sent = await Self.result(within: .seconds(5)) { () -> (any Error)? in
                let chunk = String(repeating: "k", count: 1 << 20)
                for _ in 0..<64 {
                    do { try await client.send(text: chunk) } catch { return error }
                }
                return nil
            }
            #expect((sent ?? nil) != nil)  // the blocked send was released with an error
            #expect(await Self.drain(client.events)?.closed == [.abnormal("keepalive timeout")])
        }

        @Test func tlsWritesHaveTheDeadlineToo() async throws {
            // The same over wss://: the TLS stream's socket writes are bounded by the write timeout.
            let certificates = try await TestCertificates.shared()
            let (peer, port) = try await Self.silentPeer(drain: false, tls: certificates)
            defer { peer.stop() }
            let transport = BuiltinWebSocketTransport(
                configuration: .init(
                    additionalTrustedCAFile: certificates.caFile, writeTimeout: .milliseconds(200), keepalive: nil))
            let client = try await transport.connect(
                to: URL(string: "wss://localhost:\(port)/")!, headers: [:], timeout: .seconds(5))
            let thrown = await Self.result(within: .seconds(5)) { () -> (any Error)? in
                let chunk = String(repeating: "t", count: 1 << 20)
                for _ in 0..<64 {
                    do { try await client.send(text: chunk) } catch { return error }
                }
                return nil
            }
            #expect((thrown ?? nil) as? WebSocketError == .writeTimeout(.milliseconds(200)))
            #expect(await Self.drain(client.events)?.closed == [.abnormal("write timeout")])
        }

        @Test func droppedConnectionWithAFullBacklogReleasesItsThread() async throws {
            // The consumer stops reading with the backlog full and lets go of the connection: the read
            // loop, paused for room, must notice the drop and end instead of waiting for a consumer forever.
            var pair: (WebSocketTestServer, any WebSocketConnection, WebSocketTestServerConnection)? =
                try await Support.connectedPair(client: .init(closeTimeout: .seconds(2), maximumBufferedMessages: 4))
            let (server, connection, events) = (pair!.0, pair!.2, pair!.1.events)
            defer { server.shutdown() }
            for index in 0..<50 { try connection.send(text: "\(index)") }
            while !events.producerIsWaiting { try await Task.sleep(for: .milliseconds(2)) }
            pair = nil  // the last reference to the client: its deinit drops the socket
            #expect(pair == nil)
            let stoppedWaiting = await Self.result(within: .seconds(5)) {
                while events.producerIsWaiting { try? await Task.sleep(for: .milliseconds(5)) }
                return true
            }
            #expect(stoppedWaiting == true)
            #expect(await Self.drain(events)?.closed == [.abnormal()])
        }

        @Test func tcpKeepaliveIsOnForEverySocket() throws {
            // SO_KEEPALIVE is the backstop under the WebSocket keepalive, on connected and accepted sockets.
            let listener = try TCPListener(host: "127.0.0.1", port: 0)
            let client = try TCPSocket.connect(
                host: "127.0.0.1", port: listener.port, deadline: .now + .seconds(5), timeout: .seconds(5))
            defer { client.close() }
            #expect(client.keepaliveIsEnabled)
            let accepted = try #require(listener.accept())
            defer { accepted.close() }
            #expect(accepted.keepaliveIsEnabled)
            listener.close()
            #expect(listener.accept() == nil)  // releases the listener's descriptors
        }
    }
}
