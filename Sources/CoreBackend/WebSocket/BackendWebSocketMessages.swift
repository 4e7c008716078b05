import CoreBackendRuntime
import Foundation

/// The state of the backend WebSocket connection; raw values are what payloads carry.
public enum WebSocketConnectionState: String, Sendable, Hashable, Codable {
    /// Opening the socket (or waiting for the token / feature flag).
    case connecting
    /// Open and usable.
    case connected
    /// Closed; the initial state.
    case disconnected
    /// Never entered; kept for API compatibility with upstream.
    case disconnecting
    /// Never entered; kept for API compatibility with upstream.
    case error
}

/// A snapshot of the connection (upstream `WebSocketConnectionInfo`), also the payload of
/// `BackendWebSocketService:connectionStateChanged`.
public struct WebSocketConnectionInfo: Sendable, Hashable {
    /// The current state.
    public var state: WebSocketConnectionState
    /// The configured URL (never contains the token).
    public var url: String
    /// The current reconnect counter.
    public var reconnectAttempts: Int
    /// Connection timeout.
    public var timeout: Duration
    /// Base reconnect delay.
    public var reconnectDelay: Duration
    /// Reconnect delay cap.
    public var maxReconnectDelay: Duration
    /// Request timeout.
    public var requestTimeout: Duration
    /// When the socket opened, in milliseconds since 1970; `0` whenever not connected.
    public var connectedAt: Double

    /// Creates a snapshot.
    public init(
        state: WebSocketConnectionState, url: String, reconnectAttempts: Int, timeout: Duration,
        reconnectDelay: Duration, maxReconnectDelay: Duration, requestTimeout: Duration, connectedAt: Double
    ) {
        self.state = state
        self.url = url
        self.reconnectAttempts = reconnectAttempts
        self.timeout = timeout
        self.reconnectDelay = reconnectDelay
        self.maxReconnectDelay = maxReconnectDelay
        self.requestTimeout = requestTimeout
        self.connectedAt = connectedAt
    }
}

/// A server push routed to subscriptions and channel callbacks (upstream `ServerNotificationMessage`):
/// `{event, subscriptionId?, channel, data, timestamp?}`.
public struct ServerNotificationMessage: Sendable, Hashable {
    /// The event name, e.g. `notification` or `system-notification`.
    public var event: String
    /// The subscription it belongs to, when the server says.
    public var subscriptionId: String?
    /// The channel, e.g. `account-activity.v1.eip155:0:0xabc…`.
    public var channel: String
    /// The payload, decoded by the consuming service.
    ///
    /// Messages the service receives keep the payload as the frame's text and build this value on first
    /// read, so consumers that decode a typed model straight from the text never pay for the tree.
    public var data: JSONValue {
        get { payload.value }
        set { payload = .value(newValue) }
    }
    /// Server time in milliseconds, when present.
    public var timestamp: Double?

    private var payload: NotificationPayload

    /// Creates a notification.
    public init(event: String, subscriptionId: String? = nil, channel: String, data: JSONValue, timestamp: Double? = nil) {
        self.init(event: event, subscriptionId: subscriptionId, channel: channel, payload: .value(data), timestamp: timestamp)
    }

    init(event: String, subscriptionId: String?, channel: String, payload: NotificationPayload, timestamp: Double?) {
        self.event = event
        self.subscriptionId = subscriptionId
        self.channel = channel
        self.payload = payload
        self.timestamp = timestamp
    }

    /// Calls `body` with a cursor at the payload when it is still the frame's text (see ``data``);
    /// `nil` when it is not, or when `body` returns `nil`.
    func withPayloadCursor<Result>(_ body: (inout JSONCursor) -> Result?) -> Result? {
        guard case .text(let text) = payload else { return nil }
        return text.withCursor(body)
    }

    /// Equal when the event, subscription, channel, payload value and timestamp are.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.event == rhs.event && lhs.subscriptionId == rhs.subscriptionId && lhs.channel == rhs.channel
            && lhs.timestamp == rhs.timestamp && lhs.data == rhs.data
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(event)
        hasher.combine(subscriptionId)
        hasher.combine(channel)
        hasher.combine(timestamp)
        hasher.combine(data)
    }
}

/// The `data` of a ``ServerNotificationMessage``: a value, or a validated span of a frame's text
/// decoded on first read.
enum NotificationPayload: Sendable {
    case value(JSONValue)
    case text(JSONText)

    var value: JSONValue {
        switch self {
        case .value(let value): value
        case .text(let text): text.value
        }
    }
}

/// A span of a frame's text that holds one JSON value the cursor validated; its ``JSONValue`` is
/// built once, on first read, by the same parser (and fallback) the whole frame would have used.
final class JSONText: Sendable {
    private let text: String
    private let range: Range<Int>
    private let parsed = Locked<JSONValue?>(nil)

    init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }

    func withCursor<Result>(_ body: (inout JSONCursor) -> Result?) -> Result? {
        let range = range
        func run(_ utf8: UnsafeBufferPointer<UInt8>) -> Result? {
            var cursor = JSONCursor(bytes: UnsafeBufferPointer(rebasing: utf8[range]))
            return body(&cursor)
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(run)  // not native UTF-8 (a bridged string)
    }

    var value: JSONValue {
        if let value = parsed.withLock({ $0 }) { return value }
        let value = withCursor { JSONValue(decodingUTF8: $0.bytes) } ?? .null
        parsed.withLock { $0 = value }
        return value
    }
}

/// A message the client sends: `{event, data}`; `data.requestId` correlates a response.
public struct ClientRequestMessage: Sendable, Hashable {
    /// The event name, e.g. `subscribe`.
    public var event: String
    /// The data object; `requestId` is added by `sendRequest` when absent.
    public var data: [String: JSONValue]

    /// Creates a message.
    public init(event: String, data: [String: JSONValue] = [:]) {
        self.event = event
        self.data = data
    }
}

/// Receives notifications for a subscription or channel callback.
public typealias ServerNotificationHandler = @Sendable (ServerNotificationMessage) -> Void

/// Receives notifications and may throw; `BackendWebSocketService` reports the error to its messenger's
/// `captureException` (upstream swallowed callback errors silently).
public typealias ThrowingServerNotificationHandler = @Sendable (ServerNotificationMessage) throws -> Void

/// What `subscribe` needs: channels, a type tag, the callback and an optional request id.
public struct WebSocketSubscriptionRequest: Sendable {
    /// The channels, e.g. `["account-activity.v1.eip155:0:0xabc"]`.
    public var channels: [String]
    /// A tag such as `account-activity.v1` or `market-data.v1` (tracing only).
    public var channelType: String
    /// Called for each notification routed to the subscription.
    public var callback: ServerNotificationHandler?
    /// A caller-chosen request id; generated (UUID v4) when `nil`.
    public var requestId: String?
    /// A callback that may throw (its errors reach the messenger's `captureException`); used instead of
    /// ``callback`` when set.
    public var throwingCallback: ThrowingServerNotificationHandler?

    /// Creates a subscription request.
    public init(channels: [String], channelType: String, callback: ServerNotificationHandler?, requestId: String? = nil) {
        self.channels = channels
        self.channelType = channelType
        self.callback = callback
        self.requestId = requestId
    }

    /// Creates a subscription request whose callback may throw.
    public init(
        channels: [String], channelType: String, throwingCallback: @escaping ThrowingServerNotificationHandler,
        requestId: String? = nil
    ) {
        self.init(channels: channels, channelType: channelType, callback: nil, requestId: requestId)
        self.throwingCallback = throwingCallback
    }
}

/// A server subscription: its id, channels and a way to end it.
public struct WebSocketSubscription: Sendable {
    /// The server-assigned id.
    public var subscriptionId: String
    /// The subscribed channels.
    public var channels: [String]
    /// The type tag given at subscription.
    public var channelType: String
    /// Sends `unsubscribe` and forgets the subscription after the server confirms; takes an optional request id.
    public var unsubscribe: @Sendable (_ requestId: String?) async throws -> Void

    /// Creates a subscription handle.
    public init(
        subscriptionId: String, channels: [String], channelType: String,
        unsubscribe: @escaping @Sendable (_ requestId: String?) async throws -> Void
    ) {
        self.subscriptionId = subscriptionId
        self.channels = channels
        self.channelType = channelType
        self.unsubscribe = unsubscribe
    }
}

/// A local callback for every notification on one channel name.
public struct ChannelCallback: Sendable {
    /// The exact channel name (account-activity channels also match the `eip155:0` wildcard).
    public var channelName: String
    /// The callback.
    public var callback: ServerNotificationHandler
    /// The throwing form, when created with ``init(channelName:throwingCallback:)``; the service calls it
    /// instead of ``callback`` and reports its errors to the messenger's `captureException`.
    public var throwingCallback: ThrowingServerNotificationHandler?

    /// Creates a channel callback.
    public init(channelName: String, callback: @escaping ServerNotificationHandler) {
        self.channelName = channelName
        self.callback = callback
    }

    /// Creates a channel callback that may throw (e.g. on invalid system-notification data).
    public init(channelName: String, throwingCallback: @escaping ThrowingServerNotificationHandler) {
        self.channelName = channelName
        self.callback = { try? throwingCallback($0) }
        self.throwingCallback = throwingCallback
    }
}

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
