import CoreBackendRuntime

/// Whether the backend currently serves real-time data for a chain (`up`) or not (`down`).
///
/// Decodes unknown values to ``unknown(_:)`` so a new server status never breaks a client.
public enum ChainStatus: Sendable, Hashable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The chain is tracked in real time.
    case up
    /// The chain is not tracked; poll instead.
    case down
    /// A status this version does not know; treated like ``down``.
    case unknown(String)

    /// Creates a status from its wire value.
    public init(rawValue: String) {
        switch rawValue {
        case "up": self = .up
        case "down": self = .down
        default: self = .unknown(rawValue)
        }
    }

    /// Creates a status from a string literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .up: "up"
        case .down: "down"
        case .unknown(let value): value
        }
    }

    /// The wire value.
    public var description: String { rawValue }
}

/// A change of chain availability: upstream's `{ chainIds, status, timestamp? }`, the payload of
/// `AccountActivityService:statusChanged` and `OHLCVService:chainStatusChanged`.
public struct ChainStatusChange: Sendable, Hashable {
    /// CAIP-2 chain ids exactly as the server sent them, e.g. `eip155:137`.
    public var chainIds: [String]
    /// The new status of every chain in ``chainIds``.
    public var status: ChainStatus
    /// Milliseconds since 1970, when known (set on disconnect; OHLCV forwards the server's).
    public var timestamp: Double?

    /// Creates a change.
    public init(chainIds: [String], status: ChainStatus, timestamp: Double? = nil) {
        self.chainIds = chainIds
        self.status = status
        self.timestamp = timestamp
    }
}

/// The error a malformed `system-notifications.v1.*` message produces.
public struct InvalidSystemNotificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The channel the message arrived on.
    public var channel: String
    /// Upstream's text: `Invalid system notification data: missing chainIds or status`.
    public var description: String { "Invalid system notification data: missing chainIds or status" }
}

/// The data of a system notification (`{chainIds, status, timestamp?}`), validated.
package struct SystemNotification: Sendable, Hashable {
    package var chainIds: [String]
    package var status: ChainStatus

    /// Requires `data.chainIds` to be a list of strings and `data.status` a non-empty string.
    package init(_ message: ServerNotificationMessage) throws(InvalidSystemNotificationError) {
        guard case .array(let ids)? = message.data["chainIds"],
            let status = message.data["status"]?.stringValue, !status.isEmpty
        else { throw InvalidSystemNotificationError(channel: message.channel) }
        let chainIds = ids.compactMap(\.stringValue)
        guard chainIds.count == ids.count else { throw InvalidSystemNotificationError(channel: message.channel) }
        self.chainIds = chainIds
        self.status = ChainStatus(rawValue: status)
    }

    /// Applies the notification to the ordered list of chains that are up: `up` appends the chains not
    /// yet in it, anything else removes them.
    func update(upChains: inout [String]) {
        for chainId in chainIds {
            if status == .up {
                if !upChains.contains(chainId) { upChains.append(chainId) }
            } else {
                upChains.removeAll { $0 == chainId }
            }
        }
    }
}
