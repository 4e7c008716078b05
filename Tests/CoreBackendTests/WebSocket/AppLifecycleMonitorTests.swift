import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

@Suite("AppLifecycleMonitor forwards scene and network changes")
struct AppLifecycleMonitorTests {
    @Test("network changes reach the cache and every socket; scene changes reach the cache's focus")
    func forwards() async throws {
        let harness = try WSHarness()
        let cache = QueryClient(configuration: .init(clock: QueryClock(TestClock())))
        let monitor = AppLifecycleMonitor(queryClient: cache, webSockets: [harness.service])
        monitor.networkChanged(isReachable: false)
        #expect(!cache.isOnline && !harness.service.isOnline)
        monitor.networkChanged(isReachable: true)
        #expect(cache.isOnline && harness.service.isOnline)
        monitor.sceneChanged(isActive: false)
        #expect(!cache.isFocused)
        monitor.sceneChanged(isActive: true)
        #expect(cache.isFocused)
    }
}
