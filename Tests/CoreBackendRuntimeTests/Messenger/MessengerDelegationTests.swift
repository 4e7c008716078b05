import CoreBackendRuntime
import Testing

@Suite("Messenger delegation")
struct MessengerDelegationTests {
    // An action registered on a child is callable on the parent.
    @Test func childActionReachesParent() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let child = Messenger(namespace: "Test", parent: root)
        try child.registerActionHandler(TestAdd.self) { $0 + $1 }
        #expect(try await root.call(TestAdd.self, (1, 2)) == 3)
        // Re-registering after unregistering keeps the parent's wrapper working (no error).
        try child.unregisterActionHandler(TestAdd.self)
        try child.registerActionHandler(TestAdd.self) { $0 * $1 }
        #expect(try await root.call(TestAdd.self, (3, 4)) == 12)
    }

    // A child's first publish makes the event receivable on the parent.
    @Test func childEventReachesParent() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let child = Messenger(namespace: "Test", parent: root)
        let seen = MessengerRecorder<Int>()
        root.subscribe(TestTick.self) { seen.record($0) }
        try child.publish(TestTick.self, 1)
        try child.publish(TestTick.self, 2)
        #expect(seen.values == [1, 2])
    }

    // buildChild delegates the listed actions and events; nothing else is reachable.
    @Test func buildChildGrantsOnlyListed() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        try root.registerActionHandler(OtherGet.self) { "granted" }
        try root.registerActionHandler(TestPing.self) {}
        let child = try root.buildChild(namespace: "Service", actions: [OtherGet.self], events: [OtherTick.self])
        let seen = MessengerRecorder<String>()
        child.subscribe(OtherTick.self) { seen.record("other \($0)") }
        child.subscribe(TestTick.self) { seen.record("tick \($0)") }
        try root.publish(OtherTick.self, 1)
        try root.publish(TestTick.self, 2)
        #expect(try await child.call(OtherGet.self) == "granted")
        await #expect(throws: MessengerError.actionNotDelegated(action: "Test:ping", namespace: "Service")) {
            try await child.call(TestPing.self)
        }
        #expect(seen.values == ["other 1"])
    }

    // Delegated actions resolve lazily: before registration, after unregistration, after re-registration.
    @Test func delegatedActionsResolveLazily() async throws {
        let source = Messenger(namespace: "Test")
        let target = Messenger(namespace: "Target")
        try source.delegate(actions: [TestAdd.self], to: target)
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:add")) {
            try await target.call(TestAdd.self, (1, 1))
        }
        try source.registerActionHandler(TestAdd.self) { $0 + $1 }
        #expect(try await target.call(TestAdd.self, (1, 1)) == 2)
        try source.unregisterActionHandler(TestAdd.self)
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:add")) {
            try await target.call(TestAdd.self, (1, 1))
        }
        try source.registerActionHandler(TestAdd.self) { $0 - $1 }
        #expect(try await target.call(TestAdd.self, (1, 1)) == 0)
        source.clearActions()
        await #expect(throws: MessengerError.actionNotRegistered(action: "Test:add")) {
            try await target.call(TestAdd.self, (1, 1))
        }
    }

    // Delegating twice fails; delegating into a taken name fails.
    @Test func doubleDelegationErrors() throws {
        let source = Messenger(namespace: "Test")
        let target = Messenger(namespace: Messenger.mockAnyNamespace)
        try source.delegate(actions: [TestPing.self], events: [TestTick.self], to: target)
        #expect(throws: MessengerError.actionAlreadyDelegated(action: "Test:ping")) {
            try source.delegate(actions: [TestPing.self], to: target)
        }
        #expect(throws: MessengerError.eventAlreadyDelegated(event: "Test:tick")) {
            try source.delegate(events: [TestTick.self], to: target)
        }
        try target.registerActionHandler(TestAdd.self) { $0 + $1 }
        #expect(throws: MessengerError.actionAlreadyRegistered(action: "Test:add")) {
            try source.delegate(actions: [TestAdd.self], to: target)
        }
    }

    // After the target clears its actions, the same action can be delegated again.
    @Test func redelegateAfterTargetClearsActions() async throws {
        let source = Messenger(namespace: "Test")
        let target = Messenger(namespace: "Target")
        try source.registerActionHandler(TestPing.self) {}
        try source.delegate(actions: [TestPing.self], to: target)
        target.clearActions()
        try source.delegate(actions: [TestPing.self], to: target)
        try await target.call(TestPing.self)
    }

    // Delegated events keep flowing after the source clears its own subscribers; chains are transitive.
    @Test func delegatedEventsSurviveClearing() throws {
        let a = Messenger(namespace: "Test")
        let b = Messenger(namespace: "B")
        let c = Messenger(namespace: "C")
        try a.delegate(events: [TestTick.self], to: b)
        try b.delegate(events: [TestTick.self], to: c)
        let seen = MessengerRecorder<String>()
        a.subscribe(TestTick.self) { seen.record("a\($0)") }
        c.subscribe(TestTick.self) { seen.record("c\($0)") }
        try a.publish(TestTick.self, 1)
        a.clearSubscriptions()
        b.clearEventSubscriptions(TestTick.self)
        try a.publish(TestTick.self, 2)
        #expect(seen.values == ["c1", "a1", "c2"])
    }

    // Re-entrant publish through a delegated messenger is deferred too.
    @Test func reentrancyThroughDelegation() throws {
        let source = Messenger(namespace: "Test")
        let target = Messenger(namespace: "Target")
        try source.delegate(events: [TestWord.self], to: target)
        let seen = MessengerRecorder<String>()
        target.subscribe(TestWord.self) { word in
            seen.record("A(\(word))")
            if word == "first" { try source.publish(TestWord.self, "second") }
        }
        source.subscribe(TestWord.self) { seen.record("B(\($0))") }
        try source.publish(TestWord.self, "first")
        #expect(seen.values == ["A(first)", "B(first)", "A(second)", "B(second)"])
    }

    // Revoking stops only that target; a revoked action fails as not delegated; unknown names are ignored.
    @Test func revoke() async throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        try root.registerActionHandler(OtherGet.self) { "x" }
        let first = try root.buildChild(namespace: "First", actions: [OtherGet.self], events: [OtherTick.self])
        let second = try root.buildChild(namespace: "Second", actions: [OtherGet.self], events: [OtherTick.self])
        let seen = MessengerRecorder<String>()
        first.subscribe(OtherTick.self) { seen.record("first\($0)") }
        second.subscribe(OtherTick.self) { seen.record("second\($0)") }
        try root.revoke(actions: [OtherGet.self, TestPing.self], events: [OtherTick.self, TestTick.self], from: first)
        try root.revoke(actions: [TestPing.self], events: [TestWord.self], from: first)
        try root.publish(OtherTick.self, 1)
        #expect(seen.values == ["second1"])
        await #expect(throws: MessengerError.actionNotDelegated(action: "Other:get", namespace: "First")) {
            try await first.call(OtherGet.self)
        }
        #expect(try await second.call(OtherGet.self) == "x")
    }

    // Revoking from the parent fails.
    @Test func revokeFromParent() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let child = Messenger(namespace: "Test", parent: root)
        #expect(throws: MessengerError.cannotRevokeFromParent) {
            try child.revoke(actions: [TestPing.self], from: root)
        }
    }

    // Delegation holds targets weakly: a dropped service messenger is released and no longer receives.
    @Test func delegationDoesNotRetainTargets() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        weak var weakChild: Messenger?
        do {
            let child = try root.buildChild(namespace: "Service", actions: [OtherGet.self], events: [OtherTick.self])
            child.subscribe(OtherTick.self) { _ in Issue.record("released child must not receive") }
            weakChild = child
        }
        #expect(weakChild == nil)
        try root.publish(OtherTick.self, 1)
    }
}
