public import CoreBackendRuntime
public import Foundation

/// Live OHLCV candles over the shared backend WebSocket, reference-counted per channel.
///
/// Each `(assetId, interval, currency)` is one channel. The first consumer creates the server
/// subscription; later ones share it. When the last consumer leaves, the subscription is kept for a
/// grace period (3 s) so a quick re-subscribe costs nothing, then removed, with retries
/// (1 s, 2 s, 4 s) and, if the server still refuses, a forced reconnection of the socket.
/// Subscribing another channel releases channels nobody uses at once.
///
/// ```swift
/// let ohlcv = try OHLCVService(messenger: messenger)
/// root.subscribe(OHLCVServiceMessages.BarUpdated.self) { print($0.channel, $0.bar.close) }
/// await ohlcv.subscribe(.init(assetId: "eip155:1/slip44:60", interval: "1m", currency: "usd"))
/// ```
///
/// All operations, retry attempts, grace expiries and reconnect resubscriptions run one at a time.
/// Failures never throw; they are published as ``OHLCVServiceMessages/SubscriptionError``.
public final class OHLCVService: Sendable {
    /// The service name and messenger namespace, `OHLCVService`.
    public static let name: String = OHLCVServiceMessages.namespace
    /// The channel prefix and subscription type, `market-data.v1`.
    public static let channelType: String = "market-data.v1"
    /// The channel of market-data chain-status notifications.
    public static let systemNotificationChannel: String = "system-notifications.v1.market-data.v1"

    typealias Machine = OHLCVChannelMachine

    /// Everything mutable, behind one lock: the channel machine and the driver's timer tasks.
    struct State {
        var machine: Machine
        var timers: [Machine.TimerID: Task<Void, Never>] = [:]
        var connectionSubscription: MessengerSubscription?
    }

    let messenger: Messenger
    let options: Options
    let queue = SerialTaskQueue()
    let state: Locked<State>

    /// Creates the service: registers `OHLCVService:subscribe` / `:unsubscribe`, follows the
    /// connection state and registers the market-data system channel callback (upstream's separate
    /// `init()` step).
    ///
    /// - Throws: A ``MessengerError`` if an action is already registered or
    ///   `BackendWebSocketService:addChannelCallback` is not reachable.
    public init(messenger: Messenger, options: Options = Options()) throws {
        self.messenger = messenger
        self.options = options
        let configuration = Machine.Configuration(gracePeriod: options.gracePeriod, retryDelays: options.retryDelays)
        state = Locked(State(machine: Machine(configuration: configuration)))
        try messenger.registerActionHandler(OHLCVServiceMessages.Subscribe.self) { [weak self] request async in
            await self?.subscribe(request)
        }
        try messenger.registerActionHandler(OHLCVServiceMessages.Unsubscribe.self) { [weak self] request async in
            await self?.unsubscribe(request)
        }
        let subscription = messenger.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) {
            [weak self] info in self?.connectionStateChanged(info.state)
        }
        state.withLock { $0.connectionSubscription = subscription }
        try messenger.addChannelCallback(
            ChannelCallback(
                channelName: Self.systemNotificationChannel,
                throwingCallback: { [weak self] notification in
                    try self?.handleSystemNotification(notification)
                }),
            queue: queue)
    }

    /// Adds a consumer of the channel; the first one subscribes on the server (connecting if needed).
    ///
    /// Returns when the subscription exists or failed; a failure is published as
    /// ``OHLCVServiceMessages/SubscriptionError`` with operation `subscribe` and leaves no consumer.
    public func subscribe(_ subscription: OHLCVSubscriptionOptions) async {
        await queue.run { [self] in await drive(.subscribeRequested(subscription)) }
    }

    /// Removes a consumer; when none is left the server subscription ends after the grace period.
    /// Does nothing for a channel without consumers.
    public func unsubscribe(_ subscription: OHLCVSubscriptionOptions) async {
        await queue.run { [self] in await drive(.unsubscribeRequested(channel: subscription.channel)) }
    }

    /// The number of consumers of a channel (0 during the grace period and cleanup).
    public func consumerCount(_ subscription: OHLCVSubscriptionOptions) -> Int {
        state.withLock { $0.machine.consumerCount(of: subscription.channel) }
    }

    /// Stops the service: cancels grace timers and retries, forgets every channel and chain status,
    /// removes the system channel callback, stops following the connection and unregisters its actions.
    /// Server subscriptions are left to the socket's lifetime.
    public func destroy() {
        apply(.destroyRequested)
    }

    /// Waits until all work triggered so far (not timers still sleeping) has finished.
    package func waitUntilIdle() async {
        await queue.waitUntilIdle()
    }

    var isDestroyed: Bool { state.withLock(\.machine.isDestroyed) }

    func log(_ message: String) {
        options.log?("[\(Self.name)] \(message)")
    }

    func publishError(_ channel: String, _ message: String, _ operation: SubscriptionOperation) {
        log("\(operation.rawValue) failed for \(channel): \(message)")
        try? messenger.publish(
            OHLCVServiceMessages.SubscriptionError.self, .init(channel: channel, error: message, operation: operation))
    }
}

extension OHLCVService {
    /// Construction options.
    public struct Options: Sendable {
        /// Times the grace period and retry delays.
        public var clock: QueryClock
        /// How long an unused server subscription is kept; 3 s.
        public var gracePeriod: Duration
        /// Delays between the (up to four) unsubscribe attempts; 1 s, 2 s, 4 s.
        public var retryDelays: [Duration]
        /// Wall-clock time in milliseconds since 1970, for the disconnect event's `timestamp`.
        public var currentTime: @Sendable () -> Double
        /// Receives diagnostic messages; silent by default.
        public var log: (@Sendable (String) -> Void)?

        /// Creates options.
        public init(
            clock: QueryClock = .continuous,
            gracePeriod: Duration = .milliseconds(3000),
            retryDelays: [Duration] = [.milliseconds(1000), .milliseconds(2000), .milliseconds(4000)],
            currentTime: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 * 1000 },
            log: (@Sendable (String) -> Void)? = nil
        ) {
            self.clock = clock
            self.gracePeriod = gracePeriod
            self.retryDelays = retryDelays
            self.currentTime = currentTime
            self.log = log
        }
    }
}
