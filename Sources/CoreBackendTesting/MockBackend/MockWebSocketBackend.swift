public import CoreBackendRuntime
public import Foundation

/// The WebSocket half of the mock backend: speaks MetaMask's backend protocol on 127.0.0.1.
///
/// It answers `subscribe` / `unsubscribe` requests (`sub-1`, `sub-2`, …; channels listed in
/// ``Configuration/failingChannels`` come back in `failed`), greets every account-activity subscription
/// with a `system-notification` listing ``Configuration/upChainIds``, answers any other request with
/// `{"event":"response","data":{"requestId":…,"result":"ok"}}`, and lets a test push account-activity
/// notifications, system notifications and OHLCV bars, or inject faults (drop, stall, close codes,
/// restart on the same port).
///
/// ```swift
/// let socket = try MockWebSocketBackend()
/// // point BackendWebSocketService at socket.url, then:
/// await socket.waitForSubscription(matching: "account-activity.v1.eip155:0:0xabc")
/// try socket.pushAccountActivity(channel: "account-activity.v1.eip155:1:0xabc", data: payload)
/// ```
public final class MockWebSocketBackend: Sendable {
    /// Behaviour switches.
    public struct Configuration: Sendable {
        /// Port to listen on; 0 picks a free one (kept across ``restart()``).
        public var port: Int
        /// When set, upgrades whose `token` query parameter differs are rejected with 401.
        public var requiredToken: String?
        /// Channels whose subscription fails (reported in `failed`).
        public var failingChannels: Set<String>
        /// Chains reported `up` right after an account-activity subscription.
        public var upChainIds: [String]
        /// Whether every client message is kept for ``MockWebSocketBackend/receivedMessages`` (on by
        /// default; load tests with 100,000 subscriptions turn it off to keep the server's memory flat).
        public var recordsReceivedMessages: Bool = true

        /// Creates a configuration.
        public init(
            port: Int = 0, requiredToken: String? = nil, failingChannels: Set<String> = [],
            upChainIds: [String] = ["eip155:1", "eip155:137", "eip155:8453"]
        ) {
            self.port = port
            self.requiredToken = requiredToken
            self.failingChannels = failingChannels
            self.upChainIds = upChainIds
        }

        /// Creates a configuration, choosing whether client messages are recorded.
        public init(recordsReceivedMessages: Bool, failingChannels: Set<String> = []) {
            self.init(failingChannels: failingChannels)
            self.recordsReceivedMessages = recordsReceivedMessages
        }
    }

    /// A live server-side subscription.
    public struct Subscription: Sendable, Hashable {
        /// The id the server assigned.
        public var subscriptionId: String
        /// The subscribed channels.
        public var channels: [String]
    }

    struct ConnectionEntry {
        let connection: WebSocketTestServerConnection
        var subscriptionIds: Set<String> = []
    }

    struct State {
        var configuration: Configuration
        var server: WebSocketTestServer?
        var port = 0
        var connections: [UInt64: ConnectionEntry] = [:]
        var subscriptions: [String: (subscription: Subscription, connection: UInt64)] = [:]
        /// Subscription ids by exact channel, so pushes and waits never scan every subscription.
        var byChannel: [String: Set<String>] = [:]
        var nextConnection: UInt64 = 0
        var nextSubscription = 0
        var tokens: [String?] = []
        var received: [JSONValue] = []
        var waiters: [(channel: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    let state: Locked<State>

    /// Starts listening.
    public init(configuration: Configuration = Configuration()) throws {
        state = Locked(State(configuration: configuration))
        try start()
    }

    deinit { stop() }

    /// `ws://127.0.0.1:<port>/v1`.
    public var url: URL { URL(string: "ws://127.0.0.1:\(port)/v1")! }

    /// The listening port.
    public var port: Int { state.withLock { $0.port } }

    /// Open connections.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// The `token` query parameter of every accepted upgrade, in order.
    public var tokens: [String?] { state.withLock { $0.tokens } }

    /// Every client message received, in order.
    public var receivedMessages: [JSONValue] { state.withLock { $0.received } }

    /// The live subscriptions, oldest first.
    public var subscriptions: [Subscription] {
        state.withLock {
            $0.subscriptions.values.map(\.subscription).sorted {
                $0.subscriptionId.count == $1.subscriptionId.count
                    ? $0.subscriptionId < $1.subscriptionId : $0.subscriptionId.count < $1.subscriptionId.count
            }
        }
    }

    /// Starts the server again after ``stop()``, on the same port.
    public func start() throws {
        let (port, configuration) = state.withLock { ($0.port, $0.configuration) }
        let serverConfiguration = WebSocketTestServer.Configuration(port: port == 0 ? configuration.port : port) {
            [state] request in
            let required = state.withLock { $0.configuration.requiredToken }
            if let required, request.query["token"] != required {
                return .reject(status: 401, body: #"{"error":"unauthorized"}"#)
            }
            return .accept
        }
        let server = try Self.listen(serverConfiguration)
        state.withLock {
            $0.server = server
            $0.port = server.port
        }
        Task { [weak self] in
            for await connection in server.connections { self?.serve(connection) }
        }
    }

    /// Starts a server. The previous listener (``restart()``) releases its port on its accept thread just
    /// after `shutdown()` returns, so `bind` is retried briefly (up to 2 s) instead of failing with EADDRINUSE.
    private static func listen(_ configuration: WebSocketTestServer.Configuration) throws -> WebSocketTestServer {
        var attempts = 0
        while true {
            do {
                return try WebSocketTestServer(configuration: configuration)
            } catch let error as SystemCallError
                where error.call == "bind" && configuration.port != 0 && attempts < 2_000
            {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
    }

    /// Stops listening and drops every connection without a close frame (a server crash).
    public func stop() {
        let (server, connections) = state.withLock { state -> (WebSocketTestServer?, [WebSocketTestServerConnection]) in
            defer {
                state.server = nil
                state.connections = [:]
                state.subscriptions = [:]
                state.byChannel = [:]
            }
            return (state.server, state.connections.values.map(\.connection))
        }
        server?.shutdown()
        for connection in connections { connection.drop() }
    }

    /// Stops and starts again on the same port.
    public func restart() throws {
        stop()
        try start()
    }

    /// Drops every connection without a close frame (the client sees 1006).
    public func dropConnections() {
        for connection in takeConnections() { connection.drop() }
    }

    /// Stops answering on every connection (socket stays open).
    public func stallConnections() {
        for connection in state.withLock({ $0.connections.values.map(\.connection) }) { connection.stall() }
    }

    /// Closes every connection with `code` and `reason`.
    public func closeConnections(code: WebSocketCloseCode, reason: String) async {
        for connection in takeConnections() { _ = await connection.close(code: code, reason: reason) }
    }

    /// Waits until a live subscription contains `channel` exactly.
    public func waitForSubscription(matching channel: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.byChannel[channel] != nil { return true }
                state.waiters.append((channel, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Sends an account-activity notification on a concrete channel
    /// (`account-activity.v1.eip155:8453:0xabc`) to the subscription covering it (`…eip155:0:0xabc`).
    /// Returns how many subscriptions received it.
    @discardableResult
    public func pushAccountActivity(channel: String, data: JSONValue, event: String = "notification") throws -> Int {
        let targets = targets(covering: channel)
        for (connection, subscriptionId) in targets {
            try connection.send(
                text: Self.text([
                    "event": .string(event), "subscriptionId": .string(subscriptionId), "channel": .string(channel),
                    "timestamp": .number(Self.nowMilliseconds), "data": data,
                ]))
        }
        return targets.count
    }

    /// Sends `count` copies of one account-activity notification (see ``pushAccountActivity(channel:data:event:)``)
    /// to every subscription covering `channel`, `batchSize` frames per socket write, for load tests.
    /// Returns how many subscriptions received them.
    @discardableResult
    public func pushAccountActivity(
        channel: String, data: JSONValue, count: Int, batchSize: Int = 64, event: String = "notification"
    ) throws -> Int {
        let targets = targets(covering: channel)
        for (connection, subscriptionId) in targets {
            let text = Self.text([
                "event": .string(event), "subscriptionId": .string(subscriptionId), "channel": .string(channel),
                "timestamp": .number(Self.nowMilliseconds), "data": data,
            ])
            let batch = [String](repeating: text, count: max(1, min(batchSize, count)))
            var sent = 0
            while sent < count {
                let size = min(batch.count, count - sent)
                try connection.send(texts: size == batch.count ? batch : Array(batch.prefix(size)))
                sent += size
            }
        }
        return targets.count
    }

    /// Sends a `system-notification` (`status` `up` or `down`) on `system-notifications.v1.<namespace>`
    /// to every connection.
    public func pushSystemNotification(chainIds: [String], status: String, namespace: String = "account-activity.v1")
        throws
    {
        let message = Self.text([
            "event": "system-notification", "channel": .string("system-notifications.v1." + namespace),
            "timestamp": .number(Self.nowMilliseconds),
            "data": [
                "chainIds": .array(chainIds.map(JSONValue.string)), "status": .string(status),
                "timestamp": .number(Self.nowMilliseconds),
            ],
        ])
        for connection in state.withLock({ $0.connections.values.map(\.connection) }) {
            try connection.send(text: message)
        }
    }

    /// Sends a raw text frame to every connection (malformed payloads, schema drift).
    public func pushRaw(_ text: String) throws {
        for connection in state.withLock({ $0.connections.values.map(\.connection) }) {
            try connection.send(text: text)
        }
    }

    /// Whether subscribed channel `subscribed` covers notified channel `notified`: equal, or the same
    /// account-activity namespace and address with chain reference `0` meaning every chain.
    public static func covers(_ subscribed: String, _ notified: String) -> Bool {
        if subscribed == notified { return true }
        let prefix = "account-activity.v1."
        guard subscribed.hasPrefix(prefix), notified.hasPrefix(prefix) else { return false }
        let a = subscribed.dropFirst(prefix.count).split(separator: ":", maxSplits: 2)
        let b = notified.dropFirst(prefix.count).split(separator: ":", maxSplits: 2)
        return a.count == 3 && b.count == 3 && a[0] == b[0] && a[1] == "0" && a[2] == b[2]
    }

    /// The connections and subscription ids whose subscriptions cover `channel` (see ``covers(_:_:)``):
    /// the exact channel and its chain-wildcard form, two dictionary lookups.
    private func targets(covering channel: String) -> [(WebSocketTestServerConnection, String)] {
        state.withLock { state in
            var ids = state.byChannel[channel] ?? []
            if let wildcard = Self.wildcard(of: channel) { ids.formUnion(state.byChannel[wildcard] ?? []) }
            return ids.sorted().compactMap { id in
                state.subscriptions[id].flatMap { entry in
                    state.connections[entry.connection].map { ($0.connection, id) }
                }
            }
        }
    }

    /// `account-activity.v1.eip155:0:0xabc` for `account-activity.v1.eip155:8453:0xabc`.
    static func wildcard(of channel: String) -> String? {
        let prefix = "account-activity.v1."
        guard channel.hasPrefix(prefix) else { return nil }
        let parts = channel.dropFirst(prefix.count).split(separator: ":", maxSplits: 2)
        guard parts.count == 3 else { return nil }
        return "\(prefix)\(parts[0]):0:\(parts[2])"
    }

    private func takeConnections() -> [WebSocketTestServerConnection] {
        state.withLock { state in
            defer {
                state.connections = [:]
                state.subscriptions = [:]
                state.byChannel = [:]
            }
            return state.connections.values.map(\.connection)
        }
    }

    static var nowMilliseconds: Double { (Date().timeIntervalSince1970 * 1_000).rounded() }

    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
