import CoreBackendRuntime
import Testing

/// The keepalive rule both WebSocket transports use, stepped through with fixed instants.
@Suite("WebSocketKeepaliveTracker: when to ping and when to give up")
struct WebSocketKeepaliveTrackerTests {
    let policy = WebSocketKeepalive(idleInterval: .seconds(30), pongTimeout: .seconds(10))

    @Test("idle: wait out the interval, ping, then expire when nothing arrives within pongTimeout")
    func silentPeerExpires() {
        let start = ContinuousClock.now
        var tracker = WebSocketKeepaliveTracker(now: start)
        #expect(tracker.step(at: start + .seconds(12), policy: policy) == .check(after: .seconds(18)))
        #expect(tracker.step(at: start + .seconds(30), policy: policy) == .ping)
        #expect(tracker.pingSentAt == start + .seconds(30))
        #expect(tracker.step(at: start + .seconds(34), policy: policy) == .check(after: .seconds(6)))
        #expect(tracker.step(at: start + .seconds(40), policy: policy) == .expire)
    }

    @Test("anything received after the ping answers it; traffic postpones the next ping")
    func trafficAnswersThePing() {
        let start = ContinuousClock.now
        var tracker = WebSocketKeepaliveTracker(now: start)
        #expect(tracker.step(at: start + .seconds(30), policy: policy) == .ping)
        tracker.lastReceived = start + .seconds(31)
        #expect(tracker.step(at: start + .seconds(40), policy: policy) == .check(after: .seconds(21)))
        #expect(tracker.pingSentAt == nil)
        tracker.lastReceived = start + .seconds(55)
        #expect(tracker.step(at: start + .seconds(61), policy: policy) == .check(after: .seconds(24)))
    }
}
