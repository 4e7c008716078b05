import CoreBackendRuntime

extension BackendWebSocketService {
    /// Reacts to the wallet and the session: unlock and sign-in connect, lock and sign-out disconnect.
    ///
    /// Sign-in is observed through a selector on `isSignedIn`, so only real sign-in/sign-out transitions
    /// react (upstream reacted to every AuthenticationController state change). Handlers hold the
    /// service weakly; ``destroy()`` removes them.
    func subscribeToExternalEvents() {
        let signIn = messenger.subscribe(
            AuthenticationController.StateChange.self, selector: { $0.state.isSignedIn }
        ) { [weak self] isSignedIn, _ in
            if isSignedIn { self?.startConnecting() } else { self?.disconnect() }
        }
        let unlock = messenger.subscribe(KeyringController.Unlock.self) { [weak self] in self?.startConnecting() }
        let lock = messenger.subscribe(KeyringController.Lock.self) { [weak self] in self?.disconnect() }
        externalSubscriptions.withLock { $0 = [signIn, unlock, lock] }
    }

    /// Registers the 13 actions of upstream (`BackendWebSocketService:connect`, …). Query and callback
    /// actions are synchronous, so they can also be reached with `callSynchronously`.
    func registerActions() throws {
        typealias Messages = BackendWebSocketServiceMessages
        try messenger.registerActionHandler(Messages.Connect.self) { [weak self] () async throws in
            try await self?.connect()
        }
        try messenger.registerActionHandler(Messages.Disconnect.self) { [weak self] () throws in self?.disconnect() }
        try messenger.registerActionHandler(Messages.ForceReconnection.self) { [weak self] () async throws in
            await self?.forceReconnection()
        }
        try messenger.registerActionHandler(Messages.SendMessage.self) { [weak self] message async throws in
            try await self.orDestroyed().sendMessage(message)
        }
        try messenger.registerActionHandler(Messages.SendRequest.self) { [weak self] message async throws in
            try await self.orDestroyed().sendRequest(message)
        }
        try messenger.registerActionHandler(Messages.Subscribe.self) { [weak self] request async throws in
            try await self.orDestroyed().subscribe(request)
        }
        try messenger.registerActionHandler(Messages.GetConnectionInfo.self) { [weak self] () throws in
            try self.orDestroyed().getConnectionInfo()
        }
        try messenger.registerActionHandler(Messages.GetSubscriptionsByChannel.self) { [weak self] channel throws in
            self?.getSubscriptionsByChannel(channel) ?? []
        }
        try messenger.registerActionHandler(Messages.ChannelHasSubscription.self) { [weak self] channel throws in
            self?.channelHasSubscription(channel) ?? false
        }
        try messenger.registerActionHandler(Messages.FindSubscriptionsByChannelPrefix.self) {
            [weak self] prefix throws in
            self?.findSubscriptionsByChannelPrefix(prefix) ?? []
        }
        try messenger.registerActionHandler(Messages.AddChannelCallback.self) { [weak self] callback throws in
            self?.addChannelCallback(callback)
        }
        try messenger.registerActionHandler(Messages.RemoveChannelCallback.self) { [weak self] name throws in
            self?.removeChannelCallback(name) ?? false
        }
        try messenger.registerActionHandler(Messages.GetChannelCallbacks.self) { [weak self] () throws in
            self?.getChannelCallbacks() ?? []
        }
    }
}

extension Optional where Wrapped == BackendWebSocketService {
    /// The service, or the error a released service's actions report.
    func orDestroyed() throws -> BackendWebSocketService {
        guard let self else {
            throw MessengerError.actionNotRegistered(action: BackendWebSocketServiceMessages.namespace)
        }
        return self
    }
}

/// Hands errors thrown by subscription and channel callbacks to the messenger's `captureException`
/// (upstream swallowed them).
///
/// The messenger reports only errors thrown by event subscribers, so this publishes each error on a
/// private child messenger (which inherits `captureException`) to a subscriber that rethrows it.
struct BackendWebSocketCallbackErrorReporter: Sendable {
    private enum CallbackFailed: MessengerEvent {
        typealias Payload = FailedCallback
        static let name = "BackendWebSocketServiceCallbacks:callbackFailed"
    }

    private struct FailedCallback: Sendable {
        let error: any Error
    }

    private let channel: Messenger

    init(messenger: Messenger) {
        channel = Messenger(namespace: "BackendWebSocketServiceCallbacks", parent: messenger)
        channel.subscribe(CallbackFailed.self) { failure in throw failure.error }
    }

    func report(_ error: any Error) {
        try? channel.publish(CallbackFailed.self, FailedCallback(error: error))
    }
}
