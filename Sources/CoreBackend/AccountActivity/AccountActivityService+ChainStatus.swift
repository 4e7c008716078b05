extension AccountActivityService {
    /// The status of every chain the backend reported, as published by `statusChanged` (debounced;
    /// every known chain turns `down` when the connection drops). Empty until the first report.
    public var chainStatuses: [String: ChainStatus] { statusTracker.statuses.value }

    /// ``chainStatuses`` now, then after every change, as long as you iterate (``ChainStatusObserver`` is
    /// the SwiftUI-ready form).
    public func chainStatusUpdates() -> AsyncStream<[String: ChainStatus]> {
        statusTracker.statuses.stream()
    }
}
