import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Redirects are followed; `Authorization` never crosses to another origin.
@Suite("URLSessionTransport: redirects and the Authorization header")
struct URLSessionTransportRedirectTests {
    static let token = "Bearer redirect-SECRET-7731"

    static func send(_ url: URL) async throws -> HTTPResponse {
        let transport = URLSessionTransport(configuration: .ephemeral)
        return try await transport.send(HTTPRequest(url: url, headers: [("Authorization", token)]))
    }

    static func redirect(to location: String) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: 302, headers: [("Location", location)])
    }

    @Test("a redirect to another port reaches it without Authorization")
    func crossOrigin() async throws {
        let second = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#) }
        defer { second.stop() }
        let first = try LoopbackHTTPServer { _ in Self.redirect(to: "\(second.baseURL.absoluteString)/landing") }
        defer { first.stop() }

        let response = try await Self.send(first.baseURL.appendingPathComponent("start"))
        #expect(response.status == 200)
        #expect(first.requests.first?.header("Authorization") == Self.token)
        let landed = try #require(second.requests.first)
        #expect(landed.path == "/landing")
        #expect(landed.header("Authorization") == nil)
        #expect(!landed.headers.contains { $0.value.contains("SECRET") })
    }

    @Test("a same-origin redirect keeps Authorization")
    func sameOrigin() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? Self.redirect(to: "/landing") : .json(#"{"ok":true}"#)
        }
        defer { server.stop() }
        let response = try await Self.send(server.baseURL.appendingPathComponent("start"))
        #expect(response.status == 200)
        #expect(server.requests.map(\.path) == ["/start", "/landing"])
        #expect(server.requests.map { $0.header("Authorization") } == [Self.token, Self.token])
    }

    @Test("once dropped, Authorization stays dropped when a later redirect comes back to the origin")
    func bounceBack() async throws {
        let origin = Locked<URL?>(nil)
        let other = try LoopbackHTTPServer { _ in Self.redirect(to: "\(origin.withLock { $0! }.absoluteString)/back") }
        defer { other.stop() }
        let first = try LoopbackHTTPServer { request in
            request.path == "/start" ? Self.redirect(to: "\(other.baseURL.absoluteString)/away") : .json("{}")
        }
        defer { first.stop() }
        origin.withLock { $0 = first.baseURL }

        let response = try await Self.send(first.baseURL.appendingPathComponent("start"))
        #expect(response.status == 200)
        #expect(first.requests.map(\.path) == ["/start", "/back"])
        #expect(first.requests.map { $0.header("Authorization") } == [Self.token, nil])
        #expect(other.requests.first?.header("Authorization") == nil)
    }

    @Test("an endless redirect loop ends with the overall timeout at the latest")
    func loop() async throws {
        let server = try LoopbackHTTPServer { request in Self.redirect(to: request.path == "/a" ? "/b" : "/a") }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .ephemeral, timeout: .milliseconds(500))
        await #expect(throws: (any Error).self) {
            _ = try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent("a")))
        }
    }
}
