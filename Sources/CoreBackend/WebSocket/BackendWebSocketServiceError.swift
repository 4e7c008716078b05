/// Errors of `BackendWebSocketService`; each description is upstream's exact message text, so logs
/// and tests match the TypeScript service.
public enum BackendWebSocketServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `sendMessage` while not connected: `Cannot send message: WebSocket is <state>`.
    case cannotSendMessage(state: WebSocketConnectionState)
    /// `sendRequest` while not connected: `Cannot send request: WebSocket is <state>`.
    case cannotSendRequest(state: WebSocketConnectionState)
    /// `subscribe` while not connected: `Cannot create subscription(s) <channels>: WebSocket is <state>`.
    case cannotCreateSubscriptions(channels: [String], state: WebSocketConnectionState)
    /// The bearer token was empty: `Authentication required: user not signed in`.
    case authenticationRequired
    /// The socket closed (or failed to open) before it was open:
    /// `WebSocket connection closed during connection: <code> <reason>`.
    case connectionClosedDuringConnection(code: UInt16, reason: String)
    /// A pending request was cut off by a close: `WebSocket connection closed: <code> <reason>`.
    case connectionClosed(code: UInt16, reason: String)
    /// No response in time: `Request timeout after <ms>ms`.
    case requestTimeout(Duration)
    /// The response listed failed channels: `Request failed: <failed, joined>`.
    case requestFailed(failed: [String])
    /// A subscribe response without `subscriptionId`: `Invalid subscription response: missing subscription ID`.
    case invalidSubscriptionResponse
    /// The transport refused to send; the description is the transport error's message.
    case sendFailed(message: String)
    /// A request id that is already pending (not in upstream, where the two requests collide):
    /// `Duplicate request id: <id>`.
    case duplicateRequestId(String)
    /// The configured URL is not an absolute `ws://` or `wss://` URL with a port in 1…65535 (checked at
    /// construction): `Invalid WebSocket URL: <url>`, credentials in the URL redacted (`token=…`).
    case invalidURL(String)

    /// The upstream message text.
    public var description: String {
        switch self {
        case .cannotSendMessage(let state): "Cannot send message: WebSocket is \(state.rawValue)"
        case .cannotSendRequest(let state): "Cannot send request: WebSocket is \(state.rawValue)"
        case .cannotCreateSubscriptions(let channels, let state):
            "Cannot create subscription(s) \(channels.joined(separator: ", ")): WebSocket is \(state.rawValue)"
        case .authenticationRequired: "Authentication required: user not signed in"
        case .connectionClosedDuringConnection(let code, let reason):
            "WebSocket connection closed during connection: \(code) \(reason)"
        case .connectionClosed(let code, let reason): "WebSocket connection closed: \(code) \(reason)"
        case .requestTimeout(let timeout): "Request timeout after \(timeout.millisecondsText)ms"
        case .requestFailed(let failed): "Request failed: \(failed.joined(separator: ", "))"
        case .invalidSubscriptionResponse: "Invalid subscription response: missing subscription ID"
        case .sendFailed(let message): message
        case .duplicateRequestId(let id): "Duplicate request id: \(id)"
        case .invalidURL(let url): "Invalid WebSocket URL: \(Redaction.redact(url))"
        }
    }

    /// The human text upstream uses for a close code when the close reason is empty
    /// (upstream `getCloseReason`): `Normal Closure`, `Going Away`, …, `Library/Framework Error`
    /// (3000–3999), `Application Error` (4000–4999), `Unknown`.
    public static func closeReasonText(forCode code: UInt16) -> String {
        switch code {
        case 1000: "Normal Closure"
        case 1001: "Going Away"
        case 1002: "Protocol Error"
        case 1003: "Unsupported Data"
        case 1004: "Reserved"
        case 1005: "No Status Received"
        case 1006: "Abnormal Closure"
        case 1007: "Invalid frame payload data"
        case 1008: "Policy Violation"
        case 1009: "Message Too Big"
        case 1010: "Mandatory Extension"
        case 1011: "Internal Server Error"
        case 1012: "Service Restart"
        case 1013: "Try Again Later"
        case 1014: "Bad Gateway"
        case 1015: "TLS Handshake"
        case 3000...3999: "Library/Framework Error"
        case 4000...4999: "Application Error"
        default: "Unknown"
        }
    }
}
