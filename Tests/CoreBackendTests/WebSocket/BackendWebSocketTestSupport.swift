import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// An error whose message is exactly its text (upstream tests throw `new Error('…')`).
struct WSTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `BackendWebSocketService` on a scripted transport and a test clock, with upstream's test options:
/// `ws://localhost:8080`, timeout 100 ms, reconnectDelay 50 ms, maxReconnectDelay 100 ms, requestTimeout 100 ms,
/// token `valid-default-token`, random 0.
final class WSHarness: Sendable {
    let root: Messenger
    let messenger: Messenger
    let transport: ScriptedWebSocketTransport
    let clock = TestClock()
    let service: BackendWebSocketService
    let published = Locked<[WebSocketConnectionInfo]>([])
    let tokenCalls = Locked(0)
    let captured = Locked<[String]>([])
    let traces = Locked<[BackendWebSocketTraceRequest]>([])
    let isEnabledCalls = Locked(0)

    init(
        url: String = "ws://localhost:8080",
        transport: ScriptedWebSocketTransport = ScriptedWebSocketTransport(),
        timeout: Duration = .milliseconds(100),
        requestTimeout: Duration = .milliseconds(100),
        random: Double = 0,
        isEnabled: (@Sendable () -> Bool)? = nil,
        requiresToken: Bool = true,
        token: @escaping @Sendable () async throws -> String = { "valid-default-token" }
    ) throws {
        let captured = captured
        root = Messenger(namespace: Messenger.mockAnyNamespace) { error in
            captured.withLock { $0.append(String(describing: error)) }
        }
        let tokenCalls = tokenCalls
        try root.registerActionHandler(AuthenticationController.GetBearerToken.self) { _ in
            tokenCalls.withLock { $0 += 1 }
            return try await token()
        }
        messenger = try root.buildChild(
            namespace: BackendWebSocketService.name,
            actions: [AuthenticationController.GetBearerToken.self],
            events: [
                AuthenticationController.StateChange.self, KeyringController.Lock.self, KeyringController.Unlock.self,
            ])
        self.transport = transport
        let traces = traces
        let isEnabledCalls = isEnabledCalls
        var gate: (@Sendable () -> Bool)?
        if let isEnabled {
            gate = { @Sendable () -> Bool in
                isEnabledCalls.withLock { $0 += 1 }
                return isEnabled()
            }
        }
        let clock = clock
        service = try BackendWebSocketService(
            messenger: messenger,
            options: .init(
                url: url, timeout: timeout, reconnectDelay: .milliseconds(50), maxReconnectDelay: .milliseconds(100),
                requestTimeout: requestTimeout, isEnabled: gate,
                trace: { request in traces.withLock { $0.append(request) } },
                transport: transport, clock: QueryClock(clock),
                now: { 1_700_000_000_000 + clock.now.offset.wsMilliseconds },
                random: .constant(random), requestIDs: .incrementing(prefix: "req-"), requiresToken: requiresToken))
        let published = published
        root.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) { info in
            published.withLock { $0.append(info) }
        }
    }

    var info: WebSocketConnectionInfo { service.getConnectionInfo() }
    var state: WebSocketConnectionState { info.state }

    /// Connects and returns the scripted connection.
    @discardableResult
    func connected() async throws -> ScriptedWebSocketConnection {
        try await service.connect()
        return transport.connections.last!
    }

    /// Waits (yielding, bounded by 30 s of real time) until `condition` holds.
    func until(_ what: String = "condition", _ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation)
        async
    {
        let start = ContinuousClock.now
        while !condition() {
            // Generous: a loaded machine (sanitizers) stalls tasks for seconds.
            if ContinuousClock.now - start > .seconds(30) {
                Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
                return
            }
            await Task.yield()
        }
    }

    /// Lets queued work run (for asserting that something does *not* happen).
    func settle() async {
        for _ in 0..<200 { await Task.yield() }
    }

    /// Advances the test clock once `sleepers` timers are armed.
    func advance(by duration: Duration, afterSleepers sleepers: Int = 1) async {
        await until("\(sleepers) sleepers") { clock.sleeperCount >= sleepers }
        clock.advance(by: duration)
    }

    /// Answers every subscribe with `subscriptionId` and every other request with an empty success.
    func answerRequests(subscriptionId: @escaping @Sendable (String) -> String = { _ in "sub-123" }) {
        transport.respond { text, connection in
            guard let id = ScriptedWebSocketTransport.requestId(in: text) else { return }
            if text.contains(#""event":"subscribe""#) {
                connection.push(
                    text:
                        #"{"event":"subscribed","data":{"requestId":"\#(id)","subscriptionId":"\#(subscriptionId(id))","failed":[]}}"#
                )
            } else {
                connection.push(text: #"{"event":"response","data":{"requestId":"\#(id)","failed":[]}}"#)
            }
        }
    }
}

/// Records notifications delivered to a callback.
final class WSInbox: Sendable {
    let messages = Locked<[ServerNotificationMessage]>([])
    var count: Int { messages.withLock { $0.count } }
    var handler: ServerNotificationHandler { { message in self.messages.withLock { $0.append(message) } } }
}

extension Duration {
    var wsMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// Runs `body` and returns the message of the error it throws (`nil` if none).
func wsErrorMessage(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return String(describing: error)
    }
}
