import CoreBackendRuntime

extension OHLCVChannelMachine {
    /// Applies one event; returns what the driver must do, in order.
    mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .subscribeRequested(let options):
            return subscribeRequested(options)
        case .unsubscribeRequested(let channel):
            return unsubscribeRequested(channel)
        case .timerFired(let timer):
            return timerFired(timer)
        case .connected:
            guard !isDestroyed else { return [] }
            operation = .resubscribing(remaining: order)
            return resubscribeNext()
        case .disconnected(let now):
            guard !upChains.isEmpty else { return [] }
            defer { upChains = [] }
            return [.publishChainStatus(ChainStatusChange(chainIds: upChains, status: .down, timestamp: now))]
        case .systemNotification(let notification, let timestamp):
            guard !isDestroyed else { return [] }
            notification.update(upChains: &upChains)
            return [
                .publishChainStatus(
                    ChainStatusChange(
                        chainIds: notification.chainIds, status: notification.status, timestamp: timestamp))
            ]
        case .barReceived(let channel, let bar):
            return isDestroyed ? [] : [.publishBar(channel: channel, bar)]
        case .barRejected(let channel, let message):
            return isDestroyed ? [] : [.publishError(channel: channel, message: message, operation: .notification)]
        case .destroyRequested:
            return destroy()
        case .serverSubscriptionChecked(let channel, let exists):
            return serverSubscriptionChecked(channel, exists: exists)
        case .unsubscribed(let channel, let failure):
            let report = failure.map { [Action.publishError(channel: channel, message: $0, operation: .unsubscribe)] }
            return (report ?? []) + unsubscribed(channel, failed: failure != nil)
        case .created(let channel, let failure):
            return created(channel, failure: failure)
        case .resubscribed(let channel, let failure):
            let report = failure.map { [Action.publishError(channel: channel, message: $0, operation: .subscribe)] }
            guard case .resubscribing = operation else { return report ?? [] }
            return (report ?? []) + resubscribeNext()
        case .connectionChecked(let state):
            guard operation == .checkingConnection else { return [] }
            operation = nil
            // The server keeps refusing: reset the socket, which drops the subscription, unless the socket
            // is already down (then the subscription died with it). An unknown state counts as up.
            return state == nil || state == .connected ? [.forceReconnection] : []
        }
    }

    // MARK: - subscribe

    /// Reuses an active channel, revives one that is unused, or creates it on the server.
    private mutating func subscribeRequested(_ options: OHLCVSubscriptionOptions) -> [Action] {
        guard !isDestroyed else { return [] }
        let channel = options.channel
        switch channels[channel]?.phase {
        case .active(let consumers)?:
            channels[channel]?.phase = .active(consumers: consumers + 1)
            return []
        case nil:
            operation = .subscribing(
                options, .flushing(remaining: unusedChannels(except: channel), releasing: nil, reuse: false))
            return flushNext()
        case .grace?, .cleanup?, .held?:
            // Stop the timer or retry; reuse the server subscription if it survived.
            operation = .subscribing(options, .reviving)
            return hold(channel) + [.checkServerSubscription(channel)]
        }
    }

    private mutating func serverSubscriptionChecked(_ channel: String, exists: Bool) -> [Action] {
        guard case .subscribing(let options, .reviving) = operation, options.channel == channel else { return [] }
        operation = .subscribing(
            options, .flushing(remaining: unusedChannels(except: channel), releasing: nil, reuse: exists))
        return flushNext()
    }

    /// Unsubscribes the next other unused channel; when none is left, finishes or creates the channel.
    private mutating func flushNext() -> [Action] {
        guard case .subscribing(let options, .flushing(var remaining, _, let reuse)) = operation else { return [] }
        while !remaining.isEmpty {
            let other = remaining.removeFirst()
            guard channels[other]?.isUnused == true else { continue }
            operation = .subscribing(options, .flushing(remaining: remaining, releasing: other, reuse: reuse))
            return hold(other) + [.unsubscribeOnServer(other)]
        }
        let channel = options.channel
        guard !reuse else {
            operation = nil
            if channels[channel] != nil { channels[channel]?.phase = .active(consumers: 1) }
            return []
        }
        operation = .subscribing(options, .creating)
        return [.createOnServer(channel)]
    }

    private mutating func created(_ channel: String, failure: String?) -> [Action] {
        let report = failure.map { [Action.publishError(channel: channel, message: $0, operation: .subscribe)] }
        guard case .subscribing(let options, .creating) = operation, options.channel == channel else {
            return report ?? []
        }
        operation = nil
        if let report { return remove(channel) + report }
        let stopped = channels[channel]?.timer.map { [Action.cancelTimer($0)] } ?? []
        if channels[channel] == nil { order.append(channel) }
        channels[channel] = Channel(options: options, phase: .active(consumers: 1), timer: nil)
        return stopped
    }

    // MARK: - unsubscribe and cleanup

    /// One consumer fewer; the last one starts the grace period.
    private mutating func unsubscribeRequested(_ channel: String) -> [Action] {
        guard case .active(let consumers)? = channels[channel]?.phase else { return [] }
        guard consumers == 1 else {
            channels[channel]?.phase = .active(consumers: consumers - 1)
            return []
        }
        let timer = makeTimer(channel)
        channels[channel]?.phase = .grace
        channels[channel]?.timer = timer
        return [.startTimer(timer, configuration.gracePeriod)]
    }

    private mutating func timerFired(_ timer: TimerID) -> [Action] {
        guard !isDestroyed, let entry = channels[timer.channel], entry.timer == timer else { return [] }
        channels[timer.channel]?.timer = nil
        switch entry.phase {
        case .grace:
            return beginCleanup(timer.channel)
        case .cleanup:
            operation = .retrying(channel: timer.channel)
            return [.unsubscribeOnServer(timer.channel)]
        case .active, .held:
            return []
        }
    }

    /// The result of a flush (inside `subscribe`) or of a cleanup attempt.
    private mutating func unsubscribed(_ channel: String, failed: Bool) -> [Action] {
        switch operation {
        case .subscribing(let options, .flushing(let remaining, channel?, let reuse)):
            operation = .subscribing(options, .flushing(remaining: remaining, releasing: nil, reuse: reuse))
            var actions: [Action] = []
            if failed {
                actions = beginCleanup(channel)
            } else if channels[channel]?.isUnused == true {
                actions = remove(channel)
            }
            return actions + flushNext()
        case .retrying(channel: channel):
            operation = nil
            return attemptFinished(channel, failed: failed)
        default:
            return []
        }
    }

    /// Schedules the next attempt after a failure; after the last one, forgets the channel and checks the socket.
    private mutating func attemptFinished(_ channel: String, failed: Bool) -> [Action] {
        guard case .cleanup(let failures)? = channels[channel]?.phase else { return [] }
        guard failed else { return remove(channel) }
        let delays = configuration.retryDelays
        guard failures < delays.count else {
            operation = .checkingConnection
            return remove(channel) + [.checkConnection]
        }
        let timer = makeTimer(channel)
        channels[channel]?.phase = .cleanup(failures: failures + 1)
        channels[channel]?.timer = timer
        return [.startTimer(timer, delays[failures])]
    }

    // MARK: - reconnect and destroy

    /// Drops unused channels (the close removed their server subscriptions) and resubscribes the others,
    /// one at a time; a failure is published and the channel kept for the next reconnect.
    private mutating func resubscribeNext() -> [Action] {
        guard case .resubscribing(var remaining) = operation else { return [] }
        var actions: [Action] = []
        while !remaining.isEmpty {
            let channel = remaining.removeFirst()
            guard let entry = channels[channel] else { continue }
            if entry.isUnused {
                actions += remove(channel)
                continue
            }
            operation = .resubscribing(remaining: remaining)
            return actions + [.resubscribeOnServer(channel)]
        }
        operation = nil
        return actions
    }

    /// Stops every timer and forgets every channel and chain status; server subscriptions are left to
    /// the socket's lifetime. A second call does nothing.
    private mutating func destroy() -> [Action] {
        guard !isDestroyed else { return [] }
        isDestroyed = true
        let timers = order.compactMap { channels[$0]?.timer }.map(Action.cancelTimer)
        channels = [:]
        order = []
        upChains = []
        operation = nil
        return timers + [.tearDown]
    }
}
