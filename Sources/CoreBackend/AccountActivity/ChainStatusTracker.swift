import CoreBackendRuntime

/// Tracks which chains are up and debounces system notifications into `statusChanged` events.
///
/// Notifications are buffered per chain (latest status wins, first-appearance order) and flushed
/// 1000 ms + jitter (0–1000 ms, so clients do not react in lockstep) after the **last** one: first
/// the `up` group, then the `down` group, then any unknown status. A disconnect cancels the flush and
/// reports every known chain `down` at once.
final class ChainStatusTracker: Sendable {
    private struct State {
        var upChains: [String] = []
        var buffer: [(chainId: String, status: ChainStatus)] = []
        var flushTimer: Task<Void, Never>?
        var generation: UInt64 = 0
        /// The last published status of every chain, for ``statuses``.
        var published: [String: ChainStatus] = [:]
    }

    static let debounce: Duration = .milliseconds(1000)

    private let state = Locked(State())
    private let clock: QueryClock
    private let random: RandomSource
    private let publish: @Sendable (ChainStatusChange) -> Void
    /// The published status of every chain seen, as a stream for observers.
    let statuses = StatusBroadcaster<[String: ChainStatus]>([:])

    init(clock: QueryClock, random: RandomSource, publish: @escaping @Sendable (ChainStatusChange) -> Void) {
        self.clock = clock
        self.random = random
        self.publish = publish
    }

    /// Records a system notification and (re)starts the debounce timer.
    func record(_ notification: SystemNotification) {
        let delay = Self.debounce + .milliseconds(1000) * random.next()
        state.withLock { state in
            notification.update(upChains: &state.upChains)
            for chainId in notification.chainIds {
                if let index = state.buffer.firstIndex(where: { $0.chainId == chainId }) {
                    state.buffer[index].status = notification.status
                } else {
                    state.buffer.append((chainId, notification.status))
                }
            }
            state.flushTimer?.cancel()
            state.generation += 1
            let generation = state.generation
            state.flushTimer = Task { [clock, weak self] in
                do { try await clock.sleep(for: delay) } catch { return }
                self?.flush(generation: generation)
            }
        }
    }

    /// Publishes the buffered changes, unless a newer notification or a disconnect superseded this timer.
    private func flush(generation: UInt64) {
        let buffered = state.withLock { state -> [(chainId: String, status: ChainStatus)] in
            guard state.generation == generation else { return [] }
            state.flushTimer = nil
            defer { state.buffer = [] }
            for entry in state.buffer { state.published[entry.chainId] = entry.status }
            self.statuses.update(state.published)
            return state.buffer
        }
        var statuses: [ChainStatus] = [.up, .down]
        for entry in buffered where !statuses.contains(entry.status) { statuses.append(entry.status) }
        for status in statuses {
            let chainIds = buffered.filter { $0.status == status }.map(\.chainId)
            if !chainIds.isEmpty { publish(ChainStatusChange(chainIds: chainIds, status: status)) }
        }
    }

    /// The connection dropped: cancel the flush, drop the buffer and report every known chain down.
    func disconnected(at timestamp: Double) {
        let chainIds = state.withLock { state -> [String] in
            cancelTimer(&state)
            var chainIds = state.upChains
            for entry in state.buffer where !chainIds.contains(entry.chainId) { chainIds.append(entry.chainId) }
            state.buffer = []
            state.upChains = []
            for chainId in chainIds { state.published[chainId] = .down }
            self.statuses.update(state.published)
            return chainIds
        }
        if !chainIds.isEmpty { publish(ChainStatusChange(chainIds: chainIds, status: .down, timestamp: timestamp)) }
    }

    /// Cancels a pending flush (destroy); buffered changes are dropped.
    func cancel() {
        state.withLock { state in
            cancelTimer(&state)
            state.buffer = []
        }
    }

    private func cancelTimer(_ state: inout State) {
        state.flushTimer?.cancel()
        state.flushTimer = nil
        state.generation += 1
    }
}
