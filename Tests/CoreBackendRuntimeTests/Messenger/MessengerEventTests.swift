import CoreBackendRuntime
import Testing

@Suite("Messenger events")
struct MessengerEventTests {
    // Subscribers receive the full payload: none, one or several values.
    @Test func publishDeliversPayload() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestTicked.self) { seen.record("ticked") }
        messenger.subscribe(TestTick.self) { seen.record("tick \($0)") }
        messenger.subscribe(TestPair.self) { name, count in seen.record("\(name)=\(count)") }
        try messenger.publish(TestTicked.self)
        try messenger.publish(TestTick.self, 7)
        try messenger.publish(TestPair.self, ("a", 2))
        #expect(seen.values == ["ticked", "tick 7", "a=2"])
    }

    // Several subscribers run once each, in subscription order.
    @Test func subscribersRunInOrder() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        for label in ["a", "b", "c"] {
            messenger.subscribe(TestTick.self) { seen.record("\(label)\($0)") }
        }
        try messenger.publish(TestTick.self, 1)
        #expect(seen.values == ["a1", "b1", "c1"])
    }

    // Publishing outside the namespace fails.
    @Test func publishOutsideNamespace() {
        let messenger = Messenger(namespace: "Test")
        #expect(throws: MessengerError.publishOutsideNamespace(event: "Other:tick", namespace: "Test")) {
            try messenger.publish(OtherTick.self, 1)
        }
        #expect(
            throws: MessengerError.registerInitialPayloadOutsideNamespace(event: "Other:tick", namespace: "Test")
        ) {
            try messenger.registerInitialEventPayload(OtherTick.self) { 0 }
        }
    }

    // After unsubscribe the handler is not called; unsubscribing again or unknown events fails.
    @Test func unsubscribe() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<Int>()
        let plain = messenger.subscribe(TestTick.self) { seen.record($0) }
        let selected = messenger.subscribe(TestTick.self, selector: { $0 * 10 }) { new, _ in seen.record(new) }
        try messenger.publish(TestTick.self, 1)
        try messenger.unsubscribe(plain)
        try messenger.unsubscribe(selected)
        try messenger.publish(TestTick.self, 2)
        #expect(seen.values == [1, 10])
        #expect(throws: MessengerError.subscriptionNotFound(event: "Test:tick")) { try messenger.unsubscribe(plain) }
        let elsewhere = Messenger(namespace: "Test").subscribe(TestWord.self) { _ in }
        #expect(throws: MessengerError.subscriptionNotFound(event: "Test:word")) {
            try messenger.unsubscribe(elsewhere)
        }
    }

    // A throwing subscriber is reported; the others still run.
    @Test func throwingSubscriberIsReported() throws {
        let sink = MessengerErrorSink()
        let messenger = Messenger(namespace: "Test", captureException: sink.capture)
        let seen = MessengerRecorder<Int>()
        messenger.subscribe(TestTick.self) { seen.record($0) }
        messenger.subscribe(TestTick.self) { _ in throw MessengerBoom(message: "first") }
        messenger.subscribe(TestTick.self, selector: { $0 }) { _, _ in throw MessengerBoom(message: "second") }
        messenger.subscribe(TestTick.self) { seen.record($0 + 100) }
        try messenger.publish(TestTick.self, 1)
        #expect(seen.values == [1, 101])
        #expect(sink.messages == [#"MessengerBoom(message: "first")"#, #"MessengerBoom(message: "second")"#])
    }

    // A child inherits its parent's reporter unless given its own.
    @Test func reporterIsInherited() throws {
        let sink = MessengerErrorSink()
        let root = Messenger(namespace: Messenger.mockAnyNamespace, captureException: sink.capture)
        let child = Messenger(namespace: "Test", parent: root)
        child.subscribe(TestTick.self) { _ in throw MessengerBoom() }
        try child.publish(TestTick.self, 1)
        #expect(sink.messages == [#"MessengerBoom(message: "boom")"#])
    }

    // A payload of the wrong type (two types sharing a name) is reported, not crashed on.
    @Test func mistypedSubscriberIsReported() throws {
        let sink = MessengerErrorSink()
        let messenger = Messenger(namespace: "Test", captureException: sink.capture)
        messenger.subscribe(MistypedTick.self) { _ in Issue.record("must not run") }
        try messenger.publish(TestTick.self, 3)
        #expect(sink.messages == ["The message Test:tick carries Int where String was expected"])
    }

    // clearEventSubscriptions / clearSubscriptions stop local subscribers and never fail.
    @Test func clearSubscriptions() throws {
        let messenger = Messenger(namespace: "Test")
        messenger.clearEventSubscriptions(TestTick.self)
        messenger.clearSubscriptions()
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestTick.self) { seen.record("tick \($0)") }
        messenger.subscribe(TestWord.self) { seen.record($0) }
        messenger.clearEventSubscriptions(TestTick.self)
        try messenger.publish(TestTick.self, 1)
        try messenger.publish(TestWord.self, "still")
        messenger.clearSubscriptions()
        try messenger.publish(TestWord.self, "gone")
        #expect(seen.values == ["still"])
    }

    // subscribeOnce fires once; with a condition, only when it holds.
    @Test func subscribeOnce() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        let once = messenger.subscribeOnce(TestTick.self) { seen.record("once \($0)") }
        messenger.subscribeOnce(TestTick.self, condition: { $0 > 2 }) { seen.record("cond \($0)") }
        messenger.subscribeOnce(TestTick.self, selector: { $0 % 2 }, condition: { new, _ in new == 0 }) { new, old in
            seen.record("sel \(new) \(String(describing: old))")
        }
        for value in 1...5 { try messenger.publish(TestTick.self, value) }
        #expect(seen.values == ["once 1", "sel 0 Optional(1)", "cond 3"])
        #expect(throws: MessengerError.subscriptionNotFound(event: "Test:tick")) { try messenger.unsubscribe(once) }
    }

    // Subscribers added during delivery are reached in that delivery; removed ones are skipped.
    @Test func liveSubscriberList() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        let victim = Locked<MessengerSubscription?>(nil)
        messenger.subscribe(TestTick.self) { value in
            seen.record("a\(value)")
            if value == 1 {
                messenger.subscribe(TestTick.self) { seen.record("late\($0)") }
                if let victim = victim.withLock({ $0 }) { try messenger.unsubscribe(victim) }
            }
        }
        let b = messenger.subscribe(TestTick.self) { seen.record("b\($0)") }
        victim.withLock { $0 = b }
        try messenger.publish(TestTick.self, 1)
        try messenger.publish(TestTick.self, 2)
        #expect(seen.values == ["a1", "late1", "a2", "late2"])
    }

    // A re-entrant publish of the same event is queued: A(first), B(first), A(second), B(second).
    @Test func reentrantPublishOfSameEventIsDeferred() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestWord.self) { word in
            seen.record("A(\(word))")
            if word == "first" {
                try messenger.publish(TestWord.self, "second")
                try messenger.publish(TestWord.self, "third")
            }
            if word == "second" { try messenger.publish(TestWord.self, "fourth") }
        }
        messenger.subscribe(TestWord.self) { seen.record("B(\($0))") }
        try messenger.publish(TestWord.self, "first")
        #expect(
            seen.values == [
                "A(first)", "B(first)", "A(second)", "B(second)", "A(third)", "B(third)", "A(fourth)", "B(fourth)",
            ])
    }

    // Payloads queued behind a delivery whose subscriber then leaves are dropped (nobody is left to
    // receive them), the event is released, and a later subscriber receives later publishes.
    @Test func queuedPayloadsAfterLastSubscriberLeaves() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        let only = Locked<MessengerSubscription?>(nil)
        let subscription = messenger.subscribe(TestWord.self) { word in
            seen.record("only(\(word))")
            try messenger.publish(TestWord.self, "queued")
            if let only = only.withLock({ $0 }) { try messenger.unsubscribe(only) }
        }
        only.withLock { $0 = subscription }
        try messenger.publish(TestWord.self, "first")
        try messenger.publish(TestWord.self, "unheard")
        messenger.subscribe(TestWord.self) { seen.record("later(\($0))") }
        try messenger.publish(TestWord.self, "last")
        #expect(seen.values == ["only(first)", "later(last)"])
    }

    // A re-entrant publish of a different event runs inline.
    @Test func reentrantPublishOfOtherEventRunsInline() throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<String>()
        messenger.subscribe(TestWord.self) { word in
            seen.record("A(\(word))")
            try messenger.publish(TestTick.self, 1)
        }
        messenger.subscribe(TestTick.self) { seen.record("tick\($0)") }
        messenger.subscribe(TestWord.self) { seen.record("B(\($0))") }
        try messenger.publish(TestWord.self, "w")
        #expect(seen.values == ["A(w)", "tick1", "B(w)"])
    }

    // Concurrent publishes from many threads all arrive, none lost or duplicated.
    @Test func concurrentPublishes() async throws {
        let messenger = Messenger(namespace: "Test")
        let seen = MessengerRecorder<Int>()
        messenger.subscribe(TestTick.self) { seen.record($0) }
        await withTaskGroup(of: Void.self) { group in
            for value in 0..<200 {
                group.addTask { try? messenger.publish(TestTick.self, value) }
            }
        }
        #expect(seen.values.sorted() == Array(0..<200))
    }
}
