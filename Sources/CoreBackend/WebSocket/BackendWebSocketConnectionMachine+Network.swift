extension BackendWebSocketConnectionMachine {
    /// The network went away or came back (`setOnline(_:)`).
    ///
    /// Going offline cancels a pending reconnect timer and marks the reconnect as due when the network
    /// returns; while offline, closes and failed attempts schedule no timer and spend no attempt. Coming
    /// back starts that reconnect at once, with the backoff reset (the failures were the network's, not
    /// the server's). An open socket or an attempt in progress is left alone either way: the transport
    /// reports whether it survives.
    mutating func networkChanged(isOnline online: Bool, isEnabled: Bool) -> [Action] {
        let wasOnline = isOnline
        isOnline = online
        guard !isDestroyed, online != wasOnline else { return [] }
        guard online else {
            guard reconnectTimer != nil else { return [] }
            reconnectWhenOnline = true
            return cancelTimer(\.reconnectTimer)
        }
        guard reconnectWhenOnline, phase == .idle else { return [] }
        reconnectWhenOnline = false
        backoff.reset()
        guard isEnabled else {
            reconnectAttempts = 0
            return []
        }
        reconnectAttempts += 1
        return startAttempt(waiters: [])
    }

    /// What a connection-status view shows, derived from the machine.
    var status: WebSocketConnectionStatus {
        WebSocketConnectionStatus(
            state: state, isOnline: isOnline, reconnectAttempts: reconnectAttempts,
            isReconnectPending: reconnectTimer != nil || reconnectWhenOnline, isAttemptInProgress: isAttempting,
            nextReconnectAt: reconnectTimer != nil ? reconnectDueAt : nil, lastError: lastError)
    }

    private var isAttempting: Bool {
        switch phase {
        case .authenticating, .opening: true
        case .idle, .open, .closing: false
        }
    }
}
