import CoreBackendRuntime

extension OHLCVService {
    func connectionStateChanged(_ connectionState: WebSocketConnectionState) {
        switch connectionState {
        case .connected:
            queue.enqueue { [weak self] in await self?.drive(.connected) }
        case .disconnected:
            apply(.disconnected(now: options.currentTime()))
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
        apply(.systemNotification(notification, timestamp: message.timestamp))
    }

    /// Publishes `barUpdated`; an undecodable bar is reported as `subscriptionError` (operation `notification`).
    func handleBar(_ message: ServerNotificationMessage, channel: String) {
        do {
            apply(.barReceived(channel: channel, try OHLCVBar(json: message.data)))
        } catch {
            apply(.barRejected(channel: channel, message: errorMessage(error)))
        }
    }
}
