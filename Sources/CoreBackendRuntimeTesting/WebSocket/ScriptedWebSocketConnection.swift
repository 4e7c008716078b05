public import CoreBackendRuntime

/// A connection made by ``ScriptedWebSocketTransport``: the test plays the server.
public final class ScriptedWebSocketConnection: WebSocketConnection {
    private struct State {
        var sent: [String] = []
        var closeRequests: [WebSocketCloseInfo] = []
        var isClosed = false
        var sendError: (any Error)?
        var waiters: [(count: Int, continuation: CheckedContinuation<[String], Never>)] = []
    }

    /// Frames from the "server"; ends with exactly one `.closed`.
    public let events: WebSocketEvents
    private let continuation: WebSocketEvents.Continuation
    private let state = Locked(State())
    private let onSend: @Sendable (String, ScriptedWebSocketConnection) -> Void

    init(onSend: @escaping @Sendable (String, ScriptedWebSocketConnection) -> Void) {
        (events, continuation) = WebSocketEvents.makeStream()
        self.onSend = onSend
    }

    /// Every text the client sent, in order.
    public var sent: [String] { state.withLock { $0.sent } }

    /// Every `close(code:reason:)` the client called.
    public var closeRequests: [WebSocketCloseInfo] { state.withLock { $0.closeRequests } }

    /// Whether the `.closed` event was delivered.
    public var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Makes later sends throw `error` (`nil` restores them).
    public func failSends(with error: (any Error)?) {
        state.withLock { $0.sendError = error }
    }

    /// Records `text` as sent, or throws the scripted send failure.
    public func send(text: String) async throws {
        let (error, ready) = state.withLock {
            state -> ((any Error)?, [(CheckedContinuation<[String], Never>, [String])]) in
            if state.isClosed { return (WebSocketError.connectionClosed, []) }
            if let error = state.sendError { return (error, []) }
            state.sent.append(text)
            let sent = state.sent
            let ready = state.waiters.filter { $0.count <= sent.count }.map { ($0.continuation, sent) }
            state.waiters.removeAll { $0.count <= sent.count }
            return (nil, ready)
        }
        if let error { throw error }
        for (waiter, sent) in ready { waiter.resume(returning: sent) }
        onSend(text, self)
    }

    /// Records the close and ends the event stream with a clean `.closed` event.
    public func close(code: WebSocketCloseCode, reason: String) async {
        state.withLock { $0.closeRequests.append(WebSocketCloseInfo(code: code, reason: reason, wasClean: true)) }
        serverClose(code: code, reason: reason, wasClean: true)
    }

    /// Delivers a text frame to the client.
    public func push(text: String) {
        continuation.yield(.text(text))
    }

    /// Delivers a binary frame to the client.
    public func push(binary: [UInt8]) {
        continuation.yield(.binary(binary))
    }

    /// Ends the connection with any code (1006 by default, as a dropped network).
    public func serverClose(code: WebSocketCloseCode = .abnormalClosure, reason: String = "", wasClean: Bool = false) {
        let first = state.withLock { state -> Bool in
            defer { state.isClosed = true }
            return !state.isClosed
        }
        guard first else { return }
        continuation.yield(.closed(WebSocketCloseInfo(code: code, reason: reason, wasClean: wasClean)))
        continuation.finish()
    }

    /// Waits until the client has sent at least `count` texts and returns all of them.
    @discardableResult
    public func waitForSent(_ count: Int) async -> [String] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[String], Never>) in
            let sent = state.withLock { state -> [String]? in
                if state.sent.count >= count { return state.sent }
                state.waiters.append((count, continuation))
                return nil
            }
            if let sent { continuation.resume(returning: sent) }
        }
    }
}
