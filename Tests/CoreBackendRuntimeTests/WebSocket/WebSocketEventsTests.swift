import CoreBackendRuntime
import Foundation
import Testing

/// `WebSocketEvents`: order, finishing, waiting consumers and cancellation.
@Suite("WebSocketEvents")
struct WebSocketEventsTests {
    static func text(_ index: Int) -> WebSocketEvent { .text("m\(index)") }

    /// Waits until `count` consumers are suspended on `events`.
    static func waitForWaiters(_ events: WebSocketEvents, _ count: Int) async {
        while events.waitingConsumers < count { await Task.yield() }
    }

    @Test("buffered events come out in order, then nil after finish; later events are ignored")
    func orderAndFinish() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        for index in 0..<3 { continuation.yield(Self.text(index)) }
        continuation.finish()
        continuation.yield(Self.text(99))
        var received: [WebSocketEvent] = []
        for await event in events { received.append(event) }
        #expect(received == (0..<3).map(Self.text))
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test("interleaved producing and consuming across the buffer's compaction keeps every event once, in order")
    func volume() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        var iterator = events.makeAsyncIterator()
        var next = 0
        var expected = 0
        // Bursts larger than the compaction threshold, drained partly, so the consumed prefix is dropped mid-buffer.
        for burst in [3_000, 10, 2_500, 1, 4_096] {
            for _ in 0..<burst {
                continuation.yield(Self.text(next))
                next += 1
            }
            for _ in 0..<(burst * 2 / 3) {
                #expect(await iterator.next() == Self.text(expected))
                expected += 1
            }
        }
        continuation.finish()
        while let event = await iterator.next() {
            #expect(event == Self.text(expected))
            expected += 1
        }
        #expect(expected == next)
    }

    @Test("a waiting consumer is resumed by the next event, and by finish")
    func waitingConsumer() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        let first = Task {
            var iterator = events.makeAsyncIterator()
            return (await iterator.next(), await iterator.next())
        }
        await Self.waitForWaiters(events, 1)
        continuation.yield(Self.text(1))
        await Self.waitForWaiters(events, 1)
        continuation.finish()
        let (a, b) = await first.value
        #expect(a == Self.text(1))
        #expect(b == nil)
    }

    @Test("cancelling a waiting consumer ends its iteration; a cancelled task gets nil at once")
    func cancellation() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        let waiting = Task {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        await Self.waitForWaiters(events, 1)
        waiting.cancel()
        #expect(await waiting.value == nil)
        // The stream itself is not finished: a new consumer still gets what comes next.
        continuation.yield(Self.text(2))
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == Self.text(2))
        // A task cancelled before it asks gets nil even with events buffered.
        continuation.yield(Self.text(3))
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(await cancelled.value == nil)
        #expect(await iterator.next() == Self.text(3))
    }

    @Test("concurrent waiters are served in the order they asked")
    func waitersInOrder() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        let first = Task {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        await Self.waitForWaiters(events, 1)
        let second = Task {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        await Self.waitForWaiters(events, 2)
        continuation.yield(Self.text(1))
        continuation.yield(Self.text(2))
        #expect(await first.value == Self.text(1))
        #expect(await second.value == Self.text(2))
    }

    @Test("prepare(using:) runs on the producer at yield time and travels with its event; earlier events carry nil")
    func preparation() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        let prepared = Locked<[String]>([])
        continuation.yield(Self.text(0))
        events.prepare { event in
            guard case .text(let text) = event else { return "closed" }
            prepared.withLock { $0.append(text) }
            return text.uppercased()
        }
        continuation.yield(Self.text(1))
        continuation.yield(.closed(.abnormal()))
        continuation.finish()
        // Both were prepared before the consumer asked for anything.
        #expect(prepared.withLock { $0 } == ["m1"])
        var iterator = events.makeAsyncIterator()
        let first = await iterator.nextPrepared()
        #expect(first?.event == Self.text(0))
        #expect(first?.prepared == nil)
        let second = await iterator.nextPrepared()
        #expect(second?.event == Self.text(1))
        #expect(second?.prepared as? String == "M1")
        let third = await iterator.nextPrepared()
        #expect(third?.prepared as? String == "closed")
        #expect(await iterator.nextPrepared() == nil)
    }

    @Test("a waiting consumer receives the prepared result too")
    func preparationWithWaiter() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        events.prepare { _ in 42 }
        let waiting = Task {
            var iterator = events.makeAsyncIterator()
            return await iterator.nextPrepared()?.prepared as? Int
        }
        await Self.waitForWaiters(events, 1)
        continuation.yield(Self.text(1))
        #expect(await waiting.value == 42)
    }

    @Test("events yielded without waking reach a waiting consumer on wakeConsumer(), at the threshold, or at finish")
    func deferredWakeUps() async {
        let (events, continuation) = WebSocketEvents.makeStream()
        // wakeConsumer(): the waiter gets the first event, the rest stay buffered in order.
        let first = Task {
            var iterator = events.makeAsyncIterator()
            return (await iterator.next(), await iterator.next())
        }
        await Self.waitForWaiters(events, 1)
        continuation.yieldWithoutWaking(Self.text(1))
        continuation.yieldWithoutWaking(Self.text(2))
        #expect(events.waitingConsumers == 1)  // still asleep
        continuation.wakeConsumer()
        let (a, b) = await first.value
        #expect(a == Self.text(1))
        #expect(b == Self.text(2))

        // The threshold: a producer that never calls wakeConsumer() still wakes the consumer.
        let second = Task {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        await Self.waitForWaiters(events, 1)
        for index in 0..<32 { continuation.yieldWithoutWaking(Self.text(100 + index)) }
        #expect(await second.value == Self.text(100))
        var iterator = events.makeAsyncIterator()
        for index in 1..<32 { #expect(await iterator.next() == Self.text(100 + index)) }

        // finish(): buffered events are handed to waiters before they are told the sequence ended.
        let third = Task {
            var iterator = events.makeAsyncIterator()
            return (await iterator.next(), await iterator.next())
        }
        await Self.waitForWaiters(events, 1)
        continuation.yieldWithoutWaking(Self.text(7))
        continuation.finish()
        let (c, d) = await third.value
        #expect(c == Self.text(7))
        #expect(d == nil)
    }

    @Test(
        "waitForRoom blocks the producer at the limit until the consumer has taken half, and not after finish or when told to stop"
    )
    func backPressure() async throws {
        let (events, continuation) = WebSocketEvents.makeStream()
        for index in 0..<8 { continuation.yield(Self.text(index)) }
        let released = Locked(false)
        let producer = Thread {
            continuation.waitForRoom(limit: 8, pollInterval: .milliseconds(5)) { false }
            released.withLock { $0 = true }
        }
        producer.start()
        while !events.producerIsWaiting { try await Task.sleep(for: .milliseconds(1)) }
        var iterator = events.makeAsyncIterator()
        for index in 0..<3 {
            #expect(await iterator.next() == Self.text(index))
        }
        try await Task.sleep(for: .milliseconds(50))  // a real thread blocks: give it the chance to (wrongly) go on
        #expect(!released.withLock { $0 })  // 5 left: above half of 8
        #expect(events.producerIsWaiting)
        #expect(await iterator.next() == Self.text(3))  // 4 left: half
        while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }

        // Below the limit: no wait at all. Told to stop: returns although full.
        continuation.waitForRoom(limit: 100) { false }
        for index in 8..<12 { continuation.yield(Self.text(index)) }
        continuation.waitForRoom(limit: 8, pollInterval: .milliseconds(5)) { true }
        // Finished: never waits.
        continuation.finish()
        continuation.waitForRoom(limit: 1) { false }
        #expect(events.bufferedCount == 8)
    }
}
