import CoreBackendRuntime
import Foundation

/// One inbound frame, parsed, normalised and classified as §3.3 of the reference describes.
///
/// The top-level fields are read in one validating pass (``BackendWebSocketInboundFields``) that
/// decodes only what routing needs and leaves `data` as a span of the frame's text (see
/// ``ServerNotificationMessage/data``). Text that pass finds unusual (a repeated routing key, JSON the
/// strict reader declines) is parsed by `JSONDecoder`, written back out and read by the same pass, so
/// there is one set of field rules. Both stop at `JSONLimits.maximumNestingDepth`, so no frame can
/// exhaust the stack of the reading thread.
struct BackendWebSocketInboundMessage: Sendable {
    /// `event`, when it is a string.
    private(set) var event: String?
    /// Whether the message has a `subscriptionId` key (its value may be null).
    private(set) var hasSubscriptionIdKey: Bool
    /// The subscription id when it is a string.
    private(set) var subscriptionId: String?
    /// The channel, when it is a string.
    private(set) var channel: String?
    /// `timestamp`, when it is a number.
    private(set) var timestamp: Double?
    /// Whether the message takes the receive time as its timestamp (the wrapped shape without one).
    private(set) var stampsReceiveTime = false
    /// `data`, when present.
    private(set) var payload: NotificationPayload?
    /// The request id when the message is response-shaped (`data` is an object with a `requestId` key).
    private(set) var responseRequestId: JSONValue?

    /// Parses a frame; `nil` for anything but a JSON object, and for a frame nested deeper than
    /// `JSONLimits.maximumNestingDepth` (dropped silently, as upstream drops malformed frames).
    ///
    /// Pure (it reads no clock), so it may run on the thread that received the frame.
    init?(text: String) {
        var fields = BackendWebSocketInboundFields()
        if fields.read(text) {
            self = Self.message(&fields, text: text)
            return
        }
        // Unusual text: JSONDecoder decides what it means; written back out, it has no repeated keys.
        guard case .object? = JSONValue(decoding: text), let canonical = Self.canonicalText(text) else { return nil }
        fields = BackendWebSocketInboundFields()
        guard fields.read(canonical) else { return nil }
        self = Self.message(&fields, text: canonical)
    }

    /// The message `fields` (read from `text` in one pass) describe, unwrapped when it has the wrapped
    /// shape. Takes the values out of `fields` and builds the message in one go (no copies: this runs
    /// per frame).
    private static func message(_ fields: inout BackendWebSocketInboundFields, text: String) -> Self {
        let payload = fields.data.map { NotificationPayload.text(JSONText(text: text, range: $0)) }
        var wrapped: [String: JSONValue]?
        if fields.channel == nil, fields.dataHasChannelKey, case .object(let object)? = payload?.value {
            wrapped = object
        }
        let message = Self(
            event: fields.event.take(), hasSubscriptionIdKey: fields.subscriptionIdKind != nil,
            subscriptionId: fields.subscriptionId.take(), channel: fields.channel.take(), timestamp: fields.timestamp,
            payload: payload, responseRequestId: fields.requestId.take())
        guard let wrapped else { return message }
        return message.unwrapped(wrapped, fields)
    }

    private init(
        event: String?, hasSubscriptionIdKey: Bool, subscriptionId: String?, channel: String?, timestamp: Double?,
        payload: NotificationPayload?, responseRequestId: JSONValue?
    ) {
        self.event = event
        self.hasSubscriptionIdKey = hasSubscriptionIdKey
        self.subscriptionId = subscriptionId
        self.channel = channel
        self.timestamp = timestamp
        self.payload = payload
        self.responseRequestId = responseRequestId
    }

    /// `text` parsed as `JSONDecoder` parses it and written out again.
    private static func canonicalText(_ text: String) -> String? {
        guard let tree = JSONValue(decoding: text), let data = try? JSONEncoder().encode(tree) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Unwraps `{event, data: {channel, subscriptionId?, timestamp?, data|payload|message|activity}}`
    /// (§3.3 step 3); a wrapped message without a numeric timestamp takes the receive time.
    private consuming func unwrapped(_ wrapped: [String: JSONValue], _ top: BackendWebSocketInboundFields) -> Self {
        var message = self
        guard let channel = wrapped["channel"]?.stringValue else { return message }  // no usable nested channel
        message.channel = channel
        if top.subscriptionIdKind == nil || top.subscriptionIdKind == .null {
            message.hasSubscriptionIdKey = true
            message.subscriptionId = wrapped["subscriptionId"]?.stringValue
        }
        if top.timestampKind == nil || top.timestampKind == .null {
            message.timestamp = wrapped["timestamp"]?.numberValue
            message.stampsReceiveTime = message.timestamp == nil
        }
        let candidate = ["data", "payload", "message", "activity"].lazy.compactMap { wrapped[$0] }.first { $0 != .null }
        let data: JSONValue
        switch candidate {
        case .object?, .array?: data = candidate ?? .null
        default: data = .object(wrapped)
        }
        message.payload = .value(data)
        message.responseRequestId = data.objectValue?["requestId"]
        return message
    }

    /// Whether the channel is an account channel (`…account-activity…` or `<prefix>.<ns>:<ref>:<address>`),
    /// whose notifications are delivered even if their payload carries a `requestId`.
    var isAccountChannel: Bool {
        guard let channel else { return false }
        return channel.utf8.contains("account-activity".utf8)  // byte-wise: not Foundation's locale-aware search
            || AccountChannelKey(channel) != nil  // parses in place: no strings allocated
    }

    /// The message as handed to callbacks, received at `now` (milliseconds since 1970). Consumes the
    /// message, so its strings and payload move into the notification instead of being copied.
    consuming func notification(receivedAt now: Double) -> ServerNotificationMessage {
        ServerNotificationMessage(
            event: event.take() ?? "", subscriptionId: subscriptionId.take(), channel: channel.take() ?? "",
            payload: payload.take() ?? .value(.null), timestamp: stampsReceiveTime ? now : timestamp)
    }
}

extension ServerNotificationMessage {
    /// Reads a frame as the service does before routing it; `nil` for frames it drops (for benchmarks).
    package init?(frame text: String) {
        guard let notification = BackendWebSocketInboundMessage(text: text)?.notification(receivedAt: 0) else {
            return nil
        }
        self = notification
    }
}
