import CoreBackendRuntime

/// Messages of MetaMask's AuthenticationController (profile-sync-controller) used by core-backend.
public enum AuthenticationController {
    /// The controller state, reduced to the fields core-backend and its hosts read.
    public struct State: Hashable, Sendable {
        /// Whether the user is signed in to MetaMask's backend.
        public var isSignedIn: Bool
        /// Whether profile pairing is still needed, if known.
        public var needsProfilePairing: Bool?

        /// Creates a state.
        public init(isSignedIn: Bool, needsProfilePairing: Bool? = nil) {
            self.isSignedIn = isSignedIn
            self.needsProfilePairing = needsProfilePairing
        }
    }

    /// `AuthenticationController:getBearerToken`: an OIDC access token for the given entropy source.
    ///
    /// `nil` selects the primary secret recovery phrase (core-backend always passes `nil`). Signs in
    /// if needed; fails while the keyring is locked.
    public enum GetBearerToken: MessengerAction {
        /// The entropy source id, or `nil` for the primary SRP.
        public typealias Arguments = String?
        /// The access token (a JWT).
        public typealias Result = String
        /// `AuthenticationController:getBearerToken`.
        public static let name: String = "AuthenticationController:getBearerToken"
    }

    /// `AuthenticationController:isSignedIn`: whether the user is signed in (not used by core-backend).
    public enum IsSignedIn: MessengerAction {
        /// Whether the user is signed in.
        public typealias Result = Bool
        /// `AuthenticationController:isSignedIn`.
        public static let name: String = "AuthenticationController:isSignedIn"
    }

    /// `AuthenticationController:getState`: the current state.
    public enum GetState: MessengerAction {
        /// The current state.
        public typealias Result = State
        /// `AuthenticationController:getState`.
        public static let name: String = "AuthenticationController:getState"
    }

    /// `AuthenticationController:stateChange`: the state changed (the deprecated name core-backend subscribes to).
    public enum StateChange: MessengerEvent {
        /// The new state and its patches.
        public typealias Payload = ControllerStateChange<State>
        /// `AuthenticationController:stateChange`.
        public static let name: String = "AuthenticationController:stateChange"
    }

    /// `AuthenticationController:stateChanged`: the state changed (published right after `stateChange`).
    public enum StateChanged: MessengerEvent {
        /// The new state and its patches.
        public typealias Payload = ControllerStateChange<State>
        /// `AuthenticationController:stateChanged`.
        public static let name: String = "AuthenticationController:stateChanged"
    }
}
