import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

@Suite("AccountActivityService: chain statuses for observers")
struct ChainStatusObserverTests {
    @Test("chainStatuses follows the debounced changes; a disconnect turns every known chain down")
    func statusesFollowChanges() async throws {
        let harness = try AccountActivityHarness()
        #expect(harness.service.chainStatuses.isEmpty)
        let updates = harness.service.chainStatusUpdates()
        harness.system(["eip155:1", "eip155:137"], "up")
        await harness.clock.waitForSleepers(1)
        #expect(harness.service.chainStatuses.isEmpty)  // debounced
        harness.clock.advance(by: .milliseconds(1000))
        await harness.statuses.wait(count: 1)
        #expect(harness.service.chainStatuses == ["eip155:1": .up, "eip155:137": .up])
        await harness.connect()
        harness.disconnect()
        await harness.statuses.wait(count: 2)
        #expect(harness.service.chainStatuses == ["eip155:1": .down, "eip155:137": .down])
        var seen: [[String: ChainStatus]] = []
        for await statuses in updates {
            seen.append(statuses)
            if seen.count == 3 { break }
        }
        #expect(seen.first == [:] && seen.last == ["eip155:1": .down, "eip155:137": .down])
    }

    @MainActor
    @Test("ChainStatusObserver shows the statuses on the main actor")
    func observer() async throws {
        guard #available(macOS 14, iOS 17, tvOS 17, watchOS 10, *) else { return }
        let harness = try AccountActivityHarness()
        let observer = ChainStatusObserver(service: harness.service)
        #expect(observer.statuses.isEmpty && observer.status(of: "eip155:1") == nil)
        harness.system(["eip155:1"], "up")
        harness.system(["eip155:10"], "down")
        await harness.clock.waitForSleepers(1)
        harness.clock.advance(by: .milliseconds(2000))
        await onMain { observer.statuses.count == 2 }
        #expect(observer.status(of: "eip155:1") == .up && observer.status(of: "eip155:10") == .down)
        #expect(observer.upChainIds == ["eip155:1"])
        observer.stop()
    }
}
