import Foundation

/// A typed, namespaced message bus: actions (request/response) and events (broadcasts) between components.
///
/// A messenger is owned by one component and has a ``namespace``: it may register actions, publish
/// events and register initial payloads only for names prefixed by `<namespace>:`. It may call any
/// action in its table and subscribe to any event, but only receives what is registered on it or
/// delegated to it, so each service gets a messenger that reaches exactly what it was granted:
///
/// ```swift
/// let root = Messenger(namespace: Messenger.mockAnyNamespace)
/// let service = try root.buildChild(
///     namespace: "BackendWebSocketService",
///     actions: [AuthenticationController.GetBearerToken.self],
///     events: [KeyringController.Lock.self, KeyringController.Unlock.self]
/// )
/// service.subscribe(KeyringController.Lock.self) { disconnect() }
/// let token = try await service.call(AuthenticationController.GetBearerToken.self, nil)
/// ```
///
/// All methods may be called from any thread. Subscribers run synchronously on the publishing
/// thread, in subscription order, and without any lock held, so they may publish, subscribe or
/// unsubscribe re-entrantly.
public final class Messenger: Sendable {
    /// The namespace that disables all namespace checks, for root messengers in tests.
    public static let mockAnyNamespace: String = "MOCK_ANY_NAMESPACE"

    /// The namespace this messenger owns, e.g. `BackendWebSocketService`.
    public let namespace: String
    /// The messenger that automatically receives this messenger's actions and events.
    public let parent: Messenger?
    /// Receives errors thrown by subscribers; `nil` writes them to standard error.
    let captureException: (@Sendable (any Error) -> Void)?
    let state = Locked(MessengerState())
    /// `<namespace>:`, the prefix of every name this messenger owns.
    private let namespacePrefix: String

    /// Creates a messenger that owns `namespace`.
    ///
    /// - Parameters:
    ///   - namespace: The prefix (without the colon) of every action and event this messenger owns,
    ///     or ``mockAnyNamespace`` to own everything.
    ///   - parent: A messenger to which every action registered and every event published here is
    ///     delegated automatically.
    ///   - captureException: Receives every error thrown by a subscriber; defaults to the parent's.
    public init(
        namespace: String,
        parent: Messenger? = nil,
        captureException: (@Sendable (any Error) -> Void)? = nil
    ) {
        self.namespace = namespace
        namespacePrefix = namespace + ":"
        self.parent = parent
        self.captureException = captureException ?? parent?.captureException
    }

    /// Creates a child messenger of this one and delegates the listed actions and events to it.
    public func buildChild(
        namespace: String,
        actions: [any MessengerAction.Type] = [],
        events: [any MessengerEvent.Type] = []
    ) throws -> Messenger {
        let child = Messenger(namespace: namespace, parent: self)
        try delegate(actions: actions, events: events, to: child)
        return child
    }

    /// Whether `name` lies in this messenger's namespace.
    func owns(_ name: String) -> Bool {
        namespace == Self.mockAnyNamespace || name.hasPrefix(namespacePrefix)
    }

    /// Hands an error thrown by a subscriber to `captureException`, or logs it.
    func report(_ error: any Error) {
        if let captureException {
            captureException(error)
        } else {
            let line = "[Messenger \(namespace)] subscriber error: \(String(describing: error))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Casts a type-erased value back to the type a message declares.
    @inlinable
    static func cast<Value>(_ value: any Sendable, to _: Value.Type, name: String) throws -> Value {
        guard let typed = value as? Value else {
            throw MessengerError.typeMismatch(
                name: name, expected: String(describing: Value.self), actual: String(describing: type(of: value))
            )
        }
        return typed
    }
}
