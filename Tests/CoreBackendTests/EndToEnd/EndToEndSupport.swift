import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// `backend.waitForSubscription(matching:)` bounded by 10 s, so a regression fails instead of hanging.
func waitForSubscription(
    _ backend: MockWebSocketBackend, _ channel: String, sourceLocation: SourceLocation = #_sourceLocation
) async {
    let done = await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            await backend.waitForSubscription(matching: channel)
            return true
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(10))
            return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
    }
    if !done {
        Issue.record("timed out waiting for a server subscription of \(channel)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` with a fresh `MockWebSocketBackend`, a `RealtimeStack` on it (20 ms reconnect delays, capped at
/// 200 ms; token `test-token`) and the log of its events; tears both down afterwards.
func withRealtimeStack(
    accounts: [InternalAccount], flags: [String: JSONValue] = [:], ohlcv: Bool = false,
    _ body: (RealtimeStack, MockWebSocketBackend, EventLog) async throws -> Void
) async throws {
    let backend = try MockWebSocketBackend()
    defer { backend.stop() }
    let stack = try RealtimeStack(
        url: backend.url.absoluteString, token: "test-token", accounts: accounts, flags: flags,
        options: BackendWebSocketServiceOptions(
            url: backend.url.absoluteString, timeout: .seconds(5), reconnectDelay: .milliseconds(20),
            maxReconnectDelay: .milliseconds(200), requestTimeout: .seconds(5)),
        includeOHLCV: ohlcv)
    defer { stack.destroy() }
    try await body(stack, backend, EventLog(stack.events()))
}

/// The `balanceUpdated` payload upstream publishes for `notification` (`{address, chain: tx.chain, updates}`).
func expectedBalanceUpdate(_ notification: JSONValue) -> JSONValue {
    [
        "address": notification["address"] ?? .null, "chain": notification["tx"]?["chain"] ?? .null,
        "updates": notification["updates"] ?? .null,
    ]
}

/// Typed `AccountActivityService:balanceUpdated` payloads, collected by a plain messenger subscriber.
final class BalanceSubscriber: Sendable {
    private let received = Locked<[AccountActivityServiceMessages.BalanceUpdated.Payload]>([])
    private let messenger: Messenger
    private let subscription: Locked<MessengerSubscription?> = Locked(nil)

    init(_ messenger: Messenger) {
        self.messenger = messenger
        let received = received
        let handle = messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { payload in
            received.withLock { $0.append(payload) }
        }
        subscription.withLock { $0 = handle }
    }

    deinit {
        if let handle = subscription.withLock({ $0 }) { try? messenger.unsubscribe(handle) }
    }

    var all: [AccountActivityServiceMessages.BalanceUpdated.Payload] { received.withLock { $0 } }
}

extension RealtimeEndToEndTests {
    static let otherAddress = "0x9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"
    static let solanaAddress = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"
    static let trackedChains: JSONValue = ["eip155:1", "eip155:137", "eip155:8453"]

    static func wildcardChannel(_ address: String, namespace: String = "eip155") -> String {
        "account-activity.v1.\(namespace):0:\(address)"
    }

    static func notifiedChannel(_ address: String, chain: String = "eip155:8453") -> String {
        "account-activity.v1.\(chain):\(address)"
    }

    /// Connects, waits for the server subscription of `channel` and for the debounced `up` of the
    /// greeting system notification.
    func connectAndWaitUntilUp(
        _ stack: RealtimeStack, _ backend: MockWebSocketBackend, _ log: EventLog, channel: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await stack.webSocket.connect()
        await waitForSubscription(backend, channel, sourceLocation: sourceLocation)
        await log.wait(for: "statusChanged up", sourceLocation: sourceLocation) {
            $0.contains { $0.name == "statusChanged" && $0.payload["status"] == "up" }
        }
    }
}

extension RealtimeStack.Event {
    var isConnected: Bool { name == "connectionStateChanged" && payload["state"] == "connected" }
    var isDisconnected: Bool { name == "connectionStateChanged" && payload["state"] == "disconnected" }
}
