import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting

/// An OHLCVService on a child messenger, with the fake WebSocket service (already connected, so
/// `connect` publishes nothing) and a manual clock.
struct OHLCVHarness {
    typealias Events = OHLCVServiceMessages

    static let oneMinute = OHLCVSubscriptionOptions(
        assetId: "eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", interval: "1m", currency: "usd")
    static let oneHour = OHLCVSubscriptionOptions(
        assetId: "eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", interval: "1h", currency: "usd")
    static let channel = "market-data.v1.eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913.1m.usd"
    static let hourChannel = "market-data.v1.eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913.1h.usd"

    let root: Messenger
    let socket: FakeBackendWebSocket
    let clock: TestClock
    let service: OHLCVService
    let bars: EventRecorder<Events.BarUpdated>
    let statuses: EventRecorder<Events.ChainStatusChanged>
    let errors: EventRecorder<Events.SubscriptionError>

    init() throws {
        root = Messenger(namespace: Messenger.mockAnyNamespace)
        socket = try FakeBackendWebSocket(root: root)
        socket.state.withLock { $0.connectionState = .connected }
        clock = TestClock()
        bars = EventRecorder(root, Events.BarUpdated.self)
        statuses = EventRecorder(root, Events.ChainStatusChanged.self)
        errors = EventRecorder(root, Events.SubscriptionError.self)
        let messenger = try root.buildChild(
            namespace: OHLCVService.name, actions: Events.allowedActions, events: Events.allowedEvents)
        service = try OHLCVService(
            messenger: messenger, options: .init(clock: QueryClock(clock), currentTime: { 1_776_364_080_000 }))
    }

    /// Waits for the one pending timer, then moves time forward.
    func advance(ms: Int) async {
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(ms))
    }

    /// Makes every server unsubscribe fail with `message`.
    func failUnsubscribes(_ message: String) {
        socket.behaviour.withLock { $0.unsubscribe = { _ in throw FakeError(message) } }
    }

    func bar(_ close: Double = 74.099, subscriptionId: String = "sub-1") -> ServerNotificationMessage {
        ServerNotificationMessage(
            event: "data", subscriptionId: subscriptionId, channel: Self.channel,
            data: [
                "timestamp": 1_776_364_020, "open": 74.099, "high": 74.1, "low": 74.083, "close": .number(close),
                "volume": 5806.43,
            ],
            timestamp: 1_776_364_071_003)
    }
}
