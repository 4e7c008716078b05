import CoreBackend
import CoreBackendRuntime
import Foundation

/// The real-time services wired together on one messenger: ``MockControllers``, `BackendWebSocketService`,
/// `AccountActivityService` and (optionally) `OHLCVService`, with every published event available as JSON.
///
/// ```swift
/// let stack = try RealtimeStack(url: "wss://gateway.example/v1", token: jwt,
///                               accounts: [MockControllers.evmAccount("0xabc…")])
/// for await event in stack.events() { print(event.name, event.payload) }
/// try await stack.webSocket.connect()
/// ```
public final class RealtimeStack: Sendable {
    /// One event a service published: upstream's event name without the namespace, and its payload as JSON.
    public struct Event: Sendable, Hashable {
        /// `balanceUpdated`, `transactionUpdated`, `statusChanged`, `subscriptionError`,
        /// `connectionStateChanged`, `barUpdated`, `chainStatusChanged`.
        public var name: String
        /// The payload with upstream's field names.
        public var payload: JSONValue
    }

    /// The root messenger (owns every namespace).
    public let messenger: Messenger
    /// The controller stand-ins.
    public let controllers: MockControllers
    /// The connection service.
    public let webSocket: BackendWebSocketService
    /// The account-activity service.
    public let accountActivity: AccountActivityService
    /// The OHLCV service, when requested.
    public let ohlcv: OHLCVService?

    /// Wires the services.
    ///
    /// - Parameters:
    ///   - url: The WebSocket URL (`ws://` or `wss://`).
    ///   - token: The bearer token; `nil` connects without one (no `token` query parameter).
    ///   - accounts: The selected account group.
    ///   - options: Connection options; `url` and `requiresToken` are set from the arguments.
    ///   - includeOHLCV: Also create an `OHLCVService`.
    ///   - captureException: Receives errors thrown by subscribers and callbacks.
    public init(
        url: String, token: String?, accounts: [InternalAccount] = [], flags: [String: JSONValue] = [:],
        options: BackendWebSocketServiceOptions? = nil, includeOHLCV: Bool = false,
        captureException: (@Sendable (any Error) -> Void)? = nil
    ) throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace, captureException: captureException)
        messenger = root
        controllers = try MockControllers(messenger: root, token: token, accounts: accounts, flags: flags)
        var socketOptions = options ?? BackendWebSocketServiceOptions(url: url)
        socketOptions.url = url
        socketOptions.requiresToken = token != nil
        webSocket = try BackendWebSocketService(
            messenger: root.buildChild(
                namespace: BackendWebSocketServiceMessages.namespace,
                actions: [AuthenticationController.GetBearerToken.self],
                events: [AuthenticationController.StateChange.self, KeyringController.Lock.self, KeyringController.Unlock.self]),
            options: socketOptions)
        accountActivity = try AccountActivityService(
            messenger: root.buildChild(
                namespace: AccountActivityServiceMessages.namespace,
                actions: AccountActivityServiceMessages.allowedActions, events: AccountActivityServiceMessages.allowedEvents))
        ohlcv = includeOHLCV
            ? try OHLCVService(
                messenger: root.buildChild(
                    namespace: OHLCVServiceMessages.namespace,
                    actions: OHLCVServiceMessages.allowedActions, events: OHLCVServiceMessages.allowedEvents))
            : nil
    }

    /// Every event the services publish from now on, in order, as long as you iterate.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        var subscriptions: [MessengerSubscription] = []
        func forward<E: MessengerEvent>(_ event: E.Type, _ name: String) where E.Payload: Encodable {
            subscriptions.append(messenger.subscribe(event) { payload in
                continuation.yield(Event(name: name, payload: (try? JSONValue(encoding: payload)) ?? .null))
            })
        }
        forward(AccountActivityServiceMessages.BalanceUpdated.self, "balanceUpdated")
        forward(AccountActivityServiceMessages.TransactionUpdated.self, "transactionUpdated")
        forward(AccountActivityServiceMessages.StatusChanged.self, "statusChanged")
        forward(AccountActivityServiceMessages.SubscriptionError.self, "subscriptionError")
        forward(BackendWebSocketServiceMessages.ConnectionStateChanged.self, "connectionStateChanged")
        if ohlcv != nil {
            forward(OHLCVServiceMessages.BarUpdated.self, "barUpdated")
            forward(OHLCVServiceMessages.ChainStatusChanged.self, "chainStatusChanged")
        }
        let handles = subscriptions
        continuation.onTermination = { [messenger] _ in
            for handle in handles { try? messenger.unsubscribe(handle) }
        }
        return stream
    }

    /// Tears everything down: the services detach and the socket closes.
    public func destroy() {
        ohlcv?.destroy()
        accountActivity.destroy()
        webSocket.destroy()
    }
}
