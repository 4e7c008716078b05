/// When a ``BuiltinWebSocketTransport`` connection checks that its peer is still there.
///
/// After ``idleInterval`` with nothing received, the client sends a ping; if nothing at all (the pong
/// or any other frame) arrives within ``pongTimeout`` after it, the connection is considered dead: it
/// ends with one `.closed` event (1006, reason `"keepalive timeout"`) and its socket is released, so a
/// silent or half-open server is noticed within `idleInterval + pongTimeout` (40 s by default).
///
/// ```swift
/// var configuration = BuiltinWebSocketTransport.Configuration()
/// configuration.keepalive = WebSocketKeepalive(idleInterval: .seconds(15), pongTimeout: .seconds(5))
/// configuration.keepalive = nil  // no pings: a silent server is noticed only by TCP keepalive
/// ```
///
/// While the consumer is not taking events fast enough and the connection has stopped reading for
/// back-pressure, the connection counts as alive (the server is sending; it is we who do not read).
public struct WebSocketKeepalive: Sendable, Hashable {
    /// How long nothing may arrive before a ping is sent. Default 30 s.
    public var idleInterval: Duration
    /// How long after the ping something must arrive before the connection is declared dead. Default 10 s.
    public var pongTimeout: Duration

    /// Creates a keepalive policy; both durations must be positive (smaller values are raised to 1 ms).
    public init(idleInterval: Duration = .seconds(30), pongTimeout: Duration = .seconds(10)) {
        self.idleInterval = max(idleInterval, .milliseconds(1))
        self.pongTimeout = max(pongTimeout, .milliseconds(1))
    }
}

/// One connection's keepalive bookkeeping and the decision a check makes from it: the one rule shared by
/// ``BuiltinWebSocketTransport`` and `URLSessionWebSocketTransport` connections.
package struct WebSocketKeepaliveTracker: Sendable {
    /// What a check decided.
    package enum Step: Equatable {
        /// Check again after this long.
        case check(after: Duration)
        /// Send a ping now (and check again after `pongTimeout`).
        case ping
        /// Nothing arrived within `pongTimeout` of the ping: the connection is dead.
        case expire
    }

    /// When something last arrived (or the connection counted as alive).
    package var lastReceived: ContinuousClock.Instant
    /// When the ping now awaiting an answer was sent.
    package private(set) var pingSentAt: ContinuousClock.Instant?

    /// Bookkeeping that counts the connection alive at `now`.
    package init(now: ContinuousClock.Instant = .now) {
        lastReceived = now
    }

    /// Pings after `idleInterval` without traffic; expires when `pongTimeout` passes after the ping
    /// with nothing received (anything received answers the ping, not only the pong).
    package mutating func step(at now: ContinuousClock.Instant, policy: WebSocketKeepalive) -> Step {
        if let sent = pingSentAt {
            if lastReceived >= sent {
                pingSentAt = nil
            } else if now - sent >= policy.pongTimeout {
                return .expire
            } else {
                return .check(after: policy.pongTimeout - (now - sent))
            }
        }
        let idle = now - lastReceived
        guard idle >= policy.idleInterval else { return .check(after: policy.idleInterval - idle) }
        pingSentAt = now
        return .ping
    }
}
