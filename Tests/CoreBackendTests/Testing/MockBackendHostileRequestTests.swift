import CoreBackendTesting
import Testing

/// `MockBackend` (what `core-backend mock` serves) survives hostile requests: its loopback server answers
/// them with an error status (LoopbackRequestParserTests has the details) and goes on serving.
@Suite("MockBackend: hostile requests")
struct MockBackendHostileRequestTests {
    @Test("the mock backend keeps serving after hostile requests")
    func keepsServing() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let hostile = "POST /accounts/v1/supportedNetworks HTTP/1.1\r\nContent-Length: -5\r\n\r\n"
        #expect(try await RawExchange.send(Array(hostile.utf8), port: backend.port).hasPrefix("HTTP/1.1 400 "))
        let plain = "GET /accounts/v1/supportedNetworks HTTP/1.1\r\nConnection: close\r\n\r\n"
        #expect(try await RawExchange.send(Array(plain.utf8), port: backend.port).hasPrefix("HTTP/1.1 200 "))
    }
}
