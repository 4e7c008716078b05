import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

extension RealtimeBenchmarks {
    /// Restarts the server every `restartInterval` for `duration` while notifications stream.
    static func soak(duration: Duration, restartInterval: Duration = .seconds(3)) async throws -> [BenchmarkResult] {
        let clock = ContinuousClock()
        let before = ProcessSnapshot()
        let rig = try await SoakRig.start()
        // Warm up (the cooperative pool, buffers) before taking the "start" snapshot.
        try await Task.sleep(for: .seconds(2))
        let start = ProcessSnapshot()
        let receivedAtStart = rig.received.value
        let restarts = try await rig.restart(every: restartInterval, until: clock.now + duration)
        // Let the last connection stream for a moment, then take the "end" snapshot in the same topology.
        try await waitUntil(.seconds(10)) { rig.stack.webSocket.channelHasSubscription(subscribedChannel) }
        try await Task.sleep(for: .seconds(1))
        let end = ProcessSnapshot()
        rig.pusher.stop()
        rig.pusher.join()
        let receivedTotal = rig.received.value
        let sentTotal = rig.pusher.sent
        let transitions = StateTransitions(rig.states.withLock { $0 }, restarts: restarts.count)
        let leftovers = await rig.tearDown(before: before)
        return SoakReport(
            duration: duration, restarts: restarts, transitions: transitions, downs: rig.downs.value,
            sent: sentTotal, received: receivedTotal, receivedAtStart: receivedAtStart,
            before: before, start: start, end: end, leftovers: leftovers
        ).results
    }
}

/// Descriptors, threads and resident memory at one moment.
struct ProcessSnapshot {
    let fds = RealtimeBenchmarks.openFileDescriptors()
    let threads = RealtimeBenchmarks.threadCount()
    let rss = RealtimeBenchmarks.memoryStatus()["VmRSS"] ?? 0
}

/// How many restarts the soak made and the slowest recovery from one.
struct SoakRestarts {
    var count = 0
    var slowestRecovery = Duration.zero
}

/// The connection states seen during the soak, checked: every `disconnected` must be followed by
/// `connected` (connecting in between is fine).
struct StateTransitions {
    /// `connected` events.
    let connected: Int
    /// Restarts not recovered from, disconnects not followed by a connection, and repeated states.
    let lost: Int

    init(_ states: [WebSocketConnectionState], restarts: Int) {
        let sequence = states.filter { $0 != .connecting }
        var disconnects = 0
        var recovered = 0
        var anomalies = 0
        for (index, state) in sequence.enumerated() {
            if state == .disconnected {
                disconnects += 1
                if index + 1 < sequence.count, sequence[index + 1] == .connected { recovered += 1 }
            }
            if index > 0, sequence[index - 1] == state { anomalies += 1 }
        }
        connected = sequence.filter { $0 == .connected }.count
        lost = (restarts - recovered) + (disconnects - recovered) + anomalies
    }
}

/// What is left after `destroy()` and after the server stopped.
struct SoakLeftovers {
    let subscriptions: Int
    let pendingRequests: Int
    let connections: Int
    let timers: Int
    let channelCallbacks: Int
    let sockets: Int
    let fds: Int
    let threads: Int
}
