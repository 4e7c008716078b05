import CoreBackendRuntime
import Foundation

/// Settings of a ``BackendWebSocketService`` (upstream `BackendWebSocketServiceOptions`), plus the
/// injected transport, clock and randomness that make the service testable without sockets or sleeps.
///
/// ```swift
/// let options = BackendWebSocketServiceOptions(
///     url: "wss://gateway.api.cx.metamask.io/v1",
///     timeout: .seconds(15), reconnectDelay: .seconds(1), maxReconnectDelay: .seconds(30),
///     requestTimeout: .seconds(20),
///     isEnabled: { featureFlags.backendWebSocketConnection })
/// ```
public struct BackendWebSocketServiceOptions: Sendable {
    /// The base socket URL (`ws://` or `wss://`); the bearer token is added as the `token` query parameter.
    public var url: String
    /// The longest time from starting to open the socket to "open" (default 10 s).
    public var timeout: Duration
    /// The scale of the reconnect backoff (default 10 s).
    public var reconnectDelay: Duration
    /// The cap of any single reconnect delay (default 60 s).
    public var maxReconnectDelay: Duration
    /// How long a request waits for its response (default 30 s); a timeout closes the socket with 3000.
    public var requestTimeout: Duration
    /// The feature gate, consulted at `connect()` and when a reconnect timer fires; `nil` = always enabled.
    public var isEnabled: (@Sendable () -> Bool)?
    /// Receives trace points (connection, disconnection, notification); `nil` records nothing.
    public var trace: BackendWebSocketTraceHandler?
    /// Opens the socket; `PlatformWebSocketTransport()` by default (URLSession on Apple platforms, the
    /// built-in transport elsewhere).
    public var transport: any WebSocketTransport
    /// Times timeouts, reconnect delays and the stable-connection window.
    public var clock: QueryClock
    /// The current time in milliseconds since 1970 (`connectedAt`, latencies); `nil` derives it from
    /// ``clock`` and the wall-clock time at construction, so a test clock drives it too.
    public var now: (@Sendable () -> Double)?
    /// Draws the backoff jitter.
    public var random: RandomSource
    /// Generates request ids (UUID v4 by default).
    public var requestIDs: BackendWebSocketRequestIDGenerator
    /// Whether a connection needs a bearer token from `AuthenticationController:getBearerToken` (upstream:
    /// always). `false` connects without asking and without a `token` query parameter, for servers and
    /// tools that do not authenticate (the `core-backend watch` command without `--token`).
    public var requiresToken: Bool

    /// Creates options; every parameter but `url` has upstream's default.
    public init(
        url: String,
        timeout: Duration = .seconds(10),
        reconnectDelay: Duration = .seconds(10),
        maxReconnectDelay: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(30),
        isEnabled: (@Sendable () -> Bool)? = nil,
        trace: BackendWebSocketTraceHandler? = nil,
        transport: any WebSocketTransport = PlatformWebSocketTransport(),
        clock: QueryClock = .continuous,
        now: (@Sendable () -> Double)? = nil,
        random: RandomSource = .system,
        requestIDs: BackendWebSocketRequestIDGenerator = .uuid,
        requiresToken: Bool = true
    ) {
        self.url = url
        self.timeout = timeout
        self.reconnectDelay = reconnectDelay
        self.maxReconnectDelay = maxReconnectDelay
        self.requestTimeout = requestTimeout
        self.isEnabled = isEnabled
        self.trace = trace
        self.transport = transport
        self.clock = clock
        self.now = now
        self.random = random
        self.requestIDs = requestIDs
        self.requiresToken = requiresToken
    }
}

/// Generates the ids that correlate requests with responses.
///
/// ```swift
/// let ids = BackendWebSocketRequestIDGenerator.incrementing(prefix: "req-")  // req-1, req-2, …
/// ```
public struct BackendWebSocketRequestIDGenerator: Sendable {
    private let generate: @Sendable () -> String

    /// Creates a generator from a closure.
    public init(_ generate: @escaping @Sendable () -> String) { self.generate = generate }

    /// Random lower-case UUID v4 strings, as upstream.
    public static let uuid = BackendWebSocketRequestIDGenerator { UUID().uuidString.lowercased() }

    /// `<prefix>1`, `<prefix>2`, … (for tests).
    public static func incrementing(prefix: String = "request-") -> BackendWebSocketRequestIDGenerator {
        let counter = Locked(0)
        return BackendWebSocketRequestIDGenerator {
            let next = counter.withLock { value -> Int in
                value += 1
                return value
            }
            return "\(prefix)\(next)"
        }
    }

    /// The next id.
    public func next() -> String { generate() }
}

/// One trace point of `BackendWebSocketService` (upstream `TraceRequest`): a name such as
/// `BackendWebSocketService Disconnection`, data and tags.
public struct BackendWebSocketTraceRequest: Sendable, Hashable {
    /// `BackendWebSocketService Connection`, `… Disconnection` or `… Notification`.
    public var name: String
    /// Measurements, e.g. `code`, `reason`, `connectionDuration_ms`.
    public var data: [String: JSONValue]
    /// Tags, e.g. `service: BackendWebSocketService`.
    public var tags: [String: String]

    /// Creates a trace request.
    public init(name: String, data: [String: JSONValue] = [:], tags: [String: String] = [:]) {
        self.name = name
        self.data = data
        self.tags = tags
    }
}

/// Receives trace points; it runs synchronously on the service's effect queue, so keep it quick.
public typealias BackendWebSocketTraceHandler = @Sendable (BackendWebSocketTraceRequest) -> Void
