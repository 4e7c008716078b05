import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A counter shared between the subscriber and the driver.
final class Counter: Sendable {
    private let count = Locked(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Pushes notifications from a dedicated thread (socket writes block), keeping at most `window`
/// unreceived notifications in flight so memory stays bounded.
final class Pusher: Sendable {
    private struct State {
        var sent = 0
        /// Notifications taken as lost with dropped connections (no progress for 200 ms while in flight).
        var baseline = 0
        var stopped = false
        var done = false
    }

    private let backend: MockWebSocketBackend
    private let data: JSONValue
    private let received: Counter
    private let state = Locked(State())
    private let finished = DispatchSemaphore(value: 0)

    init(backend: MockWebSocketBackend, data: JSONValue, received: Counter) {
        self.backend = backend
        self.data = data
        self.received = received
    }

    var sent: Int { state.withLock { $0.sent } }

    func start(total: Int, window: Int, chunk: Int = 256) {
        let thread = Thread { [self] in
            var lastReceived = -1
            var lastProgress = ContinuousClock.now
            while true {
                let (sent, baseline, stopped) = state.withLock { ($0.sent, $0.baseline, $0.stopped) }
                if stopped || sent >= total { break }
                let receivedNow = received.value
                let inFlight = sent - baseline - receivedNow
                if inFlight > window {
                    if receivedNow != lastReceived {
                        lastReceived = receivedNow
                        lastProgress = .now
                    } else if lastProgress.duration(to: .now) > .milliseconds(200) {
                        // No progress for 200 ms: what is in flight went down with a dropped connection.
                        state.withLock { $0.baseline = $0.sent - receivedNow }
                    }
                    usleep(50)
                    continue
                }
                let count = min(chunk, total - sent)
                let reached =
                    (try? backend.pushAccountActivity(
                        channel: RealtimeBenchmarks.notifiedChannel, data: data, count: count, batchSize: 64)) ?? 0
                if reached == 0 {
                    usleep(1_000)  // not subscribed (yet): between a restart and the resubscription
                    continue
                }
                state.withLock { $0.sent += count }
            }
            finished.signal()
        }
        thread.name = "bench pusher"
        thread.start()
    }

    func stop() { state.withLock { $0.stopped = true } }

    func join() {
        finished.wait()
    }
}
