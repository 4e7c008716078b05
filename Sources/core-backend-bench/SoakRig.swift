import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

/// The soak's moving parts: a server that restarts, the stack connected to it, the pusher streaming
/// notifications, and the subscribers counting what arrives.
struct SoakRig {
    let backend: MockWebSocketBackend
    let stack: RealtimeStack
    let received = Counter()
    let states = Locked<[WebSocketConnectionState]>([])
    let downs = Counter()
    let subscriptions: [MessengerSubscription]
    let pusher: Pusher

    private static var verbose: Bool { ProcessInfo.processInfo.environment["SOAK_VERBOSE"] != nil }

    private init(backend: MockWebSocketBackend, stack: RealtimeStack) {
        self.backend = backend
        self.stack = stack
        let (received, states, downs) = (self.received, self.states, self.downs)
        subscriptions = [
            stack.messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { _ in received.increment() },
            stack.messenger.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) { info in
                states.withLock { $0.append(info.state) }
            },
            stack.messenger.subscribe(AccountActivityServiceMessages.StatusChanged.self) { change in
                if change.status == .down { downs.increment() }
            },
        ]
        pusher = Pusher(backend: backend, data: RealtimeBenchmarks.notificationData(), received: received)
    }

    /// Starts the server and the stack, connects, subscribes and starts streaming.
    static func start() async throws -> SoakRig {
        let backend = try MockWebSocketBackend()
        let stack = try RealtimeBenchmarks.makeStack(
            backend, reconnectDelay: .milliseconds(50), maxReconnectDelay: .milliseconds(500))
        let rig = SoakRig(backend: backend, stack: stack)
        try await stack.webSocket.connect()
        await backend.waitForSubscription(matching: RealtimeBenchmarks.subscribedChannel)
        rig.pusher.start(total: .max, window: 4_096)
        return rig
    }

    /// Restarts the server every `interval` until `deadline`, each time waiting for the stack to reconnect
    /// and resubscribe.
    func restart(every interval: Duration, until deadline: ContinuousClock.Instant) async throws -> SoakRestarts {
        let clock = ContinuousClock()
        var restarts = SoakRestarts()
        var lastReport = clock.now
        while clock.now + interval <= deadline {
            try await Task.sleep(for: interval)
            let connectedBefore = states.withLock { $0.filter { $0 == .connected }.count }
            if Self.verbose {
                log(
                    "before restart: rss \(Int((RealtimeBenchmarks.memoryStatus()["VmRSS"] ?? 0) / 1024)) MB, in flight \(pusher.sent - received.value)"
                )
            }
            let restartedAt = clock.now
            try backend.restart()
            restarts.count += 1
            // Recovered = reconnected and resubscribed on the new server.
            try await RealtimeBenchmarks.waitUntil(.seconds(30)) {
                states.withLock { $0.filter { $0 == .connected }.count } > connectedBefore
            }
            await backend.waitForSubscription(matching: RealtimeBenchmarks.subscribedChannel)
            restarts.slowestRecovery = max(restarts.slowestRecovery, restartedAt.duration(to: clock.now))
            if Self.verbose {
                log(
                    "restart \(restarts.count): rss \(Int((RealtimeBenchmarks.memoryStatus()["VmRSS"] ?? 0) / 1024)) MB, sent \(pusher.sent), received \(received.value)"
                )
            }
            if lastReport.duration(to: clock.now) >= .seconds(60) {
                lastReport = clock.now
                log(
                    "soak: \(restarts.count) restarts, \(received.value) notifications, \(Int(restartedAt.duration(to: clock.now).seconds * 1000)) ms last recovery"
                )
            }
        }
        return restarts
    }

    /// Destroys the stack and stops the server, then counts what is left.
    func tearDown(before: ProcessSnapshot) async -> SoakLeftovers {
        stack.destroy()
        try? await RealtimeBenchmarks.waitUntil(.seconds(5)) {
            let counts = stack.webSocket.resourceCounts
            return counts.connections == 0 && counts.openTasks == 0 && counts.timers == 0 && counts.pendingRequests == 0
        }
        let counts = stack.webSocket.resourceCounts
        let remainingSubscriptions =
            stack.webSocket.findSubscriptionsByChannelPrefix("").count
            + stack.webSocket.getSubscriptionsByChannel(RealtimeBenchmarks.subscribedChannel).count
        let remainingCallbacks = stack.webSocket.getChannelCallbacks().count
        for subscription in subscriptions { try? stack.messenger.unsubscribe(subscription) }
        backend.stop()
        // Threads of closed connections exit asynchronously.
        try? await RealtimeBenchmarks.waitUntil(.seconds(5)) {
            RealtimeBenchmarks.openFileDescriptors() <= before.fds
                && RealtimeBenchmarks.threadCount() <= before.threads + 2
        }
        if Self.verbose { logOpenFileDescriptors() }
        return SoakLeftovers(
            subscriptions: remainingSubscriptions + counts.subscriptions, pendingRequests: counts.pendingRequests,
            connections: counts.connections + counts.openTasks, timers: counts.timers,
            channelCallbacks: remainingCallbacks,
            sockets: RealtimeBenchmarks.openSockets(), fds: RealtimeBenchmarks.openFileDescriptors(),
            threads: RealtimeBenchmarks.threadCount())
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func logOpenFileDescriptors() {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in fds.sorted() {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? "?"
            log("fd \(fd) → \(target)")
        }
    }
}
