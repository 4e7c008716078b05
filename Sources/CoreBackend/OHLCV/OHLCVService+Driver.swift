import CoreBackendRuntime

/// The driver of ``OHLCVChannelMachine``: it feeds events to the machine under the one lock and
/// performs the returned actions after unlocking. Operations (subscribe, unsubscribe, a fired timer,
/// a reconnect) run one at a time on `queue`; their server calls are awaited and fed back as events.
extension OHLCVService {
    private typealias WebSocket = BackendWebSocketServiceMessages

    /// Runs one operation: applies `event`, performs the actions and feeds each server call's result back
    /// until a step calls the server no more. Call only from an operation of `queue`.
    func drive(_ event: Machine.Event) async {
        var next: Machine.Event? = event
        while let event = next {
            next = nil
            for action in send(event) {
                if let result = await perform(action) { next = result }
            }
        }
    }

    /// Applies an event that needs no server call (destroy, disconnect, system notification, bar), on any thread.
    func apply(_ event: Machine.Event) {
        for action in send(event) where !performLocally(action) {
            log("unexpected \(action) for \(event)")  // the machine never asks these events for server calls
        }
    }

    /// Feeds one event to the machine under the lock: the only place the channel table changes.
    private func send(_ event: Machine.Event) -> [Machine.Action] {
        state.withLock { $0.machine.handle(event) }
    }

    /// Performs a server call and returns its result event; any other action is performed locally.
    private func perform(_ action: Machine.Action) async -> Machine.Event? {
        switch action {
        case .checkServerSubscription(let channel):
            let exists = try? await messenger.call(WebSocket.ChannelHasSubscription.self, channel)
            return .serverSubscriptionChecked(channel: channel, exists: exists == true)
        case .unsubscribeOnServer(let channel):
            return .unsubscribed(
                channel: channel,
                failure: await failure {
                    for subscription in try await messenger.call(WebSocket.GetSubscriptionsByChannel.self, channel) {
                        try await subscription.unsubscribe(nil)
                    }
                })
        case .createOnServer(let channel):
            return .created(
                channel: channel,
                failure: await failure {
                    try await messenger.call(WebSocket.Connect.self)
                    try await subscribeUnlessPresent(channel)
                })
        case .resubscribeOnServer(let channel):
            return .resubscribed(channel: channel, failure: await failure { try await subscribeUnlessPresent(channel) })
        case .checkConnection:
            return .connectionChecked(try? await messenger.call(WebSocket.GetConnectionInfo.self).state)
        case .forceReconnection:
            _ = try? await messenger.call(WebSocket.ForceReconnection.self)
            return nil
        default:
            _ = performLocally(action)
            return nil
        }
    }

    /// Performs an action that needs no waiting; `false` for a server call.
    private func performLocally(_ action: Machine.Action) -> Bool {
        switch action {
        case .startTimer(let timer, let delay):
            startTimer(timer, delay)
        case .cancelTimer(let timer):
            state.withLock { $0.timers.removeValue(forKey: timer) }?.cancel()
        case .publishError(let channel, let message, let operation):
            publishError(channel, message, operation)
        case .publishChainStatus(let change):
            try? messenger.publish(OHLCVServiceMessages.ChainStatusChanged.self, change)
        case .publishBar(let channel, let bar):
            try? messenger.publish(OHLCVServiceMessages.BarUpdated.self, .init(channel: channel, bar: bar))
        case .tearDown:
            tearDown()
        case .checkServerSubscription, .unsubscribeOnServer, .createOnServer, .resubscribeOnServer, .checkConnection,
            .forceReconnection:
            return false
        }
        return true
    }

    /// A zero delay fires as the next operation; otherwise a task sleeps on the clock, then enqueues it.
    private func startTimer(_ timer: Machine.TimerID, _ delay: Duration) {
        guard delay > .zero else {
            queue.enqueue { [weak self] in await self?.drive(.timerFired(timer)) }
            return
        }
        state.withLock { locked in
            guard !locked.machine.isDestroyed else { return }
            locked.timers[timer] = Task { [weak self, clock = options.clock] in
                // A cancelled timer (re-subscribed, replaced or destroyed) stops at once.
                do { try await clock.sleep(for: delay) } catch { return }
                guard let self else { return }
                state.withLock { _ = $0.timers.removeValue(forKey: timer) }
                queue.enqueue { [weak self] in await self?.drive(.timerFired(timer)) }
            }
        }
    }

    private func tearDown() {
        let (timers, connection) = state.withLock { state in
            defer {
                state.timers = [:]
                state.connectionSubscription = nil
            }
            return (state.timers.values, state.connectionSubscription)
        }
        for timer in timers { timer.cancel() }
        if let connection { try? messenger.unsubscribe(connection) }
        try? messenger.unregisterActionHandler(OHLCVServiceMessages.Subscribe.self)
        try? messenger.unregisterActionHandler(OHLCVServiceMessages.Unsubscribe.self)
        do {
            try messenger.removeChannelCallback(Self.systemNotificationChannel)
        } catch {
            log("removing the system channel callback failed: \(error)")
        }
    }

    private func subscribeUnlessPresent(_ channel: String) async throws {
        if try await messenger.call(WebSocket.ChannelHasSubscription.self, channel) { return }
        _ = try await messenger.call(WebSocket.Subscribe.self, subscriptionRequest(channel))
    }

    /// The error message of `body`, `nil` when it succeeds.
    private func failure(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return errorMessage(error)
        }
    }

    func subscriptionRequest(_ channel: String) -> WebSocketSubscriptionRequest {
        WebSocketSubscriptionRequest(
            channels: [channel], channelType: Self.channelType,
            callback: { [weak self] in self?.handleBar($0, channel: channel) })
    }
}
