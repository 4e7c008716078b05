import CoreBackendRuntime
import Foundation

// JSON forms of the services' event payloads, with upstream's field names, so tools and apps can log or
// forward events (`core-backend watch` prints them). Durations are milliseconds, as upstream's numbers.

extension AccountActivityServiceMessages.BalanceUpdated.Payload: Encodable {
    private enum CodingKeys: String, CodingKey { case address, chain, updates }

    /// `{address, chain, updates}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(chain, forKey: .chain)
        try container.encode(updates, forKey: .updates)
    }
}

extension AccountActivityServiceMessages.SubscriptionError.Payload: Encodable {
    private enum CodingKeys: String, CodingKey { case addresses, error, operation }

    /// `{addresses, error, operation}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(addresses, forKey: .addresses)
        try container.encode(error, forKey: .error)
        try container.encode(operation.rawValue, forKey: .operation)
    }
}

extension ChainStatusChange: Encodable {
    private enum CodingKeys: String, CodingKey { case chainIds, status, timestamp }

    /// `{chainIds, status, timestamp?}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chainIds, forKey: .chainIds)
        try container.encode(status.rawValue, forKey: .status)
        try container.encodeIfPresent(timestamp, forKey: .timestamp)
    }
}

extension OHLCVServiceMessages.BarUpdated.Payload: Encodable {
    private enum CodingKeys: String, CodingKey { case channel, bar }

    /// `{channel, bar}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(channel, forKey: .channel)
        try container.encode(bar, forKey: .bar)
    }
}

extension WebSocketConnectionInfo: Encodable {
    private enum CodingKeys: String, CodingKey {
        case state, url, reconnectAttempts, timeout, reconnectDelay, maxReconnectDelay, requestTimeout, connectedAt
    }

    /// Upstream's `WebSocketConnectionInfo`: durations in milliseconds, `connectedAt` in epoch milliseconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(url, forKey: .url)
        try container.encode(reconnectAttempts, forKey: .reconnectAttempts)
        try container.encode(Self.milliseconds(timeout), forKey: .timeout)
        try container.encode(Self.milliseconds(reconnectDelay), forKey: .reconnectDelay)
        try container.encode(Self.milliseconds(maxReconnectDelay), forKey: .maxReconnectDelay)
        try container.encode(Self.milliseconds(requestTimeout), forKey: .requestTimeout)
        try container.encode(connectedAt, forKey: .connectedAt)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
