import CoreBackendRuntime
import CoreBackendTesting
import Testing

@testable import CoreBackend

private typealias Machine = BackendWebSocketConnectionMachine

/// A machine with upstream's test numbers (reconnect 50 ms, max 100 ms), jitter 0.5, at t = 1000 ms.
private func machine() -> Machine {
    Machine(
        configuration: .init(
            url: "ws://localhost:8080", timeout: .milliseconds(100), reconnectDelay: .milliseconds(50),
            maxReconnectDelay: .milliseconds(100), requestTimeout: .milliseconds(100)))
}

extension Machine {
    fileprivate mutating func on(_ event: Event, at now: Double = 1_000) -> [Action] {
        handle(event, now: now, random: { 0.5 })
    }

    /// Connects fully and returns the open attempt.
    fileprivate mutating func opened() -> AttemptID {
        guard case .fetchToken(let attempt)? = on(.connectRequested(waiter: nil, isEnabled: true)).first else {
            Issue.record("no token fetch")
            return 0
        }
        _ = on(.tokenReceived(attempt, token: "t"))
        _ = on(.socketOpened(attempt))
        return attempt
    }

    fileprivate mutating func dropped(_ attempt: AttemptID, at now: Double = 1_000) -> [Action] {
        on(.socketClosed(attempt, code: 1006, reason: "", wasClean: false), at: now)
    }
}

private func startsAttempt(_ actions: [Machine.Action]) -> Bool {
    actions.count == 1 && actions.contains { if case .fetchToken = $0 { true } else { false } }
}

private func reconnectTimers(_ actions: [Machine.Action]) -> Int {
    actions.filter { if case .startTimer(let id, _) = $0 { id.kind == .reconnect } else { false } }.count
}

@Suite("BackendWebSocketConnectionMachine: network input")
struct BackendWebSocketConnectionMachineNetworkTests {
    @Test("a drop while offline arms no timer and spends no attempt; the network's return reconnects at once")
    func dropWhileOffline() {
        var m = machine()
        let attempt = m.opened()
        #expect(m.on(.networkChanged(isOnline: false, isEnabled: true)).isEmpty)
        let closed = m.dropped(attempt)
        #expect(reconnectTimers(closed) == 0 && m.reconnectAttempts == 0)
        #expect(m.status.phase == .offline && m.status.isReconnectPending && m.status.nextReconnectAt == nil)
        #expect(m.on(.networkChanged(isOnline: false, isEnabled: true)).isEmpty)
        #expect(startsAttempt(m.on(.networkChanged(isOnline: true, isEnabled: true))))
        #expect(m.reconnectAttempts == 1 && !m.status.isReconnectPending)
        #expect(m.on(.networkChanged(isOnline: true, isEnabled: true)).isEmpty)
    }

    @Test("going offline cancels the backoff timer; coming back reconnects without waiting for it")
    func offlineCancelsBackoff() {
        var m = machine()
        let attempt = m.opened()
        let closed = m.dropped(attempt, at: 2_000)
        #expect(reconnectTimers(closed) == 1 && m.reconnectAttempts == 1)
        guard let timer = m.reconnectTimer else { Issue.record("no timer"); return }
        #expect(m.status.phase == .reconnecting && (m.status.nextReconnectAt ?? 0) > 2_000)
        #expect((m.status.nextReconnectAt ?? .infinity) <= 2_100)
        let offline = m.on(.networkChanged(isOnline: false, isEnabled: true))
        #expect(offline == [.cancelTimer(timer)] && m.status.isReconnectPending)
        #expect(m.on(.timerFired(timer, isEnabled: true)).isEmpty)
        #expect(startsAttempt(m.on(.networkChanged(isOnline: true, isEnabled: true))))
        #expect(m.reconnectAttempts == 2)
    }

    @Test("attempts that fail offline are not counted; connect() while offline and pending returns at once")
    func failedAttemptsOffline() {
        var m = machine()
        _ = m.on(.networkChanged(isOnline: false, isEnabled: true))
        guard case .fetchToken(let attempt)? = m.on(.connectRequested(waiter: 1, isEnabled: true)).first else {
            Issue.record("no token fetch")
            return
        }
        let failed = m.on(.tokenFailed(attempt, .init(error: BackendWebSocketServiceError.authenticationRequired)))
        #expect(reconnectTimers(failed) == 0 && m.reconnectAttempts == 0)
        #expect(m.status.lastError != nil)
        #expect(m.on(.connectRequested(waiter: 2, isEnabled: true)) == [.completeConnect([2], failure: nil)])
    }

    @Test("no reconnect on the network's return after disconnect(), when nothing dropped, or with the gate off")
    func nothingPending() {
        var m = machine()
        #expect(m.on(.networkChanged(isOnline: false, isEnabled: true)).isEmpty)
        #expect(m.on(.networkChanged(isOnline: true, isEnabled: true)).isEmpty)
        let attempt = m.opened()
        _ = m.on(.networkChanged(isOnline: false, isEnabled: true))
        _ = m.dropped(attempt)
        _ = m.on(.disconnectRequested)
        #expect(m.on(.networkChanged(isOnline: true, isEnabled: true)).isEmpty)
        let second = m.opened()
        _ = m.on(.networkChanged(isOnline: false, isEnabled: true))
        _ = m.dropped(second)
        #expect(m.on(.networkChanged(isOnline: true, isEnabled: false)).isEmpty)
        #expect(m.reconnectAttempts == 0 && !m.status.isReconnectPending && m.status.phase == .disconnected)
    }

    @Test("status: the last error of a drop is kept until a socket opens; live while connected")
    func statusLastError() {
        var m = machine()
        let attempt = m.opened()
        #expect(m.status.phase == .live && m.status.lastError == nil)
        _ = m.dropped(attempt)
        #expect(m.status.lastError?.hasPrefix("1006: ") == true)
        _ = m.on(.destroyRequested)
        #expect(m.on(.networkChanged(isOnline: false, isEnabled: true)).isEmpty)
        #expect(m.on(.networkChanged(isOnline: true, isEnabled: true)).isEmpty)
    }
}

/// Waits on the main actor (yielding, bounded by 30 s of real time) until `condition` holds.
@MainActor
func onMain(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async {
    let start = ContinuousClock.now
    while !condition() {
        if ContinuousClock.now - start > .seconds(30) {
            Issue.record("condition never became true", sourceLocation: sourceLocation)
            return
        }
        await Task.yield()
    }
}

@Suite("BackendWebSocketService: setOnline and connection status")
struct BackendWebSocketServiceNetworkTests {
    @Test("the network's return reconnects at once, without advancing the clock past the backoff")
    func reconnectsAtOnce() async throws {
        let harness = try WSHarness(random: 0.5)
        let connection = try await harness.connected()
        let statuses = harness.service.connectionStatusUpdates()
        harness.service.setOnline(false)
        #expect(!harness.service.isOnline)
        connection.serverClose(code: .abnormalClosure)
        await harness.until("disconnected") { harness.state == .disconnected }
        await harness.settle()
        #expect(harness.transport.connections.count == 1 && harness.clock.sleeperCount == 0)
        #expect(harness.service.connectionStatus.phase == .offline)
        harness.service.setOnline(true)
        await harness.until("reconnected") { harness.transport.connections.count == 2 && harness.state == .connected }
        #expect(harness.info.reconnectAttempts == 1 && harness.service.connectionStatus.phase == .live)
        var phases: [WebSocketConnectionStatus.Phase] = []
        for await status in statuses {
            if phases.last != status.phase { phases.append(status.phase) }
            if phases.count == 3 { break }
        }
        #expect(phases == [.live, .offline, .reconnecting])
    }

    @Test("a pending backoff is skipped when the network comes back; next retry time is reported")
    func pendingBackoffSkipped() async throws {
        let harness = try WSHarness(random: 0.5)
        let connection = try await harness.connected()
        connection.serverClose(code: .abnormalClosure)
        await harness.until("backoff armed") { harness.service.connectionStatus.nextReconnectAt != nil }
        let status = harness.service.connectionStatus
        #expect(status.phase == .reconnecting && status.lastError != nil && status.nextReconnectDate != nil)
        harness.service.setOnline(false)
        harness.service.setOnline(true)
        await harness.until("reconnected") { harness.transport.connections.count == 2 && harness.state == .connected }
        #expect(harness.service.connectionStatus.lastError == nil)
    }

    @MainActor
    @Test("WebSocketConnectionObserver follows the status on the main actor")
    func observer() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let harness = try WSHarness(random: 0.5)
        let observer = WebSocketConnectionObserver(service: harness.service)
        #expect(observer.phase == .disconnected)
        try await harness.service.connect()
        await onMain { observer.phase == .live }
        harness.service.setOnline(false)
        harness.transport.connections.last?.serverClose(code: .abnormalClosure)
        await onMain { observer.phase == .offline && observer.state == .disconnected }
        #expect(observer.lastError != nil && observer.nextRetryDate == nil)
        observer.stop()
        harness.service.setOnline(true)
        await onMain { harness.state == .connected }
        await harness.settle()
        #expect(observer.phase == .offline)
    }
}
