import CoreBackendRuntime

extension BackendWebSocketService {
    /// Tells the service whether the network is reachable (the same hook as `QueryClient.setOnline(_:)`).
    ///
    /// While offline, a dropped connection or a failed attempt schedules no backoff timer and spends no
    /// reconnect attempt, and a pending reconnect timer is cancelled. When the network comes back, the
    /// service reconnects at once (no backoff wait) if it was reconnecting. Repeated calls with the same
    /// value do nothing. An open socket is left alone: the transport reports whether it survives.
    public func setOnline(_ online: Bool) {
        let isEnabled = online ? (options.isEnabled?() ?? true) : true
        submit { state, environment in
            state.apply(.networkChanged(isOnline: online, isEnabled: isEnabled), environment)
        }
    }

    /// Whether the network is reachable, as last told by ``setOnline(_:)`` (initially `true`).
    public var isOnline: Bool { state.withLock { $0.machine.isOnline } }

    /// The connection status now: state, network, pending reconnect and its time, last error.
    public var connectionStatus: WebSocketConnectionStatus { statusBroadcaster.value }

    /// The connection status now, then every change, as long as you iterate (``WebSocketConnectionObserver``
    /// is the SwiftUI-ready form).
    public func connectionStatusUpdates() -> AsyncStream<WebSocketConnectionStatus> {
        statusBroadcaster.stream()
    }
}
