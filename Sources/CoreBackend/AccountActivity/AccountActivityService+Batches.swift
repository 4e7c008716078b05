import CoreBackendRuntime

extension AccountActivityService {
    typealias Failure = AccountActivityBatchResult.Failure

    /// Connects, then subscribes the channels of `accountIds` that have no subscription yet, at most
    /// ``Options/maxChannelsPerRequest`` per request. Channels the server rejects are reported (and
    /// published) without a reconnection; any other error fails the rest, is published and forces a
    /// reconnection, whose `connected` event subscribes them again.
    func watch(_ accountIds: [String]) async -> AccountActivityBatchResult {
        var failures: [Failure] = []
        var missing = accountIds
        var done = 0
        do {
            try await messenger.call(BackendWebSocketServiceMessages.Connect.self)
            var unsubscribed: [String] = []
            for accountId in accountIds
            where try await !messenger.call(
                BackendWebSocketServiceMessages.ChannelHasSubscription.self, channel(for: accountId))
            {
                unsubscribed.append(accountId)
            }
            missing = unsubscribed
            let batchSize = max(1, options.maxChannelsPerRequest)
            while done < missing.count, !isDestroyed {
                let end = min(done + batchSize, missing.count)
                failures += try await subscribeBatch(Array(missing[done..<end]))
                done = end
            }
        } catch {
            let pending = Array(missing[done...])
            publishError(accountIds: pending, error, .subscribe)
            failures += pending.map { Failure(address: $0, accountId: $0, error: errorMessage(error)) }
            do {
                try await messenger.call(BackendWebSocketServiceMessages.ForceReconnection.self)
            } catch {
                log("forced reconnection failed: \(error)")
            }
        }
        let failed = Set(failures.map(\.address))
        return AccountActivityBatchResult(succeeded: accountIds.filter { !failed.contains($0) }, failures: failures)
    }

    /// One subscribe request; when the server rejects some channels (`Request failed: …`), those are
    /// returned as failures and the rest are subscribed again in one more request (the service already
    /// unsubscribed what the server created for them). Other errors are thrown.
    private func subscribeBatch(_ accountIds: [String]) async throws -> [Failure] {
        do {
            try await subscribeChannels(accountIds)
            return []
        } catch BackendWebSocketServiceError.requestFailed(let failedChannels) {
            let rejected = Set(failedChannels)
            let (failed, retry) = accountIds.reduce(into: ([String](), [String]())) { parts, accountId in
                if rejected.contains(channel(for: accountId)) {
                    parts.0.append(accountId)
                } else {
                    parts.1.append(accountId)
                }
            }
            guard !failed.isEmpty else { throw BackendWebSocketServiceError.requestFailed(failed: failedChannels) }
            let error = BackendWebSocketServiceError.requestFailed(failed: failed.map(channel(for:)))
            publishError(accountIds: failed, error, .subscribe)
            if !retry.isEmpty { try await subscribeChannels(retry) }
            return failed.map { Failure(address: $0, accountId: $0, error: "Request failed: \(channel(for: $0))") }
        }
    }

    private func subscribeChannels(_ accountIds: [String]) async throws {
        let request = WebSocketSubscriptionRequest(
            channels: accountIds.map(channel(for:)), channelType: subscriptionNamespace,
            callback: state.withLock(\.notificationCallback))
        _ = try await messenger.call(BackendWebSocketServiceMessages.Subscribe.self, request)
    }

    /// Unsubscribes the server subscriptions holding the channels of `accountIds` (found by exact
    /// channel, not by listing every subscription) and subscribes again the other channels of those
    /// subscriptions that are still wanted. Never connects.
    func unwatch(_ accountIds: [String]) async -> AccountActivityBatchResult {
        var failures: [Failure] = []
        let prefix = subscriptionNamespace + "."
        let removed = Set(accountIds.map(channel(for:)))
        var handled = Set<String>()
        var keep: [String] = []
        for accountId in accountIds {
            let subscriptions: [WebSocketSubscription]
            do {
                subscriptions = try await messenger.call(
                    BackendWebSocketServiceMessages.GetSubscriptionsByChannel.self, channel(for: accountId))
            } catch {
                log("listing subscriptions failed: \(error)")
                continue
            }
            for subscription in subscriptions where handled.insert(subscription.subscriptionId).inserted {
                do {
                    try await subscription.unsubscribe(nil)
                    keep += subscription.channels.filter { !removed.contains($0) && $0.hasPrefix(prefix) }
                } catch {
                    let ids = subscription.channels.filter(removed.contains).map(self.accountId(for:))
                    publishError(accountIds: subscription.channels.map(self.accountId(for:)), error, .unsubscribe)
                    failures += ids.map { Failure(address: $0, accountId: $0, error: errorMessage(error)) }
                }
            }
        }
        let stillWanted = stillWanted(keep.map(accountId(for:)))
        if !stillWanted.isEmpty { await resubscribe(stillWanted) }
        let failed = Set(failures.map(\.address))
        return AccountActivityBatchResult(succeeded: accountIds.filter { !failed.contains($0) }, failures: failures)
    }

    /// The account ids among `accountIds` that the group or the watch list still wants.
    private func stillWanted(_ accountIds: [String]) -> [String] {
        state.withLock { state in
            let group = Set(state.groupAccountIds)
            return accountIds.filter { group.contains($0) || state.watched.contains($0) }
        }
    }

    /// Subscribes channels that shared a server subscription with removed ones, when connected.
    private func resubscribe(_ accountIds: [String]) async {
        let connected =
            (try? await messenger.call(BackendWebSocketServiceMessages.GetConnectionInfo.self).state) == .connected
        if connected { _ = await watch(accountIds) }
    }
}
