public import CoreBackend
public import CoreBackendRuntime
import Foundation

/// ``RealtimeServices`` driven by ``MockControllers``: the real-time services for tests, demos and tools that
/// have no AuthenticationController / AccountTreeController of their own.
///
/// ```swift
/// let stack = try RealtimeStack(url: "wss://gateway.example/v1", token: jwt,
///                               accounts: [MockControllers.evmAccount("0xabc…")])
/// for await event in stack.events() { print(event.name, event.payload) }
/// try await stack.webSocket.connect()
/// ```
public final class RealtimeStack: Sendable {
    /// One event a service published (see ``RealtimeServices/Event``).
    public typealias Event = RealtimeServices.Event

    /// The services.
    public let services: RealtimeServices
    /// The controller stand-ins.
    public let controllers: MockControllers

    /// The root messenger (owns every namespace).
    public var messenger: Messenger { services.messenger }
    /// The connection service.
    public var webSocket: BackendWebSocketService { services.webSocket }
    /// The account-activity service.
    public var accountActivity: AccountActivityService { services.accountActivity }
    /// The OHLCV service, when requested.
    public var ohlcv: OHLCVService? { services.ohlcv }

    /// Wires the services.
    ///
    /// - Parameters:
    ///   - url: The WebSocket URL (`ws://` or `wss://`).
    ///   - token: The bearer token; `nil` connects without one (no `token` query parameter).
    ///   - accounts: The selected account group.
    ///   - flags: The remote feature flags.
    ///   - options: Connection options; `url` and `requiresToken` are set from the arguments.
    ///   - includeOHLCV: Also create an `OHLCVService`.
    ///   - captureException: Receives errors thrown by subscribers and callbacks.
    public init(
        url: String, token: String?, accounts: [InternalAccount] = [], flags: [String: JSONValue] = [:],
        options: BackendWebSocketServiceOptions? = nil, includeOHLCV: Bool = false,
        captureException: (@Sendable (any Error) -> Void)? = nil
    ) throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace, captureException: captureException)
        controllers = try MockControllers(messenger: root, token: token, accounts: accounts, flags: flags)
        var socketOptions = options ?? BackendWebSocketServiceOptions(url: url)
        socketOptions.url = url
        socketOptions.requiresToken = token != nil
        services = try RealtimeServices(messenger: root, options: socketOptions, includeOHLCV: includeOHLCV)
    }

    /// Every event the services publish from now on, in order, as long as you iterate.
    public func events() -> AsyncStream<Event> { services.events() }

    /// Tears everything down: the services detach and the socket closes.
    public func destroy() { services.destroy() }
}
