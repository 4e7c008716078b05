/// A request/response message identified at compile time by its type.
///
/// Each conforming type names one upstream action (`<Namespace>:<action>`) and fixes the types of its
/// arguments and result, so a misspelled action or a wrong payload fails to compile:
///
/// ```swift
/// enum GetBearerToken: MessengerAction {
///     typealias Arguments = String?
///     typealias Result = String
///     static let name = "AuthenticationController:getBearerToken"
/// }
/// let token = try await messenger.call(GetBearerToken.self, nil)
/// ```
///
/// Several upstream parameters become one `Arguments` value: a tuple or a small struct.
public protocol MessengerAction: Sendable {
    /// The value passed to the handler; `Void` for actions without parameters.
    associatedtype Arguments: Sendable = Void
    /// The value the handler returns; `Void` for actions that return nothing.
    associatedtype Result: Sendable = Void
    /// The namespaced name, identical to upstream, e.g. `AuthenticationController:getBearerToken`.
    static var name: String { get }
}
