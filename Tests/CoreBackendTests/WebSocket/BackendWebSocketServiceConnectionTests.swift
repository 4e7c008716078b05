import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Scenarios 1–27 of websocket.md §7.1: options, connect, disconnect, reconnect, timeouts.
@Suite("BackendWebSocketService scenarios 1–27: connection lifecycle")
struct BackendWebSocketServiceConnectionTests {
    // 1. Custom url is reported by getConnectionInfo().url.
    @Test func scenario01CustomURL() throws {
        let harness = try WSHarness(url: "wss://custom.example.com")
        #expect(harness.info.url == "wss://custom.example.com")
    }

    // 2. Defaults: timeout 10 s, reconnectDelay 10 s, maxReconnectDelay 60 s, requestTimeout 30 s.
    @Test func scenario02Defaults() throws {
        let options = BackendWebSocketServiceOptions(url: "ws://localhost:8080")
        #expect(options.timeout == .seconds(10) && options.reconnectDelay == .seconds(10))
        #expect(options.maxReconnectDelay == .seconds(60) && options.requestTimeout == .seconds(30))
        let service = try BackendWebSocketService(
            messenger: Messenger(namespace: BackendWebSocketService.name), options: options)
        let info = service.getConnectionInfo()
        #expect(info.timeout == .seconds(10) && info.requestTimeout == .seconds(30) && info.state == .disconnected)
    }

    // 3. connect() → connected, attempts 0, url unchanged; the listener got state connected, attempts 0.
    @Test func scenario03Connect() async throws {
        let harness = try WSHarness()
        try await harness.service.connect()
        #expect(
            harness.state == .connected && harness.info.reconnectAttempts == 0
                && harness.info.url == "ws://localhost:8080")
        let last = harness.published.withLock { $0.last }
        #expect(last?.state == .connected && last?.reconnectAttempts == 0)
        // Token only in the query (fix-independent wire contract).
        #expect(
            harness.transport.attempts.first?.url.absoluteString == "ws://localhost:8080/?token=valid-default-token")
        #expect(harness.transport.attempts.first?.headers.isEmpty == true)
    }

    // 4. Three concurrent connect() calls create exactly one socket and end connected.
    @Test func scenario04ConcurrentConnects() async throws {
        let harness = try WSHarness()
        async let a: Void = harness.service.connect()
        async let b: Void = harness.service.connect()
        async let c: Void = harness.service.connect()
        _ = try await (a, b, c)
        #expect(harness.transport.attempts.count == 1 && harness.state == .connected)
    }

    // 5. After connecting, three more concurrent connect() calls still leave exactly one socket.
    @Test func scenario05ConnectWhenConnected() async throws {
        let harness = try WSHarness()
        try await harness.service.connect()
        async let a: Void = harness.service.connect()
        async let b: Void = harness.service.connect()
        async let c: Void = harness.service.connect()
        _ = try await (a, b, c)
        #expect(harness.transport.attempts.count == 1)
    }

    // 6. Token pending: three connect() calls; resolving it and opening resolves all three; one socket.
    @Test func scenario06PendingToken() async throws {
        let gate = AsyncStream.makeStream(of: String.self)
        let harness = try WSHarness(token: {
            var iterator = gate.stream.makeAsyncIterator()
            return await iterator.next() ?? ""
        })
        let calls = (0..<3).map { _ in Task { try await harness.service.connect() } }
        await harness.until("token requested") { harness.tokenCalls.withLock { $0 } == 1 }
        gate.continuation.yield("late-token")
        for call in calls { try await call.value }
        #expect(harness.transport.attempts.count == 1 && harness.state == .connected)
        #expect(harness.tokenCalls.withLock { $0 } == 1)
    }

    // 7. Disconnected: sendMessage / sendRequest / subscribe fail with "… WebSocket is disconnected".
    @Test func scenario07NotConnectedErrors() async throws {
        let service = try WSHarness().service
        let message = ClientRequestMessage(event: "test", data: ["requestId": "r"])
        #expect(
            await wsErrorMessage { try await service.sendMessage(message) }
                == "Cannot send message: WebSocket is disconnected")
        #expect(
            await wsErrorMessage { _ = try await service.sendRequest(message) }
                == "Cannot send request: WebSocket is disconnected")
        #expect(
            await wsErrorMessage {
                _ = try await service.subscribe(.init(channels: ["test"], channelType: "t", callback: nil))
            } == "Cannot create subscription(s) test: WebSocket is disconnected")
    }

    // 8. requestTimeout 200: request timeout-req-1 fails "Request timeout after 200ms" after 201 ms; socket closed (3000).
    @Test func scenario08RequestTimeout() async throws {
        let harness = try WSHarness(requestTimeout: .milliseconds(200))
        let connection = try await harness.connected()
        let request = Task {
            try await harness.service.sendRequest(.init(event: "timeout-test", data: ["requestId": "timeout-req-1"]))
        }
        await connection.waitForSent(1)
        await harness.advance(by: .milliseconds(201), afterSleepers: 2)  // stable + request timers
        #expect(await wsErrorMessage { _ = try await request.value } == "Request timeout after 200ms")
        await harness.until("close 3000") { !connection.closeRequests.isEmpty }
        #expect(connection.closeRequests.first?.code == WebSocketCloseCode(3000))
        #expect(connection.closeRequests.first?.reason == "Request timeout - forcing reconnect")
    }

    // 9. Random 0: close 1006 → disconnected; then connected again with reconnectAttempts 1 (first delay is 0 ms).
    @Test func scenario09ReconnectAfterClose() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        connection.serverClose(code: .abnormalClosure)
        await harness.until("reconnected") { harness.transport.connections.count == 2 && harness.state == .connected }
        #expect(harness.info.reconnectAttempts == 1)
        #expect(
            harness.published.withLock { $0.map(\.state) } == [
                .connecting, .connected, .disconnected, .connecting, .connected,
            ])
    }

    // 10. disconnect() when connected → disconnected, url unchanged, attempts 0.
    @Test func scenario10Disconnect() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        harness.service.disconnect()
        await harness.until("disconnected") { harness.state == .disconnected }
        #expect(harness.info.url == "ws://localhost:8080" && harness.info.reconnectAttempts == 0)
        #expect(connection.closeRequests.map(\.code) == [WebSocketCloseCode(4999)])
    }

    // 11. connect() when already connected keeps connected.
    @Test func scenario11ConnectTwice() async throws {
        let harness = try WSHarness()
        try await harness.service.connect()
        try await harness.service.connect()
        #expect(harness.state == .connected)
    }

    // 12. Manual open: a second connect() during connecting waits; opening resolves both.
    @Test func scenario12SecondConnectWaits() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold))
        let first = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        #expect(harness.state == .connecting)
        let second = Task { try await harness.service.connect() }
        await harness.settle()
        harness.transport.acceptPending()
        try await first.value
        try await second.value
        #expect(harness.state == .connected && harness.transport.attempts.count == 1)
    }

    // 13. disconnect() while disconnected leaves disconnected.
    @Test func scenario13DisconnectIdle() async throws {
        let harness = try WSHarness()
        harness.service.disconnect()
        await harness.settle()
        #expect(harness.state == .disconnected && harness.published.withLock { $0.isEmpty })
    }

    // 14. Unexpected close 1006 with empty reason → disconnected.
    // 15. Same with a custom reason.
    @Test(arguments: ["", "Custom close reason"])
    func scenario14and15UnexpectedClose(reason: String) async throws {
        let harness = try WSHarness(random: 0.5)
        try await harness.connected().serverClose(code: .abnormalClosure, reason: reason)
        await harness.until("disconnected") { harness.state == .disconnected }
        #expect(harness.info.reconnectAttempts == 1)
    }

    // 16. After close 1006 (counter > 0, reconnect pending), connect() returns without changing the counter.
    @Test func scenario16ConnectDuringBackoff() async throws {
        let harness = try WSHarness(random: 0.5)
        try await harness.connected().serverClose(code: .abnormalClosure)
        await harness.until("disconnected") { harness.state == .disconnected }
        try await harness.service.connect()
        #expect(harness.info.reconnectAttempts == 1 && harness.state == .disconnected)
        #expect(harness.transport.attempts.count == 1)
    }

    // 17. Manual open, timeout 100: 101 ms after connect() the state is disconnected (connect() throws the close).
    @Test func scenario17ConnectionTimeout() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold), random: 0.5)
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        await harness.advance(by: .milliseconds(101))
        #expect(await wsErrorMessage { try await call.value } == "WebSocket connection closed during connection: 1006 ")
        #expect(harness.state == .disconnected && harness.transport.heldCount == 0)  // the open was cancelled
    }

    // 18. Random 0: close 1006 → attempts 1 after reconnecting; 10 050 ms later (stable) → 0.
    @Test func scenario18StableConnectionResets() async throws {
        let harness = try WSHarness()
        try await harness.connected().serverClose(code: .abnormalClosure)
        await harness.until("reconnected") { harness.transport.connections.count == 2 && harness.state == .connected }
        #expect(harness.info.reconnectAttempts == 1)
        await harness.advance(by: .milliseconds(10_050))
        await harness.until("counter reset") { harness.info.reconnectAttempts == 0 }
    }

    // 19. Manual open: the opening fails (1006) while connecting → disconnected.
    @Test func scenario19CloseWhileConnecting() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold), random: 0.5)
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        harness.transport.failPending(WSTestError("Abnormal Closure"))
        #expect(
            await wsErrorMessage { try await call.value }
                == "WebSocket connection closed during connection: 1006 Abnormal Closure")
        #expect(harness.state == .disconnected && harness.info.reconnectAttempts == 1)
    }

    // 20. Adjusted: disconnect() while connecting → connect() resolves, disconnected, attempts 0, still 0 after 5000 ms.
    @Test func scenario20DisconnectWhileConnecting() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold))
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        harness.service.disconnect()
        try await call.value
        #expect(harness.state == .disconnected && harness.info.reconnectAttempts == 0)
        harness.clock.advance(by: .seconds(5))
        await harness.settle()
        #expect(harness.info.reconnectAttempts == 0 && harness.transport.attempts.count == 1)
    }

    // 21. A socket that opens after its connection timed out is closed and changes nothing.
    @Test func scenario21LateOpenAfterTimeout() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold), random: 0.5)
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        // A transport that ignores cancellation: the test opens it after the timeout anyway.
        harness.transport.behavior = .accept
        await harness.advance(by: .milliseconds(101))
        _ = await wsErrorMessage { try await call.value }
        #expect(harness.state == .disconnected && harness.info.reconnectAttempts == 1)
        #expect(harness.published.withLock { $0.map(\.state) } == [.connecting, .disconnected])
    }

    // 22. Two consecutive close events (1006) increase the counter once.
    @Test func scenario22DoubleClose() async throws {
        let harness = try WSHarness(random: 0.5)
        let connection = try await harness.connected()
        connection.serverClose(code: .abnormalClosure)
        connection.serverClose(code: .abnormalClosure)
        await harness.until("disconnected") { harness.state == .disconnected }
        await harness.settle()
        #expect(harness.info.reconnectAttempts == 1)
    }

    // 23. forceReconnection() when connected → closed with 4998, disconnected with attempts 1.
    @Test func scenario23ForceReconnection() async throws {
        let harness = try WSHarness(random: 0.5)
        let connection = try await harness.connected()
        await harness.service.forceReconnection()
        await harness.until("disconnected") { harness.state == .disconnected }
        #expect(harness.info.reconnectAttempts == 1)
        #expect(connection.closeRequests.first?.code == WebSocketCloseCode(4998))
        #expect(connection.closeRequests.first?.reason == "Internal: Force reconnect")
    }

    // 24. A failed attempt leaves attempts 1; forceReconnection() then leaves it at 1.
    @Test func scenario24ForceAfterFailedAttempt() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold), random: 0.5)
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        harness.transport.failPending(WSTestError("refused"))
        _ = await wsErrorMessage { try await call.value }
        await harness.service.forceReconnection()
        #expect(harness.info.reconnectAttempts == 1)
    }

    // 25. With a reconnect pending, isEnabled → false and connect() resets the counter; the timer never fires.
    @Test func scenario25DisabledCancelsReconnect() async throws {
        let enabled = Locked(true)
        let harness = try WSHarness(random: 0.5, isEnabled: { enabled.withLock { $0 } })
        try await harness.connected().serverClose(code: .abnormalClosure)
        await harness.until("disconnected") { harness.state == .disconnected }
        enabled.withLock { $0 = false }
        try await harness.service.connect()
        #expect(harness.info.reconnectAttempts == 0)
        harness.clock.advance(by: .seconds(10))
        await harness.settle()
        #expect(harness.info.reconnectAttempts == 0 && harness.transport.attempts.count == 1)
    }

    // 26. After an established connection, the Disconnection trace has connectionDuration_ms > 0.
    @Test func scenario26DisconnectionTraceDuration() async throws {
        let harness = try WSHarness(random: 0.5)
        let connection = try await harness.connected()
        await harness.advance(by: .milliseconds(5))
        connection.serverClose(code: .abnormalClosure)
        await harness.until("trace") {
            harness.traces.withLock { $0.contains { $0.name == "BackendWebSocketService Disconnection" } }
        }
        let trace = harness.traces.withLock { $0.last { $0.name == "BackendWebSocketService Disconnection" } }
        #expect(trace?.data["connectionDuration_ms"] == .number(5))
        #expect(trace?.data["code"] == .number(1006) && trace?.data["reason"] == .string("Abnormal Closure"))
    }

    // 27. For a connection that never opened, the Disconnection trace has no connectionDuration_ms.
    @Test func scenario27NoDurationWhenNeverOpened() async throws {
        let harness = try WSHarness(transport: ScriptedWebSocketTransport(behavior: .hold), random: 0.5)
        let call = Task { try await harness.service.connect() }
        await harness.transport.waitForHeld()
        harness.transport.failPending(WSTestError("refused"))
        _ = await wsErrorMessage { try await call.value }
        let trace = harness.traces.withLock { $0.last { $0.name == "BackendWebSocketService Disconnection" } }
        #expect(trace != nil && trace?.data["connectionDuration_ms"] == nil)
    }
}
