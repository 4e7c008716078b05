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
        #expect(action.sweeper == nil)
        #expect(state.entries[key]?.gcTimerID == nil)
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

    @Test(
        "setting data on an idle entry arms its timer and starts the sweeper; observing disarms it, stopping the sweeper"
    )
    func timerArmAndDisarm() throws {
        var state = CacheState()
        let armed = state.setData(1, for: key, defaultGCTime: .seconds(300), now: .zero)
        let sweeper = try #require(armed.sweeper)
        #expect(sweeper.delay == .seconds(300))
        let task = Task<Void, Never> {}
        let attached = state.attach(sweeper: task, generation: sweeper.generation)
        #expect(attached)
        let refreshed = state.setData(2, for: key, defaultGCTime: .seconds(300), now: .zero)
        #expect(refreshed.sweeper == nil && refreshed.cancellations.isEmpty)

        let (_, observed) = observe(&state)
        #expect(observed.cancellations.count == 1, "the last armed timer disarmed: the sweeper is cancelled")
        #expect(state.entries[key]?.gcTimerID == nil)
        // The retired sweeper waking later is a no-op.
        let lateWake = state.sweep(generation: sweeper.generation, now: .seconds(999))
        #expect(lateWake.sweeper == nil)
        #expect(state.entries[key] != nil)
    }

    @Test("a timer for an entry used since re-arms for the remainder; an unused one removes the entry")
    func collectGarbage() throws {
        var state = CacheState()
        let first = try #require(state.setData(1, for: key, defaultGCTime: .seconds(100), now: .zero).sweeper)
        state.entries[key]?.lastUsedAt = .seconds(60)
        let rearmed = state.sweep(generation: first.generation, now: .seconds(100))
        let second = try #require(rearmed.sweeper)
        #expect(second.delay == .seconds(60))
        let staleAttached = state.attach(sweeper: Task {}, generation: first.generation)
        #expect(!staleAttached)
        let collected = state.sweep(generation: second.generation, now: .seconds(160))
        #expect(collected.sweeper == nil)
        #expect(state.entries[key] == nil)
        #expect(state.garbageCollection.armedCount == 0)
    }

    @Test("one sweeper serves every timer: later deadlines arm none, an earlier one replaces it")
    func oneSweeperForAllTimers() throws {
        var state = CacheState()
        let first = try #require(state.setData(1, for: ["a"], defaultGCTime: .seconds(300), now: .zero).sweeper)
        let firstTask = Task<Void, Never> {}
        let attached = state.attach(sweeper: firstTask, generation: first.generation)
        #expect(attached)
        for index in 1...1_000 {
            let later = state.setData(
                index, for: ["n", .number(Double(index))], defaultGCTime: .seconds(300), now: .milliseconds(index))
            #expect(later.sweeper == nil && later.cancellations.isEmpty)
        }
        #expect(state.garbageCollection.armedCount == 1_001)
        // A shorter gc time due before the sweeper wakes: a new sweeper, the old one cancelled.
        let earlier = state.setData(0, for: ["short"], defaultGCTime: .seconds(10), now: .seconds(2))
        let replacement = try #require(earlier.sweeper)
        #expect(replacement.delay == .seconds(10))
        #expect(earlier.cancellations.count == 1)
        // Its wake-up collects only what is due, then sleeps until the next deadline.
        let woke = state.sweep(generation: replacement.generation, now: .seconds(12))
        #expect(state.entries[["short"]] == nil)
        #expect(state.entries.count == 1_001)
        #expect(woke.sweeper?.delay == .seconds(288))
        // At 300 s plus the last entry's offset everything else goes, and no sweeper is left.
        let next = try #require(woke.sweeper)
        let last = state.sweep(generation: next.generation, now: .seconds(301))
        #expect(state.entries.isEmpty)
        #expect(last.sweeper == nil)
        #expect(state.garbageCollection.armedCount == 0)
    }

    @Test("disarmed deadlines are dropped when they come up; the sweeper then sleeps until the live one")
    func disarmedDeadlinesAreDropped() throws {
        var state = CacheState()
        let sweeper = try #require(state.setData(1, for: ["a"], defaultGCTime: .seconds(10), now: .zero).sweeper)
        _ = state.setData(2, for: ["b"], defaultGCTime: .seconds(20), now: .zero)
        _ = state.remove(matching: ["a"])  // disarms a's timer; b's keeps the sweeper
        #expect(state.garbageCollection.armedCount == 1)
        let woke = state.sweep(generation: sweeper.generation, now: .seconds(10))
        #expect(state.entries[["b"]] != nil)
        #expect(woke.sweeper?.delay == .seconds(10))
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
        #expect(left.sweeper != nil)
        let removed = state.remove(matching: ["state"])
        #expect(removed.cancellations.isEmpty)  // the timer was armed but its task not started
        #expect(state.entries[key] == nil)
    }
}
