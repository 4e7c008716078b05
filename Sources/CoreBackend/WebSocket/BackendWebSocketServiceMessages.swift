import CoreBackendRuntime

/// The messenger surface of `BackendWebSocketService` (upstream names), usable by other services
/// without a reference to the service itself.
public enum BackendWebSocketServiceMessages {
    /// The service name and namespace.
    public static let namespace = "BackendWebSocketService"

    /// The actions a service that subscribes to channels needs from this one (connect, reconnect,
    /// subscribe, the subscription queries and channel callbacks).
    public static var subscriberActions: [any MessengerAction.Type] {
        [
            Connect.self, ForceReconnection.self, Subscribe.self, GetConnectionInfo.self, ChannelHasSubscription.self,
            GetSubscriptionsByChannel.self, FindSubscriptionsByChannelPrefix.self, AddChannelCallback.self,
            RemoveChannelCallback.self,
        ]
    }

    /// `BackendWebSocketService:connect`.
    public enum Connect: MessengerAction {
        /// `BackendWebSocketService:connect`.
        public static let name = "BackendWebSocketService:connect"
    }

    /// `BackendWebSocketService:disconnect`.
    public enum Disconnect: MessengerAction {
        /// `BackendWebSocketService:disconnect`.
        public static let name = "BackendWebSocketService:disconnect"
    }

    /// `BackendWebSocketService:forceReconnection`.
    public enum ForceReconnection: MessengerAction {
        /// `BackendWebSocketService:forceReconnection`.
        public static let name = "BackendWebSocketService:forceReconnection"
    }

    /// `BackendWebSocketService:sendMessage`: fire-and-forget; throws when not connected.
    public enum SendMessage: MessengerAction {
        /// The message.
        public typealias Arguments = ClientRequestMessage
        /// `BackendWebSocketService:sendMessage`.
        public static let name = "BackendWebSocketService:sendMessage"
    }

    /// `BackendWebSocketService:sendRequest`: resolves with the response's `data` object.
    public enum SendRequest: MessengerAction {
        /// The request.
        public typealias Arguments = ClientRequestMessage
        /// The response's `data`.
        public typealias Result = JSONValue
        /// `BackendWebSocketService:sendRequest`.
        public static let name = "BackendWebSocketService:sendRequest"
    }

    /// `BackendWebSocketService:subscribe`.
    public enum Subscribe: MessengerAction {
        /// Channels, type tag, callback, optional request id.
        public typealias Arguments = WebSocketSubscriptionRequest
        /// The subscription.
        public typealias Result = WebSocketSubscription
        /// `BackendWebSocketService:subscribe`.
        public static let name = "BackendWebSocketService:subscribe"
    }

    /// `BackendWebSocketService:getConnectionInfo`.
    public enum GetConnectionInfo: MessengerAction {
        /// The current snapshot.
        public typealias Result = WebSocketConnectionInfo
        /// `BackendWebSocketService:getConnectionInfo`.
        public static let name = "BackendWebSocketService:getConnectionInfo"
    }

    /// `BackendWebSocketService:getSubscriptionsByChannel`.
    public enum GetSubscriptionsByChannel: MessengerAction {
        /// The channel.
        public typealias Arguments = String
        /// Matching subscriptions in creation order.
        public typealias Result = [WebSocketSubscription]
        /// `BackendWebSocketService:getSubscriptionsByChannel`.
        public static let name = "BackendWebSocketService:getSubscriptionsByChannel"
    }

    /// `BackendWebSocketService:channelHasSubscription`.
    public enum ChannelHasSubscription: MessengerAction {
        /// The channel.
        public typealias Arguments = String
        /// Whether any subscription contains it.
        public typealias Result = Bool
        /// `BackendWebSocketService:channelHasSubscription`.
        public static let name = "BackendWebSocketService:channelHasSubscription"
    }

    /// `BackendWebSocketService:findSubscriptionsByChannelPrefix`.
    public enum FindSubscriptionsByChannelPrefix: MessengerAction {
        /// The prefix.
        public typealias Arguments = String
        /// Subscriptions with a channel starting with it.
        public typealias Result = [WebSocketSubscription]
        /// `BackendWebSocketService:findSubscriptionsByChannelPrefix`.
        public static let name = "BackendWebSocketService:findSubscriptionsByChannelPrefix"
    }

    /// `BackendWebSocketService:addChannelCallback`.
    public enum AddChannelCallback: MessengerAction {
        /// The callback.
        public typealias Arguments = ChannelCallback
        /// `BackendWebSocketService:addChannelCallback`.
        public static let name = "BackendWebSocketService:addChannelCallback"
    }

    /// `BackendWebSocketService:removeChannelCallback`.
    public enum RemoveChannelCallback: MessengerAction {
        /// The channel name.
        public typealias Arguments = String
        /// Whether one was removed.
        public typealias Result = Bool
        /// `BackendWebSocketService:removeChannelCallback`.
        public static let name = "BackendWebSocketService:removeChannelCallback"
    }

    /// `BackendWebSocketService:getChannelCallbacks`.
    public enum GetChannelCallbacks: MessengerAction {
        /// All callbacks in registration order.
        public typealias Result = [ChannelCallback]
        /// `BackendWebSocketService:getChannelCallbacks`.
        public static let name = "BackendWebSocketService:getChannelCallbacks"
    }

    /// `BackendWebSocketService:connectionStateChanged`: published only when the state value changes.
    public enum ConnectionStateChanged: MessengerEvent {
        /// The snapshot at the moment of change.
        public typealias Payload = WebSocketConnectionInfo
        /// `BackendWebSocketService:connectionStateChanged`.
        public static let name = "BackendWebSocketService:connectionStateChanged"
    }
}
