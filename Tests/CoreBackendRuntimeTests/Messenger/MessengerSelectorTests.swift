import CoreBackendRuntime
import Testing

@Suite("Messenger selector subscriptions")
struct MessengerSelectorTests {
    // Without an initial payload the first publish fires with (value, nil); later only on change.
    @Test func withoutInitialPayload() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestWord.self, selector: { $0.count }) { new, old in
            seen.record("\(new) \(String(describing: old))")
        }
        for word in ["four", "five", "seven", "eight"] { try messenger.publish(TestWord.self, word) }
        #expect(seen.values == ["4 nil", "5 Optional(4)"])
    }

    // A selector returning nil does not fire while nothing was cached (upstream: undefined === undefined).
    @Test func nilSelectionDoesNotFireFirst() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestWord.self, selector: { $0.isEmpty ? nil : $0.first }) { new, old in
            seen.record("\(String(describing: new)) \(String(describing: old))")
        }
        try messenger.publish(TestWord.self, "")
        try messenger.publish(TestWord.self, "x")
        try messenger.publish(TestWord.self, "")
        #expect(seen.values == ["Optional(\"x\") nil", "nil Optional(Optional(\"x\"))"])
    }

    // With an initial payload the first publish fires only if the selected value differs from it.
    @Test func withInitialPayload() throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerInitialEventPayload(TestWord.self) { "test" }
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestWord.self, selector: { $0.count }) { new, old in
            seen.record("\(new) \(String(describing: old))")
        }
        try messenger.publish(TestWord.self, "four")
        try messenger.publish(TestWord.self, "12345")
        #expect(seen.values == ["5 Optional(4)"])
    }

    // The same holds on a mock-namespace messenger.
    @Test func withInitialPayloadOnMockNamespace() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        try root.registerInitialEventPayload(OtherTick.self) { 1 }
        let seen = MessengerRecorder<Int>()
        root.subscribe(OtherTick.self, selector: { $0 }) { new, _ in seen.record(new) }
        try root.publish(OtherTick.self, 1)
        try root.publish(OtherTick.self, 2)
        #expect(seen.values == [2])
    }

    // Two subscriptions sharing one selector each compare on their own; the selector runs once per subscription.
    @Test func sharedSelectorHasPerSubscriptionCache() throws {
        let messenger = Messenger(namespace: "Test")
        let selections = MessengerRecorder<Int>()
        let selector: @Sendable (Int) -> Int = {
            selections.record($0); return $0 / 10
        }
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestTick.self, selector: selector) { new, _ in seen.record("a\(new)") }
        try messenger.publish(TestTick.self, 11)
        messenger.subscribe(TestTick.self, selector: selector) { new, _ in seen.record("b\(new)") }
        try messenger.publish(TestTick.self, 12)
        try messenger.publish(TestTick.self, 21)
        #expect(seen.values == ["a1", "b1", "a2", "b2"])
        #expect(selections.values == [11, 12, 12, 21, 21])
    }

    // Equality, not identity: an Equatable struct selection fires only when its fields change.
    @Test func equatableStructSelection() throws {
        struct SignedIn: Equatable { var isSignedIn: Bool }
        let messenger = Messenger(namespace: Messenger.mockAnyNamespace)
        let seen = MessengerRecorder<Bool>()
        messenger.subscribe(TestProfileChanged.self, selector: { SignedIn(isSignedIn: $0.isSignedIn) }) {
            new, _ in seen.record(new.isSignedIn)
        }
        for (signedIn, name) in [(false, "a"), (false, "b"), (true, "b"), (true, "c"), (false, "c")] {
            try messenger.publish(TestProfileChanged.self, TestProfile(isSignedIn: signedIn, name: name))
        }
        #expect(seen.values == [false, true, false])
    }

    // An initial payload registered on a child reaches the parent through auto-delegation.
    @Test func childInitialPayloadReachesParent() throws {
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let child = Messenger(namespace: "Test", parent: root)
        try child.registerInitialEventPayload(TestTick.self) { 1 }
        let seen = MessengerRecorder<String>()
        root.subscribe(TestTick.self, selector: { $0 }) { new, old in seen.record("\(new) \(String(describing: old))") }
        try child.publish(TestTick.self, 1)
        try child.publish(TestTick.self, 2)
        #expect(seen.values == ["2 Optional(1)"])
    }

    // An initial payload registered before or after delegation is honoured on the target.
    @Test(arguments: [true, false])
    func initialPayloadAcrossDelegation(registerFirst: Bool) throws {
        let source = Messenger(namespace: "Test")
        let target = Messenger(namespace: "Target")
        if registerFirst { try source.registerInitialEventPayload(TestWord.self) { "test" } }
        try source.delegate(events: [TestWord.self], to: target)
        if !registerFirst { try source.registerInitialEventPayload(TestWord.self) { "test" } }
        let seen = MessengerRecorder<String>()
        target.subscribe(TestWord.self, selector: { $0.count }) { new, old in
            seen.record("\(new) \(String(describing: old))")
        }
        try source.publish(TestWord.self, "four")
        try source.publish(TestWord.self, "12345")
        #expect(seen.values == ["5 Optional(4)"])
    }

    // Initial payloads propagate transitively along a delegation chain.
    @Test func initialPayloadPropagatesTransitively() throws {
        let a = Messenger(namespace: "Test")
        let b = Messenger(namespace: "B")
        let c = Messenger(namespace: "C")
        try a.delegate(events: [TestTick.self], to: b)
        try b.delegate(events: [TestTick.self], to: c)
        try a.registerInitialEventPayload(TestTick.self) { 5 }
        let seen = MessengerRecorder<Int>()
        c.subscribe(TestTick.self, selector: { $0 }) { new, _ in seen.record(new) }
        try a.publish(TestTick.self, 5)
        try a.publish(TestTick.self, 6)
        #expect(seen.values == [6])
    }
}
