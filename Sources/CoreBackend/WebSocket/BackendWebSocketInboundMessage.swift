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
        if let message = Self(reading: text) {
            self = message
            return
        }
        // Unusual text: JSONDecoder decides what it means; written back out, it has no repeated keys.
        guard case .object? = JSONValue(decoding: text), let canonical = Self.canonicalText(text),
            let message = Self(reading: canonical)
        else { return nil }
        self = message
    }

    /// The one-pass read of `text`, unwrapped when it has the wrapped shape; `nil` when it is unusual.
    private init?(reading text: String) {
        var utf8 = text
        guard let fields = utf8.withUTF8({ BackendWebSocketInboundFields(reading: $0) }) else { return nil }
        event = fields.event
        hasSubscriptionIdKey = fields.subscriptionIdKind != nil
        subscriptionId = fields.subscriptionId
        channel = fields.channel
        timestamp = fields.timestamp
        payload = fields.data.map { .text(JSONText(text: text, range: $0)) }
        responseRequestId = fields.requestId
        if channel == nil, fields.dataHasChannelKey, case .object(let wrapped)? = payload?.value {
            unwrap(wrapped, fields)
        }
    }

    /// `text` parsed as `JSONDecoder` parses it and written out again.
    private static func canonicalText(_ text: String) -> String? {
        guard let tree = JSONValue(decoding: text), let data = try? JSONEncoder().encode(tree) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Unwraps `{event, data: {channel, subscriptionId?, timestamp?, data|payload|message|activity}}`
    /// (§3.3 step 3); a wrapped message without a numeric timestamp takes the receive time.
    private mutating func unwrap(_ wrapped: [String: JSONValue], _ top: BackendWebSocketInboundFields) {
        guard let channel = wrapped["channel"]?.stringValue else { return }  // no usable nested channel
        self.channel = channel
        if top.subscriptionIdKind == nil || top.subscriptionIdKind == .null {
            hasSubscriptionIdKey = true
            subscriptionId = wrapped["subscriptionId"]?.stringValue
        }
        if top.timestampKind == nil || top.timestampKind == .null {
            timestamp = wrapped["timestamp"]?.numberValue
            stampsReceiveTime = timestamp == nil
        }
        let candidate = ["data", "payload", "message", "activity"].lazy.compactMap { wrapped[$0] }.first { $0 != .null }
        let data: JSONValue
        switch candidate {
        case .object?, .array?: data = candidate ?? .null
        default: data = .object(wrapped)
        }
        payload = .value(data)
        responseRequestId = data.objectValue?["requestId"]
    }

    /// Whether the channel is an account channel (`…account-activity…` or `<prefix>.<ns>:<ref>:<address>`),
    /// whose notifications are delivered even if their payload carries a `requestId`.
    var isAccountChannel: Bool {
        guard let channel else { return false }
        return channel.utf8.contains("account-activity".utf8)  // byte-wise: not Foundation's locale-aware search
            || BackendWebSocketChannelMatcher.AccountChannel(channel) != nil
    }

    /// The message as handed to callbacks, received at `now` (milliseconds since 1970).
    func notification(receivedAt now: Double) -> ServerNotificationMessage {
        ServerNotificationMessage(
            event: event ?? "", subscriptionId: subscriptionId, channel: channel ?? "",
            payload: payload ?? .value(.null), timestamp: stampsReceiveTime ? now : timestamp)
    }
}

extension ServerNotificationMessage {
    /// Reads a frame as the service does before routing it; `nil` for frames it drops (for benchmarks).
    package init?(frame text: String) {
        guard let message = BackendWebSocketInboundMessage(text: text) else { return nil }
        self = message.notification(receivedAt: 0)
    }
}
