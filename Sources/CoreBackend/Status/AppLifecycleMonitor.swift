public import CoreBackendRuntime

#if canImport(Network)
    internal import Dispatch
    internal import Network
#endif

/// Forwards the app's foreground state and network reachability to a ``QueryClient`` and any
/// ``BackendWebSocketService``s: focus refetches stale observed queries, a lost network pauses fetches
/// and reconnects, and its return resumes them and reconnects the socket at once.
///
/// The forwarding is plain Swift that runs (and is tested) everywhere; on Apple platforms two opt-in
/// hooks feed it: ``startMonitoringNetwork()`` (`NWPathMonitor`) and the SwiftUI modifier
/// `.appLifecycle(_:)` (scene phase). Elsewhere call ``networkChanged(isReachable:)`` and
/// ``sceneChanged(isActive:)`` yourself.
///
/// ```swift
/// @main struct WalletApp: App {
///     let lifecycle = AppLifecycleMonitor(queryClient: api.queryClient, webSockets: [webSocketService])
///     init() { lifecycle.startMonitoringNetwork() }
///     var body: some Scene { WindowGroup { ContentView().appLifecycle(lifecycle) } }
/// }
/// ```
public final class AppLifecycleMonitor: Sendable {
    /// The cache told about focus and the network.
    public let queryClient: QueryClient
    /// The sockets told about the network.
    public let webSockets: [BackendWebSocketService]
    #if canImport(Network)
        /// Locked: `NWPathMonitor` is not declared `Sendable` on every SDK.
        private let monitor = Locked<NWPathMonitor?>(nil)
    #endif

    /// Creates a monitor; nothing is observed until a hook feeds it.
    public init(queryClient: QueryClient, webSockets: [BackendWebSocketService] = []) {
        self.queryClient = queryClient
        self.webSockets = webSockets
    }

    /// The network became reachable or unreachable.
    public func networkChanged(isReachable: Bool) {
        queryClient.setOnline(isReachable)
        for socket in webSockets { socket.setOnline(isReachable) }
    }

    /// The app's scene became active (foreground) or stopped being active.
    public func sceneChanged(isActive: Bool) {
        queryClient.setFocused(isActive)
    }

    #if canImport(Network)
        /// Starts following `NWPathMonitor` (Apple platforms only; once); stops when this is released.
        public func startMonitoringNetwork() {
            let started = NWPathMonitor()
            started.pathUpdateHandler = { [weak self] path in
                self?.networkChanged(isReachable: path.status == .satisfied)
            }
            let isFirst = monitor.withLock { current -> Bool in
                guard current == nil else { return false }
                current = started
                return true
            }
            guard isFirst else { return }
            started.start(queue: DispatchQueue(label: "CoreBackend.AppLifecycleMonitor"))
        }

        deinit { monitor.withLock { $0?.cancel() } }
    #endif
}
