import CoreBackendRuntime

/// The payload of a BaseController `stateChange` / `stateChanged` event: the new state and the patches.
///
/// Upstream publishes `[state, patches]`; core-backend only reads `state`.
public struct ControllerStateChange<State: Sendable>: Sendable {
    /// The controller's state after the change (an immutable snapshot).
    public var state: State
    /// The JSON-patch-like changes that produced `state`; empty for an initial payload.
    public var patches: [ControllerStatePatch]

    /// Creates a state-change payload.
    public init(state: State, patches: [ControllerStatePatch] = []) {
        self.state = state
        self.patches = patches
    }
}

extension ControllerStateChange: Equatable where State: Equatable {}
extension ControllerStateChange: Hashable where State: Hashable {}

/// One JSON-patch-like change of a controller state (operation and path; the value is not carried).
public struct ControllerStatePatch: Hashable, Sendable {
    /// The kind of change.
    public enum Operation: String, Hashable, Sendable {
        /// A value was replaced.
        case replace
        /// A value was added.
        case add
        /// A value was removed.
        case remove
    }

    /// One step of a patch path: an object key or an array index.
    public enum PathComponent: Hashable, Sendable {
        /// An object key.
        case key(String)
        /// An array index.
        case index(Int)
    }

    /// The kind of change.
    public var op: Operation
    /// Where in the state the change happened.
    public var path: [PathComponent]

    /// Creates a patch.
    public init(op: Operation, path: [PathComponent]) {
        self.op = op
        self.path = path
    }
}
