public import CoreBackendRuntime
public import Foundation

extension AccountActivityService {
    /// Construction options.
    public struct Options: Sendable {
        /// The channel prefix and system-channel suffix; `account-activity.v1` by default.
        public var subscriptionNamespace: String
        /// Times the status debounce.
        public var clock: QueryClock
        /// The jitter of the status debounce.
        public var random: RandomSource
        /// Wall-clock time in milliseconds since 1970, for the `timestamp` of the disconnect event.
        public var currentTime: @Sendable () -> Double
        /// Receives diagnostic messages (errors that are not published as events); silent by default.
        public var log: (@Sendable (String) -> Void)?
        /// The most channels one `subscribe` request carries (1,000 by default; values below 1 count as 1).
        /// Larger sets — ``AccountActivityService/subscribe(addresses:)``, the resubscription after a
        /// reconnection — are sent as several requests, so 10,000 addresses take 10 round trips and no
        /// request or response (which echoes the channels) grows without bound.
        public var maxChannelsPerRequest: Int = 1_000

        /// Creates options.
        public init(
            subscriptionNamespace: String = "account-activity.v1",
            clock: QueryClock = .continuous,
            random: RandomSource = .system,
            currentTime: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 * 1000 },
            log: (@Sendable (String) -> Void)? = nil,
            maxChannelsPerRequest: Int = 1_000
        ) {
            self.maxChannelsPerRequest = maxChannelsPerRequest
            self.subscriptionNamespace = subscriptionNamespace
            self.clock = clock
            self.random = random
            self.currentTime = currentTime
            self.log = log
        }
    }
}

extension Messenger {
    /// Adds a channel callback synchronously when the handler allows it, else on `queue` (ahead of later work).
    ///
    /// Upstream calls `addChannelCallback` from a constructor; this keeps that synchronous when the
    /// WebSocket service registered a synchronous handler, and still works with an asynchronous one.
    func addChannelCallback(_ callback: ChannelCallback, queue: SerialTaskQueue) throws {
        do {
            try callSynchronously(BackendWebSocketServiceMessages.AddChannelCallback.self, callback)
        } catch MessengerError.actionNotSynchronous {
            queue.enqueue { [self] in
                _ = try? await call(BackendWebSocketServiceMessages.AddChannelCallback.self, callback)
            }
        }
    }

    /// Removes a channel callback synchronously when the handler allows it, else in a task.
    func removeChannelCallback(_ channelName: String) throws {
        do {
            _ = try callSynchronously(BackendWebSocketServiceMessages.RemoveChannelCallback.self, channelName)
        } catch MessengerError.actionNotSynchronous {
            Task { [self] in
                _ = try? await call(BackendWebSocketServiceMessages.RemoveChannelCallback.self, channelName)
            }
        }
    }
}
