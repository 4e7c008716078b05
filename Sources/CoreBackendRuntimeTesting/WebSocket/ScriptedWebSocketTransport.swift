public import CoreBackendRuntime
public import Foundation

/// An in-memory ``WebSocketTransport`` for tests: records every connect (URL, headers, timeout), lets the
/// test accept, fail or hold each one, push server frames, read what the client sent, and close with
/// any code — no sockets, no sleeps.
///
/// ```swift
/// let transport = ScriptedWebSocketTransport()            // accepts every connect
/// transport.respond { text, connection in                  // a tiny server
///     if let id = ScriptedWebSocketTransport.requestId(in: text) {
///         connection.push(text: #"{"data":{"requestId":"\#(id)","subscriptionId":"sub-1","failed":[]}}"#)
///     }
/// }
/// let connection = try await transport.waitForConnection()
/// connection.serverClose(code: .abnormalClosure)
/// ```
public final class ScriptedWebSocketTransport: WebSocketTransport {
    /// What a connect does.
    public enum ConnectBehavior: Sendable {
        /// Opens immediately.
        case accept
        /// Throws this error.
        case fail(any Error)
        /// Waits until the test calls ``acceptPending()`` or ``failPending(_:)`` (or the caller is cancelled).
        case hold
    }

    /// One recorded connect call.
    public struct ConnectAttempt: Sendable {
        /// The URL, with its query.
        public var url: URL
        /// The headers passed.
        public var headers: [String: String]
        /// The timeout passed.
        public var timeout: Duration
    }

    private struct Held {
        let id: Int
        let continuation: CheckedContinuation<ScriptedWebSocketConnection, any Error>
    }

    private struct State {
        var behavior: ConnectBehavior
        var attempts: [ConnectAttempt] = []
        var connections: [ScriptedWebSocketConnection] = []
        var held: [Held] = []
        var nextHeldID = 0
        var responder: (@Sendable (String, ScriptedWebSocketConnection) -> Void)?
        var waiters: [(condition: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Locked<State>

    /// Creates a transport whose connects behave as `behavior` until changed.
    public init(behavior: ConnectBehavior = .accept) {
        state = Locked(State(behavior: behavior))
    }

    /// How later connects behave.
    public var behavior: ConnectBehavior {
        get { state.withLock { $0.behavior } }
        set { update { $0.behavior = newValue } }
    }

    /// Every connect so far.
    public var attempts: [ConnectAttempt] { state.withLock { $0.attempts } }

    /// Every accepted connection so far.
    public var connections: [ScriptedWebSocketConnection] { state.withLock { $0.connections } }

    /// The number of connects currently held.
    public var heldCount: Int { state.withLock { $0.held.count } }

    /// Answers every text the client sends on any connection (a scripted server).
    public func respond(
        _ responder: @escaping @Sendable (_ text: String, _ connection: ScriptedWebSocketConnection) -> Void
    ) {
        update { $0.responder = responder }
    }

    /// Records the attempt and answers with the next scripted connection or failure.
    public func connect(to url: URL, headers: [String: String], timeout: Duration) async throws
        -> any WebSocketConnection
    {
        let behavior = update { state -> ConnectBehavior in
            state.attempts.append(ConnectAttempt(url: url, headers: headers, timeout: timeout))
            return state.behavior
        }
        switch behavior {
        case .accept:
            return makeConnection()
        case .fail(let error):
            throw error
        case .hold:
            let id = state.withLock { state -> Int in
                state.nextHeldID += 1
                return state.nextHeldID
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    update { $0.held.append(Held(id: id, continuation: continuation)) }
                }
            } onCancel: {
                let held = update { state -> Held? in
                    guard let index = state.held.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.held.remove(at: index)
                }
                held?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Opens the oldest held connect; returns the new connection, or `nil` if none is held.
    @discardableResult
    public func acceptPending() -> ScriptedWebSocketConnection? {
        guard let held = update({ state in state.held.isEmpty ? nil : state.held.removeFirst() }) else { return nil }
        let connection = makeConnection()
        held.continuation.resume(returning: connection)
        return connection
    }

    /// Fails the oldest held connect with `error`; `false` if none is held.
    @discardableResult
    public func failPending(_ error: any Error) -> Bool {
        guard let held = update({ state in state.held.isEmpty ? nil : state.held.removeFirst() }) else { return false }
        held.continuation.resume(throwing: error)
        return true
    }

    /// Waits until at least `count` connects are held.
    public func waitForHeld(_ count: Int = 1) async {
        await waitUntil { $0.held.count >= count }
    }

    /// Waits until the `number`-th connection (1-based) has been accepted and returns it.
    public func waitForConnection(_ number: Int = 1) async -> ScriptedWebSocketConnection {
        await waitUntil { $0.connections.count >= number }
        return state.withLock { $0.connections[number - 1] }
    }

    /// Extracts `data.requestId` from a JSON text the client sent.
    public static func requestId(in text: String) -> String? {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        return json["data"]?["requestId"]?.stringValue
    }

    private func makeConnection() -> ScriptedWebSocketConnection {
        let connection = ScriptedWebSocketConnection { [weak self] text, connection in
            self?.state.withLock { $0.responder }?(text, connection)
        }
        update { $0.connections.append(connection) }
        return connection
    }

    private func waitUntil(_ condition: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if condition(state) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Mutates the state and wakes the waiters whose condition now holds.
    @discardableResult
    private func update<Result>(_ body: (inout State) -> Result) -> Result {
        let (result, ready) = state.withLock { state -> (Result, [CheckedContinuation<Void, Never>]) in
            let result = body(&state)
            let snapshot = state
            let ready = state.waiters.filter { $0.condition(snapshot) }.map(\.continuation)
            state.waiters.removeAll { $0.condition(snapshot) }
            return (result, ready)
        }
        for continuation in ready { continuation.resume() }
        return result
    }
}
