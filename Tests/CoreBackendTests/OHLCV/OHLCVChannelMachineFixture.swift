import CoreBackendRuntime

@testable import CoreBackend

/// Channels, a fresh machine (grace 3 s, retries 1 s, 2 s, 4 s) and step builders shared by the machine tests.
/// Timer serials are deterministic: the machine numbers its timers 1, 2, 3, … from a fresh start.
enum MachineFixture {
    typealias Machine = OHLCVChannelMachine

    static let oneMinute = OHLCVSubscriptionOptions(assetId: "eip155:1/slip44:60", interval: "1m", currency: "usd")
    static let oneHour = OHLCVSubscriptionOptions(assetId: "eip155:1/slip44:60", interval: "1h", currency: "usd")
    static let oneDay = OHLCVSubscriptionOptions(assetId: "eip155:1/slip44:60", interval: "1d", currency: "usd")
    static let a = oneMinute.channel
    static let b = oneHour.channel
    static let c = oneDay.channel
    static let bar = OHLCVBar(timestamp: 1_776_364_020, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10)

    static func machine() -> Machine {
        Machine(configuration: .init(gracePeriod: .seconds(3), retryDelays: [.seconds(1), .seconds(2), .seconds(4)]))
    }

    static func options(_ channel: String) -> OHLCVSubscriptionOptions {
        [oneMinute, oneHour, oneDay].first { $0.channel == channel }!
    }

    static func t(_ channel: String, _ serial: UInt64) -> Machine.TimerID {
        .init(channel: channel, serial: serial)
    }

    /// A first subscribe that succeeds (no unused channel to flush).
    static func create(_ channel: String) -> [MachineStep] {
        [
            .init(.subscribeRequested(options(channel)), [.createOnServer(channel)]),
            .init(.created(channel: channel, failure: nil)),
        ]
    }

    /// On a fresh machine: the channel with one consumer that left (grace timer serial 1).
    static func inGrace(_ channel: String) -> [MachineStep] {
        create(channel) + [.init(.unsubscribeRequested(channel: channel), [.startTimer(t(channel, 1), .seconds(3))])]
    }

    /// On a fresh machine: grace expired, the first cleanup attempt is in flight (no timer armed).
    static func intoCleanup(_ channel: String) -> [MachineStep] {
        inGrace(channel) + [
            .init(.timerFired(t(channel, 1)), [.startTimer(t(channel, 2), .zero)]),
            .init(.timerFired(t(channel, 2)), [.unsubscribeOnServer(channel)]),
        ]
    }

    /// The attempt in flight fails: reported, the next one armed.
    static func failedAttempt(_ channel: String, next: Machine.TimerID, after delay: Duration) -> [MachineStep] {
        [
            .init(
                .unsubscribed(channel: channel, failure: "gone"),
                [
                    .publishError(channel: channel, message: "gone", operation: .unsubscribe), .startTimer(next, delay),
                ])
        ]
    }

    /// On a fresh machine: four failed attempts (at once, then after 1 s, 2 s, 4 s); the machine asks for
    /// the connection state.
    static func exhausted(_ channel: String) -> [MachineStep] {
        var steps = intoCleanup(channel)
        for (serial, delay) in [(UInt64(3), Duration.seconds(1)), (4, .seconds(2)), (5, .seconds(4))] {
            steps += failedAttempt(channel, next: t(channel, serial), after: delay)
            steps.append(.init(.timerFired(t(channel, serial)), [.unsubscribeOnServer(channel)]))
        }
        steps.append(
            .init(
                .unsubscribed(channel: channel, failure: "gone"),
                [
                    .publishError(channel: channel, message: "gone", operation: .unsubscribe), .checkConnection,
                ]))
        return steps
    }

    /// A market-data system notification at timestamp 5.
    static func system(_ chainIds: [String], _ status: String) -> Machine.Event {
        let message = ServerNotificationMessage(
            event: "system-notification", channel: OHLCVService.systemNotificationChannel,
            data: ["chainIds": .array(chainIds.map { .string($0) }), "status": .string(status)], timestamp: 5)
        return .systemNotification(try! SystemNotification(message), timestamp: 5)
    }
}
