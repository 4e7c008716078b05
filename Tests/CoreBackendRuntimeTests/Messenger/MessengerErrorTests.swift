import CoreBackendRuntime
import Foundation
import Testing

@Suite("Messenger error messages")
struct MessengerErrorTests {
    // Each error's description and localizedDescription is upstream's exact text (messenger.md §6).
    @Test(arguments: [
        (
            MessengerError.registerActionOutsideNamespace(action: "B:a", namespace: "A"),
            "Only allowed registering action handlers prefixed by 'A:'"
        ),
        (
            .unregisterActionOutsideNamespace(action: "B:a", namespace: "A"),
            "Only allowed unregistering action handlers prefixed by 'A:'"
        ),
        (
            .publishOutsideNamespace(event: "B:e", namespace: "A"),
            "Only allowed publishing events prefixed by 'A:'"
        ),
        (
            .registerInitialPayloadOutsideNamespace(event: "B:e", namespace: "A"),
            "Only allowed registering initial payloads for events prefixed by 'A:'"
        ),
        (.actionAlreadyRegistered(action: "A:a"), "A handler for A:a has already been registered"),
        (.actionNotRegistered(action: "A:a"), "A handler for A:a has not been registered"),
        (.actionNotDelegated(action: "B:a", namespace: "A"), "A handler for B:a has not been delegated to A"),
        (.actionAlreadyDelegated(action: "A:a"), "The action 'A:a' has already been delegated to this messenger"),
        (.eventAlreadyDelegated(event: "A:e"), "The event 'A:e' has already been delegated to this messenger"),
        (.subscriptionNotFound(event: "A:e"), "Subscription not found for event: A:e"),
        (.cannotRevokeFromParent, "Cannot revoke from parent"),
    ])
    func exactMessage(error: MessengerError, message: String) {
        #expect(error.description == message)
        #expect(String(describing: error) == message)
        #expect((error as any Error).localizedDescription == message)
    }

    // The messages of errors thrown by real operations, as core-backend's construction-order errors show them.
    @Test func constructionOrderMessages() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let withWrapper = try root.buildChild(namespace: "AccountActivityService", actions: [TestAdd.self])
        let withoutWrapper = Messenger(namespace: "AccountActivityService", parent: root)
        await expectMessage("A handler for Test:add has not been registered") {
            _ = try await withWrapper.call(TestAdd.self, (1, 2))
        }
        await expectMessage("A handler for Test:add has not been delegated to AccountActivityService") {
            _ = try await withoutWrapper.call(TestAdd.self, (1, 2))
        }
    }

    private func expectMessage(_ message: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
