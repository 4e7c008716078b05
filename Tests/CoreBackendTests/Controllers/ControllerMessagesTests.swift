import CoreBackend
import Foundation
import Testing

@Suite("Controller messages")
struct ControllerMessagesTests {
    // Action names are upstream's strings.
    @Test(arguments: [
        (AuthenticationController.GetBearerToken.name, "AuthenticationController:getBearerToken"),
        (AuthenticationController.IsSignedIn.name, "AuthenticationController:isSignedIn"),
        (AuthenticationController.GetState.name, "AuthenticationController:getState"),
        (KeyringController.GetState.name, "KeyringController:getState"),
        (
            AccountTreeController.GetAccountsFromSelectedAccountGroup.name,
            "AccountTreeController:getAccountsFromSelectedAccountGroup"
        ),
        (RemoteFeatureFlagController.GetState.name, "RemoteFeatureFlagController:getState"),
    ])
    func actionNames(name: String, upstream: String) {
        #expect(name == upstream)
    }

    // Event names are upstream's strings.
    @Test(arguments: [
        (AuthenticationController.StateChange.name, "AuthenticationController:stateChange"),
        (AuthenticationController.StateChanged.name, "AuthenticationController:stateChanged"),
        (KeyringController.Lock.name, "KeyringController:lock"),
        (KeyringController.Unlock.name, "KeyringController:unlock"),
        (KeyringController.StateChange.name, "KeyringController:stateChange"),
        (AccountTreeController.SelectedAccountGroupChange.name, "AccountTreeController:selectedAccountGroupChange"),
        (RemoteFeatureFlagController.StateChange.name, "RemoteFeatureFlagController:stateChange"),
        (RemoteFeatureFlagController.StateChanged.name, "RemoteFeatureFlagController:stateChanged"),
    ])
    func eventNames(name: String, upstream: String) {
        #expect(name == upstream)
    }

    // The §7 wiring: a root with controllers, a service child granted exactly its allow-list.
    @Test func serviceMessengerReachesOnlyGrantedMessages() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let auth = Messenger(namespace: "AuthenticationController", parent: root)
        let keyring = Messenger(namespace: "KeyringController", parent: root)
        try auth.registerActionHandler(AuthenticationController.GetBearerToken.self) { source in
            "token-\(source ?? "primary")"
        }
        try auth.registerActionHandler(AuthenticationController.IsSignedIn.self) { true }
        let initial = AuthenticationController.State(isSignedIn: false)
        try auth.registerInitialEventPayload(AuthenticationController.StateChange.self) {
            ControllerStateChange(state: initial)
        }
        let service = try root.buildChild(
            namespace: "BackendWebSocketService",
            actions: [AuthenticationController.GetBearerToken.self],
            events: [
                AuthenticationController.StateChange.self, KeyringController.Lock.self, KeyringController.Unlock.self,
            ]
        )
        let seen = Locked<[String]>([])
        service.subscribe(KeyringController.Lock.self) { seen.withLock { $0.append("disconnect") } }
        service.subscribe(KeyringController.Unlock.self) { seen.withLock { $0.append("connect") } }
        service.subscribe(AuthenticationController.StateChange.self, selector: { $0.state.isSignedIn }) { new, old in
            seen.withLock { $0.append("signedIn \(new) was \(String(describing: old))") }
        }
        #expect(try await service.call(AuthenticationController.GetBearerToken.self, nil) == "token-primary")
        await #expect(
            throws: MessengerError.actionNotDelegated(
                action: "AuthenticationController:isSignedIn", namespace: "BackendWebSocketService"
            )
        ) { try await service.call(AuthenticationController.IsSignedIn.self) }
        try keyring.publish(KeyringController.Unlock.self)
        try auth.publish(AuthenticationController.StateChange.self, ControllerStateChange(state: initial))
        try auth.publish(
            AuthenticationController.StateChange.self,
            ControllerStateChange(
                state: .init(isSignedIn: true), patches: [.init(op: .replace, path: [.key("isSignedIn")])])
        )
        try keyring.publish(KeyringController.Lock.self)
        #expect(seen.withLock { $0 } == ["connect", "signedIn true was Optional(false)", "disconnect"])
    }

    // Upstream JSON for accounts and feature flags decodes into the payload types.
    @Test func decodesUpstreamJSON() throws {
        let account = try JSONDecoder().decode(
            InternalAccount.self,
            from: Data(
                """
                {"id": "c3deeb99-ba0d-4a4e-a0aa-033fc1f79ae3", "address": "0x1234", "type": "eip155:eoa",
                 "scopes": ["eip155:0"], "methods": ["personal_sign"], "options": {}, "metadata": {"name": "A"}}
                """.utf8))
        #expect(account.address == "0x1234" && account.scopes == ["eip155:0"])
        let flags = try JSONDecoder().decode(
            [String: JSONValue].self,
            from: Data(
                """
                {"networkAssetsSnapsMigrationSolana": {"stage": 1}, "backendWebSocketConnection": {"value": true},
                 "list": [null, "x", 2.5]}
                """.utf8))
        #expect(flags["networkAssetsSnapsMigrationSolana"]?["stage"]?.numberValue == 1)
        #expect(flags["backendWebSocketConnection"]?["value"]?.boolValue == true)
        #expect(flags["list"] == .array([.null, .string("x"), .number(2.5)]))
        let encoded = try JSONEncoder().encode(flags["list"])
        #expect(String(decoding: encoded, as: UTF8.self) == #"[null,"x",2.5]"#)
    }
}
