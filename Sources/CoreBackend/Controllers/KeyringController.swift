import CoreBackendRuntime

/// Messages of MetaMask's KeyringController used by core-backend and AuthenticationController.
public enum KeyringController {
    /// The controller state, without the secrets (vault, encryption key and salt).
    public struct State: Hashable, Sendable {
        /// Whether the wallet is unlocked.
        public var isUnlocked: Bool
        /// The keyrings, in order.
        public var keyrings: [Keyring]

        /// Creates a state.
        public init(isUnlocked: Bool, keyrings: [Keyring] = []) {
            self.isUnlocked = isUnlocked
            self.keyrings = keyrings
        }
    }

    /// One keyring as exposed in the state.
    public struct Keyring: Hashable, Sendable {
        /// The keyring type, e.g. `HD Key Tree`.
        public var type: String
        /// The addresses the keyring holds.
        public var accounts: [String]

        /// Creates a keyring entry.
        public init(type: String, accounts: [String]) {
            self.type = type
            self.accounts = accounts
        }
    }

    /// `KeyringController:lock`: the wallet was locked (BackendWebSocketService disconnects).
    public enum Lock: MessengerEvent {
        /// `KeyringController:lock`.
        public static let name: String = "KeyringController:lock"
    }

    /// `KeyringController:unlock`: the wallet was unlocked (BackendWebSocketService connects).
    public enum Unlock: MessengerEvent {
        /// `KeyringController:unlock`.
        public static let name: String = "KeyringController:unlock"
    }

    /// `KeyringController:getState`: the current state.
    public enum GetState: MessengerAction {
        /// The current state.
        public typealias Result = State
        /// `KeyringController:getState`.
        public static let name: String = "KeyringController:getState"
    }

    /// `KeyringController:stateChange`: the state changed.
    public enum StateChange: MessengerEvent {
        /// The new state and its patches.
        public typealias Payload = ControllerStateChange<State>
        /// `KeyringController:stateChange`.
        public static let name: String = "KeyringController:stateChange"
    }
}
