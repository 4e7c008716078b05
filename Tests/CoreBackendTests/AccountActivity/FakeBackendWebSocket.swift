import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

/// A stand-in for `BackendWebSocketService` made only of messenger action handlers on a root
/// messenger: records requests, hands out subscriptions, routes pushed notifications to the stored
/// callbacks and publishes `connectionStateChanged`.
final class FakeBackendWebSocket: Sendable {
    struct StoredSubscription: Sendable {
        var subscriptionId: String
        var channels: [String]
        var channelType: String
        var callback: ServerNotificationHandler?
    }

    struct State: Sendable {
        var connectionState: WebSocketConnectionState = .disconnected
        var subscriptions: [StoredSubscription] = []
        var channelCallbacks: [ChannelCallback] = []
        var subscribeRequests: [WebSocketSubscriptionRequest] = []
        /// Every action call as `name` or `name(argument)`, in order.
        var calls: [String] = []
        var unsubscribed: [(subscriptionId: String, channels: [String])] = []
        var nextSubscriptionNumber = 1
        var waiters: [(predicate: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

        func count(_ action: String) -> Int {
            calls.filter { $0 == action || $0.hasPrefix(action + "(") }.count
        }
    }

    /// Test-controlled behaviour; `nil` means the default.
    struct Behaviour: Sendable {
        var connect: (@Sendable () async throws -> Void)?
        var subscribe: (@Sendable (WebSocketSubscriptionRequest) async throws -> Void)?
        var unsubscribe: (@Sendable (String) async throws -> Void)?
        var channelHasSubscription: (@Sendable (String) throws -> Bool)?
        var getSubscriptionsByChannel: (@Sendable (String) throws -> [WebSocketSubscription])?
        var findSubscriptionsByChannelPrefix: (@Sendable (String) throws -> [WebSocketSubscription])?
        var getConnectionInfo: (@Sendable () throws -> WebSocketConnectionState)?
        var forceReconnection: (@Sendable () async throws -> Void)?
    }

    let root: Messenger
    let state = Locked(State())
    let behaviour = Locked(Behaviour())

    /// Registers every action; `asynchronousChannelCallbacks` registers add/remove as `async` handlers.
    init(root: Messenger, asynchronousChannelCallbacks: Bool = false) throws {
        self.root = root
        typealias M = BackendWebSocketServiceMessages
        try root.registerActionHandler(M.Connect.self) { [self] () async throws in
            record("connect")
            try await behaviour.withLock(\.connect)?()
            setConnectionState(.connected)
        }
        try root.registerActionHandler(M.ForceReconnection.self) { [self] () async throws in
            record("forceReconnection")
            try await behaviour.withLock(\.forceReconnection)?()
        }
        try root.registerActionHandler(M.Subscribe.self) { [self] request async throws in
            record("subscribe(\(request.channels.joined(separator: ",")))")
            state.withLock { $0.subscribeRequests.append(request) }
            try await behaviour.withLock(\.subscribe)?(request)
            return store(request)
        }
        try root.registerActionHandler(M.GetConnectionInfo.self) { [self] () throws in
            record("getConnectionInfo")
            let connectionState = try behaviour.withLock(\.getConnectionInfo)?() ?? state.withLock(\.connectionState)
            return Self.info(connectionState)
        }
        try root.registerActionHandler(M.ChannelHasSubscription.self) { [self] channel throws in
            record("channelHasSubscription(\(channel))")
            if let override = behaviour.withLock(\.channelHasSubscription) { return try override(channel) }
            return state.withLock { $0.subscriptions.contains { $0.channels.contains(channel) } }
        }
        try root.registerActionHandler(M.GetSubscriptionsByChannel.self) { [self] channel throws in
            record("getSubscriptionsByChannel(\(channel))")
            if let override = behaviour.withLock(\.getSubscriptionsByChannel) { return try override(channel) }
            return handles { $0.channels.contains(channel) }
        }
        try root.registerActionHandler(M.FindSubscriptionsByChannelPrefix.self) { [self] prefix throws in
            record("findSubscriptionsByChannelPrefix(\(prefix))")
            if let override = behaviour.withLock(\.findSubscriptionsByChannelPrefix) { return try override(prefix) }
            return handles { $0.channels.contains { $0.hasPrefix(prefix) } }
        }
        if asynchronousChannelCallbacks {
            try root.registerActionHandler(M.AddChannelCallback.self) { [self] callback async in
                addChannelCallback(callback)
            }
            try root.registerActionHandler(M.RemoveChannelCallback.self) { [self] name async in
                removeChannelCallback(name)
            }
        } else {
            try root.registerActionHandler(M.AddChannelCallback.self) { [self] callback in addChannelCallback(callback)
            }
            try root.registerActionHandler(M.RemoveChannelCallback.self) { [self] name in removeChannelCallback(name) }
        }
    }

    // MARK: Driving

    /// Sets the state and publishes `BackendWebSocketService:connectionStateChanged` (only on change);
    /// a close drops every subscription first, as the real service does.
    func setConnectionState(_ newState: WebSocketConnectionState) {
        let changed = state.withLock { state -> Bool in
            guard state.connectionState != newState else { return false }
            state.connectionState = newState
            if newState == .disconnected { state.subscriptions = [] }
            return true
        }
        if changed {
            try? root.publish(BackendWebSocketServiceMessages.ConnectionStateChanged.self, Self.info(newState))
        }
    }

    /// Delivers a notification like the real router: by subscription id, else by channel callback.
    func push(_ message: ServerNotificationMessage) {
        let target = state.withLock { state -> ServerNotificationHandler? in
            if let id = message.subscriptionId,
                let callback = state.subscriptions.first(where: { $0.subscriptionId == id })?.callback
            {
                return callback
            }
            return state.channelCallbacks.first { $0.channelName == message.channel }?.callback
        }
        target?(message)
    }

    /// The callback of the most recent subscribe request.
    var lastSubscriptionCallback: ServerNotificationHandler? {
        state.withLock { $0.subscribeRequests.last?.callback }
    }

    /// The throwing form of a registered channel callback, when it was created with one.
    func throwingChannelCallback(_ name: String) -> ThrowingServerNotificationHandler? {
        state.withLock { state in state.channelCallbacks.first { $0.channelName == name }?.throwingCallback }
    }

    func channelCallback(_ name: String) -> ServerNotificationHandler? {
        state.withLock { state in state.channelCallbacks.first { $0.channelName == name }?.callback }
    }

    func count(_ action: String) -> Int { state.withLock { $0.count(action) } }
    var calls: [String] { state.withLock(\.calls) }
    var subscribeRequests: [WebSocketSubscriptionRequest] { state.withLock(\.subscribeRequests) }

    /// Suspends until `predicate` holds for the recorded state.
    func waitUntil(_ predicate: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if predicate(state) { return true }
                state.waiters.append((predicate, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Suspends until `action` has been called at least `count` times.
    func waitForCalls(_ action: String, count: Int = 1) async {
        await waitUntil { $0.count(action) >= count }
    }

    /// A handle whose `unsubscribe` records the call and obeys ``Behaviour/unsubscribe``.
    func makeHandle(id: String, channels: [String], channelType: String = "test") -> WebSocketSubscription {
        WebSocketSubscription(subscriptionId: id, channels: channels, channelType: channelType) { [self] _ in
            record("unsubscribe(\(id))")
            try await behaviour.withLock(\.unsubscribe)?(id)
            mutate { state in
                state.subscriptions.removeAll { $0.subscriptionId == id }
                state.unsubscribed.append((id, channels))
            }
        }
    }

    // MARK: Internals

    static func info(_ state: WebSocketConnectionState) -> WebSocketConnectionInfo {
        WebSocketConnectionInfo(
            state: state, url: "ws://localhost:8080", reconnectAttempts: 0, timeout: .seconds(10),
            reconnectDelay: .seconds(10), maxReconnectDelay: .seconds(60), requestTimeout: .seconds(30),
            connectedAt: 0)
    }

    private func store(_ request: WebSocketSubscriptionRequest) -> WebSocketSubscription {
        let id = mutate { state -> String in
            let id = "sub-\(state.nextSubscriptionNumber)"
            state.nextSubscriptionNumber += 1
            state.subscriptions.append(
                StoredSubscription(
                    subscriptionId: id, channels: request.channels, channelType: request.channelType,
                    callback: request.callback))
            return id
        }
        return makeHandle(id: id, channels: request.channels, channelType: request.channelType)
    }

    private func handles(where predicate: (StoredSubscription) -> Bool) -> [WebSocketSubscription] {
        state.withLock { $0.subscriptions.filter(predicate) }.map {
            makeHandle(id: $0.subscriptionId, channels: $0.channels, channelType: $0.channelType)
        }
    }

    private func addChannelCallback(_ callback: ChannelCallback) {
        record("addChannelCallback(\(callback.channelName))")
        mutate { state in
            if !state.channelCallbacks.contains(where: { $0.channelName == callback.channelName }) {
                state.channelCallbacks.append(callback)
            }
        }
    }

    private func removeChannelCallback(_ name: String) -> Bool {
        record("removeChannelCallback(\(name))")
        return mutate { state in
            let before = state.channelCallbacks.count
            state.channelCallbacks.removeAll { $0.channelName == name }
            return state.channelCallbacks.count != before
        }
    }

    private func record(_ call: String) {
        mutate { $0.calls.append(call) }
    }

    /// Applies a change and resumes every waiter whose predicate now holds.
    @discardableResult
    private func mutate<T>(_ body: (inout State) -> T) -> T {
        let (result, ready) = state.withLock { state -> (T, [CheckedContinuation<Void, Never>]) in
            let result = body(&state)
            let snapshot = state
            let ready = snapshot.waiters.filter { $0.predicate(snapshot) }.map(\.continuation)
            state.waiters.removeAll { $0.predicate(snapshot) }
            return (result, ready)
        }
        for continuation in ready { continuation.resume() }
        return result
    }
}
