import CoreBackend
import CoreBackendRuntime
import Foundation

/// AccountTreeController and RemoteFeatureFlagController stand-ins on a root messenger.
final class FakeControllers: Sendable {
    struct State: Sendable {
        var accounts: [InternalAccount] = []
        var flags: [String: JSONValue] = [:]
        var accountReads = 0
        var flagsError: String?
    }

    let root: Messenger
    let state = Locked(State())

    init(root: Messenger, accounts: [InternalAccount] = [], flags: [String: JSONValue] = [:]) throws {
        self.root = root
        state.withLock {
            $0.accounts = accounts
            $0.flags = flags
        }
        try root.registerActionHandler(AccountTreeController.GetAccountsFromSelectedAccountGroup.self) {
            [self] () throws in
            state.withLock { state in
                state.accountReads += 1
                return state.accounts
            }
        }
        try root.registerActionHandler(RemoteFeatureFlagController.GetState.self) { [self] () throws in
            let (flags, error) = state.withLock { ($0.flags, $0.flagsError) }
            if let error { throw FakeError(error) }
            return RemoteFeatureFlagController.State(remoteFeatureFlags: flags)
        }
    }

    var accountReads: Int { state.withLock(\.accountReads) }

    /// Selects another group with these accounts and publishes `selectedAccountGroupChange`.
    func selectGroup(_ accounts: [InternalAccount], id: String = "entropy:01/1") {
        state.withLock { $0.accounts = accounts }
        try? root.publish(
            AccountTreeController.SelectedAccountGroupChange.self, .init(groupId: id, previousGroupId: "entropy:01/0"))
    }

    /// Replaces the flags and publishes `RemoteFeatureFlagController:stateChange`.
    func setFlags(_ flags: [String: JSONValue]) {
        state.withLock { $0.flags = flags }
        try? root.publish(RemoteFeatureFlagController.StateChange.self, .init(state: .init(remoteFeatureFlags: flags)))
    }

    static func stage(_ stage: Int) -> JSONValue { ["stage": .number(Double(stage))] }
}

/// An error with a fixed message, like upstream tests' `new Error('…')`.
struct FakeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Records the payloads of one event published on a messenger.
final class EventRecorder<Event: MessengerEvent>: Sendable {
    private struct State {
        var payloads: [Event.Payload] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

    init(_ messenger: Messenger, _: Event.Type) {
        messenger.subscribe(Event.self) { [state] payload in
            let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.payloads.append(payload)
                let ready = state.waiters.filter { $0.count <= state.payloads.count }.map(\.continuation)
                state.waiters.removeAll { $0.count <= state.payloads.count }
                return ready
            }
            for continuation in ready { continuation.resume() }
        }
    }

    var payloads: [Event.Payload] { state.withLock(\.payloads) }

    /// Suspends until at least `count` payloads were recorded.
    func wait(count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.payloads.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

extension InternalAccount {
    static func evm(_ address: String, scopes: [String] = ["eip155:0"]) -> InternalAccount {
        InternalAccount(id: UUID().uuidString, address: address, type: "eip155:eoa", scopes: scopes)
    }

    static func solana(_ address: String) -> InternalAccount {
        InternalAccount(
            id: UUID().uuidString, address: address, type: "solana:data-account",
            scopes: ["solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"])
    }

    static func tron(_ address: String) -> InternalAccount {
        InternalAccount(id: UUID().uuidString, address: address, type: "tron:eoa", scopes: ["tron:1234"])
    }
}
