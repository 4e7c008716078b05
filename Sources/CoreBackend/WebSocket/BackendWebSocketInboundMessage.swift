import Foundation

/// One inbound frame, parsed, normalised and classified as §3.3 of the reference describes.
struct BackendWebSocketInboundMessage: Sendable {
    /// The normalised top-level object.
    let object: [String: JSONValue]

    /// Parses a frame; `nil` for anything but a JSON object (dropped silently, as upstream).
    init?(text: String, now: Double) {
        // The direct parser is ~10× faster; it declines edge cases (duplicate keys, …) that JSONDecoder then decides.
        guard let json = JSONValue(parsing: text) ?? (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))),
              case .object(let top) = json
        else { return nil }
        object = Self.normalise(top, now: now)
    }

    /// Unwraps `{event, data: {channel, subscriptionId?, timestamp?, data|payload|message|activity}}`.
    private static func normalise(_ top: [String: JSONValue], now: Double) -> [String: JSONValue] {
        if top["channel"]?.stringValue != nil { return top }
        guard case .object(let wrapped)? = top["data"], let channel = wrapped["channel"]?.stringValue else { return top }
        var message = top
        message["channel"] = .string(channel)
        if top["subscriptionId"] == nil || top["subscriptionId"] == .null {
            message["subscriptionId"] = wrapped["subscriptionId"] ?? .null
        }
        if top["timestamp"] == nil || top["timestamp"] == .null {
            message["timestamp"] = .number(wrapped["timestamp"]?.numberValue ?? now)
        }
        let candidate = ["data", "payload", "message", "activity"].lazy
            .compactMap { wrapped[$0] }.first { $0 != .null }
        switch candidate {
        case .object?, .array?: message["data"] = candidate
        default: message["data"] = .object(wrapped)
        }
        return message
    }

    /// The request id when the message is response-shaped (`data` is an object with a `requestId` key).
    var responseRequestId: JSONValue? {
        guard case .object(let data)? = object["data"] else { return nil }
        return data["requestId"]
    }

    /// The channel, when it is a string.
    var channel: String? { object["channel"]?.stringValue }

    /// Whether the channel is an account channel (`…account-activity…` or `<prefix>.<ns>:<ref>:<address>`),
    /// whose notifications are delivered even if their payload carries a `requestId`.
    var isAccountChannel: Bool {
        guard let channel else { return false }
        return channel.contains("account-activity") || BackendWebSocketChannelMatcher.AccountChannel(channel) != nil
    }

    /// Whether the message has a `subscriptionId` key (its value may be null).
    var hasSubscriptionIdKey: Bool { object["subscriptionId"] != nil }

    /// The subscription id when it is a string.
    var subscriptionId: String? { object["subscriptionId"]?.stringValue }

    /// The message as handed to callbacks.
    var notification: ServerNotificationMessage {
        ServerNotificationMessage(
            event: object["event"]?.stringValue ?? "", subscriptionId: subscriptionId, channel: channel ?? "",
            data: object["data"] ?? .null, timestamp: object["timestamp"]?.numberValue)
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
