import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting

/// An AccountActivityService wired like upstream's tests: a root messenger holding the fake
/// WebSocket service and controllers, and a child messenger granted the allowed actions and events.
struct AccountActivityHarness {
    typealias Events = AccountActivityServiceMessages

    let root: Messenger
    let socket: FakeBackendWebSocket
    let controllers: FakeControllers
    let clock: TestClock
    let service: AccountActivityService
    let transactions: EventRecorder<Events.TransactionUpdated>
    let balances: EventRecorder<Events.BalanceUpdated>
    let statuses: EventRecorder<Events.StatusChanged>
    let errors: EventRecorder<Events.SubscriptionError>

    /// Upstream's defaults: Solana at stage 1, a disconnected socket.
    init(
        accounts: [InternalAccount] = [.evm("0x123abc")],
        flags: [String: JSONValue] = ["networkAssetsSnapsMigrationSolana": FakeControllers.stage(1)],
        subscriptionNamespace: String = "account-activity.v1",
        random: Double = 0,
        connected: Bool = false,
        asynchronousChannelCallbacks: Bool = false,
        maxChannelsPerRequest: Int = 1_000
    ) throws {
        root = Messenger(namespace: Messenger.mockAnyNamespace)
        socket = try FakeBackendWebSocket(root: root, asynchronousChannelCallbacks: asynchronousChannelCallbacks)
        controllers = try FakeControllers(root: root, accounts: accounts, flags: flags)
        if connected { socket.state.withLock { $0.connectionState = .connected } }
        clock = TestClock()
        transactions = EventRecorder(root, Events.TransactionUpdated.self)
        balances = EventRecorder(root, Events.BalanceUpdated.self)
        statuses = EventRecorder(root, Events.StatusChanged.self)
        errors = EventRecorder(root, Events.SubscriptionError.self)
        let messenger = try root.buildChild(
            namespace: AccountActivityService.name, actions: Events.allowedActions, events: Events.allowedEvents)
        service = try AccountActivityService(
            messenger: messenger,
            options: .init(
                subscriptionNamespace: subscriptionNamespace, clock: QueryClock(clock), random: .constant(random),
                currentTime: { 1_760_344_710_000 }, maxChannelsPerRequest: maxChannelsPerRequest))
    }

    /// Publishes a connection state and waits for the work it triggered.
    func connect() async {
        socket.setConnectionState(.connected)
        await service.waitUntilIdle()
    }

    /// Publishes `disconnected` (the fake drops its subscriptions first).
    func disconnect() {
        socket.setConnectionState(.disconnected)
    }

    /// Pushes a system notification into the registered system channel callback.
    func system(_ chainIds: [String], _ status: String, namespace: String = "account-activity.v1") {
        let channel = "system-notifications.v1.\(namespace)"
        socket.push(
            ServerNotificationMessage(
                event: "system-notification", channel: channel,
                data: ["chainIds": .array(chainIds.map(JSONValue.string)), "status": .string(status)],
                timestamp: 1_760_344_704_800))
    }
}
