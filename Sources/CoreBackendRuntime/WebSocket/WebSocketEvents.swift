import Dispatch

/// The inbound events of a ``WebSocketConnection``: an unbounded, single-producer asynchronous sequence
/// that hands out buffered events **without suspending**.
///
/// `AsyncStream` suspends and reschedules the consuming task for every element, even when elements are
/// already buffered; at hundreds of thousands of messages per second that rescheduling costs more than
/// handling the message. Here `next()` takes an event from the buffer under a lock and suspends only
/// when the buffer is empty.
///
/// ```swift
/// let (events, continuation) = WebSocketEvents.makeStream()
/// continuation.yield(.text("hello"))
/// continuation.finish()
/// for await event in events { print(event) }
/// ```
///
/// Iterate from one task at a time (concurrent `next()` calls are served in call order). A task that is
/// cancelled while iterating sees the sequence end.
public struct WebSocketEvents: AsyncSequence, Sendable {
    /// An event.
    public typealias Element = WebSocketEvent

    private let buffer: Buffer

    /// Creates a sequence and the continuation that feeds it.
    public static func makeStream() -> (events: WebSocketEvents, continuation: Continuation) {
        let buffer = Buffer()
        return (WebSocketEvents(buffer: buffer), Continuation(buffer: buffer))
    }

    private init(buffer: Buffer) {
        self.buffer = buffer
    }

    /// How many `next()` calls are suspended waiting for an event (for tests).
    package var waitingConsumers: Int { buffer.waitingConsumers }

    /// How many events are buffered (for tests).
    package var bufferedCount: Int { buffer.bufferedCount }

    /// The payload bytes of the buffered events: UTF-8 bytes of texts, bytes of binary messages.
    package var bufferedByteCount: Int { buffer.bufferedByteCount }

    /// Whether a producer is blocked in ``Continuation/waitForRoom(limit:pollInterval:shouldStopWaiting:)`` (for tests).
    package var producerIsWaiting: Bool { buffer.producerIsWaiting }

    /// Creates an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Has the producer run `prepare` on each event it yields from now on, on its own thread, and keep
    /// the result with the event for ``AsyncIterator/nextPrepared()``.
    ///
    /// For consumers whose per-event work starts with a pure step (parsing a frame): that step then
    /// runs on the transport's reading thread, in parallel with the consumer handling earlier events.
    package func prepare(using prepare: @escaping @Sendable (WebSocketEvent) -> any Sendable) {
        buffer.setPrepare(prepare)
    }

    /// Feeds a ``WebSocketEvents`` sequence.
    public struct Continuation: Sendable {
        fileprivate let buffer: Buffer

        /// Appends an event; ignored once the sequence is finished.
        public func yield(_ event: WebSocketEvent) {
            buffer.push(event, wake: true)
        }

        /// Appends an event without waking a waiting consumer (until ``wakeConsumer()``, or once
        /// ``WebSocketEvents/Buffer/wakeThreshold`` events are waiting), so a producer with more events
        /// in hand hands them over together instead of paying a wake-up for each.
        package func yieldWithoutWaking(_ event: WebSocketEvent) {
            buffer.push(event, wake: false)
        }

        /// Wakes a waiting consumer if events are buffered.
        package func wakeConsumer() {
            buffer.wake()
        }

        /// Blocks the calling (producer) thread while `limit` or more events, or `byteLimit` or more
        /// payload bytes, are buffered, until the consumer has taken the backlog down to half of both
        /// limits, the sequence is finished, or `shouldStopWaiting` (polled every `pollInterval`) says so.
        /// A producer that reads from a socket calls this before reading more, so a slow consumer holds
        /// the peer back through TCP flow control instead of growing the buffer.
        ///
        /// - Returns: whether it waited.
        @discardableResult
        package func waitForRoom(
            limit: Int, byteLimit: Int = .max, pollInterval: Duration = .milliseconds(50),
            shouldStopWaiting: () -> Bool
        ) -> Bool {
            buffer.waitForRoom(
                limit: limit, byteLimit: byteLimit, pollInterval: pollInterval, shouldStopWaiting: shouldStopWaiting)
        }

        /// Ends the sequence once the buffered events are consumed; later events are ignored.
        public func finish() {
            buffer.finish()
        }
    }

    /// Iterates a ``WebSocketEvents`` sequence.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let buffer: Buffer

        /// The next event: immediately when one is buffered, otherwise when one arrives; `nil` once the
        /// sequence is finished and drained, or when the calling task is cancelled.
        public mutating func next() async -> WebSocketEvent? {
            await buffer.next()?.event
        }

        /// The next event with what ``WebSocketEvents/prepare(using:)`` made of it (`nil` for events
        /// yielded before the preparation was set).
        package mutating func nextPrepared() async -> (event: WebSocketEvent, prepared: (any Sendable)?)? {
            await buffer.next().map { ($0.event, $0.prepared) }
        }
    }
}

extension WebSocketEvents {
    /// A buffered event and what the producer prepared from it.
    fileprivate struct Item: Sendable {
        var event: WebSocketEvent
        var prepared: (any Sendable)?
        /// The event's payload size, counted in the buffer's byte total while it is buffered.
        var byteCount: Int
    }

    /// An item for a waiting consumer, resumed outside the lock.
    fileprivate struct Handoff {
        var continuation: UnsafeContinuation<Item?, Never>
        var item: Item

        func resume() { continuation.resume(returning: item) }
    }

    fileprivate final class Buffer: Sendable {
        private struct State {
            var items: [Item] = []
            /// Index of the next item to hand out; the consumed prefix is dropped in bulk.
            var head = 0
            var isFinished = false
            var prepare: (@Sendable (WebSocketEvent) -> any Sendable)?
            var waiters: [(id: UInt64, continuation: UnsafeContinuation<Item?, Never>)] = []
            var lastWaiterID: UInt64 = 0
            /// Set while the producer waits for room; signalled once the buffer is down to `roomAt`.
            var roomSignal: DispatchSemaphore?
            var roomAt = 0
            var roomAtBytes = 0
            /// The sum of `byteCount` over the buffered items.
            var byteCount = 0

            var count: Int { items.count - head }

            /// The longest-waiting consumer and the next item for it, both taken; `nil` unless both exist.
            mutating func handoff() -> Handoff? {
                guard !waiters.isEmpty, let item = pop() else { return nil }
                return Handoff(continuation: waiters.removeFirst().continuation, item: item)
            }

            /// Takes the next item; releases a producer waiting for room once the buffer is down to `roomAt`.
            mutating func pop() -> Item? {
                guard head < items.count else { return nil }
                let item = items[head]
                head += 1
                byteCount -= item.byteCount
                if head == items.count {
                    items.removeAll(keepingCapacity: items.capacity <= 1024)
                    head = 0
                } else if head >= 1024, head * 2 >= items.count {
                    items.removeFirst(head)
                    head = 0
                }
                if let signal = roomSignal, count <= roomAt, byteCount <= roomAtBytes {
                    roomSignal = nil
                    signal.signal()  // never blocks
                }
                return item
            }
        }

        private let state = Locked(State())

        var waitingConsumers: Int { state.withLock { $0.waiters.count } }

        var bufferedCount: Int { state.withLock { $0.count } }

        var bufferedByteCount: Int { state.withLock { $0.byteCount } }

        var producerIsWaiting: Bool { state.withLock { $0.roomSignal != nil } }

        func waitForRoom(limit: Int, byteLimit: Int, pollInterval: Duration, shouldStopWaiting: () -> Bool) -> Bool {
            var isWaiting = false
            while true {
                let signal = state.withLock { state -> DispatchSemaphore? in
                    // Start waiting at either limit; once waiting, go on until half of both is left.
                    let full =
                        isWaiting
                        ? state.count > limit / 2 || state.byteCount > byteLimit / 2
                        : state.count >= limit || state.byteCount >= byteLimit
                    guard full, !state.isFinished else {
                        state.roomSignal = nil
                        return nil
                    }
                    if state.roomSignal == nil {
                        state.roomSignal = DispatchSemaphore(value: 0)
                        state.roomAt = limit / 2
                        state.roomAtBytes = byteLimit / 2
                    }
                    return state.roomSignal
                }
                guard let signal else { return isWaiting }
                guard !shouldStopWaiting() else {
                    state.withLock { $0.roomSignal = nil }
                    return isWaiting
                }
                isWaiting = true
                _ = signal.wait(timeout: .now() + pollInterval.dispatchInterval)
            }
        }

        func setPrepare(_ prepare: @escaping @Sendable (WebSocketEvent) -> any Sendable) {
            state.withLock { $0.prepare = prepare }
        }

        /// Events buffered without waking before a waiting consumer is woken anyway.
        static let wakeThreshold = 32

        func push(_ event: WebSocketEvent, wake: Bool) {
            // Prepare outside the lock: the consumer keeps taking items meanwhile.
            let prepare = state.withLock { $0.prepare }
            let item = Item(event: event, prepared: prepare?(event), byteCount: event.payloadByteCount)
            let handoff = state.withLock { state -> Handoff? in
                guard !state.isFinished else { return nil }
                state.items.append(item)
                state.byteCount += item.byteCount
                guard wake || state.items.count - state.head >= Self.wakeThreshold else { return nil }
                return state.handoff()
            }
            handoff?.resume()
        }

        func wake() {
            state.withLock { $0.handoff() }?.resume()
        }

        func finish() {
            let (handoffs, waiters) = state.withLock { state in
                state.isFinished = true
                state.roomSignal?.signal()
                state.roomSignal = nil
                var handoffs: [Handoff] = []
                while let handoff = state.handoff() { handoffs.append(handoff) }
                // Waiters left once the buffer is empty: nothing more will come for them.
                defer { state.waiters = [] }
                return (handoffs, state.waiters)
            }
            for handoff in handoffs { handoff.resume() }
            for waiter in waiters { waiter.continuation.resume(returning: nil) }
        }

        func next() async -> Item? {
            if Task.isCancelled { return nil }
            // The fast path: no suspension while items are buffered.
            let buffered = state.withLock { state -> Item?? in
                if let item = state.pop() { return .some(item) }
                return state.isFinished ? .some(nil) : nil
            }
            if let buffered { return buffered }
            let id = state.withLock { state -> UInt64 in
                state.lastWaiterID += 1
                return state.lastWaiterID
            }
            return await withTaskCancellationHandler {
                await withUnsafeContinuation { continuation in
                    let immediate = state.withLock { state -> Item?? in
                        if let item = state.pop() { return .some(item) }
                        if state.isFinished || Task.isCancelled { return .some(nil) }
                        state.waiters.append((id, continuation))
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> UnsafeContinuation<Item?, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                waiter?.resume(returning: nil)
            }
        }
    }
}

extension WebSocketEvent {
    /// The bytes of the message: UTF-8 bytes of a text, bytes of a binary message, 0 for `.closed`.
    var payloadByteCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        case .closed: 0
        }
    }
}
