import CoreBackendRuntime
import Foundation

/// Real-time account activity over the shared backend WebSocket: subscribes the selected account
/// group (plus any address you watch) and turns server notifications into messenger events.
///
/// The service talks to `BackendWebSocketService` only through messenger actions and the
/// `BackendWebSocketService:connectionStateChanged` event, so construct that service first:
///
/// ```swift
/// let messenger = try root.buildChild(
///     namespace: AccountActivityService.name,
///     actions: AccountActivityServiceMessages.allowedActions,
///     events: AccountActivityServiceMessages.allowedEvents)
/// let activity = try AccountActivityService(messenger: messenger)
/// root.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { update in
///     print(update.address, update.chain, update.updates.map(\.postBalance.amount))
/// }
/// ```
///
/// Published events: ``AccountActivityServiceMessages/TransactionUpdated``,
/// ``AccountActivityServiceMessages/BalanceUpdated``, ``AccountActivityServiceMessages/StatusChanged``
/// and ``AccountActivityServiceMessages/SubscriptionError``. All subscription work (connect,
/// account switch, flag change, explicit watches) runs one operation at a time, in trigger order.
public final class AccountActivityService: Sendable {
    /// The service name and messenger namespace, `AccountActivityService`.
    public static let name: String = AccountActivityServiceMessages.namespace

    /// The channel prefix, e.g. `account-activity.v1`.
    public let subscriptionNamespace: String
    /// The channel of chain-status notifications: `system-notifications.v1.<subscriptionNamespace>`.
    public let systemNotificationChannel: String

    struct State {
        var watched = AccountActivityWatchList()
        /// The selected group's account ids as of the last synchronisation: an account switch or flag
        /// change unsubscribes only the ids that left it.
        var groupAccountIds: [String] = []
        var lastEnabledNamespaces: [String]?
        /// Set by the first connection event; the construction check then leaves the work to that event.
        var sawConnectionEvent = false
        var messengerSubscriptions: [MessengerSubscription] = []
        var isDestroyed = false
        /// The callback of every account-activity subscription: one closure shared by all of them.
        var notificationCallback: ServerNotificationHandler?
    }

    let messenger: Messenger
    let options: Options
    let queue = SerialTaskQueue()
    let state = Locked(State())
    let statusTracker: ChainStatusTracker

    /// Creates the service, subscribes to the events it reacts to and registers the system channel callback.
    ///
    /// If the socket is already connected, the selected account group is subscribed right away
    /// (upstream waits for the next connection event).
    ///
    /// - Throws: A ``MessengerError`` if `BackendWebSocketService:addChannelCallback` is not reachable
    ///   through `messenger`.
    public init(messenger: Messenger, options: Options = Options()) throws {
        self.messenger = messenger
        self.options = options
        subscriptionNamespace = options.subscriptionNamespace
        systemNotificationChannel = "system-notifications.v1.\(options.subscriptionNamespace)"
        statusTracker = ChainStatusTracker(clock: options.clock, random: options.random) { [messenger] change in
            try? messenger.publish(AccountActivityServiceMessages.StatusChanged.self, change)
        }
        let subscriptions = subscribeToTriggers()
        let callback: ServerNotificationHandler = { [weak self] in self?.handleNotification($0) }
        state.withLock {
            $0.messengerSubscriptions = subscriptions
            $0.notificationCallback = callback
        }
        do {
            try messenger.addChannelCallback(
                ChannelCallback(
                    channelName: systemNotificationChannel,
                    throwingCallback: { [weak self] notification in
                        try self?.handleSystemNotification(notification)
                    }),
                queue: queue)
        } catch {
            for subscription in subscriptions { try? messenger.unsubscribe(subscription) }
            throw error
        }
        queue.enqueue { [weak self] in await self?.synchronize(.construction) }
    }

    /// Watches an address beyond the selected account group, until ``unsubscribe(address:)``.
    ///
    /// `address` is a CAIP-10 account id (`solana:0:7xKX…`; reference `0` = every chain of the
    /// namespace) or a bare `0x…` address (taken as `eip155:0:<address>`). Watched addresses survive
    /// account switches and are resubscribed after every reconnection; feature flags do not gate them.
    /// Returns once the subscription was attempted; failures are published as
    /// ``AccountActivityServiceMessages/SubscriptionError``. A connection failure forces a
    /// reconnection, after which the address is subscribed again. Only this address is checked and
    /// subscribed: the cost does not grow with the number of watched addresses.
    ///
    /// - Throws: ``AccountActivityServiceError/invalidAddress(_:)``.
    public func subscribe(address: String) async throws {
        guard AccountActivityChannels.accountId(normalising: address) != nil else {
            throw AccountActivityServiceError.invalidAddress(address)
        }
        _ = await subscribe(addresses: [address])
    }

    /// Watches many addresses at once (see ``subscribe(address:)``), subscribing the ones not yet
    /// subscribed in requests of at most ``Options/maxChannelsPerRequest`` channels each.
    ///
    /// Failures are reported per address: invalid addresses, channels the server rejected (listed in the
    /// response's `failed`; the other channels of that request are subscribed), or a connection error
    /// for the addresses it cut off (which also forces a reconnection). Failed valid addresses stay
    /// watched and are subscribed again after the next reconnection; ``unsubscribe(addresses:)`` drops them.
    ///
    /// ```swift
    /// let result = await activity.subscribe(addresses: ["0xabc…", "solana:0:7xKX…"])
    /// if !result.isComplete { print(result.failures) }
    /// ```
    public func subscribe(addresses: [String]) async -> AccountActivityBatchResult {
        let (accountIds, invalid) = Self.normalise(addresses)
        state.withLock { state in
            for accountId in accountIds { state.watched.insert(accountId) }
        }
        guard !accountIds.isEmpty else { return AccountActivityBatchResult(failures: invalid) }
        var result = await queue.run { [self] in await watch(accountIds) }
        result.failures = invalid + result.failures
        return result
    }

    /// Stops watching an address added with ``subscribe(address:)`` and removes its server
    /// subscription, unless the address belongs to the selected account group.
    ///
    /// - Throws: ``AccountActivityServiceError/invalidAddress(_:)``.
    public func unsubscribe(address: String) async throws {
        guard AccountActivityChannels.accountId(normalising: address) != nil else {
            throw AccountActivityServiceError.invalidAddress(address)
        }
        _ = await unsubscribe(addresses: [address])
    }

    /// Stops watching many addresses at once (see ``unsubscribe(address:)``); never connects.
    ///
    /// A server subscription that also held channels still wanted is replaced by one for those channels.
    /// Failures (invalid addresses, a failed `unsubscribe` request) are reported per address; the
    /// addresses are no longer watched either way.
    public func unsubscribe(addresses: [String]) async -> AccountActivityBatchResult {
        let (accountIds, invalid) = Self.normalise(addresses)
        let removed = state.withLock { state in
            accountIds.filter { state.watched.remove($0) && !state.groupAccountIds.contains($0) }
        }
        var result = await queue.run { [self] in await unwatch(removed) }
        result.succeeded = accountIds.filter { id in !result.failures.contains { $0.accountId == id } }
        result.failures = invalid + result.failures
        return result
    }

    /// The addresses watched with ``subscribe(address:)``, as CAIP-10 account ids in the order first watched.
    public var watchedAddresses: [String] { state.withLock { $0.watched.all } }

    /// Valid addresses as account ids (in order, without duplicates) and the invalid ones as failures.
    static func normalise(_ addresses: [String]) -> ([String], [AccountActivityBatchResult.Failure]) {
        var seen = Set<String>()
        var accountIds: [String] = []
        var invalid: [AccountActivityBatchResult.Failure] = []
        for address in addresses {
            guard let accountId = AccountActivityChannels.accountId(normalising: address) else {
                let error = AccountActivityServiceError.invalidAddress(address).description
                invalid.append(.init(address: address, accountId: nil, error: error))
                continue
            }
            if seen.insert(accountId).inserted { accountIds.append(accountId) }
        }
        return (accountIds, invalid)
    }

    /// Stops the service: cancels a pending status flush, removes the system channel callback and
    /// stops reacting to messenger events. Server subscriptions are left to the socket's lifetime.
    public func destroy() {
        let subscriptions = state.withLock { state -> [MessengerSubscription]? in
            guard !state.isDestroyed else { return nil }
            state.isDestroyed = true
            defer { state.messengerSubscriptions = [] }
            return state.messengerSubscriptions
        }
        guard let subscriptions else { return }
        for subscription in subscriptions { try? messenger.unsubscribe(subscription) }
        statusTracker.cancel()
        do {
            try messenger.removeChannelCallback(systemNotificationChannel)
        } catch {
            log("removing the system channel callback failed: \(error)")
        }
    }

    /// Waits until all subscription work triggered so far has finished (for tests and orderly shutdown).
    package func waitUntilIdle() async {
        await queue.waitUntilIdle()
    }

    var isDestroyed: Bool { state.withLock { $0.isDestroyed } }

    func log(_ message: String) {
        options.log?("[\(Self.name)] \(message)")
    }
}

/// Errors thrown by ``AccountActivityService``'s explicit watch methods.
public enum AccountActivityServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The address is neither a CAIP-10 account id nor a `0x…` address.
    case invalidAddress(String)

    /// A readable message.
    public var description: String {
        switch self {
        case .invalidAddress(let address):
            "Invalid address '\(address)': expected a CAIP-10 account id such as eip155:0:0xabc or a 0x address"
        }
    }
}
