import CoreBackendRuntime
import CoreBackendTesting
import Testing

@testable import CoreBackend

/// The bug class of the old lock-per-field table (a decrement through a re-lookup that then tested a stale
/// copy, timers identified by a token read at the wrong moment) and invariants over random event sequences.
@Suite("OHLCVChannelMachine: reference counts and invariants")
struct OHLCVChannelMachineInvariantTests {
    typealias Machine = OHLCVChannelMachine
    typealias F = MachineFixture

    @Test(
        "n consumers: only the n-th unsubscribe starts the grace timer, exactly once; extra ones do nothing",
        arguments: 1...5)
    func lastConsumerExactlyOnce(consumers: Int) {
        var machine = F.machine()
        _ = machine.handle(.subscribeRequested(F.oneMinute))
        _ = machine.handle(.created(channel: F.a, failure: nil))
        for _ in 1..<consumers { #expect(machine.handle(.subscribeRequested(F.oneMinute)).isEmpty) }
        var counts: [Int] = []
        var timers: [Machine.Action] = []
        for _ in 0..<(consumers + 2) {
            timers += machine.handle(.unsubscribeRequested(channel: F.a))
            counts.append(machine.consumerCount(of: F.a))
        }
        #expect(counts == Array((0..<consumers).reversed()) + [0, 0])
        #expect(timers == [.startTimer(F.t(F.a, 1), .seconds(3))])
        #expect(machine.channels[F.a]?.phase == .grace)
    }

    @Test("a grace timer from before a revive never expires the channel; the new one does")
    func staleGraceTimer() {
        var machine = F.machine()
        for step in F.inGrace(F.a) { _ = machine.handle(step.event) }
        _ = machine.handle(.subscribeRequested(F.oneMinute))
        _ = machine.handle(.serverSubscriptionChecked(channel: F.a, exists: true))
        #expect(machine.handle(.unsubscribeRequested(channel: F.a)) == [.startTimer(F.t(F.a, 2), .seconds(3))])
        #expect(machine.handle(.timerFired(F.t(F.a, 1))).isEmpty)
        #expect(machine.channels[F.a]?.phase == .grace)
        #expect(machine.handle(.timerFired(F.t(F.a, 2))) == [.startTimer(F.t(F.a, 3), .zero)])
    }

    @Test("results that do not belong to the running operation are ignored and change nothing")
    func foreignResults() {
        var machine = F.machine()
        for step in F.intoCleanup(F.a) { _ = machine.handle(step.event) }
        let before = machine
        let foreign: [Machine.Event] = [
            .unsubscribed(channel: F.b, failure: nil), .serverSubscriptionChecked(channel: F.a, exists: true),
            .created(channel: F.a, failure: nil), .resubscribed(channel: F.a, failure: nil),
            .connectionChecked(.connected),
        ]
        for event in foreign { #expect(machine.handle(event).isEmpty, "\(event)") }
        #expect(machine.channels == before.channels && machine.operation == before.operation)
    }

    @Test("random event sequences keep the table consistent", arguments: 0..<40)
    func randomWalk(seed: UInt64) {
        var walk = RandomWalk(seed: seed)
        for _ in 0..<300 { walk.step() }
    }
}

/// Drives the machine as the service would (one operation at a time; destroy, disconnect, notifications
/// and bars at any moment; results chosen at random) and checks the invariants after every event.
private struct RandomWalk {
    typealias Machine = OHLCVChannelMachine
    typealias F = MachineFixture

    var machine = F.machine()
    var random: SplitMix64
    /// Timers started and neither cancelled nor fired.
    var armed: Set<Machine.TimerID> = []
    var spent: [Machine.TimerID] = []
    var pendingCall: Machine.Action?

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func step() {
        let options = [F.oneMinute, F.oneHour, F.oneDay]
        let channel = options[random.below(3)].channel
        let event: Machine.Event
        switch random.below(pendingCall == nil ? 12 : 8) {
        case 0: event = .disconnected(now: 1)
        case 1: event = F.system([["eip155:1", "eip155:2"][random.below(2)]], random.below(2) == 0 ? "up" : "down")
        case 2: event = .barReceived(channel: channel, F.bar)
        case 3: event = random.below(30) == 0 ? .destroyRequested : .barRejected(channel: channel, message: "bad")
        case 4...7 where pendingCall != nil: event = result(of: pendingCall!)
        case 4, 5: event = .subscribeRequested(options[random.below(3)])
        case 6, 7: event = .unsubscribeRequested(channel: channel)
        case 8: event = .connected
        case 9: event = spent.isEmpty ? .connected : .timerFired(spent[random.below(spent.count)])
        default:
            let timers = armed.sorted { $0.serial < $1.serial }  // not Set order: a seed must replay
            event = timers.isEmpty ? .connected : .timerFired(timers[random.below(timers.count)])
        }
        send(event)
    }

    mutating func send(_ event: Machine.Event) {
        if case .timerFired(let timer) = event, armed.remove(timer) == nil {
            #expect(machine.handle(event).isEmpty, "a stale timer acted: \(event)")
            return
        }
        if case .timerFired(let timer) = event { spent.append(timer) }
        let calls = Self.isResult(event) ? nil : pendingCall
        let actions = machine.handle(event)
        if Self.isResult(event) { pendingCall = nil }
        for (index, action) in actions.enumerated() {
            switch action {
            case .startTimer(let timer, _):
                #expect(armed.insert(timer).inserted, "timer started twice")
            case .cancelTimer(let timer):
                #expect(armed.remove(timer) != nil, "cancelled a timer that was not armed")
                spent.append(timer)
            case .checkServerSubscription, .unsubscribeOnServer, .createOnServer, .resubscribeOnServer,
                .checkConnection:
                #expect(index == actions.count - 1, "a server call must be the last action")
                #expect(calls == nil, "a second server call while one is in flight")
                pendingCall = action
            default:
                break
            }
        }
        checkInvariants()
    }

    func checkInvariants() {
        #expect(Set(machine.order) == Set(machine.channels.keys) && machine.order.count == machine.channels.count)
        for (name, channel) in machine.channels {
            #expect(machine.consumerCount(of: name) >= 0)
            if let timer = channel.timer { #expect(armed.contains(timer) && timer.channel == name) }
            switch channel.phase {
            case .active(let consumers): #expect(consumers >= 1 && channel.timer == nil)
            case .grace: #expect(channel.timer != nil)
            case .cleanup: #expect(channel.timer != nil || machine.operation == .retrying(channel: name))
            case .held: #expect(machine.operation != nil && channel.timer == nil)
            }
        }
        if machine.isDestroyed { #expect(machine.channels.isEmpty && armed.isEmpty && machine.upChains.isEmpty) }
        if machine.operation == nil { #expect(pendingCall == nil || machine.isDestroyed) }
    }

    mutating func result(of call: Machine.Action) -> Machine.Event {
        let failure = random.below(3) == 0 ? "failed" : nil
        switch call {
        case .checkServerSubscription(let channel):
            return .serverSubscriptionChecked(channel: channel, exists: random.below(2) == 0)
        case .unsubscribeOnServer(let channel): return .unsubscribed(channel: channel, failure: failure)
        case .createOnServer(let channel): return .created(channel: channel, failure: failure)
        case .resubscribeOnServer(let channel): return .resubscribed(channel: channel, failure: failure)
        default: return .connectionChecked([.connected, .disconnected, nil][random.below(3)])
        }
    }

    static func isResult(_ event: Machine.Event) -> Bool {
        switch event {
        case .serverSubscriptionChecked, .unsubscribed, .created, .resubscribed, .connectionChecked: true
        default: false
        }
    }
}

extension SplitMix64 {
    /// A number in `0..<bound`, so a failing walk replays from its seed.
    fileprivate mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}
