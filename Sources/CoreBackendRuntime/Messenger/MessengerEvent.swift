/// A broadcast message identified at compile time by its type.
///
/// Each conforming type names one upstream event (`<Namespace>:<event>`) and fixes its payload type.
/// Upstream payloads are lists of values; here a list of several values becomes one struct or tuple,
/// and an empty list becomes `Void`:
///
/// ```swift
/// enum Lock: MessengerEvent {
///     static let name = "KeyringController:lock"
/// }
/// messenger.subscribe(Lock.self) { print("locked") }
/// ```
public protocol MessengerEvent: Sendable {
    /// The value delivered to subscribers; `Void` for events without payload.
    associatedtype Payload: Sendable = Void
    /// The namespaced name, identical to upstream, e.g. `KeyringController:lock`.
    static var name: String { get }
}
