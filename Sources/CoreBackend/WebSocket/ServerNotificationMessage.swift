import CoreBackendRuntime

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
    public init(
        event: String, subscriptionId: String? = nil, channel: String, data: JSONValue, timestamp: Double? = nil
    ) {
        self.init(
            event: event, subscriptionId: subscriptionId, channel: channel, payload: .value(data), timestamp: timestamp)
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
