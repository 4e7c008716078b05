import CoreBackend
import CoreBackendRuntime
import Foundation

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
            return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
                / Double(iterations)
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
