/// Everything the soak measured, as benchmark results.
struct SoakReport {
    let duration: Duration
    let restarts: SoakRestarts
    let transitions: StateTransitions
    let downs: Int
    let sent: Int
    let received: Int
    let receivedAtStart: Int
    /// Before the stack existed, after warm-up, and at the end while still streaming.
    let before: ProcessSnapshot, start: ProcessSnapshot, end: ProcessSnapshot
    let leftovers: SoakLeftovers

    var results: [BenchmarkResult] {
        [
            BenchmarkResult(name: "soak.duration", value: duration.seconds, unit: "s"),
            BenchmarkResult(name: "soak.restarts", value: Double(restarts.count), unit: "restarts"),
            BenchmarkResult(
                name: "soak.reconnects", value: Double(transitions.connected - 1), unit: "connected events",
                target: "== restarts"),
            BenchmarkResult(
                name: "soak.lostStateTransitions", value: Double(transitions.lost), unit: "transitions", target: "== 0"),
            BenchmarkResult(
                name: "soak.statusChanged.down", value: Double(downs), unit: "events", target: "== restarts"),
            BenchmarkResult(name: "soak.recovery.slowest", value: restarts.slowestRecovery.seconds * 1000, unit: "ms"),
            BenchmarkResult(name: "soak.notifications.sent", value: Double(sent), unit: "notifications"),
            BenchmarkResult(name: "soak.notifications.received", value: Double(received), unit: "notifications"),
            BenchmarkResult(
                name: "soak.notifications.rate", value: Double(received - receivedAtStart) / duration.seconds,
                unit: "events/s"),
            BenchmarkResult(name: "soak.fds.start", value: Double(start.fds), unit: "fds"),
            BenchmarkResult(name: "soak.fds.end", value: Double(end.fds), unit: "fds", target: "== start"),
            BenchmarkResult(name: "soak.threads.start", value: Double(start.threads), unit: "threads"),
            BenchmarkResult(name: "soak.threads.end", value: Double(end.threads), unit: "threads", target: "== start"),
            BenchmarkResult(name: "soak.rss.start", value: start.rss / 1024, unit: "MB"),
            BenchmarkResult(name: "soak.rss.end", value: end.rss / 1024, unit: "MB", target: "flat"),
        ] + leftoverResults
    }

    private var leftoverResults: [BenchmarkResult] {
        [
            BenchmarkResult(
                name: "soak.afterDestroy.subscriptions", value: Double(leftovers.subscriptions), unit: "subscriptions",
                target: "== 0"),
            BenchmarkResult(
                name: "soak.afterDestroy.pendingRequests", value: Double(leftovers.pendingRequests), unit: "requests",
                target: "== 0"),
            BenchmarkResult(
                name: "soak.afterDestroy.connections", value: Double(leftovers.connections), unit: "sockets",
                target: "== 0"),
            BenchmarkResult(
                name: "soak.afterDestroy.timers", value: Double(leftovers.timers), unit: "timers", target: "== 0"),
            BenchmarkResult(
                name: "soak.afterDestroy.channelCallbacks", value: Double(leftovers.channelCallbacks),
                unit: "callbacks", target: "== 0"),
            BenchmarkResult(
                name: "soak.afterStop.sockets", value: Double(leftovers.sockets), unit: "sockets", target: "== 0"),
            BenchmarkResult(
                name: "soak.afterStop.fds", value: Double(leftovers.fds), unit: "fds",
                target: "\(before.fds) before the stack (+ the runtime's lazily created timerfds)"),
            BenchmarkResult(
                name: "soak.afterStop.threads", value: Double(leftovers.threads), unit: "threads",
                target: "~ \(before.threads) (before the stack)"),
        ]
    }
}
