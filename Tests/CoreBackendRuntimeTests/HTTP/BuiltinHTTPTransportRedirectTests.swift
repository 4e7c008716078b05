import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// Redirects are followed as `fetch` does; `Authorization` never crosses to another origin.
@Suite("BuiltinHTTPTransport: redirects and the Authorization header")
struct BuiltinHTTPTransportRedirectTests {
    static let token = "Bearer redirect-SECRET-7731"

    static func send(_ url: URL, method: String = "GET", body: Data? = nil) async throws -> HTTPResponse {
        let request = HTTPRequest(method: method, url: url, headers: [("Authorization", token)], body: body)
        return try await BuiltinHTTPTransportTests.transport().send(request)
    }

    static func redirect(to location: String, status: Int = 302) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: status, headers: [("Location", location)])
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
        #expect(landed.path == "/landing" && landed.header("Authorization") == nil)
    }

    @Test("a same-origin relative redirect keeps Authorization")
    func sameOrigin() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? Self.redirect(to: "/landing") : .json(#"{"ok":true}"#)
        }
        defer { server.stop() }
        _ = try await Self.send(server.baseURL.appendingPathComponent("start"))
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
        _ = try await Self.send(first.baseURL.appendingPathComponent("start"))
        #expect(first.requests.map { $0.header("Authorization") } == [Self.token, nil])
        #expect(other.requests.first?.header("Authorization") == nil)
    }

    @Test("303 after a POST continues as a GET without body; 307 keeps the method and body")
    func methods() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/see-other": Self.redirect(to: "/done", status: 303)
            case "/temporary": Self.redirect(to: "/done", status: 307)
            default: LoopbackHTTPResponse(status: 200, body: request.body)
            }
        }
        defer { server.stop() }
        let body = Data("{}".utf8)
        _ = try await Self.send(server.baseURL.appendingPathComponent("see-other"), method: "POST", body: body)
        let echoed = try await Self.send(server.baseURL.appendingPathComponent("temporary"), method: "POST", body: body)
        #expect(server.requests.map(\.method) == ["POST", "GET", "POST", "POST"])
        #expect(echoed.body == body)
    }

    @Test("an endless redirect loop ends with tooManyRedirects")
    func loop() async throws {
        let server = try LoopbackHTTPServer { request in Self.redirect(to: request.path == "/a" ? "/b" : "/a") }
        defer { server.stop() }
        await #expect(throws: HTTPTransportError.tooManyRedirects(20)) {
            _ = try await Self.send(server.baseURL.appendingPathComponent("a"))
        }
        #expect(server.requests.count == 21)
    }

    @Test("a redirect to another scheme is malformedResponse; a 3xx without Location is returned as is")
    func unsupportedTargets() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/ftp" ? Self.redirect(to: "ftp://example.com/x") : LoopbackHTTPResponse(status: 302)
        }
        defer { server.stop() }
        await #expect(throws: HTTPTransportError.self) {
            _ = try await Self.send(server.baseURL.appendingPathComponent("ftp"))
        }
        #expect(try await Self.send(server.baseURL.appendingPathComponent("bare")).status == 302)
    }
}
