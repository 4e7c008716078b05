import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end real-time benchmarks over loopback sockets: mock gateway → BackendWebSocketService →
/// AccountActivityService → a messenger subscriber of `AccountActivityService:balanceUpdated`.
///
/// * `realtime`: notifications/s with a realistic ~1 KB notification (one transaction, two balance
///   updates), and resident memory over 1,000,000 notifications (peak, after warm-up, at the end).
///   Targets: ≥ 170,000 events/s, peak RSS ≤ 60 MB, flat after warm-up.
/// * `soak` (`--duration SECONDS`, default 600): the server restarts every few seconds while
///   notifications stream; reports reconnections, lost state transitions and leak checks.
enum RealtimeBenchmarks {
    static let address = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"
    static let subscribedChannel = "account-activity.v1.eip155:0:\(address)"
    static let notifiedChannel = "account-activity.v1.eip155:8453:\(address)"

    /// `count` notifications (1,000,000 by default), the first tenth as warm-up.
    static func run(count: Int = 1_000_000) async throws -> [BenchmarkResult] {
        try await throughputAndMemory(total: count, warmUp: count / 10)
    }

    /// A realistic account-activity notification (`data` of the frame): a USDC transfer on Base with the
    /// USDC and ETH (gas) balances after it — about 1 KB once framed.
    static func notificationData() -> JSONValue {
        let sender = "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8"
        let usdc = "eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"
        return [
            "address": .string(address),
            "tx": [
                "id": "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", "chain": "eip155:8453",
                "status": "confirmed", "timestamp": 1760099871, "from": .string(sender), "to": .string(address),
            ],
            "updates": [
                [
                    "asset": ["fungible": true, "type": .string(usdc), "unit": "USDC", "decimals": 6],
                    "postBalance": ["amount": "0x2540be400"],
                    "transfers": [
                        ["from": .string(sender), "to": .string(address), "amount": "0x3b9aca00"],
                        ["from": .string(address), "to": "0x4200000000000000000000000000000000000006", "amount": "0x2710"],
                    ],
                ],
                [
                    "asset": ["fungible": true, "type": "eip155:8453/slip44:60", "unit": "ETH", "decimals": 18],
                    "postBalance": ["amount": "0xde0b6b3a7640000"],
                    "transfers": [
                        ["from": .string(address), "to": "0x4200000000000000000000000000000000000019", "amount": "0xa3c5b1d8e00"],
                    ],
                ],
            ],
        ]
    }

    // MARK: - Throughput and memory

    /// Streams `total` notifications with at most `window` in flight and counts `balanceUpdated` events.
    static func throughputAndMemory(total: Int, warmUp: Int, window: Int = 8_192) async throws -> [BenchmarkResult] {
        let backend = try MockWebSocketBackend()
        defer { backend.stop() }
        let stack = try makeStack(backend, reconnectDelay: .milliseconds(50), maxReconnectDelay: .milliseconds(500))
        defer { stack.destroy() }
        let received = Counter()
        let subscription = stack.messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { update in
            if !update.updates.isEmpty { received.increment() }
        }
        defer { try? stack.messenger.unsubscribe(subscription) }
        try await stack.webSocket.connect()
        await backend.waitForSubscription(matching: subscribedChannel)
        try await waitUntil(.seconds(10)) { stack.webSocket.channelHasSubscription(subscribedChannel) }

        let data = notificationData()
        let frameBytes = frameSize(data)
        // Only this benchmark's peak counts (earlier benchmarks in the same process may have been larger).
        resetPeakRSS()
        let pusher = Pusher(backend: backend, data: data, received: received)
        let clock = ContinuousClock()
        let start = clock.now
        pusher.start(total: total, window: window)
        try await waitUntil(.seconds(600)) { received.value >= warmUp }
        let warmedUp = clock.now
        let rssAfterWarmUp = memoryStatus()["VmRSS"] ?? 0
        var rssSamples: [Double] = []
        var nextSample = warmUp + max(1, total / 10)
        try await waitUntil(.seconds(600), pollEvery: .milliseconds(1)) {
            let count = received.value
            if count >= nextSample {
                rssSamples.append(memoryStatus()["VmRSS"] ?? 0)
                nextSample += max(1, total / 10)
            }
            return count >= total
        }
        let end = clock.now
        pusher.join()
        let status = memoryStatus()
        let steadyRate = Double(total - warmUp) / (end - warmedUp).seconds
        let overallRate = Double(total) / (end - start).seconds
        let rssEnd = status["VmRSS"] ?? 0
        let growth = (rssSamples + [rssEnd]).max()! - rssAfterWarmUp
        return [
            BenchmarkResult(name: "realtime.notification.bytes", value: Double(frameBytes), unit: "bytes"),
            BenchmarkResult(name: "realtime.balanceUpdated.rate", value: steadyRate, unit: "events/s", target: ">= 170000"),
            BenchmarkResult(name: "realtime.balanceUpdated.rate.withWarmUp", value: overallRate, unit: "events/s"),
            BenchmarkResult(name: "realtime.rss.peak", value: (status["VmHWM"] ?? 0) / 1024, unit: "MB", target: "<= 60"),
            BenchmarkResult(name: "realtime.rss.afterWarmUp", value: rssAfterWarmUp / 1024, unit: "MB"),
            BenchmarkResult(name: "realtime.rss.end", value: rssEnd / 1024, unit: "MB", target: "flat after warm-up"),
            BenchmarkResult(name: "realtime.rss.growthAfterWarmUp", value: growth / 1024, unit: "MB", target: "<= ~0 (flat)"),
        ]
    }

    // MARK: - Soak

    /// Restarts the server every `restartInterval` for `duration` while notifications stream.
    static func soak(duration: Duration, restartInterval: Duration = .seconds(3)) async throws -> [BenchmarkResult] {
        let clock = ContinuousClock()
        let fdsBefore = openFileDescriptors()
        let threadsBefore = threadCount()
        let backend = try MockWebSocketBackend()
        let stack = try makeStack(backend, reconnectDelay: .milliseconds(50), maxReconnectDelay: .milliseconds(500))
        let received = Counter()
        let states = Locked<[WebSocketConnectionState]>([])
        let downs = Counter()
        let subscriptions = [
            stack.messenger.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { _ in received.increment() },
            stack.messenger.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) { info in
                states.withLock { $0.append(info.state) }
            },
            stack.messenger.subscribe(AccountActivityServiceMessages.StatusChanged.self) { change in
                if change.status == .down { downs.increment() }
            },
        ]
        try await stack.webSocket.connect()
        await backend.waitForSubscription(matching: subscribedChannel)
        let pusher = Pusher(backend: backend, data: notificationData(), received: received)
        pusher.start(total: .max, window: 4_096)
        // Warm up (the cooperative pool, buffers) before taking the "start" snapshot.
        try await Task.sleep(for: .seconds(2))
        let fdsStart = openFileDescriptors()
        let threadsStart = threadCount()
        let rssStart = memoryStatus()["VmRSS"] ?? 0
        let receivedAtStart = received.value

        var restarts = 0
        var slowestRecovery = Duration.zero
        let deadline = clock.now + duration
        var lastReport = clock.now
        while clock.now + restartInterval <= deadline {
            try await Task.sleep(for: restartInterval)
            let connectedBefore = states.withLock { $0.filter { $0 == .connected }.count }
            if ProcessInfo.processInfo.environment["SOAK_VERBOSE"] != nil {
                FileHandle.standardError.write(Data("before restart: rss \(Int((memoryStatus()["VmRSS"] ?? 0) / 1024)) MB, in flight \(pusher.sent - received.value)\n".utf8))
            }
            let restartedAt = clock.now
            try backend.restart()
            restarts += 1
            // Recovered = reconnected and resubscribed on the new server.
            try await waitUntil(.seconds(30)) { states.withLock { $0.filter { $0 == .connected }.count } > connectedBefore }
            await backend.waitForSubscription(matching: subscribedChannel)
            slowestRecovery = max(slowestRecovery, restartedAt.duration(to: clock.now))
            if ProcessInfo.processInfo.environment["SOAK_VERBOSE"] != nil {
                FileHandle.standardError.write(Data("restart \(restarts): rss \(Int((memoryStatus()["VmRSS"] ?? 0) / 1024)) MB, sent \(pusher.sent), received \(received.value)\n".utf8))
            }
            if lastReport.duration(to: clock.now) >= .seconds(60) {
                lastReport = clock.now
                FileHandle.standardError.write(Data(
                    "soak: \(restarts) restarts, \(received.value) notifications, \(Int(restartedAt.duration(to: clock.now).seconds * 1000)) ms last recovery\n".utf8))
            }
        }
        // Let the last connection stream for a moment, then take the "end" snapshot in the same topology.
        try await waitUntil(.seconds(10)) { stack.webSocket.channelHasSubscription(subscribedChannel) }
        try await Task.sleep(for: .seconds(1))
        let fdsEnd = openFileDescriptors()
        let threadsEnd = threadCount()
        let rssEnd = memoryStatus()["VmRSS"] ?? 0
        pusher.stop()
        pusher.join()
        let receivedTotal = received.value
        let sentTotal = pusher.sent

        // State transitions: every `disconnected` must be followed by `connected` (connecting in between is fine).
        let sequence = states.withLock { $0 }.filter { $0 != .connecting }
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
        let connectedCount = sequence.filter { $0 == .connected }.count
        let lostTransitions = (restarts - recovered) + (disconnects - recovered) + anomalies

        // Teardown, then leak checks.
        stack.destroy()
        try? await waitUntil(.seconds(5)) {
            let counts = stack.webSocket.resourceCounts
            return counts.connections == 0 && counts.openTasks == 0 && counts.timers == 0 && counts.pendingRequests == 0
        }
        let counts = stack.webSocket.resourceCounts
        let remainingSubscriptions = stack.webSocket.findSubscriptionsByChannelPrefix("").count
            + stack.webSocket.getSubscriptionsByChannel(subscribedChannel).count
        let remainingCallbacks = stack.webSocket.getChannelCallbacks().count
        for subscription in subscriptions { try? stack.messenger.unsubscribe(subscription) }
        backend.stop()
        // Threads of closed connections exit asynchronously.
        try? await waitUntil(.seconds(5)) { openFileDescriptors() <= fdsBefore && threadCount() <= threadsBefore + 2 }

        if ProcessInfo.processInfo.environment["SOAK_VERBOSE"] != nil {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for fd in fds.sorted() {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? "?"
                FileHandle.standardError.write(Data("fd \(fd) → \(target)\n".utf8))
            }
        }
        return [
            BenchmarkResult(name: "soak.duration", value: duration.seconds, unit: "s"),
            BenchmarkResult(name: "soak.restarts", value: Double(restarts), unit: "restarts"),
            BenchmarkResult(name: "soak.reconnects", value: Double(connectedCount - 1), unit: "connected events", target: "== restarts"),
            BenchmarkResult(name: "soak.lostStateTransitions", value: Double(lostTransitions), unit: "transitions", target: "== 0"),
            BenchmarkResult(name: "soak.statusChanged.down", value: Double(downs.value), unit: "events", target: "== restarts"),
            BenchmarkResult(name: "soak.recovery.slowest", value: slowestRecovery.seconds * 1000, unit: "ms"),
            BenchmarkResult(name: "soak.notifications.sent", value: Double(sentTotal), unit: "notifications"),
            BenchmarkResult(name: "soak.notifications.received", value: Double(receivedTotal), unit: "notifications"),
            BenchmarkResult(
                name: "soak.notifications.rate", value: Double(receivedTotal - receivedAtStart) / duration.seconds,
                unit: "events/s"),
            BenchmarkResult(name: "soak.fds.start", value: Double(fdsStart), unit: "fds"),
            BenchmarkResult(name: "soak.fds.end", value: Double(fdsEnd), unit: "fds", target: "== start"),
            BenchmarkResult(name: "soak.threads.start", value: Double(threadsStart), unit: "threads"),
            BenchmarkResult(name: "soak.threads.end", value: Double(threadsEnd), unit: "threads", target: "== start"),
            BenchmarkResult(name: "soak.rss.start", value: rssStart / 1024, unit: "MB"),
            BenchmarkResult(name: "soak.rss.end", value: rssEnd / 1024, unit: "MB", target: "flat"),
            BenchmarkResult(name: "soak.afterDestroy.subscriptions", value: Double(remainingSubscriptions + counts.subscriptions), unit: "subscriptions", target: "== 0"),
            BenchmarkResult(name: "soak.afterDestroy.pendingRequests", value: Double(counts.pendingRequests), unit: "requests", target: "== 0"),
            BenchmarkResult(name: "soak.afterDestroy.connections", value: Double(counts.connections + counts.openTasks), unit: "sockets", target: "== 0"),
            BenchmarkResult(name: "soak.afterDestroy.timers", value: Double(counts.timers), unit: "timers", target: "== 0"),
            BenchmarkResult(name: "soak.afterDestroy.channelCallbacks", value: Double(remainingCallbacks), unit: "callbacks", target: "== 0"),
            BenchmarkResult(name: "soak.afterStop.sockets", value: Double(openSockets()), unit: "sockets", target: "== 0"),
            BenchmarkResult(
                name: "soak.afterStop.fds", value: Double(openFileDescriptors()), unit: "fds",
                target: "\(fdsBefore) before the stack (+ the runtime's lazily created timerfds)"),
            BenchmarkResult(name: "soak.afterStop.threads", value: Double(threadCount()), unit: "threads", target: "~ \(threadsBefore) (before the stack)"),
        ]
    }

    // MARK: - Support

    static func makeStack(
        _ backend: MockWebSocketBackend, reconnectDelay: Duration, maxReconnectDelay: Duration
    ) throws -> RealtimeStack {
        try RealtimeStack(
            url: backend.url.absoluteString, token: "bench-token", accounts: [MockControllers.evmAccount(address)],
            options: BackendWebSocketServiceOptions(
                url: backend.url.absoluteString, timeout: .seconds(5), reconnectDelay: reconnectDelay,
                maxReconnectDelay: maxReconnectDelay, requestTimeout: .seconds(5)))
    }

    /// The size of one notification frame's text.
    static func frameSize(_ data: JSONValue) -> Int {
        let frame: JSONValue = [
            "event": "notification", "subscriptionId": "sub-1", "channel": .string(notifiedChannel),
            "timestamp": 1760099872150, "data": data,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(frame).count) ?? 0
    }

    /// Polls `condition` until it holds.
    static func waitUntil(
        _ timeout: Duration, pollEvery interval: Duration = .milliseconds(1), _ condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchmarkTimeout() }
            try await Task.sleep(for: interval)
        }
    }

    /// `/proc/self/status` sizes in kB (`VmRSS`, `VmHWM`, …); empty where unavailable.
    static func memoryStatus() -> [String: Double] {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let number = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Double($0) }
            if let number { values[String(parts[0])] = number }
        }
        return values
    }

    /// Resets `VmHWM` to the current RSS (Linux ≥ 4.0: `5` → `/proc/self/clear_refs`).
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Open socket descriptors (`/proc/self/fd/*` → `socket:[…]`).
    static func openSockets() -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"))?.hasPrefix("socket:") == true
        }.count
    }

    static func threadCount() -> Int { Int(memoryStatus()["Threads"] ?? -1) }
}

struct BenchmarkTimeout: Error, CustomStringConvertible {
    var description: String { "benchmark condition timed out" }
}

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
                let reached = (try? backend.pushAccountActivity(
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

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

// MARK: - Stages

extension RealtimeBenchmarks {
    /// The per-notification cost of each stage of the pipeline, in process (no sockets): reading the frame
    /// (routing fields, `data` kept as text), decoding the account-activity payload, and publishing
    /// `transactionUpdated` + `balanceUpdated` from the service's messenger to a root subscriber.
    static func stages(iterations: Int = 200_000) throws -> [BenchmarkResult] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let frame: JSONValue = [
            "event": "notification", "subscriptionId": "sub-1", "channel": .string(notifiedChannel),
            "timestamp": 1760099872150, "data": notificationData(),
        ]
        let text = String(decoding: try encoder.encode(frame), as: UTF8.self)
        let clock = ContinuousClock()

        func measure(_ body: () throws -> Void) rethrows -> Double {
            for _ in 0..<iterations / 10 { try body() }  // warm up
            let start = clock.now
            for _ in 0..<iterations { try body() }
            let elapsed = start.duration(to: clock.now)
            return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations)
        }

        var sink = 0
        let read = try measure {
            guard let notification = ServerNotificationMessage(frame: text) else { throw BenchmarkTimeout() }
            sink &+= notification.channel.utf8.count
        }
        guard let notification = ServerNotificationMessage(frame: text) else { throw BenchmarkTimeout() }
        let decode = try measure {
            let message = try AccountActivityMessage(notification: notification)
            sink &+= message.updates.count
        }
        let message = try AccountActivityMessage(notification: notification)
        let root = Messenger(namespace: Messenger.mockAnyNamespace)
        let service = Messenger(namespace: "AccountActivityService", parent: root)
        let received = Counter()
        root.subscribe(AccountActivityServiceMessages.BalanceUpdated.self) { _ in received.increment() }
        root.subscribe(AccountActivityServiceMessages.TransactionUpdated.self) { _ in received.increment() }
        let publish = try measure {
            try service.publish(AccountActivityServiceMessages.TransactionUpdated.self, message.tx)
            try service.publish(
                AccountActivityServiceMessages.BalanceUpdated.self,
                .init(address: message.address, chain: message.tx.chain, updates: message.updates))
        }
        precondition(sink != 0 && received.value > 0)
        return [
            BenchmarkResult(name: "realtime.stage.readFrame", value: read, unit: "ns/notification"),
            BenchmarkResult(name: "realtime.stage.decodeActivity", value: decode, unit: "ns/notification"),
            BenchmarkResult(name: "realtime.stage.publishBoth", value: publish, unit: "ns/notification"),
        ]
    }
}
