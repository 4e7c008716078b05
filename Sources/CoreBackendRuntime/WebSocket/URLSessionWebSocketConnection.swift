import Dispatch
import Foundation

/// What ``URLSessionWebSocketConnection`` needs from a `URLSessionWebSocketTask`: the seam between
/// the connection's contract (one `.closed`, a bounded backlog, write and keepalive deadlines) and
/// URLSession, so that contract is tested with a scripted task on every platform.
package protocol URLSessionWebSocketTaskDriving: AnyObject, Sendable {
    /// Starts the task (`resume()`).
    func start()
    /// Waits for the next message; throws once the task has closed or failed.
    func receiveEvent() async throws -> WebSocketEvent
    /// Sends a text message.
    func sendText(_ text: String) async throws
    /// Sends a ping; `pong` runs with `nil` when the pong arrives, or with the error.
    func ping(_ pong: @escaping @Sendable ((any Error)?) -> Void)
    /// Starts the closing handshake (or drops the connection); pending receives then throw.
    func close(code: WebSocketCloseCode, reason: String)
}

/// A connection made by ``URLSessionWebSocketTransport``, with the contract of the built-in one:
///
/// - ``events`` ends with exactly one `.closed`: the peer's close frame when there was one, otherwise
///   1006 with the reason (`"keepalive timeout"`, `"write timeout"`, `"close timeout"`, or the error).
/// - The backlog is bounded: while `maximumBufferedMessages` messages or `maximumBufferedBytes` bytes
///   wait in ``events``, the connection stops receiving (checked every 5 ms), so the server waits on
///   TCP flow control.
/// - A send that the server does not take within `writeTimeout` throws
///   ``WebSocketError/writeTimeout(_:)`` and ends the connection; after the end, sends throw
///   ``WebSocketError/connectionClosed``.
/// - An idle connection is pinged after `keepalive.idleInterval`; no answer within
///   `keepalive.pongTimeout` ends it.
/// - ``close(code:reason:)`` waits at most `closeTimeout` for the peer.
///
/// Timers run on Dispatch, off the cooperative pool. `@unchecked Sendable` is safe: the task is
/// thread-safe and all mutable state is inside `state`, a `Locked`.
package final class URLSessionWebSocketConnection<Task: URLSessionWebSocketTaskDriving>: WebSocketConnection,
    @unchecked Sendable
{
    private struct State {
        var ended = false
        /// Why we ended the connection ourselves (1006 with this reason), when we did.
        var abortReason: String?
        /// The close frame the peer sent, as the delegate reported it.
        var peerClose: WebSocketCloseInfo?
        /// The close we started (``close(code:reason:)``), reported when the peer sends none.
        var ownClose: WebSocketCloseInfo?
        var keepaliveTracker = WebSocketKeepaliveTracker()
        var receiveLoop: _Concurrency.Task<Void, Never>?
    }

    package let task: Task
    package let events: WebSocketEvents
    private let continuation: WebSocketEvents.Continuation
    private let options: BuiltinWebSocketTransport.Configuration
    private let state = Locked(State())
    /// Runs once the connection has ended (the transport invalidates the session there).
    private let onEnd: @Sendable () -> Void

    package init(
        task: Task, options: BuiltinWebSocketTransport.Configuration, onEnd: @escaping @Sendable () -> Void = {}
    ) {
        self.task = task
        self.options = options
        self.onEnd = onEnd
        (events, continuation) = WebSocketEvents.makeStream()
    }

    /// Records the peer's close frame (from the delegate); the `.closed` event reports it.
    package func peerClosed(_ info: WebSocketCloseInfo) {
        state.withLock { if $0.peerClose == nil { $0.peerClose = info } }
    }

    /// Starts receiving into ``events`` and the keepalive timer.
    package func startReceiving() {
        let loop = _Concurrency.Task.detached { [self] in await receiveLoop() }
        state.withLock { $0.receiveLoop = loop }
        if let keepalive = options.keepalive { scheduleKeepaliveCheck(after: keepalive.idleInterval) }
    }

    private func receiveLoop() async {
        while true {
            await waitForRoom()
            do {
                let event = try await task.receiveEvent()
                state.withLock { $0.keepaliveTracker.lastReceived = .now }
                continuation.yield(event)
            } catch {
                end(.abnormal(String(describing: error)))
                return
            }
        }
    }

    /// Waits while the backlog is full; returns at once when the connection is ending.
    private func waitForRoom() async {
        while events.bufferedCount >= options.maximumBufferedMessages
            || events.bufferedByteCount >= options.maximumBufferedBytes
        {
            if state.withLock({ $0.ended || $0.abortReason != nil }) { return }
            state.withLock { $0.keepaliveTracker.lastReceived = .now }  // paused by the consumer, not by a silent peer
            try? await _Concurrency.Task.sleep(for: .milliseconds(5))
        }
    }

    /// Emits the one `.closed` event: the peer's close, our abort reason, or `fallback`.
    private func end(_ fallback: WebSocketCloseInfo) {
        let info = state.withLock { state -> WebSocketCloseInfo? in
            guard !state.ended else { return nil }
            state.ended = true
            return state.abortReason.map { .abnormal($0) } ?? state.peerClose ?? state.ownClose ?? fallback
        }
        guard let info else { return }
        continuation.yield(.closed(info))
        continuation.finish()
        onEnd()
    }

    /// Ends the connection ourselves: 1006 with `reason`.
    private func abort(_ reason: String) {
        let first = state.withLock { state -> Bool in
            guard !state.ended, state.abortReason == nil else { return false }
            state.abortReason = reason
            return true
        }
        guard first else { return }
        task.close(code: .abnormalClosure, reason: reason)
        end(.abnormal(reason))
    }

    package func send(text: String) async throws {
        guard !state.withLock({ $0.ended || $0.abortReason != nil }) else { throw WebSocketError.connectionClosed }
        let timedOut = Locked(false)
        let timer = options.writeTimeout.map { timeout in
            let timer = DispatchWorkItem { [weak self] in
                timedOut.withLock { $0 = true }
                self?.abort("write timeout")
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval, execute: timer)
            return timer
        }
        defer { timer?.cancel() }
        do {
            try await task.sendText(text)
        } catch {
            if let timeout = options.writeTimeout, timedOut.withLock({ $0 }) {
                throw WebSocketError.writeTimeout(timeout)
            }
            throw WebSocketError.connectionClosed
        }
    }

    package func close(code: WebSocketCloseCode, reason: String) async {
        state.withLock { $0.ownClose = WebSocketCloseInfo(code: code, reason: reason, wasClean: true) }
        task.close(code: code, reason: reason)
        let timer = DispatchWorkItem { [weak self] in self?.abort("close timeout") }
        DispatchQueue.global().asyncAfter(deadline: .now() + options.closeTimeout.dispatchInterval, execute: timer)
        await state.withLock { $0.receiveLoop }?.value  // ends once the task has closed, or the timer fired
        timer.cancel()
        end(WebSocketCloseInfo(code: code, reason: reason, wasClean: true))
    }

    // MARK: Keepalive

    private func scheduleKeepaliveCheck(after delay: Duration) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay.dispatchInterval) { [weak self] in
            self?.checkKeepalive()
        }
    }

    /// Pings after `idleInterval` without traffic; ends the connection when `pongTimeout` passes after
    /// the ping with nothing received (``WebSocketKeepaliveTracker``, as the built-in transport).
    private func checkKeepalive() {
        guard let keepalive = options.keepalive else { return }
        let now = ContinuousClock.now
        let step = state.withLock { state -> WebSocketKeepaliveTracker.Step? in
            guard !state.ended, state.abortReason == nil else { return nil }
            return state.keepaliveTracker.step(at: now, policy: keepalive)
        }
        switch step {
        case nil: return
        case .check(let delay): scheduleKeepaliveCheck(after: delay)
        case .expire: abort("keepalive timeout")
        case .ping:
            scheduleKeepaliveCheck(after: keepalive.pongTimeout)
            task.ping { [weak self] error in
                guard error == nil else { return }
                self?.state.withLock { $0.keepaliveTracker.lastReceived = .now }
            }
        }
    }
}
