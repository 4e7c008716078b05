import CoreBackendRuntime
import Foundation

/// One inbound frame, parsed, normalised and classified as §3.3 of the reference describes.
///
/// The common shape, a top-level object with a string `channel`, is read in one validating pass that
/// decodes only the routing fields and leaves `data` as a span of the frame's text (see
/// ``ServerNotificationMessage/data``). Anything else (the wrapped shape, duplicate routing keys,
/// input the strict reader declines) goes through the tree parser and `JSONDecoder` as before. Both
/// stop at `JSONLimits.maximumNestingDepth`, so no frame can exhaust the stack of the reading thread.
struct BackendWebSocketInboundMessage: Sendable {
    /// `event`, when it is a string.
    let event: String?
    /// Whether the message has a `subscriptionId` key (its value may be null).
    let hasSubscriptionIdKey: Bool
    /// The subscription id when it is a string.
    let subscriptionId: String?
    /// The channel, when it is a string.
    let channel: String?
    /// `timestamp`, when it is a number.
    let timestamp: Double?
    /// Whether the message takes the receive time as its timestamp (the wrapped shape without one).
    let stampsReceiveTime: Bool
    /// `data`, when present.
    let payload: NotificationPayload?
    /// The request id when the message is response-shaped (`data` is an object with a `requestId` key).
    let responseRequestId: JSONValue?

    /// Parses a frame; `nil` for anything but a JSON object, and for a frame nested deeper than
    /// `JSONLimits.maximumNestingDepth` (dropped silently, as upstream drops malformed frames).
    ///
    /// Pure (it reads no clock), so it may run on the thread that received the frame.
    init?(text: String) {
        if let message = Self.scan(text) {
            self = message
            return
        }
        guard case .object(let top)? = JSONValue(decoding: text) else { return nil }
        let (object, stampsReceiveTime) = Self.normalise(top)
        self.init(object: object, stampsReceiveTime: stampsReceiveTime)
    }

    private init(object: [String: JSONValue], stampsReceiveTime: Bool) {
        self.stampsReceiveTime = stampsReceiveTime
        event = object["event"]?.stringValue
        hasSubscriptionIdKey = object["subscriptionId"] != nil
        subscriptionId = object["subscriptionId"]?.stringValue
        channel = object["channel"]?.stringValue
        timestamp = object["timestamp"]?.numberValue
        payload = object["data"].map(NotificationPayload.value)
        responseRequestId = object["data"]?.objectValue?["requestId"]
    }

    private init(
        event: String?, hasSubscriptionIdKey: Bool, subscriptionId: String?, channel: String, timestamp: Double?,
        payload: NotificationPayload?, responseRequestId: JSONValue?
    ) {
        self.event = event
        self.hasSubscriptionIdKey = hasSubscriptionIdKey
        self.subscriptionId = subscriptionId
        self.channel = channel
        self.timestamp = timestamp
        stampsReceiveTime = false
        self.payload = payload
        self.responseRequestId = responseRequestId
    }

    /// The one-pass read of a top-level object with a string `channel`; `nil` to take the tree path.
    private static func scan(_ text: String) -> Self? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Self? in
            var cursor = JSONCursor(bytes: bytes)
            var seen = JSONFieldSet()
            var event: String?
            var subscriptionId: String?
            var channel: String?
            var timestamp: Double?
            var payload: Range<Int>?
            var requestId: JSONValue?
            let complete = cursor.readObject { key, cursor in
                guard let field = Field(key) else { return cursor.skipValue() }
                guard seen.insert(field.rawValue) else { return false }  // duplicate: JSONDecoder decides
                let kind = cursor.peekKind()
                switch field {
                case .event:
                    guard kind == .string else { return cursor.skipValue() }
                    event = cursor.readString()
                    return event != nil
                case .subscriptionId:
                    guard kind == .string else { return cursor.skipValue() }
                    subscriptionId = cursor.readString()
                    return subscriptionId != nil
                case .channel:
                    channel = cursor.readString()
                    return channel != nil  // not a string: maybe the wrapped shape
                case .timestamp:
                    guard kind == .number else { return cursor.skipValue() }
                    timestamp = cursor.readNumber()
                    return timestamp != nil
                case .data:
                    let start = cursor.index
                    if kind == .object {
                        var hasRequestId = false
                        let complete = cursor.readObject { key, cursor in
                            guard key.matches("requestId") else { return cursor.skipValue() }
                            guard !hasRequestId else { return false }
                            hasRequestId = true
                            requestId = cursor.readValue()
                            return requestId != nil
                        }
                        guard complete else { return false }
                    } else {
                        guard cursor.skipValue() else { return false }
                    }
                    payload = start..<cursor.index
                    return true
                }
            }
            guard complete, cursor.isAtEnd(), let channel else { return nil }
            return Self(
                event: event, hasSubscriptionIdKey: seen.contains(Field.subscriptionId.rawValue), subscriptionId: subscriptionId,
                channel: channel, timestamp: timestamp,
                payload: payload.map { .text(JSONText(text: text, range: $0)) }, responseRequestId: requestId)
        } ?? nil
    }

    /// The top-level keys the service reads.
    private enum Field: Int {
        case event, subscriptionId, channel, timestamp, data

        init?(_ key: JSONKey) {
            if key.matches("channel") {
                self = .channel
            } else if key.matches("data") {
                self = .data
            } else if key.matches("event") {
                self = .event
            } else if key.matches("subscriptionId") {
                self = .subscriptionId
            } else if key.matches("timestamp") {
                self = .timestamp
            } else {
                return nil
            }
        }
    }

    /// Unwraps `{event, data: {channel, subscriptionId?, timestamp?, data|payload|message|activity}}`; a
    /// wrapped message without a numeric timestamp takes the receive time (the flag).
    private static func normalise(_ top: [String: JSONValue]) -> ([String: JSONValue], stampsReceiveTime: Bool) {
        if top["channel"]?.stringValue != nil { return (top, false) }
        guard case .object(let wrapped)? = top["data"], let channel = wrapped["channel"]?.stringValue else { return (top, false) }
        var stampsReceiveTime = false
        var message = top
        message["channel"] = .string(channel)
        if top["subscriptionId"] == nil || top["subscriptionId"] == .null {
            message["subscriptionId"] = wrapped["subscriptionId"] ?? .null
        }
        if top["timestamp"] == nil || top["timestamp"] == .null {
            if let timestamp = wrapped["timestamp"]?.numberValue {
                message["timestamp"] = .number(timestamp)
            } else {
                message.removeValue(forKey: "timestamp")
                stampsReceiveTime = true
            }
        }
        let candidate = ["data", "payload", "message", "activity"].lazy
            .compactMap { wrapped[$0] }.first { $0 != .null }
        switch candidate {
        case .object?, .array?: message["data"] = candidate
        default: message["data"] = .object(wrapped)
        }
        return (message, stampsReceiveTime)
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

/// Channel matching for routing (§3.4): equality, or the chain wildcard of account channels.
enum BackendWebSocketChannelMatcher {
    /// `<prefix>.<namespace>:<reference>:<address>`, e.g. `account-activity.v1.eip155:0:0xabc`.
    struct AccountChannel: Hashable {
        var prefix: String
        var namespace: String
        var reference: String
        var address: String

        /// Parses a channel; the namespace and reference follow CAIP-2's grammar, so market-data channels
        /// (`…eip155:8453/erc20:0x….1m.usd`) are not account channels.
        init?(_ channel: String) {
            guard let firstColon = channel.firstIndex(of: ":"),
                  let dot = channel[..<firstColon].lastIndex(of: ".")
            else { return nil }
            prefix = String(channel[..<dot])
            namespace = String(channel[channel.index(after: dot)..<firstColon])
            let rest = channel[channel.index(after: firstColon)...]
            guard let secondColon = rest.firstIndex(of: ":") else { return nil }
            reference = String(rest[..<secondColon])
            address = String(rest[rest.index(after: secondColon)...])
            let namespaceCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
            let referenceCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
            guard !prefix.isEmpty, !address.isEmpty,
                  (3...8).contains(namespace.count), namespace.allSatisfy(namespaceCharacters.contains),
                  (1...32).contains(reference.count), reference.allSatisfy(referenceCharacters.contains)
            else { return nil }
        }
    }

    /// Whether a notification on `notified` belongs to a registration for `registered`: equal strings, or
    /// account channels with the same prefix, namespace and address (`0x` addresses case-insensitively)
    /// where the registration's chain reference is `0` (all chains) or the same. One-directional.
    static func matches(registered: String, notified: String) -> Bool {
        if registered == notified { return true }
        guard let lhs = AccountChannel(registered), let rhs = AccountChannel(notified) else { return false }
        return lhs.prefix == rhs.prefix && lhs.namespace == rhs.namespace
            && normalisedAddress(lhs.address) == normalisedAddress(rhs.address)
            && (lhs.reference == "0" || lhs.reference == rhs.reference)
    }

    private static func normalisedAddress(_ address: String) -> String {
        address.hasPrefix("0x") ? address.lowercased() : address
    }
}
