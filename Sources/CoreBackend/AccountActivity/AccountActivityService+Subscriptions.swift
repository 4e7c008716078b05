import CoreBackendRuntime

extension AccountActivityService {
    /// What started a synchronisation.
    enum Trigger: Sendable {
        /// Construction: subscribe only if the socket is already connected.
        case construction
        /// `connectionStateChanged` → `connected`: resubscribe, if the socket is still connected when the
        /// synchronisation runs (after a `disconnect()` meanwhile, connecting again would undo it; the next
        /// `connected` event synchronises anyway).
        case connected
        /// `AccountTreeController:selectedAccountGroupChange`.
        case accountGroupChanged
        /// The enabled namespaces changed: resubscribe only if connected.
        case flagsChanged
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

    /// Brings the server subscriptions in line with the selected group plus the watched addresses,
    /// touching only what changed: ids that left the group (account switch, flag change) are
    /// unsubscribed, then the channels without a subscription are subscribed in batches. After a
    /// reconnection every wanted channel is missing, so everything is resubscribed in a few requests.
    func synchronize(_ trigger: Trigger) async {
        guard !isDestroyed else { return }
        if trigger == .construction, state.withLock(\.sawConnectionEvent) { return }
        if trigger != .accountGroupChanged {
            do {
                guard
                    try await messenger.call(BackendWebSocketServiceMessages.GetConnectionInfo.self).state == .connected
                else { return }
            } catch {
                log("reading the connection state failed: \(error)")
                return
            }
        }
        let groupIds: [String]
        do {
            groupIds = try await selectedGroupAccountIds()
        } catch {
            log("reading the selected account group failed: \(error)")
            return
        }
        let (left, watched) = state.withLock { state -> ([String], [String]) in
            let kept = Set(groupIds)
            let left = state.groupAccountIds.filter { !kept.contains($0) && !state.watched.contains($0) }
            state.groupAccountIds = groupIds
            // Only a reconnection (or the first synchronisation) needs the watched addresses: an account
            // switch or flag change leaves their subscriptions alone.
            let needsWatched = trigger == .connected || trigger == .construction
            return (left, needsWatched ? state.watched.all : [])
        }
        if !left.isEmpty { _ = await unwatch(left) }
        let groupSet = Set(groupIds)
        _ = await watch(groupIds + watched.filter { !groupSet.contains($0) })
    }

    /// The selected group's account ids (first enabled namespace per account).
    private func selectedGroupAccountIds() async throws -> [String] {
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
        return AccountActivityChannels.accountIds(for: accounts, enabled: enabled)
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
