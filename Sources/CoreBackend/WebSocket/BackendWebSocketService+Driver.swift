import CoreBackendRuntime
import Foundation

/// The time and randomness one batch of state changes sees.
struct BackendWebSocketServiceEnvironment {
    var now: Double
    var random: RandomSource
}

extension BackendWebSocketServiceState {
    mutating func apply(_ event: Machine.Event, _ environment: BackendWebSocketServiceEnvironment) -> [Effect] {
        apply(event, now: environment.now, random: { environment.random.next() })
    }
}

extension BackendWebSocketService {
    typealias Effect = BackendWebSocketServiceState.Effect
    typealias AttemptID = BackendWebSocketConnectionMachine.AttemptID

    /// Decides under the lock, queues the effects, and runs the queue unless another thread already does.
    ///
    /// Effects run outside the lock, one at a time and in the order they were decided, so subscribers see
    /// state changes in transition order and may call back into the service (their calls are queued).
    func submit(_ body: (inout BackendWebSocketServiceState, BackendWebSocketServiceEnvironment) -> [Effect]) {
        let environment = BackendWebSocketServiceEnvironment(now: currentTime(), random: options.random)
        let first = state.withLock { state in
            let first = state.enqueue(body(&state, environment))
            statusBroadcaster.update(state.machine.status)  // in the lock: statuses stay in transition order
            return first
        }
        if let first { run(first) }
    }

    /// Performs `first` (this thread claimed the queue), then whatever was queued meanwhile.
    func run(_ first: Effect) {
        perform(first)
        while let effect = state.withLock({ state -> Effect? in
            guard !state.queue.isEmpty else {
                state.isDraining = false
                return nil
            }
            return state.queue.removeFirst()
        }) {
            perform(effect)
        }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .machine(let action):
            perform(action)
        case .resumeConnect(let continuations, let failure):
            for continuation in continuations {
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            }
        case .resumeRequest(let continuation, let result):
            continuation.resume(with: result)
        case .startTimer(let key, let delay):
            let clock = options.clock
            state.withLock { state in
                state.timers[key] = Task { [weak self] in
                    do { try await clock.sleep(for: delay) } catch { return }
                    self?.timerFired(key)
                }
            }
        case .cancelTimer(let key):
            state.withLock { $0.timers.removeValue(forKey: key) }?.cancel()
        case .send(let handle, let text, let completion):
            handle.send(text, completion: completion)
        case .deliver(let callback, let message, let trace):
            do {
                try callback(message)
            } catch {
                errorReporter.report(error)
            }
            if let trace { options.trace?(trace) }
        case .unsubscribeOrphan(let subscriptionId, let channels):
            let message = ClientRequestMessage(
                event: "unsubscribe",
                data: [
                    "subscription": .string(subscriptionId), "channels": .array(channels.map(JSONValue.string)),
                    "requestId": .string(options.requestIDs.next()),
                ])
            Task { try? await self.sendMessage(message) }
        }
    }

    private func perform(_ action: BackendWebSocketConnectionMachine.Action) {
        switch action {
        case .publishState(let info):
            try? messenger.publish(BackendWebSocketServiceMessages.ConnectionStateChanged.self, info)
        case .fetchToken(let attempt) where !options.requiresToken:
            submit { state, environment in state.apply(.tokenReceived(attempt, token: nil), environment) }
        case .fetchToken(let attempt):
            Task {
                do {
                    let token = try await messenger.call(AuthenticationController.GetBearerToken.self, nil)
                    submit { state, environment in state.apply(.tokenReceived(attempt, token: token), environment) }
                } catch {
                    submit { state, environment in
                        state.apply(.tokenFailed(attempt, .init(error: error)), environment)
                    }
                }
            }
        case .openSocket(let attempt, let token):
            let url = token.isEmpty ? socketURL.anonymous : socketURL.authenticated(token: token)
            state.withLock { state in
                state.openTasks[attempt] = Task { await self.runConnection(attempt, url: url, token: token) }
            }
        case .closeSocket(let attempt, let code, let reason):
            guard let handle = state.withLock({ $0.connections[attempt] }) else { return }
            Task { await handle.connection.close(code: WebSocketCloseCode(code), reason: reason) }
        case .abandonSocket(let attempt):
            let (task, handle) = state.withLock { state in
                (state.openTasks.removeValue(forKey: attempt), state.connections.removeValue(forKey: attempt))
            }
            task?.cancel()
            if let handle {
                handle.finish()
                Task {
                    await handle.connection.close(code: WebSocketCloseCode(4999), reason: "Internal: Manual disconnect")
                }
            }
        case .trace(let request):
            options.trace?(request)
        case .startTimer, .cancelTimer, .completeConnect, .failPendingRequests, .clearSubscriptions:
            break  // turned into effects by BackendWebSocketServiceState
        }
    }

    /// Opens the socket, reports it open, then feeds its frames and its close event to the service.
    /// Text that reaches errors and traces (an open failure, a close reason) is redacted of `token`.
    private func runConnection(_ attempt: AttemptID, url: URL, token: String) async {
        let connection: any WebSocketConnection
        do {
            connection = try await options.transport.connect(to: url, headers: [:], timeout: options.timeout)
        } catch {
            state.withLock { _ = $0.openTasks.removeValue(forKey: attempt) }
            submit { state, environment in
                state.apply(
                    .socketOpenFailed(attempt, reason: Redaction.redact(errorMessage(error), removing: [token])),
                    environment)
            }
            return
        }
        let handle = BackendWebSocketConnectionHandle(connection: connection)
        var isCurrent = false
        submit { state, environment in
            state.openTasks[attempt] = nil
            guard state.machine.phase == .opening(attempt) else { return [] }
            isCurrent = true
            state.connections[attempt] = handle
            return state.apply(.socketOpened(attempt), environment)
        }
        guard isCurrent else {
            handle.finish()
            await connection.close(code: WebSocketCloseCode(4999), reason: "Internal: Manual disconnect")
            return
        }
        // Frames are parsed on the transport's reading thread (in parallel with routing earlier ones).
        connection.events.prepare(using: InboundFrame.init)
        var events = connection.events.makeAsyncIterator()
        while let (event, prepared) = await events.nextPrepared() {
            switch event {
            case .text, .binary:
                let frame = prepared as? InboundFrame ?? InboundFrame(event)
                if let message = frame.message { receive(message, from: attempt) }
            case .closed(let info):
                state.withLock { _ = $0.connections.removeValue(forKey: attempt) }
                handle.finish()
                let reason = Redaction.redact(info.reason, removing: [token])
                submit { state, environment in
                    state.apply(
                        .socketClosed(attempt, code: info.code.rawValue, reason: reason, wasClean: info.wasClean),
                        environment)
                }
            }
        }
    }

    private func timerFired(_ key: BackendWebSocketServiceState.TimerKey) {
        state.withLock { _ = $0.timers.removeValue(forKey: key) }
        switch key {
        case .machine(let id):
            let isEnabled = id.kind == .reconnect ? (options.isEnabled?() ?? true) : true
            submit { state, environment in state.apply(.timerFired(id, isEnabled: isEnabled), environment) }
        case .request(let id, let serial):
            let timeout = options.requestTimeout
            submit { state, environment in
                guard let request = state.pendingRequests[id], request.serial == serial else { return [] }
                state.pendingRequests[id] = nil
                return state.apply(.requestTimedOut, environment)
                    + [
                        .resumeRequest(
                            request.continuation, .failure(BackendWebSocketServiceError.requestTimeout(timeout)))
                    ]
            }
        }
    }
}

/// An inbound text (or binary) frame parsed by ``BackendWebSocketInboundMessage/init(text:)``.
///
/// A class so handing it from the reading thread to the consumer through `any Sendable` moves one
/// reference instead of copying the message's fields.
final class InboundFrame: Sendable {
    /// The message; `nil` for a frame that is dropped (not a JSON object, or not a data frame).
    let message: BackendWebSocketInboundMessage?

    init(_ event: WebSocketEvent) {
        switch event {
        case .text(let text): message = BackendWebSocketInboundMessage(text: text)
        case .binary(let bytes): message = BackendWebSocketInboundMessage(text: String(decoding: bytes, as: UTF8.self))
        case .closed: message = nil
        }
    }
}
