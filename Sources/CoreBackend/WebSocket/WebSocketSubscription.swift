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
    public init(channels: [String], channelType: String, callback: ServerNotificationHandler?, requestId: String? = nil)
    {
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
