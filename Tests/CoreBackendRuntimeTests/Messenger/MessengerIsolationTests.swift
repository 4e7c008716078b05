import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Testing

private enum Echo: MessengerAction {
    typealias Arguments = Int
    typealias Result = Int
    static let name = "Test:echo"
}

private enum AsyncEcho: MessengerAction {
    typealias Arguments = Int
    typealias Result = Int
    static let name = "Test:asyncEcho"
}

private enum WhereAmI: MessengerAction {
    typealias Arguments = Void
    typealias Result = Bool
    static let name = "Test:whereAmI"
}

/// A handler that says it must run off the caller's actor.
@concurrent private func onMainQueue() async -> Bool { MainQueueProbe.isOnMainQueue }

@Suite("Messenger.call runs on the caller's executor")
@MainActor
struct MessengerIsolationTests {
    @Test("from @MainActor, a call whose handler answers without waiting does not suspend")
    func callDoesNotSuspend() async throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(Echo.self) { (value: Int) throws in value }
        try messenger.registerActionHandler(AsyncEcho.self) { (value: Int) async throws in value + 1 }
        let probe = InterleavingProbe()
        for index in 0..<100 {
            #expect(try await messenger.call(Echo.self, index) == index)
            #expect(try await messenger.call(AsyncEcho.self, index) == index + 1)
        }
        #expect(!probe.ran, "a call suspended and let another main-actor job run")
        await Task.yield()
        #expect(probe.ran, "control: the job runs once the main actor suspends")
    }

    @Test("an asynchronous handler starts on the caller's executor; a @concurrent one runs off it")
    func handlerIsolation() async throws {
        let messenger = Messenger(namespace: "Test")
        try messenger.registerActionHandler(WhereAmI.self) { () async throws in MainQueueProbe.isOnMainQueue }
        #expect(try await messenger.call(WhereAmI.self))
        try messenger.unregisterActionHandler(WhereAmI.self)
        try messenger.registerActionHandler(WhereAmI.self) { () async throws in await onMainQueue() }
        #expect(try await messenger.call(WhereAmI.self) == false)
        #expect(MainQueueProbe.isOnMainQueue)
    }
}
