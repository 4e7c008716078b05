import CoreBackendRuntime
import Testing

@Suite("Messenger actions")
struct MessengerActionTests {
    // A registered action returns its value, for zero, one or several parameters.
    @Test func callReturnsHandlerResult() async throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(TestPing.self) {}
        try messenger.registerActionHandler(TestAdd.self) { a, b in a + b }
        try messenger.registerActionHandler(TestEcho.self) { $0 }
        try await messenger.call(TestPing.self)
        #expect(try await messenger.call(TestAdd.self, (2, 3)) == 5)
        #expect(try await messenger.call(TestEcho.self, "x") == "x")
        #expect(try await messenger.call(TestEcho.self, nil) == nil)
    }

    // Async handlers are awaited; their errors propagate to the caller.
    @Test func asyncHandlerAndErrors() async throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(TestAdd.self) { a, b in
            await Task.yield()
            if a < 0 { throw MessengerBoom() }
            return a * b
        }
        #expect(try await messenger.call(TestAdd.self, (4, 5)) == 20)
        await #expect(throws: MessengerBoom()) { try await messenger.call(TestAdd.self, (-1, 5)) }
    }

    // A synchronous handler can be called without suspending; an async one cannot.
    @Test func callSynchronously() throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(TestAdd.self) { a, b in a - b }
        try messenger.registerActionHandler(TestEcho.self) { value async in value }
        #expect(try messenger.callSynchronously(TestAdd.self, (7, 2)) == 5)
        #expect(throws: MessengerError.actionNotSynchronous(action: "Test:echo")) {
            try messenger.callSynchronously(TestEcho.self, "x")
        }
    }

    // The mock namespace registers and calls actions of any namespace.
    @Test func mockNamespaceOwnsEverything() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        try root.registerActionHandler(OtherGet.self) { "other" }
        try root.registerActionHandler(TestPing.self) {}
        #expect(try await root.call(OtherGet.self) == "other")
        #expect(root.registeredActionTypes == ["Other:get", "Test:ping"])
    }

    // Registering twice fails; outside the namespace fails.
    @Test func registrationErrors() throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(TestPing.self) {}
        #expect(throws: MessengerError.actionAlreadyRegistered(action: "Test:ping")) {
            try messenger.registerActionHandler(TestPing.self) {}
        }
        #expect(throws: MessengerError.registerActionOutsideNamespace(action: "Other:get", namespace: "Test")) {
            try messenger.registerActionHandler(OtherGet.self) { "" }
        }
        #expect(throws: MessengerError.unregisterActionOutsideNamespace(action: "Other:get", namespace: "Test")) {
            try messenger.unregisterActionHandler(OtherGet.self)
        }
    }

    // Missing actions: own namespace "not registered", foreign "not delegated"; handler never runs after removal.
    @Test func missingActions() async throws {
        let messenger = Messenger(namespace: "Test")
        let calls = MessengerRecorder<Int>()
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:ping")) {
            try await messenger.call(TestPing.self)
        }
        await #expect(throws: MessengerError.actionNotDelegated(action: "Other:get", namespace: "Test")) {
            try await messenger.call(OtherGet.self)
        }
        try messenger.registerActionHandler(TestPing.self) { calls.record(1) }
        try messenger.unregisterActionHandler(TestPing.self)
        try messenger.unregisterActionHandler(TestPing.self)  // absent: silent
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:ping")) {
            try await messenger.call(TestPing.self)
        }
        try messenger.registerActionHandler(TestPing.self) { calls.record(2) }
        messenger.clearActions()
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:ping")) {
            try await messenger.call(TestPing.self)
        }
        #expect(calls.values.isEmpty)
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        await #expect(throws: MessengerError.actionNotRegistered(action: "Other:get")) {
            try await root.call(OtherGet.self)
        }
    }

    // registeredActionTypes lists local and delegated-in names in insertion order and drops removed ones.
    @Test func registeredActionTypes() throws {
        let source = Messenger(namespace: "Other")
        let messenger = Messenger(namespace: "Test")
        #expect(messenger.registeredActionTypes.isEmpty)
        try messenger.registerActionHandler(TestPing.self) {}
        try messenger.registerActionHandler(TestAdd.self) { $0 + $1 }
        try source.delegate(actions: [OtherGet.self], to: messenger)
        #expect(messenger.registeredActionTypes == ["Test:ping", "Test:add", "Other:get"])
        try messenger.unregisterActionHandler(TestPing.self)
        #expect(messenger.registeredActionTypes == ["Test:add", "Other:get"])
    }

    // Two types sharing a name with different payload types fail loudly instead of crashing.
    @Test func typeMismatchIsAnError() async throws {
        enum WrongAdd: MessengerAction {
            typealias Arguments = String
            typealias Result = Int
            static let name = "Test:add"
        }
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(TestAdd.self) { $0 + $1 }
        await #expect(throws: MessengerError.typeMismatch(name: "Test:add", expected: "(Int, Int)", actual: "String")) {
            try await messenger.call(WrongAdd.self, "1")
        }
    }
}
