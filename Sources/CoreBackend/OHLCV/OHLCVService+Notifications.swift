import CoreBackendRuntime

extension OHLCVService {
    func connectionStateChanged(_ connectionState: WebSocketConnectionState) {
        switch connectionState {
        case .connected:
            queue.enqueue { [weak self] in await self?.resubscribeAll() }
        case .disconnected:
            let chainIds = state.withLock { state -> [String] in
                defer { state.upChains = [] }
                return state.upChains
            }
            guard !chainIds.isEmpty else { return }
            try? messenger.publish(
                OHLCVServiceMessages.ChainStatusChanged.self,
                ChainStatusChange(chainIds: chainIds, status: .down, timestamp: options.currentTime()))
        default:
            break
        }
    }

    /// Forwards a market-data chain-status notification at once, with the message's timestamp.
    ///
    /// - Throws: ``InvalidSystemNotificationError`` (reported by the WebSocket service); nothing is published.
    func handleSystemNotification(_ message: ServerNotificationMessage) throws {
        guard !isDestroyed else { return }
        let notification: SystemNotification
        do {
            notification = try SystemNotification(message)
        } catch {
            log("\(error) on \(message.channel)")
            throw error
        }
        state.withLock { notification.update(upChains: &$0.upChains) }
        try? messenger.publish(
            OHLCVServiceMessages.ChainStatusChanged.self,
            ChainStatusChange(
                chainIds: notification.chainIds, status: notification.status, timestamp: message.timestamp))
    }

    /// Publishes `barUpdated`; an undecodable bar is reported as `subscriptionError` (operation `notification`).
    func handleBar(_ message: ServerNotificationMessage, channel: String) {
        guard !isDestroyed else { return }
        do {
            let bar = try OHLCVBar(json: message.data)
            try? messenger.publish(OHLCVServiceMessages.BarUpdated.self, .init(channel: channel, bar: bar))
        } catch {
            publishError(channel, error, .notification)
        }
    }
}
