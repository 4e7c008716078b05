import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// A value whose decoding records whether it ran on the main actor's executor.
struct DecodeProbe: Decodable, Sendable {
    let value: Int
    let decodedOnMainQueue: Bool

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decode(Int.self, forKey: .value)
        decodedOnMainQueue = MainQueueProbe.isOnMainQueue
    }

    private enum CodingKeys: String, CodingKey { case value }
}

/// ``eventually(within:_:)`` for main-actor state: polls on the main actor, for up to 10 seconds.
@MainActor
func mainActorEventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<10_000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

@Suite("QueryClient runs on the caller's executor")
@MainActor
struct QueryClientIsolationTests {
    @Test("a @MainActor miss decodes in the fetch task, off the main actor, and resumes on the main actor")
    func missDecodesOffMainActor() async throws {
        #expect(MainQueueProbe.isOnMainQueue, "control: the test runs on the main queue")
        let cache = QueryClient()
        // Decodes without suspending: a fetch started with Task.immediate would decode on the main actor.
        let query = QueryOptions<DecodeProbe>(queryKey: ["probe"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            try JSONDecoder().decode(DecodeProbe.self, from: Data(#"{"value":1}"#.utf8))
        }
        let probe = try await cache.fetchQuery(query)
        #expect(probe.value == 1)
        #expect(!probe.decodedOnMainQueue)
        #expect(MainQueueProbe.isOnMainQueue)
    }

    @Test("a @MainActor cache hit completes without a suspension: no other main-actor job runs meanwhile")
    func hitDoesNotSuspend() async throws {
        let cache = QueryClient()
        cache.setCachedData(["hit"], 7)
        let query = QueryOptions<Int>(queryKey: ["hit"], staleTime: .seconds(30), gcTime: .seconds(300)) { 0 }
        let infinite = InfiniteQueryOptions<Int>(
            queryKey: ["pages"], defaultStaleTime: .seconds(30), defaultGCTime: .seconds(300), overrides: nil,
            initialPageParam: nil, nextPageParam: { _ in nil }, pageFunction: { _ in 1 })
        _ = try await cache.fetchInfiniteQuery(infinite)
        let probe = InterleavingProbe()
        for _ in 0..<100 {
            #expect(try await cache.fetchQuery(query) == 7)
            #expect(try await cache.fetchInfiniteQuery(infinite).pages == [1])
        }
        #expect(!probe.ran, "a hit suspended and let another main-actor job run")
        await Task.yield()
        #expect(probe.ran, "control: the job runs once the main actor suspends")
    }

    @Test("1,000 concurrent @MainActor callers share one fetch and all get its value")
    func mainActorFanIn() async throws {
        let cache = QueryClient()
        let fetcher = Fetcher()
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["fan", "in"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            await gate.wait()
            return try fetcher.fetch()
        }
        let call: @MainActor @Sendable () async throws -> Int = { try await cache.fetchQuery(query) }
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 { group.addTask(operation: call) }
            #expect(await mainActorEventually { cache.isFetching(["fan"]) })
            gate.open()
            var values: [Int] = []
            while let value = try await group.next() { values.append(value) }
            return values
        }
        #expect(values.count == 1_000 && values.allSatisfy { $0 == 1 })
        #expect(fetcher.calls == 1)
    }

    @Test("every waiter of one fetch is answered by it (the order they resume in is WaiterListTests')")
    func waitersResumeInOrder() async throws {
        let cache = QueryClient()
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["ordered"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            await gate.wait()
            return 1
        }
        let order = OrderLog()
        let tasks = (0..<50).map { index in
            Task { @MainActor in
                order.started.append(index)
                _ = try await cache.fetchQuery(query)
                order.finished.append(index)
            }
        }
        #expect(await mainActorEventually { order.started.count == 50 })
        gate.open()
        for task in tasks { try await task.value }
        // Resumed in registration order (WaiterListTests); when each runs is the main actor's business.
        #expect(order.finished.sorted() == order.started.sorted() && order.finished.count == 50)
    }

    @Test("a cancelled @MainActor caller stops waiting; the fetch goes on for the others")
    func mainActorCancellation() async throws {
        let cache = QueryClient()
        let gate = AsyncGate()
        let query = QueryOptions<Int>(queryKey: ["slow"], staleTime: .seconds(30), gcTime: .seconds(300)) {
            await gate.wait()
            return 5
        }
        let cancelled = Task { @MainActor in try await cache.fetchQuery(query) }
        let kept = Task { @MainActor in try await cache.fetchQuery(query) }
        #expect(await mainActorEventually { cache.isFetching(["slow"]) })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        gate.open()
        #expect(try await kept.value == 5)
    }
}

/// The order in which main-actor callers started and finished.
@MainActor
final class OrderLog {
    var started: [Int] = []
    var finished: [Int] = []
}
