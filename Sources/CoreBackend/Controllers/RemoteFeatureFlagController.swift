import CoreBackendRuntime

/// Messages of MetaMask's RemoteFeatureFlagController used by AccountActivityService.
public enum RemoteFeatureFlagController {
    /// The controller state, reduced to what core-backend and its hosts read.
    public struct State: Hashable, Sendable {
        /// The flags served remotely, e.g. `networkAssetsSnapsMigrationSolana: {"stage": 1}`.
        public var remoteFeatureFlags: [String: JSONValue]
        /// When the flags were fetched, in milliseconds since 1970.
        public var cacheTimestamp: Double

        /// Creates a state.
        public init(remoteFeatureFlags: [String: JSONValue] = [:], cacheTimestamp: Double = 0) {
            self.remoteFeatureFlags = remoteFeatureFlags
            self.cacheTimestamp = cacheTimestamp
        }
    }

    /// `RemoteFeatureFlagController:getState`: the current state.
    public enum GetState: MessengerAction {
        /// The current state.
        public typealias Result = State
        /// `RemoteFeatureFlagController:getState`.
        public static let name: String = "RemoteFeatureFlagController:getState"
    }

    /// `RemoteFeatureFlagController:stateChange`: the flags changed.
    public enum StateChange: MessengerEvent {
        /// The new state and its patches.
        public typealias Payload = ControllerStateChange<State>
        /// `RemoteFeatureFlagController:stateChange`.
        public static let name: String = "RemoteFeatureFlagController:stateChange"
    }

    /// `RemoteFeatureFlagController:stateChanged`: the flags changed (published right after `stateChange`).
    public enum StateChanged: MessengerEvent {
        /// The new state and its patches.
        public typealias Payload = ControllerStateChange<State>
        /// `RemoteFeatureFlagController:stateChanged`.
        public static let name: String = "RemoteFeatureFlagController:stateChanged"
    }
}
