import CoreBackendRuntime

extension AccountActivityService {
    /// What started a synchronisation.
    enum Trigger: Sendable {
        /// Construction: subscribe only if the socket is already connected.
        case construction
        /// `connectionStateChanged` → `connected`.
        case connected
        /// `AccountTreeController:selectedAccountGroupChange`.
        case accountGroupChanged
        /// The enabled namespaces changed: resubscribe only if connected.
        case flagsChanged
        /// ``subscribe(address:)``.
        case watchListChanged
        /// ``unsubscribe(address:)``: remove only, never connect.
        case watchListRemoved
    }

    func subscribeToTriggers() -> [MessengerSubscription] {
        let groupChange = messenger.subscribe(AccountTreeController.SelectedAccountGroupChange.self) { [weak self] _ in
            self?.enqueue(.accountGroupChanged)
        }
        let connection = messenger.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) {
            [weak self] info in
            guard let self else { return }
            state.withLock { $0.sawConnectionEvent = true }
            switch info.state {
            case .connected: enqueue(.connected)
            case .disconnected: statusTracker.disconnected(at: options.currentTime())
            default: break
            }
        }
        let flags = messenger.subscribe(
            RemoteFeatureFlagController.StateChange.self,
            selector: {
                AccountActivityChannels.enabledNamespaces(flags: $0.state.remoteFeatureFlags).joined(separator: ",")
            }
        ) { [weak self] enabled, _ in
            guard let self else { return }
            state.withLock { $0.lastEnabledNamespaces = enabled.split(separator: ",").map(String.init) }
            enqueue(.flagsChanged)
        }
        return [groupChange, connection, flags]
    }

    func enqueue(_ trigger: Trigger) {
        queue.enqueue { [weak self] in await self?.synchronize(trigger) }
    }

    /// Brings the server subscriptions in line with the selected group plus the watched addresses:
    /// removes subscriptions holding channels no longer wanted, then subscribes the missing channels
    /// in one request. An unsubscribe failure never prevents the new subscription.
    func synchronize(_ trigger: Trigger) async {
        guard !isDestroyed else { return }
        if trigger == .construction, state.withLock(\.sawConnectionEvent) { return }
        if trigger == .construction || trigger == .flagsChanged {
            do {
                guard
                    try await messenger.call(BackendWebSocketServiceMessages.GetConnectionInfo.self).state == .connected
                else { return }
            } catch {
                log("reading the connection state failed: \(error)")
                return
            }
        }
        let accountIds: [String]
        do {
            accountIds = try await desiredAccountIds()
        } catch {
            log("reading the selected account group failed: \(error)")
            return
        }
        await unsubscribeObsolete(keeping: accountIds)
        if trigger != .watchListRemoved {
            await subscribe(accountIds)
        }
    }

    /// The selected group's account ids (first enabled namespace per account) followed by the watched ones.
    private func desiredAccountIds() async throws -> [String] {
        let accounts = try await messenger.call(AccountTreeController.GetAccountsFromSelectedAccountGroup.self)
        let enabled: [String]
        do {
            let flags = try await messenger.call(RemoteFeatureFlagController.GetState.self).remoteFeatureFlags
            enabled = AccountActivityChannels.enabledNamespaces(flags: flags)
        } catch {
            log("reading feature flags failed, using the last known ones: \(error)")
            enabled =
                state.withLock { $0.lastEnabledNamespaces } ?? AccountActivityChannels.enabledNamespaces(flags: [:])
        }
        let groupIds = AccountActivityChannels.accountIds(for: accounts, enabled: enabled)
        let watched = state.withLock { $0.watchedAccountIds }
        return groupIds + watched.filter { !groupIds.contains($0) }
    }

    private func unsubscribeObsolete(keeping accountIds: [String]) async {
        let prefix = subscriptionNamespace + "."
        let wanted = Set(accountIds.map(channel(for:)))
        let subscriptions: [WebSocketSubscription]
        do {
            subscriptions = try await messenger.call(
                BackendWebSocketServiceMessages.FindSubscriptionsByChannelPrefix.self, prefix)
        } catch {
            log("listing subscriptions failed: \(error)")
            return
        }
        for subscription in subscriptions
        where subscription.channels.contains(where: { $0.hasPrefix(prefix) && !wanted.contains($0) }) {
            do {
                try await subscription.unsubscribe(nil)
            } catch {
                publishError(accountIds: subscription.channels.map(accountId(for:)), error, .unsubscribe)
            }
        }
    }

    /// Connects, then subscribes every channel not yet subscribed in one request. A failure is
    /// published and forces a reconnection, whose `connected` event retries.
    private func subscribe(_ accountIds: [String]) async {
        var pending = accountIds
        do {
            try await messenger.call(BackendWebSocketServiceMessages.Connect.self)
            var missing: [String] = []
            for accountId in accountIds
            where try await !messenger.call(
                BackendWebSocketServiceMessages.ChannelHasSubscription.self, channel(for: accountId))
            {
                missing.append(accountId)
            }
            pending = missing
            guard !missing.isEmpty, !isDestroyed else { return }
            let request = WebSocketSubscriptionRequest(
                channels: missing.map(channel(for:)), channelType: subscriptionNamespace,
                callback: { [weak self] in self?.handleNotification($0) })
            _ = try await messenger.call(BackendWebSocketServiceMessages.Subscribe.self, request)
        } catch {
            publishError(accountIds: pending, error, .subscribe)
            do {
                try await messenger.call(BackendWebSocketServiceMessages.ForceReconnection.self)
            } catch {
                log("forced reconnection failed: \(error)")
            }
        }
    }

    func channel(for accountId: String) -> String {
        "\(subscriptionNamespace).\(accountId)"
    }

    func accountId(for channel: String) -> String {
        let prefix = subscriptionNamespace + "."
        return channel.hasPrefix(prefix) ? String(channel.dropFirst(prefix.count)) : channel
    }

    func publishError(
        accountIds: [String], _ error: any Error,
        _ operation: AccountActivityServiceMessages.SubscriptionError.Operation
    ) {
        let payload = AccountActivityServiceMessages.SubscriptionError.Payload(
            addresses: accountIds, error: errorMessage(error), operation: operation)
        log("\(operation.rawValue) failed for \(accountIds): \(payload.error)")
        try? messenger.publish(AccountActivityServiceMessages.SubscriptionError.self, payload)
    }
}
