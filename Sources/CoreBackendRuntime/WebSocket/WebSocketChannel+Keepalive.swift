import Dispatch

extension WebSocketChannel {
    /// Starts the keepalive timer, if there is a policy; called by the read loop as it starts.
    ///
    /// The timer costs nothing per message: the read loop stores a timestamp per read, and the timer
    /// wakes once per idle interval while traffic flows (on a Dispatch queue, off the cooperative pool).
    func startKeepalive() {
        guard let keepalive else { return }
        lifecycle.withLock { $0.keepaliveTracker = WebSocketKeepaliveTracker() }
        scheduleKeepaliveCheck(after: keepalive.idleInterval)
    }

    private func scheduleKeepaliveCheck(after delay: Duration) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay.dispatchInterval) { [weak self] in
            self?.checkKeepalive()
        }
    }

    /// Pings after `idleInterval` without traffic; ends the connection if `pongTimeout` passes after the
    /// ping with nothing received, whether or not the ping could be written.
    private func checkKeepalive() {
        guard let keepalive else { return }
        let now = ContinuousClock.now
        // Stopped reading for back-pressure: the peer is sending, it is we who do not read.
        let pausedByConsumer = events.producerIsWaiting
        let step = lifecycle.withLock { state -> WebSocketKeepaliveTracker.Step? in
            guard state.closeInfo == nil, state.failureReason == nil else { return nil }
            if pausedByConsumer { state.keepaliveTracker.lastReceived = now }
            return state.keepaliveTracker.step(at: now, policy: keepalive)
        }
        switch step {
        case nil:
            return
        case .check(let delay):
            scheduleKeepaliveCheck(after: delay)
        case .ping:
            // The verdict is scheduled before the ping is written and does not depend on it: a write
            // stuck behind a peer that does not read (or a closing handshake that forbids the ping)
            // must not keep a silent connection alive.
            scheduleKeepaliveCheck(after: keepalive.pongTimeout)
            try? send(opcode: .ping, payload: UnsafeRawBufferPointer(start: nil, count: 0))
        case .expire:
            end(reason: "keepalive timeout")
        }
    }
}
