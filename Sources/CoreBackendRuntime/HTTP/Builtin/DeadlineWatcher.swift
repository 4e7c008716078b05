import Foundation

/// One thread that fails exchanges at their deadline: the overall timeout runs off the cooperative
/// pool, so it fires on time even when the app keeps every pool thread busy.
///
/// Deadlines sit in a min-heap; an exchange that finished in time leaves its entry behind, dropped when
/// it reaches the top (at the latest at its deadline), so registering costs one lock and a heap push,
/// and the thread only wakes when a deadline comes earlier than the one it sleeps until.
final class DeadlineWatcher: @unchecked Sendable {
    // `@unchecked Sendable` is safe: `heap`, `wakeAt` and `isRunning` are only touched with `condition` locked.
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let exchange: HTTPExchange
    }

    /// The watcher of every ``BuiltinHTTPTransport`` in the process.
    static let shared = DeadlineWatcher()

    private let condition = NSCondition()
    private var heap: [Entry] = []
    private var wakeAt: ContinuousClock.Instant?
    private var isRunning = false

    /// Fails `exchange` with its timeout error unless it finishes before its deadline.
    func watch(_ exchange: HTTPExchange) {
        condition.lock()
        while let top = heap.first, top.exchange.isFinished { popTop() }
        push(Entry(deadline: exchange.deadline, exchange: exchange))
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
            var expired: [HTTPExchange] = []
            let now = ContinuousClock.now
            while let top = heap.first, top.exchange.isFinished || top.deadline <= now {
                if !top.exchange.isFinished { expired.append(top.exchange) }
                popTop()
            }
            if !expired.isEmpty {
                condition.unlock()
                for exchange in expired { exchange.abort(exchange.timeoutError) }
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

    private func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
