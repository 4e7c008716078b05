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
        // Semantics, not speed: 21 exchanges must not race a short deadline on a starved CI machine.
        return try await BuiltinHTTPTransportTests.transport(timeout: .seconds(60)).send(request)
    }

    static func redirect(to location: String, status: Int = 302) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: status, headers: [("Location", location)])
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
