public import CoreBackend
public import CoreBackendRuntime

/// Stand-ins for the MetaMask controllers the real-time services talk to (AuthenticationController,
/// AccountTreeController, RemoteFeatureFlagController, KeyringController), registered on a messenger.
///
/// Apps without those controllers, tests and the CLI use it to drive the services: give the token,
/// switch the selected account group, change feature flags, lock and unlock.
public final class MockControllers: Sendable {
    private struct State {
        var token: String?
        var accounts: [InternalAccount] = []
        var groupId = "group-1"
        var flags: [String: JSONValue] = [:]
    }

    private let messenger: Messenger
    private let state: Locked<State>

    /// Registers the controllers' actions on `messenger` (which must own their namespaces, e.g. a root
    /// messenger created with `Messenger.mockAnyNamespace`).
    public init(
        messenger: Messenger, token: String?, accounts: [InternalAccount] = [], flags: [String: JSONValue] = [:]
    ) throws {
        self.messenger = messenger
        let state = Locked(State(token: token, accounts: accounts, flags: flags))
        self.state = state
        try messenger.registerActionHandler(AuthenticationController.GetBearerToken.self) { _ in
            guard let token = state.withLock({ $0.token }) else { throw MockControllerError.signedOut }
            return token
        }
        try messenger.registerActionHandler(AccountTreeController.GetAccountsFromSelectedAccountGroup.self) { _ in
            state.withLock { $0.accounts }
        }
        try messenger.registerActionHandler(RemoteFeatureFlagController.GetState.self) { _ in
            RemoteFeatureFlagController.State(remoteFeatureFlags: state.withLock { $0.flags })
        }
    }

    /// An EVM account watched on every chain (`eip155:0:<address>`).
    public static func evmAccount(_ address: String, id: String? = nil) -> InternalAccount {
        InternalAccount(id: id ?? "account-\(address)", address: address, type: "eip155:eoa", scopes: ["eip155:0"])
    }

    /// Selects a new account group and publishes `AccountTreeController:selectedAccountGroupChange`.
    public func selectAccountGroup(_ accounts: [InternalAccount], groupId: String) throws {
        let previous = state.withLock { state -> String in
            defer {
                state.accounts = accounts
                state.groupId = groupId
            }
            return state.groupId
        }
        try messenger.publish(
            AccountTreeController.SelectedAccountGroupChange.self,
            .init(groupId: groupId, previousGroupId: previous))
    }

    /// Replaces the remote feature flags and publishes `RemoteFeatureFlagController:stateChange`.
    public func setFeatureFlags(_ flags: [String: JSONValue]) throws {
        state.withLock { $0.flags = flags }
        try messenger.publish(
            RemoteFeatureFlagController.StateChange.self, .init(state: .init(remoteFeatureFlags: flags)))
    }

    /// Publishes `KeyringController:lock`.
    public func lock() throws { try messenger.publish(KeyringController.Lock.self) }

    /// Publishes `KeyringController:unlock`.
    public func unlock() throws { try messenger.publish(KeyringController.Unlock.self) }
}

/// Failures of ``MockControllers``.
public enum MockControllerError: Error, Sendable, CustomStringConvertible {
    /// No token is set.
    case signedOut

    /// A readable description.
    public var description: String { "Not signed in: no bearer token" }
}
