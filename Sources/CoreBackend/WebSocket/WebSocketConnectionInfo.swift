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
