import Foundation

/// Something with a deadline: an exchange that a ``DeadlineWatcher`` ends when it is not finished in time.
package protocol DeadlineWatched: AnyObject, Sendable {
    /// When ``expire()`` is due.
    var deadline: ContinuousClock.Instant { get }
    /// Whether it ended by itself (then it is never expired).
    var isFinished: Bool { get }
    /// Ends it because the deadline passed.
    func expire()
}

/// One thread that fails exchanges at their deadline: the overall timeout runs off the cooperative
/// pool, so it fires on time even when the app keeps every pool thread busy.
///
/// Deadlines sit in a min-heap; an exchange that finished in time leaves its entry behind, dropped when
/// it reaches the top, so registering costs one lock and a heap push, and the thread only wakes when a
/// deadline comes earlier than the one it sleeps until. Entries of finished exchanges stuck behind a slow
/// one are swept out whenever the heap has doubled since the last sweep, so it stays proportional to the
/// requests in flight.
package final class DeadlineWatcher: @unchecked Sendable {
    // `@unchecked Sendable` is safe: `heap`, `wakeAt` and `isRunning` are only touched with `condition` locked.
    private struct Entry: Comparable {
        let deadline: ContinuousClock.Instant
        let exchange: any DeadlineWatched

        static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline < rhs.deadline }
        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.deadline == rhs.deadline && lhs.exchange === rhs.exchange
        }
    }

    /// The watcher of every ``BuiltinHTTPTransport`` in the process.
    static let shared = DeadlineWatcher()

    /// Creates a watcher; its thread starts with the first ``watch(_:)``.
    package init() {}

    /// Entries held, finished ones not yet dropped included (for tests).
    package var entryCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return heap.count
    }

    private let condition = NSCondition()
    private var heap = MinHeap<Entry>()
    private var wakeAt: ContinuousClock.Instant?
    private var isRunning = false
    /// The heap size that triggers the next sweep of finished entries.
    private var sweepAt = 1024

    /// Expires `exchange` at its deadline unless it finishes before.
    package func watch(_ exchange: any DeadlineWatched) {
        condition.lock()
        while let top = heap.first, top.exchange.isFinished { heap.popFirst() }
        if heap.count >= sweepAt {
            heap.removeAll { $0.exchange.isFinished }
            sweepAt = max(1024, heap.count * 2)
        }
        heap.push(Entry(deadline: exchange.deadline, exchange: exchange))
        if !isRunning {
            isRunning = true
            DedicatedThread.start(name: "HTTP deadlines") { [self] in run() }
        } else if wakeAt.map({ exchange.deadline < $0 }) ?? true {
            condition.signal()
        }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            var expired: [any DeadlineWatched] = []
            let now = ContinuousClock.now
            while let top = heap.first, top.exchange.isFinished || top.deadline <= now {
                if !top.exchange.isFinished { expired.append(top.exchange) }
                heap.popFirst()
            }
            if !expired.isEmpty {
                condition.unlock()
                for exchange in expired { exchange.expire() }
                condition.lock()
                continue
            }
            wakeAt = heap.first?.deadline
            if let wakeAt {
                let seconds = now.duration(to: wakeAt).timeInterval
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            } else {
                condition.wait()
            }
        }
    }
}
