import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// The thread that times out HTTP exchanges: on time, never a finished one, and bounded memory.
@Suite("DeadlineWatcher")
struct DeadlineWatcherTests {
    /// A watched item that records whether it was expired.
    final class Item: DeadlineWatched {
        let deadline: ContinuousClock.Instant
        private let state = Locked((finished: false, expired: false))

        init(in duration: Duration) { deadline = .now + duration }

        var isFinished: Bool { state.withLock { $0.finished } }
        var wasExpired: Bool { state.withLock { $0.expired } }
        func finish() { state.withLock { $0.finished = true } }
        func expire() { state.withLock { $0.expired = true } }
    }

    @Test("items expire at their deadline, earliest first; finished ones never do")
    func expiry() async throws {
        let watcher = DeadlineWatcher()
        let late = Item(in: .milliseconds(300))
        let early = Item(in: .milliseconds(50))  // earlier than the one the thread sleeps until: wakes it
        let done = Item(in: .milliseconds(50))
        watcher.watch(late)
        watcher.watch(early)
        watcher.watch(done)
        done.finish()
        #expect(await eventually(within: .seconds(2)) { early.wasExpired })
        let lateExpired = late.wasExpired
        if ContinuousClock.now < late.deadline { #expect(!lateExpired) }  // read before its deadline: not yet
        #expect(await eventually(within: .seconds(2)) { late.wasExpired })
        #expect(!done.wasExpired)
    }

    @Test("finished entries stuck behind a slow one are swept, so the heap stays bounded")
    func sweep() {
        let watcher = DeadlineWatcher()
        let slow = Item(in: .seconds(10))  // the earliest deadline: everything finished stays behind it
        watcher.watch(slow)
        for _ in 0..<10_000 {
            let fast = Item(in: .seconds(30))
            watcher.watch(fast)
            fast.finish()
        }
        #expect(watcher.entryCount <= 2_048)
        #expect(!slow.wasExpired)
    }
}
