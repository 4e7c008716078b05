import CoreBackendRuntime
public import Observation

/// An `@Observable` view of which chains the backend tracks in real time, for SwiftUI: follows
/// ``AccountActivityService/chainStatusUpdates()`` from creation until it is released (or ``stop()``).
///
/// ```swift
/// struct ChainBadge: View {
///     @State var chains = ChainStatusObserver(service: accountActivity)
///     let chainId: String
///     var body: some View {
///         Text(chains.status(of: chainId) == .up ? "Live" : "Polling")
///     }
/// }
/// ```
@available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class ChainStatusObserver {
    /// The status of every chain reported so far, by CAIP-2 chain id (e.g. `eip155:1`).
    public private(set) var statuses: [String: ChainStatus]

    @ObservationIgnored private let subscription = ObserverSubscription()

    /// Starts following `service`'s chain statuses, seeded with the current ones.
    public init(service: AccountActivityService) {
        statuses = service.chainStatuses
        let updates = service.chainStatusUpdates()
        subscription.replace(
            with: Task { @MainActor [weak self] in
                for await statuses in updates {
                    guard let self, !Task.isCancelled else { return }  // stopped: nothing after stop() lands
                    if self.statuses != statuses { self.statuses = statuses }
                }
            })
    }

    deinit {
        subscription.cancel()
    }

    /// The status of `chainId`, or `nil` when the backend has not reported it.
    public func status(of chainId: String) -> ChainStatus? { statuses[chainId] }

    /// The chains reported `up`, sorted.
    public var upChainIds: [String] { statuses.filter { $0.value == .up }.map(\.key).sorted() }

    /// Stops following the service; the last statuses stay readable.
    public func stop() { subscription.cancel() }
}
