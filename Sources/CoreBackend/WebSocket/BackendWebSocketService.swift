import CoreBackendRuntime
import Foundation

/// The single real-time connection to MetaMask's backend gateway (upstream `BackendWebSocketService`):
/// authenticates with the bearer token, reconnects with jittered backoff, correlates requests with
/// responses, and routes server notifications to subscriptions and channel callbacks.
///
/// Higher services (AccountActivityService, OHLCVService) reach it only through the messenger actions
/// of ``BackendWebSocketServiceMessages`` and the `connectionStateChanged` event.
///
/// ```swift
/// let root = Messenger(namespace: Messenger.mockAnyNamespace)
/// let messenger = try root.buildChild(
///     namespace: BackendWebSocketService.name,
///     actions: [AuthenticationController.GetBearerToken.self],
///     events: [AuthenticationController.StateChange.self, KeyringController.Lock.self, KeyringController.Unlock.self])
/// let service = try BackendWebSocketService(
///     messenger: messenger, options: .init(url: "wss://gateway.api.cx.metamask.io/v1"))
/// try await service.connect()
/// let subscription = try await service.subscribe(.init(
///     channels: ["account-activity.v1.eip155:0:0xabc"], channelType: "account-activity.v1",
///     callback: { notification in print(notification.data) }))
/// ```
///
/// All methods may be called from any thread. Connection logic is the pure
/// `BackendWebSocketConnectionMachine`; this class feeds it events under one lock and performs the
/// resulting effects in order (state-change events are published in transition order).
public final class BackendWebSocketService: Sendable {
    /// `BackendWebSocketService`: the service name and messenger namespace.
    public static let name = BackendWebSocketServiceMessages.namespace

    /// The service name, `BackendWebSocketService`.
    public var name: String { Self.name }
    /// The messenger the service registers its actions on and publishes to.
    public let messenger: Messenger

    let options: BackendWebSocketServiceOptions
    let state: Locked<BackendWebSocketServiceState>
    let socketURL: BackendWebSocketURL
    let currentTime: @Sendable () -> Double
    let errorReporter: BackendWebSocketCallbackErrorReporter
    let externalSubscriptions = Locked<[MessengerSubscription]>([])
    /// The connection status for observers (see `BackendWebSocketService+Network.swift`).
    let statusBroadcaster: StatusBroadcaster<WebSocketConnectionStatus>

    /// Creates the service, subscribes to lock/unlock and sign-in changes and registers the 13 actions.
    /// It does not connect.
    ///
    /// - Throws: ``BackendWebSocketServiceError/invalidURL(_:)`` (URL redacted) for a URL that is not
    ///   `ws://`/`wss://` with a host and a port in 1…65535,
    ///   or a `MessengerError` if an action of that name is already registered.
    public init(messenger: Messenger, options: BackendWebSocketServiceOptions) throws {
        guard let socketURL = BackendWebSocketURL(options.url) else {
            throw BackendWebSocketServiceError.invalidURL(Redaction.redact(options.url))
        }
        self.messenger = messenger
        self.options = options
        self.socketURL = socketURL
        if let now = options.now {
            currentTime = now
        } else {
            let origin = Date().timeIntervalSince1970 * 1000
            let clock = options.clock
            currentTime = { origin + clock.now.milliseconds }
        }
        let configuration = BackendWebSocketConnectionMachine.Configuration(
            url: Redaction.redact(options.url), timeout: options.timeout, reconnectDelay: options.reconnectDelay,
            maxReconnectDelay: options.maxReconnectDelay, requestTimeout: options.requestTimeout,
            requiresToken: options.requiresToken)
        let machine = BackendWebSocketConnectionMachine(configuration: configuration)
        statusBroadcaster = StatusBroadcaster(machine.status)
        state = Locked(BackendWebSocketServiceState(machine: machine))
        errorReporter = BackendWebSocketCallbackErrorReporter(messenger: messenger)
        subscribeToExternalEvents()
        try registerActions()
    }

    // MARK: - Lifecycle

    /// Connects (idempotently): checks the feature gate, gets a bearer token through
    /// `AuthenticationController:getBearerToken` and opens the socket with it as `token` query parameter.
    ///
    /// Concurrent callers share one attempt and all get its outcome. Returns at once when connected, or
    /// while a reconnect is pending (the backoff is not bypassed). A failed attempt schedules a reconnect.
    ///
    /// Cancelling the calling task ends its wait with `CancellationError` at once; the attempt itself goes on
    /// (other callers may be waiting for it) until it completes or ``disconnect()`` aborts it.
    ///
    /// - Throws: the attempt's failure, e.g. ``BackendWebSocketServiceError/authenticationRequired``,
    ///   the token error, ``BackendWebSocketServiceError/connectionClosedDuringConnection(code:reason:)``,
    ///   or `CancellationError`.
    public func connect() async throws {
        let isEnabled = options.isEnabled?() ?? true
        let waiter = state.withLock { $0.makeSerial() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                submit { state, environment in
                    guard !Task.isCancelled else {
                        return [.resumeConnect([continuation], failure: CancellationError())]
                    }
                    state.connectWaiters[waiter] = continuation
                    return state.apply(.connectRequested(waiter: waiter, isEnabled: isEnabled), environment)
                }
            }
        } onCancel: {
            // This caller stops waiting; the attempt goes on for the others (``disconnect()`` aborts it).
            submit { state, _ in
                guard let continuation = state.connectWaiters.removeValue(forKey: waiter) else { return [] }
                return [.resumeConnect([continuation], failure: CancellationError())]
            }
        }
    }

    /// Starts connecting without waiting (unlock and sign-in events use it), in call order.
    func startConnecting() {
        let isEnabled = options.isEnabled?() ?? true
        submit { state, environment in state.apply(.connectRequested(waiter: nil, isEnabled: isEnabled), environment) }
    }

    /// Disconnects without reconnecting: closes an open socket with 4999 `Internal: Manual disconnect`,
    /// aborts an attempt in progress and cancels a pending reconnect; the counter returns to 0.
    ///
    /// Returns immediately; `connectionStateChanged` reports `disconnected` when the socket has closed.
    public func disconnect() {
        submit { state, environment in state.apply(.disconnectRequested, environment) }
    }

    /// Drops the connection to reset all server-side state: closes an open socket with 4998
    /// `Internal: Force reconnect` (which reconnects through the backoff), or schedules a reconnect when
    /// disconnected. Does nothing while an attempt is already in progress, and nothing after
    /// ``disconnect()`` until the next ``connect()`` (upstream scheduled a reconnect then, so a request that
    /// failed because of the disconnect could reopen the socket). Does not wait for the reconnection.
    public func forceReconnection() async {
        submit { state, environment in state.apply(.forceReconnectRequested, environment) }
    }

    /// Shuts the service down: cancels every timer, disconnects (aborting an attempt in progress) and
    /// stops reacting to unlock and sign-in events. Later `connect()` calls do nothing.
    public func destroy() {
        let subscriptions = externalSubscriptions.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for subscription in subscriptions { try? messenger.unsubscribe(subscription) }
        submit { state, environment in state.apply(.destroyRequested, environment) }
    }

    // MARK: - Queries

    /// The current connection snapshot (upstream `getConnectionInfo`).
    public func getConnectionInfo() -> WebSocketConnectionInfo {
        state.withLock { $0.machine.connectionInfo }
    }

    /// Subscriptions whose channels include exactly `channel`, in creation order.
    ///
    /// Answered from an index: the cost grows with the number of matches, not of subscriptions.
    public func getSubscriptionsByChannel(_ channel: String) -> [WebSocketSubscription] {
        state.withLock { $0.subscriptions.subscriptions(withChannel: channel) }.map(handle(for:))
    }

    /// Whether any subscription includes exactly `channel` (one dictionary lookup).
    public func channelHasSubscription(_ channel: String) -> Bool {
        state.withLock { $0.subscriptions.hasSubscription(channel: channel) }
    }

    /// Subscriptions with at least one channel starting with `prefix`, in creation order.
    ///
    /// A prefix containing `.` (such as `account-activity.v1.`) is answered from an index of channel
    /// families, so its cost grows with the subscriptions of that family, not with all of them; a prefix
    /// without `.` scans every subscription.
    public func findSubscriptionsByChannelPrefix(_ prefix: String) -> [WebSocketSubscription] {
        state.withLock { $0.subscriptions.subscriptions(withChannelPrefix: prefix) }.map(handle(for:))
    }

    /// Internal bookkeeping sizes, for leak checks (benchmarks' soak mode and tests).
    package var resourceCounts:
        (pendingRequests: Int, subscriptions: Int, connections: Int, openTasks: Int, timers: Int)
    {
        state.withLock {
            (
                $0.pendingRequests.count, $0.subscriptions.count, $0.connections.count, $0.openTasks.count,
                $0.timers.count
            )
        }
    }

    // MARK: - Channel callbacks

    /// Registers a local callback for notifications on `callback.channelName` (no server traffic; it
    /// survives reconnects). A second registration under the same name replaces the first in place
    /// (upstream silently kept the first).
    public func addChannelCallback(_ callback: ChannelCallback) {
        state.withLock { $0.channelCallbacks.add(callback) }
    }

    /// Removes the callback registered under `channelName`; `true` if there was one.
    @discardableResult
    public func removeChannelCallback(_ channelName: String) -> Bool {
        state.withLock { $0.channelCallbacks.remove(channelName) }
    }

    /// Every channel callback, in registration order.
    public func getChannelCallbacks() -> [ChannelCallback] {
        state.withLock { $0.channelCallbacks.all }
    }
}
