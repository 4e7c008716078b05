import CoreBackendRuntime

extension AccountActivityService {
    /// Publishes `transactionUpdated` then `balanceUpdated` for an account-activity notification; a
    /// payload that does not decode is reported as `subscriptionError` (operation `notification`)
    /// and dropped, and the subscription keeps working.
    func handleNotification(_ notification: ServerNotificationMessage) {
        guard !isDestroyed else { return }
        let activity: AccountActivityMessage
        do {
            activity = try AccountActivityMessage(notification: notification)
        } catch {
            publishError(accountIds: [accountId(for: notification.channel)], error, .notification)
            return
        }
        try? messenger.publish(AccountActivityServiceMessages.TransactionUpdated.self, activity.tx)
        try? messenger.publish(
            AccountActivityServiceMessages.BalanceUpdated.self,
            .init(address: activity.address, chain: activity.tx.chain, updates: activity.updates))
    }

    /// Feeds a chain-status notification to the debouncer.
    ///
    /// - Throws: ``InvalidSystemNotificationError`` (the WebSocket service hands it to the messenger's
    ///   `captureException`); nothing is recorded.
    func handleSystemNotification(_ notification: ServerNotificationMessage) throws {
        guard !isDestroyed else { return }
        do {
            statusTracker.record(try SystemNotification(notification))
        } catch {
            log("\(error) on \(notification.channel)")
            throw error
        }
    }
}
