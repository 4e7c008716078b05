import Testing

@testable import CoreBackend

/// Drives the pure machine directly: every transition without sockets, tasks or clocks.
private struct MachineDriver {
    typealias Machine = BackendWebSocketConnectionMachine
    var machine = Machine(
        configuration: .init(
            url: "ws://localhost:8080", timeout: .milliseconds(100), reconnectDelay: .milliseconds(50),
            maxReconnectDelay: .milliseconds(100), requestTimeout: .milliseconds(100)))
    var now = 1_000.0
    var random = 0.0

    mutating func send(_ event: Machine.Event) -> [Machine.Action] {
        let random = random
        return machine.handle(event, now: now, random: { random })
    }

    /// Connects attempt fully; returns the attempt id.
    mutating func connect(waiter: UInt64? = 1) -> UInt64 {
        let actions = send(.connectRequested(waiter: waiter, isEnabled: true))
        guard case .fetchToken(let attempt)? = actions.first else { Issue.record("no token fetch"); return 0 }
        _ = send(.tokenReceived(attempt, token: "t"))
        _ = send(.socketOpened(attempt))
        return attempt
    }
}

private func states(_ actions: [BackendWebSocketConnectionMachine.Action]) -> [WebSocketConnectionState] {
    actions.compactMap { if case .publishState(let info) = $0 { info.state } else { nil } }
}

private func timers(
    _ actions: [BackendWebSocketConnectionMachine.Action], _ kind: BackendWebSocketConnectionMachine.TimerID.Kind
)
    -> [Duration]
{
    actions.compactMap { if case .startTimer(let id, let delay) = $0, id.kind == kind { delay } else { nil } }
}

@Suite("BackendWebSocketConnectionMachine: pure transitions")
struct BackendWebSocketConnectionMachineTests {
    @Test("connect: token fetch, then connecting with timeout, then connected with the real connectedAt")
    func happyPath() {
        var driver = MachineDriver()
        let first = driver.send(.connectRequested(waiter: 1, isEnabled: true))
        #expect(first.count == 1)
        guard case .fetchToken(let attempt) = first[0] else { Issue.record("expected fetchToken"); return }
        #expect(driver.machine.state == .disconnected)
        let opening = driver.send(.tokenReceived(attempt, token: "abc"))
        #expect(states(opening) == [.connecting])
        #expect(opening.contains(.openSocket(attempt, token: "abc")))
        #expect(timers(opening, .connectionTimeout) == [.milliseconds(100)])
        driver.now = 2_000
        let open = driver.send(.socketOpened(attempt))
        guard case .publishState(let info)? = open.first(where: { if case .publishState = $0 { true } else { false } })
        else {
            Issue.record("no publish"); return
        }
        #expect(info.state == .connected && info.connectedAt == 2_000)
        #expect(timers(open, .stableConnection) == [.seconds(10)])
        #expect(open.contains(.completeConnect([1], failure: nil)))
        #expect(open.contains { if case .cancelTimer(let id) = $0 { id.kind == .connectionTimeout } else { false } })
    }

    @Test("concurrent connects share one attempt and all get its outcome")
    func sharedAttempt() {
        var driver = MachineDriver()
        let actions = driver.send(.connectRequested(waiter: 1, isEnabled: true))
        guard case .fetchToken(let attempt) = actions[0] else { return }
        #expect(driver.send(.connectRequested(waiter: 2, isEnabled: true)).isEmpty)
        #expect(driver.send(.connectRequested(waiter: 3, isEnabled: true)).isEmpty)
        let failed = driver.send(
            .tokenFailed(attempt, .init(error: BackendWebSocketServiceError.authenticationRequired)))
        let expected = BackendWebSocketConnectionMachine.Action.completeConnect(
            [1, 2, 3], failure: .init(error: BackendWebSocketServiceError.authenticationRequired))
        #expect(failed.first == expected)
        #expect(driver.machine.reconnectAttempts == 1)
        #expect(states(failed).isEmpty)  // never left disconnected
    }

    @Test("empty token fails with Authentication required and schedules a reconnect")
    func emptyToken() {
        var driver = MachineDriver()
        guard case .fetchToken(let attempt) = driver.send(.connectRequested(waiter: 7, isEnabled: true))[0] else {
            return
        }
        let actions = driver.send(.tokenReceived(attempt, token: ""))
        let expected = BackendWebSocketConnectionMachine.Action.completeConnect(
            [7], failure: .init(error: BackendWebSocketServiceError.authenticationRequired))
        #expect(actions.first == expected)
        #expect(timers(actions, .reconnect) == [.zero])
    }

    @Test("connect while connected settles at once; while a reconnect is pending returns without connecting")
    func connectShortcuts() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        #expect(driver.send(.connectRequested(waiter: 9, isEnabled: true)) == [.completeConnect([9], failure: nil)])
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        #expect(driver.machine.reconnectTimer != nil)
        #expect(driver.send(.connectRequested(waiter: 10, isEnabled: true)) == [.completeConnect([10], failure: nil)])
        #expect(driver.machine.reconnectAttempts == 1)
    }

    @Test(
        "unexpected close: reject requests, clear subscriptions, publish disconnected with the new counter, reconnect")
    func unexpectedClose() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        driver.now = 1_500
        let actions = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        let failIndex = actions.firstIndex(of: .failPendingRequests(code: 1006, reason: "Abnormal Closure"))
        let clearIndex = actions.firstIndex(of: .clearSubscriptions)
        let publishIndex = actions.firstIndex { if case .publishState = $0 { true } else { false } }
        #expect(failIndex != nil && clearIndex != nil && publishIndex != nil)
        #expect(failIndex! < clearIndex! && clearIndex! < publishIndex!)
        if case .publishState(let info) = actions[publishIndex!] {
            #expect(info.state == .disconnected && info.reconnectAttempts == 1 && info.connectedAt == 0)
        }
        #expect(timers(actions, .reconnect) == [.zero])
        let trace = actions.compactMap { if case .trace(let request) = $0 { request } else { nil } }.last
        #expect(trace?.name == "BackendWebSocketService Disconnection")
        #expect(trace?.data["connectionDuration_ms"] == .number(500))
        #expect(trace?.data["reason"] == .string("Abnormal Closure"))
    }

    @Test("a duplicate close event is ignored")
    func duplicateClose() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        #expect(driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false)).isEmpty)
        #expect(driver.machine.reconnectAttempts == 1)
    }

    @Test("disconnect when open closes 4999 and the close does not reconnect")
    func manualDisconnect() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        #expect(
            driver.send(.disconnectRequested) == [
                .closeSocket(attempt, code: 4999, reason: "Internal: Manual disconnect")
            ])
        #expect(driver.machine.state == .connected)  // until the close event arrives
        let closed = driver.send(.socketClosed(attempt, code: 1005, reason: "", wasClean: true))
        #expect(closed.contains(.failPendingRequests(code: 4999, reason: "Internal: Manual disconnect")))
        #expect(timers(closed, .reconnect).isEmpty)
        #expect(driver.machine.reconnectAttempts == 0 && driver.machine.state == .disconnected)
    }

    @Test("disconnect while fetching the token aborts the attempt; the late token is ignored")
    func disconnectWhileAuthenticating() {
        var driver = MachineDriver()
        guard case .fetchToken(let attempt) = driver.send(.connectRequested(waiter: 1, isEnabled: true))[0] else {
            return
        }
        #expect(driver.send(.disconnectRequested) == [.completeConnect([1], failure: nil)])
        #expect(driver.send(.tokenReceived(attempt, token: "late")).isEmpty)
        #expect(driver.machine.phase == .idle)
    }

    @Test("disconnect while opening abandons the socket, publishes disconnected and does not reconnect")
    func disconnectWhileOpening() {
        var driver = MachineDriver()
        guard case .fetchToken(let attempt) = driver.send(.connectRequested(waiter: 1, isEnabled: true))[0] else {
            return
        }
        _ = driver.send(.tokenReceived(attempt, token: "t"))
        let actions = driver.send(.disconnectRequested)
        #expect(actions.first == .abandonSocket(attempt))
        #expect(actions.contains(.completeConnect([1], failure: nil)))
        #expect(states(actions) == [.disconnected])
        #expect(timers(actions, .reconnect).isEmpty)
        #expect(driver.send(.socketOpened(attempt)) == [.abandonSocket(attempt)])
    }

    @Test("disconnect cancels a pending reconnect and resets the counter")
    func disconnectCancelsReconnect() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        let timer = driver.machine.reconnectTimer!
        #expect(driver.send(.disconnectRequested) == [.cancelTimer(timer)])
        #expect(driver.machine.reconnectAttempts == 0)
        #expect(driver.send(.timerFired(timer, isEnabled: true)).isEmpty)
    }

    @Test("connection timeout abandons the socket and fails the attempt with a 1006 close")
    func connectionTimeout() {
        var driver = MachineDriver()
        guard case .fetchToken(let attempt) = driver.send(.connectRequested(waiter: 1, isEnabled: true))[0] else {
            return
        }
        _ = driver.send(.tokenReceived(attempt, token: "t"))
        let timer = driver.machine.connectionTimer!
        let actions = driver.send(.timerFired(timer, isEnabled: true))
        #expect(actions.first == .abandonSocket(attempt))
        let error = BackendWebSocketServiceError.connectionClosedDuringConnection(code: 1006, reason: "")
        let expected = BackendWebSocketConnectionMachine.Action.completeConnect([1], failure: .init(error: error))
        #expect(actions.contains(expected))
        #expect(states(actions) == [.disconnected])
        #expect(driver.machine.reconnectAttempts == 1)
    }

    @Test("transport open failure counts as a close during connection")
    func openFailure() {
        var driver = MachineDriver()
        guard case .fetchToken(let attempt) = driver.send(.connectRequested(waiter: 1, isEnabled: true))[0] else {
            return
        }
        _ = driver.send(.tokenReceived(attempt, token: "t"))
        let actions = driver.send(.socketOpenFailed(attempt, reason: "refused"))
        let error = BackendWebSocketServiceError.connectionClosedDuringConnection(code: 1006, reason: "refused")
        let expected = BackendWebSocketConnectionMachine.Action.completeConnect([1], failure: .init(error: error))
        #expect(actions.first == expected)
    }

    @Test("stable connection resets counter and backoff; a short connection keeps the backoff growing")
    func stableConnection() {
        var driver = MachineDriver()
        var attempt = driver.connect()
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        var reconnect = driver.machine.reconnectTimer!
        guard case .fetchToken(let second) = driver.send(.timerFired(reconnect, isEnabled: true)).first else { return }
        _ = driver.send(.tokenReceived(second, token: "t"))
        _ = driver.send(.socketOpened(second))
        attempt = second
        // Short-lived: the next delay continues the sequence (68.9 ms for I=50 ms, r=0).
        let closed = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        #expect(timers(closed, .reconnect).first.map { abs($0.milliseconds - 68.86) < 0.1 } == true)
        #expect(driver.machine.reconnectAttempts == 2)
        reconnect = driver.machine.reconnectTimer!
        guard case .fetchToken(let third) = driver.send(.timerFired(reconnect, isEnabled: true)).first else { return }
        _ = driver.send(.tokenReceived(third, token: "t"))
        _ = driver.send(.socketOpened(third))
        let stable = driver.machine.stableTimer!
        #expect(driver.send(.timerFired(stable, isEnabled: true)).isEmpty)
        #expect(driver.machine.reconnectAttempts == 0 && driver.machine.backoff.attempt == 0)
    }

    @Test("reconnect timer while disabled resets counter and backoff and does not connect")
    func reconnectDisabled() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        let timer = driver.machine.reconnectTimer!
        #expect(driver.send(.timerFired(timer, isEnabled: false)).isEmpty)
        #expect(driver.machine.reconnectAttempts == 0 && driver.machine.backoff.attempt == 0)
    }

    @Test("connect while disabled stops an open connection and a pending reconnect")
    func connectDisabled() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        let actions = driver.send(.connectRequested(waiter: 5, isEnabled: false))
        #expect(actions.contains(.closeSocket(attempt, code: 4999, reason: "Internal: Manual disconnect")))
        #expect(actions.last == .completeConnect([5], failure: nil))
        #expect(driver.machine.reconnectAttempts == 0)
    }

    @Test("forceReconnection: open → close 4998 then reconnect; idle → schedule once; opening → nothing")
    func forceReconnection() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        #expect(
            driver.send(.forceReconnectRequested) == [
                .closeSocket(attempt, code: 4998, reason: "Internal: Force reconnect")
            ])
        let closed = driver.send(.socketClosed(attempt, code: 1000, reason: "", wasClean: true))
        #expect(closed.contains(.failPendingRequests(code: 4998, reason: "Internal: Force reconnect")))
        #expect(driver.machine.reconnectAttempts == 1)
        #expect(driver.send(.forceReconnectRequested).isEmpty)  // already pending
        #expect(driver.machine.reconnectAttempts == 1)
        guard
            case .fetchToken(let next)? = driver.send(.timerFired(driver.machine.reconnectTimer!, isEnabled: true))
                .first
        else { return }
        _ = driver.send(.tokenReceived(next, token: "t"))
        #expect(driver.send(.forceReconnectRequested).isEmpty)
    }

    @Test("after disconnect(), forceReconnection does nothing until the next connect()")
    func forceReconnectionAfterManualDisconnect() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.disconnectRequested)
        let closed = driver.send(.socketClosed(attempt, code: 4999, reason: "", wasClean: true))
        #expect(timers(closed, .reconnect).isEmpty)
        #expect(driver.send(.forceReconnectRequested).isEmpty)
        #expect(driver.machine.reconnectTimer == nil)
        #expect(driver.machine.reconnectAttempts == 0)
        // connect() lifts it: the next failure's forceReconnection schedules a reconnect again.
        let next = driver.connect()
        _ = driver.send(.socketClosed(next, code: 1006, reason: "", wasClean: false))
        let timer = driver.machine.reconnectTimer
        #expect(timer != nil)
        _ = driver.send(.timerFired(timer!, isEnabled: false))
        #expect(timers(driver.send(.forceReconnectRequested), .reconnect).count == 1)
    }

    @Test("request timeout closes an open socket with 3000 and reconnects")
    func requestTimeoutClose() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        #expect(
            driver.send(.requestTimedOut) == [
                .closeSocket(attempt, code: 3000, reason: "Request timeout - forcing reconnect")
            ])
        let closed = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        #expect(timers(closed, .reconnect).count == 1)
        #expect(driver.send(.requestTimedOut).isEmpty)
    }

    @Test("connect during a manual close reconnects right after the close")
    func connectDuringManualClose() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.disconnectRequested)
        #expect(driver.send(.connectRequested(waiter: 4, isEnabled: true)).isEmpty)
        let closed = driver.send(.socketClosed(attempt, code: 4999, reason: "", wasClean: true))
        #expect(closed.contains { if case .fetchToken = $0 { true } else { false } })
        #expect(driver.machine.waiters == [4])
    }

    @Test("disconnect during a forced close turns it into a manual one (no reconnect)")
    func disconnectDuringForcedClose() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.forceReconnectRequested)
        _ = driver.send(.disconnectRequested)
        let closed = driver.send(.socketClosed(attempt, code: 4998, reason: "", wasClean: true))
        #expect(timers(closed, .reconnect).isEmpty)
        #expect(closed.contains(.failPendingRequests(code: 4999, reason: "Internal: Manual disconnect")))
    }

    @Test("destroy: cancels timers, disconnects, and later connects/forces/timers do nothing")
    func destroy() {
        var driver = MachineDriver()
        let attempt = driver.connect()
        _ = driver.send(.socketClosed(attempt, code: 1006, reason: "", wasClean: false))
        let timer = driver.machine.reconnectTimer!
        #expect(driver.send(.destroyRequested) == [.cancelTimer(timer)])
        #expect(driver.machine.reconnectAttempts == 0)
        #expect(driver.send(.connectRequested(waiter: 3, isEnabled: true)) == [.completeConnect([3], failure: nil)])
        #expect(driver.send(.forceReconnectRequested).isEmpty)
        #expect(driver.send(.timerFired(timer, isEnabled: true)).isEmpty)
    }

    @Test("state events are published only on change")
    func publishOnlyOnChange() {
        var driver = MachineDriver()
        var all: [WebSocketConnectionState] = []
        let actions = driver.send(.connectRequested(waiter: nil, isEnabled: true))
        guard case .fetchToken(let attempt) = actions[0] else { return }
        all += states(driver.send(.tokenReceived(attempt, token: "t")))
        all += states(driver.send(.socketOpened(attempt)))
        all += states(driver.send(.connectRequested(waiter: nil, isEnabled: true)))
        all += states(driver.send(.disconnectRequested))
        all += states(driver.send(.disconnectRequested))
        all += states(driver.send(.socketClosed(attempt, code: 4999, reason: "", wasClean: true)))
        #expect(all == [.connecting, .connected, .disconnected])
    }

    @Test("stale events of an old attempt are ignored")
    func staleEvents() {
        var driver = MachineDriver()
        let old = driver.connect()
        _ = driver.send(.socketClosed(old, code: 1006, reason: "", wasClean: false))
        _ = driver.send(.timerFired(driver.machine.reconnectTimer!, isEnabled: true))
        #expect(
            driver.send(.tokenFailed(old, .init(error: BackendWebSocketServiceError.authenticationRequired))).isEmpty)
        #expect(driver.send(.socketOpenFailed(old, reason: "x")).isEmpty)
        #expect(driver.send(.socketClosed(old, code: 1000, reason: "", wasClean: true)).isEmpty)
    }
}
