import CoreBackendRuntime
import Testing

@testable import CoreBackend

/// Every transition of the pure channel machine, action by action, without sockets, tasks or clocks.
/// Each scenario starts from a fresh machine; every step states the exact actions its event returns.
@Suite("OHLCVChannelMachine: transitions")
struct OHLCVChannelMachineTests {
    typealias Machine = OHLCVChannelMachine
    typealias F = MachineFixture

    @Test(arguments: subscribeScenarios + cleanupScenarios + reviveScenarios + connectionScenarios)
    func transitions(_ scenario: MachineScenario) {
        var machine = F.machine()
        for (index, step) in scenario.steps.enumerated() {
            let actions = machine.handle(step.event)
            #expect(actions == step.actions, "step \(index): \(step.event)")
        }
        #expect(machine.channels.mapValues(\.phase) == scenario.channels)
        #expect(machine.operation == nil)
        #expect(Set(machine.order) == Set(machine.channels.keys) && machine.order.count == machine.channels.count)
    }

    // MARK: - subscribe and unsubscribe

    static let subscribeScenarios: [MachineScenario] = [
        .init(
            "subscribe, first reference: connect and subscribe on the server", F.create(F.a),
            [F.a: .active(consumers: 1)]),
        .init(
            "subscribe, second reference: counted, no server call",
            F.create(F.a) + [.init(.subscribeRequested(F.oneMinute))], [F.a: .active(consumers: 2)]),
        .init(
            "subscribe failure: reported, no entry left",
            [
                .init(.subscribeRequested(F.oneMinute), [.createOnServer(F.a)]),
                .init(
                    .created(channel: F.a, failure: "connection failed"),
                    [.publishError(channel: F.a, message: "connection failed", operation: .subscribe)]),
            ], [:]),
        .init(
            "unsubscribe, not last: one consumer fewer, no timer",
            F.create(F.a) + [.init(.subscribeRequested(F.oneMinute)), .init(.unsubscribeRequested(channel: F.a))],
            [F.a: .active(consumers: 1)]),
        .init(
            "unsubscribe, last: the grace timer starts",
            F.create(F.a) + [.init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))])],
            [F.a: .grace]),
        .init(
            "unsubscribe of an unknown channel or one in grace does nothing",
            [
                .init(.unsubscribeRequested(channel: F.a))
            ] + F.create(F.a) + [
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.unsubscribeRequested(channel: F.a)),
            ], [F.a: .grace]),
        .init(
            "bars are published for live, unused and forgotten channels; an undecodable one is reported",
            F.create(F.a) + [
                .init(.barReceived(channel: F.a, F.bar), [.publishBar(channel: F.a, F.bar)]),
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.barReceived(channel: F.a, F.bar), [.publishBar(channel: F.a, F.bar)]),
                .init(.barReceived(channel: F.b, F.bar), [.publishBar(channel: F.b, F.bar)]),
                .init(
                    .barRejected(channel: F.a, message: "bad"),
                    [.publishError(channel: F.a, message: "bad", operation: .notification)]),
            ], [F.a: .grace]),
    ]

    // MARK: - grace expiry and cleanup

    static let cleanupScenarios: [MachineScenario] = [
        .init(
            "grace expiry: an immediate attempt; success forgets the channel",
            F.intoCleanup(F.a) + [.init(.unsubscribed(channel: F.a, failure: nil))], [:]),
        .init(
            "cleanup: a transient failure is retried after 1 s",
            F.intoCleanup(F.a) + F.failedAttempt(F.a, next: F.t(F.a, 3), after: .seconds(1)) + [
                .init(.timerFired(F.t(F.a, 3)), [.unsubscribeOnServer(F.a)]),
                .init(.unsubscribed(channel: F.a, failure: nil)),
            ], [:]),
        .init(
            "cleanup exhausted with the socket up: forgotten, one forced reconnection",
            F.exhausted(F.a) + [.init(.connectionChecked(.connected), [.forceReconnection])], [:]),
        .init(
            "cleanup exhausted, connection state unknown: forced reconnection",
            F.exhausted(F.a) + [.init(.connectionChecked(nil), [.forceReconnection])], [:]),
        .init(
            "cleanup exhausted with the socket down: nothing forced (the subscription died with it)",
            F.exhausted(F.a) + [.init(.connectionChecked(.disconnected))], [:]),
        .init(
            "flush: subscribing another channel releases the unused one at once",
            F.create(F.a) + [
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.subscribeRequested(F.oneHour), [.cancelTimer(F.t(F.a, 1)), .unsubscribeOnServer(F.a)]),
                .init(.unsubscribed(channel: F.a, failure: nil), [.createOnServer(F.b)]),
                .init(.created(channel: F.b, failure: nil)),
            ], [F.b: .active(consumers: 1)]),
        .init(
            "failed flush: reported, retried at once, the new channel still created",
            F.create(F.a) + [
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.subscribeRequested(F.oneHour), [.cancelTimer(F.t(F.a, 1)), .unsubscribeOnServer(F.a)]),
                .init(
                    .unsubscribed(channel: F.a, failure: "f"),
                    [
                        .publishError(channel: F.a, message: "f", operation: .unsubscribe),
                        .startTimer(F.t(F.a, 2), .zero), .createOnServer(F.b),
                    ]),
                .init(.created(channel: F.b, failure: nil)),
            ], [F.a: .cleanup(failures: 0), F.b: .active(consumers: 1)]),
    ]

    // MARK: - revive (subscribe while unused)

    static let reviveScenarios: [MachineScenario] = [
        .init(
            "revive in grace, server subscription alive: reused; the stale grace timer is ignored",
            F.inGrace(F.a) + [
                .init(.subscribeRequested(F.oneMinute), [.cancelTimer(F.t(F.a, 1)), .checkServerSubscription(F.a)]),
                .init(.serverSubscriptionChecked(channel: F.a, exists: true)),
                .init(.timerFired(F.t(F.a, 1))),
            ], [F.a: .active(consumers: 1)]),
        .init(
            "revive in grace, server subscription lost: subscribed again",
            F.inGrace(F.a) + [
                .init(.subscribeRequested(F.oneMinute), [.cancelTimer(F.t(F.a, 1)), .checkServerSubscription(F.a)]),
                .init(.serverSubscriptionChecked(channel: F.a, exists: false), [.createOnServer(F.a)]),
                .init(.created(channel: F.a, failure: nil)),
            ], [F.a: .active(consumers: 1)]),
        .init(
            "revive failure: reported and forgotten",
            F.inGrace(F.a) + [
                .init(.subscribeRequested(F.oneMinute), [.cancelTimer(F.t(F.a, 1)), .checkServerSubscription(F.a)]),
                .init(.serverSubscriptionChecked(channel: F.a, exists: false), [.createOnServer(F.a)]),
                .init(
                    .created(channel: F.a, failure: "x"),
                    [.publishError(channel: F.a, message: "x", operation: .subscribe)]),
            ], [:]),
        .init(
            "revive during the cleanup backoff stops the retries",
            F.intoCleanup(F.a) + F.failedAttempt(F.a, next: F.t(F.a, 3), after: .seconds(1)) + [
                .init(.subscribeRequested(F.oneMinute), [.cancelTimer(F.t(F.a, 3)), .checkServerSubscription(F.a)]),
                .init(.serverSubscriptionChecked(channel: F.a, exists: true)),
                .init(.timerFired(F.t(F.a, 3))),
            ], [F.a: .active(consumers: 1)]),
        .init(
            "revive flushes the other unused channels and reuses its own subscription",
            F.create(F.a) + F.create(F.b) + [
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.unsubscribeRequested(channel: F.b), [.startTimer(F.t(F.b, 2), .seconds(3))]),
                .init(.subscribeRequested(F.oneHour), [.cancelTimer(F.t(F.b, 2)), .checkServerSubscription(F.b)]),
                .init(
                    .serverSubscriptionChecked(channel: F.b, exists: true),
                    [.cancelTimer(F.t(F.a, 1)), .unsubscribeOnServer(F.a)]),
                .init(.unsubscribed(channel: F.a, failure: nil)),
            ], [F.b: .active(consumers: 1)]),
    ]

    // MARK: - connection and destroy

    static let connectionScenarios: [MachineScenario] = [
        .init(
            "connection lost: up chains reported down once; channels untouched",
            F.create(F.a) + [
                .init(
                    F.system(["eip155:1", "eip155:137"], "up"),
                    [.publishChainStatus(.init(chainIds: ["eip155:1", "eip155:137"], status: .up, timestamp: 5))]),
                .init(
                    F.system(["eip155:1"], "down"),
                    [.publishChainStatus(.init(chainIds: ["eip155:1"], status: .down, timestamp: 5))]),
                .init(
                    .disconnected(now: 9),
                    [.publishChainStatus(.init(chainIds: ["eip155:137"], status: .down, timestamp: 9))]),
                .init(.disconnected(now: 10)),
            ], [F.a: .active(consumers: 1)]),
        .init(
            "connection restored: active channels resubscribed in order, unused forgotten, a failure reported",
            F.create(F.a) + F.create(F.b) + F.create(F.c) + [
                .init(.unsubscribeRequested(channel: F.b), [.startTimer(F.t(F.b, 1), .seconds(3))]),
                .init(.connected, [.resubscribeOnServer(F.a)]),
                .init(
                    .resubscribed(channel: F.a, failure: nil), [.cancelTimer(F.t(F.b, 1)), .resubscribeOnServer(F.c)]),
                .init(
                    .resubscribed(channel: F.c, failure: "boom"),
                    [.publishError(channel: F.c, message: "boom", operation: .subscribe)]),
            ], [F.a: .active(consumers: 1), F.c: .active(consumers: 1)]),
        .init("connection restored with no channel: nothing to do", [.init(.connected)], [:]),
        .init(
            "destroy: timers cancelled, torn down once, everything after ignored",
            F.create(F.a) + F.create(F.b) + [
                .init(.unsubscribeRequested(channel: F.a), [.startTimer(F.t(F.a, 1), .seconds(3))]),
                .init(.unsubscribeRequested(channel: F.b), [.startTimer(F.t(F.b, 2), .seconds(3))]),
                .init(
                    F.system(["eip155:1"], "up"),
                    [.publishChainStatus(.init(chainIds: ["eip155:1"], status: .up, timestamp: 5))]),
                .init(.destroyRequested, [.cancelTimer(F.t(F.a, 1)), .cancelTimer(F.t(F.b, 2)), .tearDown]),
                .init(.destroyRequested),
                .init(.timerFired(F.t(F.a, 1))),
                .init(.subscribeRequested(F.oneMinute)),
                .init(.unsubscribeRequested(channel: F.a)),
                .init(.connected),
                .init(.disconnected(now: 9)),
                .init(F.system(["eip155:1"], "up")),
                .init(.barReceived(channel: F.a, F.bar)),
                .init(.barRejected(channel: F.a, message: "bad")),
            ], [:]),
        .init(
            "destroy during a cleanup attempt: a late success is ignored, a late failure still reported",
            F.intoCleanup(F.a) + [
                .init(.destroyRequested, [.tearDown]),
                .init(
                    .unsubscribed(channel: F.a, failure: "late"),
                    [.publishError(channel: F.a, message: "late", operation: .unsubscribe)]),
                .init(.unsubscribed(channel: F.a, failure: nil)),
            ], [:]),
        .init(
            "destroy while creating: the late success does not resurrect the channel",
            [
                .init(.subscribeRequested(F.oneMinute), [.createOnServer(F.a)]),
                .init(.destroyRequested, [.tearDown]),
                .init(.created(channel: F.a, failure: nil)),
            ], [:]),
    ]
}

/// A named list of steps and the channel table expected at the end (no operation left running).
struct MachineScenario: Sendable, CustomTestStringConvertible {
    let name: String
    let steps: [MachineStep]
    let channels: [String: OHLCVChannelMachine.Phase]
    var testDescription: String { name }

    init(_ name: String, _ steps: [MachineStep], _ channels: [String: OHLCVChannelMachine.Phase]) {
        self.name = name
        self.steps = steps
        self.channels = channels
    }
}

/// One event and the exact actions it must return (none unless given).
struct MachineStep: Sendable {
    let event: OHLCVChannelMachine.Event
    let actions: [OHLCVChannelMachine.Action]

    init(_ event: OHLCVChannelMachine.Event, _ actions: [OHLCVChannelMachine.Action] = []) {
        self.event = event
        self.actions = actions
    }
}
