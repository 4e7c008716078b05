import Testing

@testable import CoreBackendRuntime

/// The cache's transitions without a client, clock or socket: feed one, `#expect` the action.
@Suite("CacheState transitions return actions")
struct CacheStateTests {
    private let key: QueryKey = ["state", "entry"]

    private func query(stale: Duration = .seconds(30), gc: Duration = .seconds(300)) -> QueryOptions<Int> {
        QueryOptions(queryKey: key, staleTime: stale, gcTime: gc) { 1 }
    }

    private func observe(_ state: inout CacheState, now: Duration = .zero) -> (UInt64, CacheAction) {
        let options = query()
        let observer = EntryObserver { _ in }
        let (id, _, action) = state.addObserver(observer, for: options, query: ErasedQuery(options), now: now)
        return (id, action)
    }

    @Test("observing a missing entry asks for one fetch and notifies nobody")
    func observeStartsFetch() {
        var state = CacheState()
        let (_, action) = observe(&state)
        #expect(action.launches.count == 1)
        #expect(action.launches.first?.key == key)
        #expect(action.notifications.isEmpty && action.resumptions.isEmpty && action.cancellations.isEmpty)
        #expect(state.entries[key]?.fetch?.id == action.launches.first?.fetchID)
    }

    @Test("a fetch task attaches while its fetch is current, not after the fetch was cleared")
    func attachOnlyToCurrentFetch() {
        var state = CacheState()
        let current = observe(&state).1.launches[0]
        let attached = state.attach(fetchTask: Task {}, key: key, fetchID: current.fetchID)
        #expect(attached)

        var cleared = CacheState()
        let launch = observe(&cleared).1.launches[0]
        _ = cleared.clear(now: .zero)  // the observed entry survives, its fetch does not
        let attachedAfterClear = cleared.attach(fetchTask: Task {}, key: key, fetchID: launch.fetchID)
        #expect(!attachedAfterClear)
    }

    @Test("completion notifies observers with the data and arms no timer for an observed entry")
    func completeObserved() {
        var state = CacheState()
        let launch = observe(&state).1.launches[0]
        let action = state.complete(key: key, fetchID: launch.fetchID, with: .success(5), now: .seconds(1))
        #expect(action.notifications.count == 1)
        #expect(action.notifications.first?.1.data as? Int == 5)
        #expect(action.timers.isEmpty)
        #expect(state.entries[key]?.fetch == nil)
    }

    @Test("a stale completion (another fetch id) changes nothing")
    func staleCompletion() {
        var state = CacheState()
        let launch = observe(&state).1.launches[0]
        let action = state.complete(key: key, fetchID: launch.fetchID &+ 100, with: .success(5), now: .zero)
        #expect(action.notifications.isEmpty)
        #expect(state.entries[key]?.fetch?.id == launch.fetchID)
    }

    @Test("setting data on an idle entry arms one gc timer; observing disarms it and cancels its task")
    func timerArmAndDisarm() {
        var state = CacheState()
        let armed = state.setData(1, for: key, defaultGCTime: .seconds(300), now: .zero)
        #expect(armed.timers.count == 1)
        #expect(armed.timers.first?.delay == .seconds(300))
        let timer = armed.timers[0]
        let task = Task<Void, Never> {}
        let attached = state.attach(timerTask: task, key: key, timerID: timer.timerID)
        #expect(attached)
        let refreshed = state.setData(2, for: key, defaultGCTime: .seconds(300), now: .zero)
        #expect(refreshed.timers.isEmpty)

        let (_, observed) = observe(&state)
        #expect(observed.cancellations.count == 1)
        #expect(state.entries[key]?.gcTimerID == nil)
        // The disarmed timer firing later is a no-op.
        let lateFiring = state.collectGarbage(key: key, timerID: timer.timerID, now: .seconds(999))
        #expect(lateFiring.timers.isEmpty)
        #expect(state.entries[key] != nil)
    }

    @Test("a timer for an entry used since re-arms for the remainder; an unused one removes the entry")
    func collectGarbage() {
        var state = CacheState()
        let first = state.setData(1, for: key, defaultGCTime: .seconds(100), now: .zero).timers[0]
        state.entries[key]?.lastUsedAt = .seconds(60)
        let rearmed = state.collectGarbage(key: key, timerID: first.timerID, now: .seconds(100))
        #expect(rearmed.timers.first?.delay == .seconds(60))
        let second = rearmed.timers[0]
        let staleAttached = state.attach(timerTask: Task {}, key: key, timerID: first.timerID)
        #expect(!staleAttached)
        let collected = state.collectGarbage(key: key, timerID: second.timerID, now: .seconds(160))
        #expect(collected.timers.isEmpty)
        #expect(state.entries[key] == nil)
    }

    @Test("removing an observer's entry by prefix is refused; the last observer leaving arms a timer")
    func removeAndUnobserve() {
        var state = CacheState()
        let (id, action) = observe(&state)
        _ = state.complete(key: key, fetchID: action.launches[0].fetchID, with: .success(1), now: .zero)
        let refused = state.remove(matching: ["state"])
        #expect(refused.cancellations.isEmpty)
        #expect(state.entries[key] != nil)
        let left = state.removeObserver(id, from: key, now: .seconds(2))
        #expect(left.timers.count == 1)
        let removed = state.remove(matching: ["state"])
        #expect(removed.cancellations.isEmpty)  // the timer was armed but its task not started
        #expect(state.entries[key] == nil)
    }
}
