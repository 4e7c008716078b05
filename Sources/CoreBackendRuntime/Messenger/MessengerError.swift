public import Foundation

/// An error thrown by ``Messenger``; its description is upstream's exact message text.
///
/// Every case carries the names a caller needs to tell what went wrong. Two cases exist only in
/// this port because Swift can express things TypeScript cannot: ``typeMismatch(name:expected:actual:)``
/// and ``actionNotSynchronous(action:)``.
public enum MessengerError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// An action outside the messenger's namespace was registered.
    case registerActionOutsideNamespace(action: String, namespace: String)
    /// An action outside the messenger's namespace was unregistered.
    case unregisterActionOutsideNamespace(action: String, namespace: String)
    /// An event outside the messenger's namespace was published.
    case publishOutsideNamespace(event: String, namespace: String)
    /// An initial payload was registered for an event outside the messenger's namespace.
    case registerInitialPayloadOutsideNamespace(event: String, namespace: String)
    /// The action table already holds a handler or delegation wrapper under this name.
    case actionAlreadyRegistered(action: String)
    /// No handler is registered for an action of the messenger's own namespace, or a delegation's source lost it.
    case actionNotRegistered(action: String)
    /// A foreign action was called that was never delegated to this messenger.
    case actionNotDelegated(action: String, namespace: String)
    /// The action is already delegated from this messenger to the target.
    case actionAlreadyDelegated(action: String)
    /// The event is already delegated from this messenger to the target.
    case eventAlreadyDelegated(event: String)
    /// The subscription is not (or no longer) active on this messenger.
    case subscriptionNotFound(event: String)
    /// A messenger tried to revoke a delegation to its own parent.
    case cannotRevokeFromParent
    /// Two message types with the same name disagree on their argument, result or payload type.
    case typeMismatch(name: String, expected: String, actual: String)
    /// `callSynchronously` reached a handler that was registered as `async`.
    case actionNotSynchronous(action: String)

    /// Upstream's message text for this error.
    public var description: String {
        switch self {
        case .registerActionOutsideNamespace(_, let namespace):
            "Only allowed registering action handlers prefixed by '\(namespace):'"
        case .unregisterActionOutsideNamespace(_, let namespace):
            "Only allowed unregistering action handlers prefixed by '\(namespace):'"
        case .publishOutsideNamespace(_, let namespace):
            "Only allowed publishing events prefixed by '\(namespace):'"
        case .registerInitialPayloadOutsideNamespace(_, let namespace):
            "Only allowed registering initial payloads for events prefixed by '\(namespace):'"
        case .actionAlreadyRegistered(let action):
            "A handler for \(action) has already been registered"
        case .actionNotRegistered(let action):
            "A handler for \(action) has not been registered"
        case .actionNotDelegated(let action, let namespace):
            "A handler for \(action) has not been delegated to \(namespace)"
        case .actionAlreadyDelegated(let action):
            "The action '\(action)' has already been delegated to this messenger"
        case .eventAlreadyDelegated(let event):
            "The event '\(event)' has already been delegated to this messenger"
        case .subscriptionNotFound(let event):
            "Subscription not found for event: \(event)"
        case .cannotRevokeFromParent:
            "Cannot revoke from parent"
        case .typeMismatch(let name, let expected, let actual):
            "The message \(name) carries \(actual) where \(expected) was expected"
        case .actionNotSynchronous(let action):
            "The handler for \(action) is asynchronous and cannot be called synchronously"
        }
    }

    /// The same text as ``description``, so `localizedDescription` shows upstream's message.
    public var errorDescription: String? { description }
}
