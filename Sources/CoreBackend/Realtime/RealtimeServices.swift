import CoreBackendRuntime
import Foundation

/// The real-time services wired together on one root messenger: `BackendWebSocketService`,
/// `AccountActivityService` and (optionally) `OHLCVService`, each on a child messenger with exactly the
/// actions and events it needs, with every published event available as JSON.
///
/// The root messenger must already answer the controller actions the services call
/// (`AuthenticationController:getBearerToken`, `AccountTreeController:getAccountsFromSelectedAccountGroup`,
/// `RemoteFeatureFlagController:getState`), as an app's controllers or `CoreBackendTesting.MockControllers` do.
///
/// ```swift
/// let services = try RealtimeServices(messenger: root, options: .init(url: "wss://gateway.example/v1"))
/// for await event in services.events() { print(event.name, event.payload) }
/// try await services.webSocket.connect()
/// ```
public final class RealtimeServices: Sendable {
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
    /// The connection service.
    public let webSocket: BackendWebSocketService
    /// The account-activity service.
    public let accountActivity: AccountActivityService
    /// The OHLCV service, when requested.
    public let ohlcv: OHLCVService?

    /// Wires the services on children of `messenger`.
    ///
    /// - Parameters:
    ///   - messenger: The root messenger, answering the controller actions the services call.
    ///   - options: Connection options for `BackendWebSocketService`.
    ///   - includeOHLCV: Also create an `OHLCVService`.
    public init(messenger: Messenger, options: BackendWebSocketServiceOptions, includeOHLCV: Bool = false) throws {
        self.messenger = messenger
        webSocket = try BackendWebSocketService(
            messenger: messenger.buildChild(
                namespace: BackendWebSocketServiceMessages.namespace,
                actions: [AuthenticationController.GetBearerToken.self],
                events: [
                    AuthenticationController.StateChange.self, KeyringController.Lock.self,
                    KeyringController.Unlock.self,
                ]),
            options: options)
        accountActivity = try AccountActivityService(
            messenger: messenger.buildChild(
                namespace: AccountActivityServiceMessages.namespace,
                actions: AccountActivityServiceMessages.allowedActions,
                events: AccountActivityServiceMessages.allowedEvents))
        ohlcv =
            includeOHLCV
            ? try OHLCVService(
                messenger: messenger.buildChild(
                    namespace: OHLCVServiceMessages.namespace,
                    actions: OHLCVServiceMessages.allowedActions, events: OHLCVServiceMessages.allowedEvents))
            : nil
    }

    /// Every event the services publish from now on, in order, as long as you iterate.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        var subscriptions: [MessengerSubscription] = []
        func forward<E: MessengerEvent>(_ event: E.Type, _ name: String) where E.Payload: Encodable {
            subscriptions.append(
                messenger.subscribe(event) { payload in
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
