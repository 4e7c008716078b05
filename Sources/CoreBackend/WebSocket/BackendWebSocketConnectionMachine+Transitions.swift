extension BackendWebSocketConnectionMachine {
    /// Applies one event at time `now` (milliseconds since 1970); `random` draws backoff jitter in `0..<1`.
    mutating func handle(_ event: Event, now: Double, random: () -> Double) -> [Action] {
        eventTime = now
        switch event {
        case .connectRequested(let waiter, let isEnabled):
            return connectRequested(waiter: waiter, isEnabled: isEnabled, now: now, random: random)
        case .tokenReceived(let attempt, let token):
            guard phase == .authenticating(attempt) else { return [] }
            if !configuration.requiresToken { return beginOpening(attempt, token: token ?? "") }
            guard let token, !token.isEmpty else {
                return failBeforeSocket(
                    AttemptError(error: BackendWebSocketServiceError.authenticationRequired), random: random)
            }
            return beginOpening(attempt, token: token)
        case .tokenFailed(let attempt, let error):
            guard phase == .authenticating(attempt) else { return [] }
            return failBeforeSocket(error, random: random)
        case .socketOpened(let attempt):
            return socketOpened(attempt, now: now)
        case .socketOpenFailed(let attempt, let reason):
            guard phase == .opening(attempt) else { return [] }
            return closedWhileOpening(code: 1006, reason: reason, wasClean: false, now: now, random: random)
        case .socketClosed(let attempt, let code, let reason, let wasClean):
            return socketClosed(attempt, code: code, reason: reason, wasClean: wasClean, now: now, random: random)
        case .timerFired(let id, let isEnabled):
            return timerFired(id, isEnabled: isEnabled, now: now, random: random)
        case .disconnectRequested:
            return disconnect(now: now)
        case .forceReconnectRequested:
            return forceReconnect(random: random)
        case .requestTimedOut:
            return requestClose(.requestTimeout)
        case .destroyRequested:
            isDestroyed = true
            var actions = cancelTimer(\.reconnectTimer)
            reconnectAttempts = 0
            actions += disconnect(now: now)
            return actions
        case .networkChanged(let isOnline, let isEnabled):
            return networkChanged(isOnline: isOnline, isEnabled: isEnabled)
        }
    }

    // MARK: - connect

    private mutating func connectRequested(waiter: WaiterID?, isEnabled: Bool, now: Double, random: () -> Double)
        -> [Action]
    {
        let settleNow: [Action] = waiter.map { [.completeConnect([$0], failure: nil)] } ?? []
        if isDestroyed { return settleNow }
        isManuallyDisconnected = false
        guard isEnabled else {
            // The gate is off: stop everything (unlike upstream, which only cleared timers and left an
            // open socket or a running attempt — without its timeout — alone).
            var actions = cancelTimer(\.reconnectTimer)
            actions += disconnect(now: now)
            reconnectAttempts = 0
            return actions + settleNow
        }
        switch phase {
        case .open:
            return settleNow
        case .closing(_, _, let intent):
            guard intent == .manual else { return settleNow }  // a forced close reconnects by itself
            connectAfterClose = true
            waiters += waiter.map { [$0] } ?? []
            return []
        case .authenticating, .opening:
            waiters += waiter.map { [$0] } ?? []
            return []
        case .idle:
            // A pending reconnect keeps its backoff: rapid connect() calls must not bypass it.
            if reconnectTimer != nil || reconnectWhenOnline { return settleNow }
            return startAttempt(waiters: waiter.map { [$0] } ?? [])
        }
    }

    mutating func startAttempt(waiters newWaiters: [WaiterID]) -> [Action] {
        reconnectWhenOnline = false
        let attempt = makeAttemptID()
        phase = .authenticating(attempt)
        waiters = newWaiters
        return [.fetchToken(attempt)]
    }

    private mutating func beginOpening(_ attempt: AttemptID, token: String) -> [Action] {
        phase = .opening(attempt)
        let timer = makeTimer(.connectionTimeout)
        connectionTimer = timer
        var actions = publishIfChanged()
        actions.append(
            .trace(
                BackendWebSocketTraceRequest(
                    name: "BackendWebSocketService Connection",
                    data: ["reconnectAttempt": .number(Double(reconnectAttempts))],
                    tags: ["service": "BackendWebSocketService"])))
        actions.append(.openSocket(attempt, token: token))
        actions.append(.startTimer(timer, configuration.timeout))
        return actions
    }

    private mutating func failBeforeSocket(_ error: AttemptError, random: () -> Double) -> [Action] {
        phase = .idle
        lastError = error.description
        let settled = takeWaiters()
        return [.completeConnect(settled, failure: error)] + scheduleReconnect(random: random)
    }

    private mutating func socketOpened(_ attempt: AttemptID, now: Double) -> [Action] {
        guard phase == .opening(attempt) else { return [.abandonSocket(attempt)] }
        phase = .open(attempt, connectedAt: now)
        lastError = nil
        var actions = cancelTimer(\.connectionTimer)
        actions += publishIfChanged()  // carries the real connectedAt (upstream: 0)
        let stable = makeTimer(.stableConnection)
        stableTimer = stable
        actions.append(.startTimer(stable, configuration.stableConnectionWindow))
        actions.append(.completeConnect(takeWaiters(), failure: nil))
        return actions
    }

    // MARK: - close

    private mutating func socketClosed(
        _ attempt: AttemptID, code: UInt16, reason: String, wasClean: Bool, now: Double, random: () -> Double
    ) -> [Action] {
        switch phase {
        case .open(attempt, let connectedAt):
            return commonClose(
                code: code, reason: reason, wasClean: wasClean, connectedAt: connectedAt,
                manual: false, now: now, random: random)
        case .closing(attempt, let connectedAt, let intent):
            // The recorded intent decides, whatever code the transport reports.
            return commonClose(
                code: intent.code, reason: intent.reason, wasClean: wasClean, connectedAt: connectedAt,
                manual: intent == .manual, now: now, random: random)
        case .opening(attempt):
            return [.abandonSocket(attempt)]
                + closedWhileOpening(code: code, reason: reason, wasClean: wasClean, now: now, random: random)
        default:
            return []  // duplicate or stale close
        }
    }

    private mutating func closedWhileOpening(
        code: UInt16, reason: String, wasClean: Bool, now: Double, random: () -> Double
    ) -> [Action] {
        let failure = AttemptError(
            error: BackendWebSocketServiceError.connectionClosedDuringConnection(code: code, reason: reason))
        lastError = failure.description
        let settle = Action.completeConnect(takeWaiters(), failure: failure)
        return [settle]
            + commonClose(
                code: code, reason: reason, wasClean: wasClean, connectedAt: 0, manual: false, now: now, random: random)
    }

    /// Upstream's close steps, with the counter updated before the state is published.
    private mutating func commonClose(
        code: UInt16, reason: String, wasClean: Bool, connectedAt: Double, manual: Bool, now: Double,
        random: () -> Double
    ) -> [Action] {
        let duration = connectedAt > 0 ? now - connectedAt : 0
        var actions = cancelTimer(\.reconnectTimer) + cancelTimer(\.connectionTimer) + cancelTimer(\.stableTimer)
        phase = .idle
        let text = reason.isEmpty ? BackendWebSocketServiceError.closeReasonText(forCode: code) : reason
        actions.append(.failPendingRequests(code: code, reason: text))
        actions.append(.clearSubscriptions)
        var scheduled: [Action] = []
        if manual {
            reconnectAttempts = 0
        } else {
            if lastError == nil { lastError = "\(code): \(text)" }
            scheduled = scheduleReconnect(random: random)
        }
        actions += publishIfChanged()
        actions += scheduled
        var data: [String: JSONValue] = [
            "code": .number(Double(code)), "reason": .string(text), "wasClean": .bool(wasClean),
            "reconnectAttempts": .number(Double(reconnectAttempts)),
        ]
        if duration > 0 { data["connectionDuration_ms"] = .number(duration) }
        actions.append(
            .trace(
                BackendWebSocketTraceRequest(
                    name: "BackendWebSocketService Disconnection", data: data,
                    tags: ["service": "BackendWebSocketService"])))
        if manual, connectAfterClose, !isDestroyed {
            connectAfterClose = false
            actions += startAttempt(waiters: waiters)
        }
        return actions
    }

    // MARK: - disconnect, force, request timeout

    /// Stops whatever is in progress without reconnecting (upstream only closed an open socket).
    private mutating func disconnect(now: Double) -> [Action] {
        connectAfterClose = false
        isManuallyDisconnected = true
        reconnectWhenOnline = false
        switch phase {
        case .idle:
            let actions = cancelTimer(\.reconnectTimer)
            reconnectAttempts = 0
            return actions
        case .authenticating:
            phase = .idle
            reconnectAttempts = 0
            return cancelTimer(\.reconnectTimer) + [.completeConnect(takeWaiters(), failure: nil)]
        case .opening(let attempt):
            let intent = CloseIntent.manual
            let settle = Action.completeConnect(takeWaiters(), failure: nil)
            return [.abandonSocket(attempt), settle]
                + commonClose(
                    code: intent.code, reason: intent.reason, wasClean: true, connectedAt: 0, manual: true, now: now,
                    random: { 0 })
        case .open:
            return requestClose(.manual)
        case .closing(let attempt, let connectedAt, let intent):
            if intent != .manual { phase = .closing(attempt, connectedAt: connectedAt, intent: .manual) }
            let settled = takeWaiters()
            return settled.isEmpty ? [] : [.completeConnect(settled, failure: nil)]
        }
    }

    private mutating func forceReconnect(random: () -> Double) -> [Action] {
        guard !isDestroyed else { return [] }
        switch phase {
        case .idle: return isManuallyDisconnected ? [] : scheduleReconnect(random: random)
        case .open: return requestClose(.forced)
        case .authenticating, .opening, .closing: return []  // a fresh connection is already coming
        }
    }

    private mutating func requestClose(_ intent: CloseIntent) -> [Action] {
        guard case .open(let attempt, let connectedAt) = phase else { return [] }
        phase = .closing(attempt, connectedAt: connectedAt, intent: intent)
        return [.closeSocket(attempt, code: intent.code, reason: intent.reason)]
    }

    // MARK: - timers

    private mutating func timerFired(_ id: TimerID, isEnabled: Bool, now: Double, random: () -> Double) -> [Action] {
        switch id.kind {
        case .reconnect:
            guard reconnectTimer == id else { return [] }
            reconnectTimer = nil
            guard !isDestroyed else { return [] }
            guard isEnabled else {
                reconnectAttempts = 0
                backoff.reset()
                return []
            }
            guard phase == .idle else { return [] }
            return startAttempt(waiters: [])
        case .connectionTimeout:
            guard connectionTimer == id, case .opening(let attempt) = phase else { return [] }
            connectionTimer = nil
            return [.abandonSocket(attempt)]
                + closedWhileOpening(code: 1006, reason: "", wasClean: false, now: now, random: random)
        case .stableConnection:
            guard stableTimer == id else { return [] }
            stableTimer = nil
            reconnectAttempts = 0
            backoff.reset()
            return []
        }
    }

    mutating func scheduleReconnect(random: () -> Double) -> [Action] {
        guard reconnectTimer == nil, !isDestroyed else { return [] }
        // Offline, no timer and no attempt is spent: the network's return reconnects at once.
        guard isOnline else {
            reconnectWhenOnline = true
            return []
        }
        reconnectAttempts += 1
        let delay = backoff.nextDelay(random: random())
        let timer = makeTimer(.reconnect)
        reconnectTimer = timer
        reconnectDueAt = eventTime + delay.milliseconds
        return [.startTimer(timer, delay)]
    }

    mutating func cancelTimer(_ keyPath: WritableKeyPath<Self, TimerID?>) -> [Action] {
        guard let timer = self[keyPath: keyPath] else { return [] }
        self[keyPath: keyPath] = nil
        return [.cancelTimer(timer)]
    }

    private mutating func takeWaiters() -> [WaiterID] {
        defer { waiters = [] }
        return waiters
    }
}
