import CoreBackendRuntime
import Testing

@Suite("Messenger async APIs")
struct MessengerAsyncTests {
    // waitUntil returns the first payload satisfying the condition.
    @Test func waitUntilPayload() async throws {
        let messenger = Messenger(namespace: "Test")
        let waiter = Task { try await messenger.waitUntil(TestPair.self, condition: { $0.1 > 1 }) }
        await untilSubscribed(messenger, TestPair.self)
        for count in 1...3 { try messenger.publish(TestPair.self, ("n", count)) }
        let (name, count) = try await waiter.value
        #expect(name == "n" && count == 2)
        #expect(messenger.subscriberCount(of: TestPair.self) == 0)
    }

    // waitUntil with a selector returns (new, previous).
    @Test func waitUntilSelected() async throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerInitialEventPayload(TestTick.self) { 0 }
        let waiter = Task {
            try await messenger.waitUntil(TestTick.self, selector: { $0 / 2 }, condition: { new, _ in new == 2 })
        }
        await untilSubscribed(messenger, TestTick.self)
        for value in 1...6 { try messenger.publish(TestTick.self, value) }
        let (new, previous) = try await waiter.value
        #expect(new == 2 && previous == 1)
    }

    // Cancelling waitUntil throws CancellationError and removes its subscription.
    @Test func waitUntilCancellation() async throws {
        let messenger = Messenger(namespace: "Test")
        let task = Task { try await messenger.waitUntil(TestTick.self) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let probe = messenger.subscribe(TestTick.self) { _ in }
        try messenger.unsubscribe(probe)
    }

    // events(of:) yields payloads in order and unsubscribes when the consumer stops.
    @Test func eventsAsyncSequence() async throws {
        let messenger = Messenger(namespace: "Test")
        let stream = messenger.events(of: TestTick.self)
        for value in 1...3 { try messenger.publish(TestTick.self, value) }
        var received: [Int] = []
        for await value in stream {
            received.append(value)
            if received.count == 3 { break }
        }
        #expect(received == [1, 2, 3])
        let count = MessengerRecorder<Int>()
        let sink = messenger.subscribe(TestTick.self) { count.record($0) }
        try messenger.publish(TestTick.self, 4)
        #expect(count.values == [4])
        try messenger.unsubscribe(sink)
    }

    // The stream's subscription is removed when the consuming task is cancelled.
    @Test func eventsStreamTerminationUnsubscribes() async throws {
        let messenger = Messenger(namespace: "Test")
        let stream = messenger.events(of: TestWord.self)
        #expect(messenger.subscriberCount(of: TestWord.self) == 1)
        let task = Task { for await _ in stream {} }
        task.cancel()
        await task.value
        #expect(messenger.subscriberCount(of: TestWord.self) == 0)
        try messenger.publish(TestWord.self, "after")
    }

    // events(of:selector:) yields only changes.
    @Test func selectedEventsAsyncSequence() async throws {
        let messenger = Messenger(namespace: "Test")
        let stream = messenger.events(of: TestWord.self, selector: { $0.count })
        for word in ["a", "b", "cc", "dd", "eee"] { try messenger.publish(TestWord.self, word) }
        var received: [String] = []
        for await (new, old) in stream {
            received.append("\(new) \(String(describing: old))")
            if new == 3 { break }
        }
        #expect(received == ["1 nil", "2 Optional(1)", "3 Optional(2)"])
    }

    /// Yields until a waiter task has installed its subscription (no sleeping).
    private func untilSubscribed<Event: MessengerEvent>(_ messenger: Messenger, _ event: Event.Type) async {
        while messenger.subscriberCount(of: event) == 0 { await Task.yield() }
    }
}
