import CoreBackendRuntime
public import Foundation
public import Observation

/// An `@Observable` view of the real-time connection for SwiftUI: shows "live / reconnecting /
/// offline" without wiring messenger events.
///
/// It follows ``BackendWebSocketService/connectionStatusUpdates()`` from creation until it is released
/// (or ``stop()``); every property is observable.
///
/// ```swift
/// struct ConnectionBadge: View {
///     @State var connection = WebSocketConnectionObserver(service: webSocketService)
///     var body: some View {
///         switch connection.phase {
///         case .live: Label("Live", systemImage: "dot.radiowaves.left.and.right")
///         case .offline: Label("Offline", systemImage: "wifi.slash")
///         case .reconnecting: Text("Reconnecting…")
///         case .connecting, .disconnected: EmptyView()
///         }
///     }
/// }
/// ```
@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class WebSocketConnectionObserver {
    /// The latest snapshot.
    public private(set) var status: WebSocketConnectionStatus

    @ObservationIgnored private let subscription = ObserverSubscription()

    /// Starts following `service`'s connection status, seeded with its current one.
    public init(service: BackendWebSocketService) {
        status = service.connectionStatus
        let updates = service.connectionStatusUpdates()
        subscription.replace(
            with: Task { @MainActor [weak self] in
                for await status in updates {
                    guard let self, !Task.isCancelled else { return }  // stopped: nothing after stop() lands
                    if self.status != status { self.status = status }
                }
            })
    }

    deinit {
        subscription.cancel()
    }

    /// What to show: live, connecting, reconnecting, offline or disconnected.
    public var phase: WebSocketConnectionStatus.Phase { status.phase }

    /// The connection state.
    public var state: WebSocketConnectionState { status.state }

    /// Why the last attempt or connection ended, if it has not reconnected since.
    public var lastError: String? { status.lastError }

    /// When the next reconnect attempt starts, if one is scheduled on a timer.
    public var nextRetryDate: Date? { status.nextReconnectDate }

    /// Stops following the service; the last status stays readable.
    public func stop() { subscription.cancel() }
}
