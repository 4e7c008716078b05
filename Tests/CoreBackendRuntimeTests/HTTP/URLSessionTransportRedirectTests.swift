import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// URLSession's own redirect limit; `Authorization` on redirects is in HTTPTransportContractTests.
@Suite("URLSessionTransport: redirects")
struct URLSessionTransportRedirectTests {
    @Test("an endless redirect loop ends with the overall timeout at the latest")
    func loop() async throws {
        let server = try LoopbackHTTPServer { request in
            HTTPTransportContractTests.redirect(to: request.path == "/a" ? "/b" : "/a")
        }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .ephemeral, timeout: .milliseconds(500))
        await #expect(throws: (any Error).self) {
            _ = try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent("a")))
        }
    }
}
