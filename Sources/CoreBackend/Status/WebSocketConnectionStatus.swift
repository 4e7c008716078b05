import CoreBackendRuntime
public import Foundation

/// What a "live / reconnecting / offline" indicator needs to know about the real-time connection:
/// a snapshot from ``BackendWebSocketService/connectionStatus``.
public struct WebSocketConnectionStatus: Sendable, Hashable {
    /// What to show, in the words of a status line.
    public enum Phase: String, Sendable, Hashable {
        /// Connected: real-time updates flow.
        case live
        /// The first connection is being opened.
        case connecting
        /// The connection dropped and another attempt is pending or under way.
        case reconnecting
        /// The network is unreachable (``BackendWebSocketService/setOnline(_:)``); the service reconnects
        /// as soon as it returns.
        case offline
        /// Not connected and not trying (never connected, disconnected, locked or signed out).
        case disconnected
    }

    /// The connection state, as in `BackendWebSocketService:connectionStateChanged`.
    public var state: WebSocketConnectionState
    /// Whether the network is reachable, as last told by ``BackendWebSocketService/setOnline(_:)``.
    public var isOnline: Bool
    /// Reconnect attempts since the last stable connection.
    public var reconnectAttempts: Int
    /// Whether a reconnect is scheduled (after the backoff, or as soon as the network returns).
    public var isReconnectPending: Bool
    /// Whether an attempt is under way (getting the token or opening the socket).
    public var isAttemptInProgress: Bool
    /// When the scheduled reconnect starts, in milliseconds since 1970 (the service's clock); `nil`
    /// when none is scheduled on a timer.
    public var nextReconnectAt: Double?
    /// Why the last attempt or connection ended (redacted of the token); `nil` once a socket opens.
    public var lastError: String?

    /// Creates a snapshot.
    public init(
        state: WebSocketConnectionState, isOnline: Bool, reconnectAttempts: Int, isReconnectPending: Bool,
        isAttemptInProgress: Bool, nextReconnectAt: Double?, lastError: String?
    ) {
        self.state = state
        self.isOnline = isOnline
        self.reconnectAttempts = reconnectAttempts
        self.isReconnectPending = isReconnectPending
        self.isAttemptInProgress = isAttemptInProgress
        self.nextReconnectAt = nextReconnectAt
        self.lastError = lastError
    }

    /// What to show: live when connected, offline when the network is gone, reconnecting after a drop
    /// (a reconnect pending or under way), connecting for a first attempt, disconnected otherwise.
    public var phase: Phase {
        if state == .connected { return .live }
        if !isOnline { return .offline }
        if isReconnectPending || (isAttemptInProgress && reconnectAttempts > 0) { return .reconnecting }
        return isAttemptInProgress ? .connecting : .disconnected
    }

    /// ``nextReconnectAt`` as a date.
    public var nextReconnectDate: Date? {
        nextReconnectAt.map { Date(timeIntervalSince1970: $0 / 1000) }
    }
}
