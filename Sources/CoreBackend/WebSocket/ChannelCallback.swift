/// A local callback for every notification on one channel name.
public struct ChannelCallback: Sendable {
    /// The exact channel name (account-activity channels also match the `eip155:0` wildcard).
    public var channelName: String
    /// The callback.
    public var callback: ServerNotificationHandler
    /// The throwing form, when created with ``init(channelName:throwingCallback:)``; the service calls it
    /// instead of ``callback`` and reports its errors to the messenger's `captureException`.
    public var throwingCallback: ThrowingServerNotificationHandler?

    /// Creates a channel callback.
    public init(channelName: String, callback: @escaping ServerNotificationHandler) {
        self.channelName = channelName
        self.callback = callback
    }

    /// Creates a channel callback that may throw (e.g. on invalid system-notification data).
    public init(channelName: String, throwingCallback: @escaping ThrowingServerNotificationHandler) {
        self.channelName = channelName
        self.callback = { try? throwingCallback($0) }
        self.throwingCallback = throwingCallback
    }
}
