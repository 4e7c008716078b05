import CoreBackendRuntime

/// Per-channel bookkeeping. Every function here runs inside an operation of `queue`, except the
/// grace timer and the delays of the retry loop, which only wait and then enqueue.
extension OHLCVService {
    private typealias WebSocket = BackendWebSocketServiceMessages

    /// `subscribe`: reuse an active channel, revive one in grace or cleanup, or create it on the server.
    func acquire(_ subscription: OHLCVSubscriptionOptions) async {
        guard !isDestroyed else { return }
        let channel = subscription.channel
        let refCount = state.withLock { state -> Int? in
            guard let entry = state.entries[channel] else { return nil }
            if entry.refCount > 0 { state.entries[channel]!.refCount += 1 }
            return entry.refCount
        }
        if let refCount, refCount > 0 { return }
        if refCount != nil {
            // Grace or cleanup: stop the timer or retry; reuse the server subscription if it survived.
            state.withLock { cancelTimers(of: channel, in: &$0) }
            if (try? await messenger.call(WebSocket.ChannelHasSubscription.self, channel)) == true {
                await releaseUnusedChannels(except: channel)
                state.withLock { $0.entries[channel]?.refCount = 1 }
                return
            }
        }
        await releaseUnusedChannels(except: channel)
        do {
            try await messenger.call(WebSocket.Connect.self)
            if try await !messenger.call(WebSocket.ChannelHasSubscription.self, channel) {
                _ = try await messenger.call(WebSocket.Subscribe.self, subscriptionRequest(channel))
            }
            state.withLock { state in
                guard !state.isDestroyed else { return }
                if state.entries[channel] == nil { state.order.append(channel) }
                state.entries[channel] = Entry(options: subscription, refCount: 1)
            }
        } catch {
            state.withLock { remove(channel, from: &$0) }
            publishError(channel, error, .subscribe)
        }
    }

    /// `unsubscribe`: one consumer fewer; the last one starts the grace timer.
    func release(_ channel: String) {
        state.withLock { state in
            guard let entry = state.entries[channel], entry.refCount > 0 else { return }
            state.entries[channel]!.refCount -= 1
            guard entry.refCount == 1 else { return }
            let token = nextToken(&state)
            state.entries[channel]!.token = token
            state.entries[channel]!.graceTimer = Task {
                [weak self, clock = options.clock, grace = options.gracePeriod] in
                do { try await clock.sleep(for: grace) } catch { return }
                self?.queue.enqueue { [weak self] in self?.graceExpired(channel, token: token) }
            }
        }
    }

    private func graceExpired(_ channel: String, token: UInt64) {
        let expired = state.withLock { state -> Bool in
            guard !state.isDestroyed, let entry = state.entries[channel], entry.token == token else { return false }
            state.entries[channel]!.graceTimer = nil
            return entry.refCount <= 0
        }
        if expired { startRetryLoop(channel) }
    }

    /// Unsubscribes every other channel nobody uses (grace or cleanup) right away.
    func releaseUnusedChannels(except channel: String) async {
        let unused = state.withLock { state in
            state.order.filter { $0 != channel && (state.entries[$0]?.refCount ?? 1) <= 0 }
        }
        for other in unused {
            let stillUnused = state.withLock { state -> Bool in
                guard let entry = state.entries[other], entry.refCount <= 0 else { return false }
                cancelTimers(of: other, in: &state)
                return true
            }
            guard stillUnused else { continue }
            if await unsubscribeOnServer(other) {
                state.withLock { state in
                    if let entry = state.entries[other], entry.refCount <= 0 { remove(other, from: &state) }
                }
            } else {
                startRetryLoop(other)
            }
        }
    }

    /// Removes the channel's server subscriptions; publishes and returns `false` on failure.
    func unsubscribeOnServer(_ channel: String) async -> Bool {
        do {
            for subscription in try await messenger.call(WebSocket.GetSubscriptionsByChannel.self, channel) {
                try await subscription.unsubscribe(nil)
            }
            return true
        } catch {
            publishError(channel, error, .unsubscribe)
            return false
        }
    }

    /// Starts (or restarts) the cleanup of an unused channel: up to `1 + retryDelays.count` attempts.
    func startRetryLoop(_ channel: String) {
        state.withLock { state in
            guard state.entries[channel] != nil else { return }
            cancelTimers(of: channel, in: &state)
            let token = state.entries[channel]!.token
            state.entries[channel]!.retry = Task { [weak self] in await self?.runRetryLoop(channel, token: token) }
        }
    }

    private enum AttemptOutcome { case done, failed }

    private func runRetryLoop(_ channel: String, token: UInt64) async {
        for delay in [Duration.zero] + options.retryDelays {
            if delay > .zero {
                // A cancelled loop (re-subscribed, replaced or destroyed) stops at once.
                do { try await options.clock.sleep(for: delay) } catch { return }
            }
            let outcome = await queue.run { [self] () -> AttemptOutcome in
                guard isCurrent(channel, token), consumerCount(of: channel) <= 0 else { return .done }
                if await unsubscribeOnServer(channel) {
                    state.withLock { state in if isCurrent(channel, token, in: state) { remove(channel, from: &state) }
                    }
                    return .done
                }
                return isCurrent(channel, token) ? .failed : .done
            }
            if outcome == .done { return }
        }
        let exhausted = await queue.run { [self] () -> Bool in
            state.withLock { state in
                guard isCurrent(channel, token, in: state) else { return false }
                remove(channel, from: &state)
                return true
            }
        }
        guard exhausted else { return }
        // The server keeps refusing: reset the shared socket, which drops the subscription, unless
        // the socket is already down (then the subscription died with it).
        let connection = try? await messenger.call(WebSocket.GetConnectionInfo.self)
        if connection == nil || connection?.state == .connected {
            _ = try? await messenger.call(WebSocket.ForceReconnection.self)
        }
    }

    /// After a reconnect: drop unused channels (the close removed their server subscriptions) and
    /// resubscribe the others; a failure is published and the channel kept for the next reconnect.
    func resubscribeAll() async {
        guard !isDestroyed else { return }
        let channels = state.withLock(\.order)
        for channel in channels {
            let refCount = state.withLock { state -> Int? in
                guard let entry = state.entries[channel] else { return nil }
                if entry.refCount <= 0 { remove(channel, from: &state) }
                return entry.refCount
            }
            guard let refCount, refCount > 0 else { continue }
            do {
                if try await messenger.call(WebSocket.ChannelHasSubscription.self, channel) { continue }
                _ = try await messenger.call(WebSocket.Subscribe.self, subscriptionRequest(channel))
            } catch {
                publishError(channel, error, .subscribe)
            }
        }
    }

    func subscriptionRequest(_ channel: String) -> WebSocketSubscriptionRequest {
        WebSocketSubscriptionRequest(
            channels: [channel], channelType: Self.channelType,
            callback: { [weak self] in self?.handleBar($0, channel: channel) })
    }

    // MARK: State helpers (call inside `state.withLock`)

    private func consumerCount(of channel: String) -> Int {
        state.withLock { $0.entries[channel]?.refCount ?? 0 }
    }

    private func isCurrent(_ channel: String, _ token: UInt64) -> Bool {
        state.withLock { isCurrent(channel, token, in: $0) }
    }

    private func isCurrent(_ channel: String, _ token: UInt64, in state: State) -> Bool {
        !state.isDestroyed && state.entries[channel]?.token == token
    }

    private func nextToken(_ state: inout State) -> UInt64 {
        state.nextToken += 1
        return state.nextToken
    }

    /// Cancels the grace timer and retry loop and invalidates any work they already queued.
    private func cancelTimers(of channel: String, in state: inout State) {
        guard var entry = state.entries[channel] else { return }
        entry.graceTimer?.cancel()
        entry.retry?.cancel()
        entry.graceTimer = nil
        entry.retry = nil
        entry.token = nextToken(&state)
        state.entries[channel] = entry
    }

    private func remove(_ channel: String, from state: inout State) {
        if let entry = state.entries.removeValue(forKey: channel) {
            entry.graceTimer?.cancel()
            entry.retry?.cancel()
        }
        state.order.removeAll { $0 == channel }
    }
}
