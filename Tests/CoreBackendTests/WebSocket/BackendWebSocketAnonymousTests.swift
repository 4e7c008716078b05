import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

@Suite("BackendWebSocketService without a bearer token (requiresToken: false)")
struct BackendWebSocketAnonymousTests {
    // Connects without asking for a token and without a token query parameter.
    @Test func connectsWithoutToken() async throws {
        let harness = try WSHarness(url: "ws://localhost:8080/v1?client=cli", requiresToken: false)
        try await harness.service.connect()
        #expect(harness.state == .connected)
        #expect(harness.tokenCalls.withLock { $0 } == 0)
        #expect(harness.transport.attempts.first?.url.absoluteString == "ws://localhost:8080/v1?client=cli")
    }

    // An empty path still becomes "/", as with a token.
    @Test func emptyPathBecomesSlash() async throws {
        let harness = try WSHarness(url: "ws://localhost:8080", requiresToken: false)
        try await harness.service.connect()
        #expect(harness.transport.attempts.first?.url.absoluteString == "ws://localhost:8080/")
    }
}
