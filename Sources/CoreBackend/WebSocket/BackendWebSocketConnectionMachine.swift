/// The connection logic of `BackendWebSocketService` as a pure state machine: each ``Event`` mutates
/// the machine and returns the ``Action``s the driver must perform, in order. Time and randomness come
/// in as arguments, so every path is tested without sockets, tasks or clocks.
///
/// Phases and the published state (``WebSocketConnectionState``):
///
/// | Phase | State | Meaning |
/// |---|---|---|
/// | `idle` | disconnected | nothing in flight (a reconnect timer may be pending) |
/// | `authenticating` | disconnected | waiting for the bearer token |
/// | `opening` | connecting | socket being opened, connection timeout armed |
/// | `open` | connected | socket open, stable-connection timer armed |
/// | `closing` | connected | we asked the socket to close; waiting for its close event |
struct BackendWebSocketConnectionMachine: Sendable {
    typealias AttemptID = UInt64
    typealias WaiterID = UInt64

    /// The fixed numbers the machine needs.
    struct Configuration: Sendable, Hashable {
        var url: String
        var timeout: Duration
        var reconnectDelay: Duration
        var maxReconnectDelay: Duration
        var requestTimeout: Duration
        /// Whether an attempt needs a non-empty bearer token.
        var requiresToken = true
        /// How long a connection must stay open before the reconnect counter and backoff reset.
        var stableConnectionWindow: Duration = .seconds(10)
    }

    /// A timer the machine armed; a fired timer whose id no longer matches is ignored.
    struct TimerID: Hashable, Sendable {
        enum Kind: Hashable, Sendable { case reconnect, connectionTimeout, stableConnection }
        var kind: Kind
        var serial: UInt64
    }

    /// Why we closed the socket ourselves; decides the close's code, reason and reconnect rule
    /// (native transports may not echo custom codes, so the intent is recorded, not inferred).
    enum CloseIntent: Hashable, Sendable {
        case manual, forced, requestTimeout

        var code: UInt16 {
            switch self {
            case .manual: 4999
            case .forced: 4998
            case .requestTimeout: 3000
            }
        }

        var reason: String {
            switch self {
            case .manual: "Internal: Manual disconnect"
            case .forced: "Internal: Force reconnect"
            case .requestTimeout: "Request timeout - forcing reconnect"
            }
        }
    }

    enum Phase: Hashable, Sendable {
        case idle
        case authenticating(AttemptID)
        case opening(AttemptID)
        case open(AttemptID, connectedAt: Double)
        case closing(AttemptID, connectedAt: Double, intent: CloseIntent)
    }

    /// An error that ends a connection attempt, compared by its message.
    struct AttemptError: Error, Sendable, Equatable, CustomStringConvertible {
        let error: any Error
        var description: String { errorMessage(error) }
        static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
    }

    enum Event: Sendable {
        /// `connect()`; `waiter` is notified when the attempt settles; `isEnabled` is the feature gate's answer.
        case connectRequested(waiter: WaiterID?, isEnabled: Bool)
        /// The bearer token arrived (`nil` or empty: not signed in).
        case tokenReceived(AttemptID, token: String?)
        /// Getting the bearer token failed.
        case tokenFailed(AttemptID, AttemptError)
        /// The transport finished the opening handshake.
        case socketOpened(AttemptID)
        /// The transport could not open the socket.
        case socketOpenFailed(AttemptID, reason: String)
        /// The socket's close event.
        case socketClosed(AttemptID, code: UInt16, reason: String, wasClean: Bool)
        /// A timer fired; `isEnabled` is the feature gate's answer at that moment.
        case timerFired(TimerID, isEnabled: Bool)
        /// `disconnect()` (also lock and sign-out).
        case disconnectRequested
        /// `forceReconnection()`.
        case forceReconnectRequested
        /// A request timed out: close with 3000 to force a reconnect.
        case requestTimedOut
        /// `destroy()`.
        case destroyRequested
        /// `setOnline(_:)`: the network went away or came back; `isEnabled` is the feature gate's answer.
        case networkChanged(isOnline: Bool, isEnabled: Bool)
    }

    enum Action: Sendable, Equatable {
        case publishState(WebSocketConnectionInfo)
        case fetchToken(AttemptID)
        case openSocket(AttemptID, token: String)
        case closeSocket(AttemptID, code: UInt16, reason: String)
        /// Forget an attempt's socket: cancel its opening, close it if it opens anyway.
        case abandonSocket(AttemptID)
        case startTimer(TimerID, Duration)
        case cancelTimer(TimerID)
        /// Settle the `connect()` callers waiting on an attempt; `nil` = success.
        case completeConnect([WaiterID], failure: AttemptError?)
        case failPendingRequests(code: UInt16, reason: String)
        case clearSubscriptions
        case trace(BackendWebSocketTraceRequest)
    }

    let configuration: Configuration
    var phase = Phase.idle
    var reconnectAttempts = 0
    var backoff: ReconnectBackoff
    var reconnectTimer: TimerID?
    var connectionTimer: TimerID?
    var stableTimer: TimerID?
    /// `connect()` callers waiting on the current attempt (or on the manual close, see `connectAfterClose`).
    var waiters: [WaiterID] = []
    /// A `connect()` arrived while a manual close was in progress: start a new attempt once it closed.
    var connectAfterClose = false
    /// `disconnect()` had the last word: until the next `connect()`, `forceReconnection()` does not
    /// bring the socket back (a service whose request failed because of that disconnect must not undo it).
    var isManuallyDisconnected = false
    var isDestroyed = false
    var publishedState = WebSocketConnectionState.disconnected
    var nextSerial: UInt64 = 0
    /// Whether the network is reachable (`setOnline(_:)`); offline, reconnects wait for it instead of a timer.
    var isOnline = true
    /// A reconnect is due as soon as the network comes back (it counts as pending, like a reconnect timer).
    var reconnectWhenOnline = false
    /// Why the last attempt or connection ended, for the connection status; cleared when a socket opens.
    var lastError: String?
    /// When the pending reconnect timer fires (ms since 1970), valid while `reconnectTimer` is set.
    var reconnectDueAt: Double?
    /// The time of the event being handled, for `reconnectDueAt`.
    var eventTime = 0.0

    init(configuration: Configuration) {
        self.configuration = configuration
        backoff = ReconnectBackoff(
            initialDelay: configuration.reconnectDelay, maxDelay: configuration.maxReconnectDelay)
    }

    /// The state derived from the phase.
    var state: WebSocketConnectionState {
        switch phase {
        case .idle, .authenticating: .disconnected
        case .opening: .connecting
        case .open, .closing: .connected
        }
    }

    /// The attempt whose socket is open (open or closing).
    var openAttempt: AttemptID? {
        switch phase {
        case .open(let attempt, _), .closing(let attempt, _, _): attempt
        default: nil
        }
    }

    /// The snapshot reported by `getConnectionInfo()` and the state-change event.
    var connectionInfo: WebSocketConnectionInfo {
        var connectedAt = 0.0
        if case .open(_, let at) = phase { connectedAt = at }
        if case .closing(_, let at, _) = phase { connectedAt = at }
        return WebSocketConnectionInfo(
            state: state, url: configuration.url, reconnectAttempts: reconnectAttempts,
            timeout: configuration.timeout, reconnectDelay: configuration.reconnectDelay,
            maxReconnectDelay: configuration.maxReconnectDelay, requestTimeout: configuration.requestTimeout,
            connectedAt: connectedAt)
    }

    mutating func makeTimer(_ kind: TimerID.Kind) -> TimerID {
        nextSerial += 1
        return TimerID(kind: kind, serial: nextSerial)
    }

    mutating func makeAttemptID() -> AttemptID {
        nextSerial += 1
        return nextSerial
    }

    /// Publishes the state if it differs from the last published one.
    mutating func publishIfChanged() -> [Action] {
        guard state != publishedState else { return [] }
        publishedState = state
        return [.publishState(connectionInfo)]
    }
}
