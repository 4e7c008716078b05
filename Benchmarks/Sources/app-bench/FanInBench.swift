import CoreBackend
import CoreBackendTesting
import Foundation
import Synchronization

/// 10,000 concurrent identical `fetchV3SpotPrices` calls from a task group started on the main actor,
/// against a server that answers after 50 ms.
struct FanInBench: Sendable {
    /// One run's figures, in milliseconds from the group's start.
    struct Result: Sendable {
        var requests: Int
        var firstCall: Double
        var lastAnswer: Double
    }

    let backend: MockBackend
    let calls: Int

    /// Children isolated to the main actor: every call starts and is answered on the main actor.
    @MainActor
    func runOnMainActor() async throws -> Result {
        let client = ApiPlatformClient(clientProduct: "app-bench", baseURLs: backend.baseURLs)
        let firstCall = FirstCall()
        let child: @MainActor @Sendable () async throws -> UInt64 = {
            firstCall.record(monotonicNanoseconds())
            _ = try await client.prices.fetchV3SpotPrices(assetIds: HitBench.assetIds)
            return monotonicNanoseconds()
        }
        return try await run(child, firstCall: firstCall)
    }

    /// A group started on the main actor whose children are plain closures (nonisolated).
    @MainActor
    func runInheritingNothing() async throws -> Result {
        let client = ApiPlatformClient(clientProduct: "app-bench", baseURLs: backend.baseURLs)
        let firstCall = FirstCall()
        let child: @Sendable () async throws -> UInt64 = {
            firstCall.record(monotonicNanoseconds())
            _ = try await client.prices.fetchV3SpotPrices(assetIds: HitBench.assetIds)
            return monotonicNanoseconds()
        }
        return try await run(child, firstCall: firstCall)
    }

    /// The floor: the same group and children, awaiting a latch that opens 50 ms after the first call,
    /// with no SDK in between. What is left above it is the SDK's cost.
    @MainActor
    func runFloor() async throws -> Result {
        let latch = Latch()
        let firstCall = FirstCall()
        let child: @MainActor @Sendable () async throws -> UInt64 = {
            firstCall.record(monotonicNanoseconds())
            await latch.wait()
            return monotonicNanoseconds()
        }
        return try await run(child, firstCall: firstCall)
    }

    @MainActor
    private func run(_ child: @escaping @Sendable () async throws -> UInt64, firstCall: FirstCall) async throws
        -> Result
    {
        let before = backend.requestCount("prices", "V3SpotPrices")
        let start = monotonicNanoseconds()
        let last = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for _ in 0..<calls { group.addTask(operation: child) }
            var latest: UInt64 = 0
            while let finished = try await group.next() { latest = max(latest, finished) }
            return latest
        }
        return Result(
            requests: backend.requestCount("prices", "V3SpotPrices") - before,
            firstCall: Double(firstCall.time - start) / 1e6, lastAnswer: Double(last - start) / 1e6)
    }

    static func print(_ result: Result, label: String) {
        Swift.print(
            "\(label): \(result.requests) request(s), first call at \(format(result.firstCall)) ms, "
                + "last answer at \(format(result.lastAnswer)) ms "
                + "(\(format(result.lastAnswer - result.firstCall)) ms after the first call)")
    }
}

/// The earliest call of a run, from any thread.
final class FirstCall: Sendable {
    private let earliest = Mutex<UInt64>(.max)

    var time: UInt64 { earliest.withLock { $0 } }

    func record(_ now: UInt64) { earliest.withLock { $0 = min($0, now) } }
}

/// Waiters released together 50 ms after the first one arrived.
final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var isTimerStarted = false
        var waiters: [UnsafeContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    nonisolated(nonsending) func wait() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let startTimer = state.withLock { state -> Bool? in
                if state.isOpen { return nil }
                state.waiters.append(continuation)
                defer { state.isTimerStarted = true }
                return !state.isTimerStarted
            }
            switch startTimer {
            case nil: continuation.resume()
            case true?:
                Task.detached {
                    try? await Task.sleep(for: .milliseconds(50))
                    self.open()
                }
            case false?: break
            }
        }
    }

    private func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
