import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// The built-in client against the loopback server and scripted keep-alive peers: requests, bodies,
/// connection reuse, servers that close connections, redirects.
@Suite("BuiltinHTTPTransport: requests, keep-alive and redirects")
struct BuiltinHTTPTransportTests {
    static func transport(
        limit: Int = 64 << 10, timeout: Duration = .seconds(5), connections: Int = 64, idle: Duration = .seconds(30)
    ) -> BuiltinHTTPTransport {
        BuiltinHTTPTransport(
            configuration: .init(
                maximumResponseSize: limit, timeout: timeout, maximumConnectionsPerHost: connections, idleTimeout: idle)
        )
    }

    static func ok(_ body: String = "ok", close: Bool = false) -> String {
        "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(close ? "Connection: close\r\n" : "")\r\n\(body)"
    }

    @Test("a GET carries its headers and Host; status, reason and body come back")
    func get() async throws {
        let server = try LoopbackHTTPServer { _ in
            LoopbackHTTPResponse(status: 201, reason: "Made", body: Data("hi".utf8))
        }
        defer { server.stop() }
        let request = HTTPRequest(url: server.baseURL.appendingPathComponent("v1/x"), headers: [("x-test", "1")])
        let response = try await Self.transport().send(request)
        #expect(response.status == 201 && response.statusText == "Made" && response.body == Data("hi".utf8))
        let received = try #require(server.requests.first)
        #expect(received.method == "GET" && received.path == "/v1/x" && received.header("x-test") == "1")
        #expect(received.header("Host") == "127.0.0.1:\(server.port)")
    }

    @Test(
        "POST, PUT, PATCH and DELETE send their body with a Content-Length",
        arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func bodies(method: String) async throws {
        let server = try LoopbackHTTPServer { request in LoopbackHTTPResponse(status: 200, body: request.body) }
        defer { server.stop() }
        let body = Data(#"{"a":[1,2,3]}"#.utf8)
        let request = HTTPRequest(method: method, url: server.baseURL, body: body)
        let response = try await Self.transport().send(request)
        #expect(response.body == body)
        #expect(server.requests.first?.method == method)
        #expect(server.requests.first?.header("Content-Length") == "\(body.count)")
    }

    @Test("a 256 KiB request body (written off the caller's thread) arrives whole")
    func largeBody() async throws {
        let server = try LoopbackHTTPServer { request in .json("\(request.body.count)") }
        defer { server.stop() }
        let body = Data(repeating: 7, count: 256 << 10)
        let response = try await Self.transport().send(HTTPRequest(method: "PUT", url: server.baseURL, body: body))
        #expect(String(decoding: response.body, as: UTF8.self) == "\(256 << 10)")
    }

    @Test("sequential requests reuse one connection")
    func keepAlive() async throws {
        let peer = try KeepAliveHTTPPeer { _, socket in
            socket.transmit(Self.ok())
            return .keepOpen
        }
        defer { peer.stop() }
        let transport = Self.transport()
        for _ in 0..<20 { _ = try await transport.send(HTTPRequest(url: peer.url())) }
        #expect(peer.connectionCount == 1)
        #expect(peer.requests.map(\.index) == Array(0..<20))
        #expect(transport.openConnectionCount(to: peer.url()) == 1)
    }

    @Test("concurrent requests stay within maximumConnectionsPerHost")
    func connectionLimit() async throws {
        let peer = try KeepAliveHTTPPeer { _, socket in
            Thread.sleep(forTimeInterval: 0.01)
            socket.transmit(Self.ok())
            return .keepOpen
        }
        defer { peer.stop() }
        let transport = Self.transport(connections: 2)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 { group.addTask { try await transport.send(HTTPRequest(url: peer.url())).status } }
            for try await status in group { #expect(status == 200) }
        }
        #expect(peer.connectionCount <= 2)
        #expect(peer.requests.count == 12)
    }

    @Test("a connection the server closes while idle is dropped; the next request opens a new one")
    func serverClosesIdle() async throws {
        let peer = try KeepAliveHTTPPeer { _, socket in
            socket.transmit(Self.ok())
            Thread.sleep(forTimeInterval: 0.02)
            return .close  // no Connection: close, just gone after the response
        }
        defer { peer.stop() }
        let transport = Self.transport()
        _ = try await transport.send(HTTPRequest(url: peer.url()))
        #expect(await eventually(within: .seconds(2)) { transport.openConnectionCount(to: peer.url()) == 0 })
        let response = try await transport.send(HTTPRequest(url: peer.url()))
        #expect(response.body == Data("ok".utf8))
        #expect(peer.connectionCount == 2)
    }

    @Test("a GET that meets a kept-alive connection closed without an answer is sent once more on a new one")
    func staleRetry() async throws {
        let peer = try KeepAliveHTTPPeer { request, socket in
            if request.connection == 0 && request.index == 1 { return .close }  // read, never answered
            socket.transmit(Self.ok("\(request.connection)"))
            return .keepOpen
        }
        defer { peer.stop() }
        let transport = Self.transport()
        _ = try await transport.send(HTTPRequest(url: peer.url()))
        let response = try await transport.send(HTTPRequest(url: peer.url()))
        #expect(response.body == Data("1".utf8))
        #expect(peer.requests.count == 3)
    }

    @Test("a POST on such a connection is not sent again: connectionClosed")
    func staleNoRetryForPost() async throws {
        let peer = try KeepAliveHTTPPeer { request, socket in
            if request.connection == 0 && request.index == 1 { return .close }
            socket.transmit(Self.ok())
            return .keepOpen
        }
        defer { peer.stop() }
        let transport = Self.transport()
        _ = try await transport.send(HTTPRequest(url: peer.url()))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: peer.url(), body: Data("{}".utf8)))
        } throws: { error in
            if case .connectionClosed = error as? HTTPTransportError { return true }
            return false
        }
        #expect(peer.requests.filter { $0.head.hasPrefix("POST") }.count == 1)
    }

    @Test("Connection: close is honoured: the next request uses a new connection")
    func connectionClose() async throws {
        let peer = try KeepAliveHTTPPeer { _, socket in
            socket.transmit(Self.ok(close: true))
            return .keepOpen  // the client must not reuse it even though the peer would
        }
        defer { peer.stop() }
        let transport = Self.transport()
        for _ in 0..<3 { _ = try await transport.send(HTTPRequest(url: peer.url())) }
        #expect(peer.connectionCount == 3)
    }

    @Test("idle connections close after idleTimeout; with a long one they stay")
    func idleTimeout() async throws {
        let peer = try KeepAliveHTTPPeer { _, socket in
            socket.transmit(Self.ok())
            return .keepOpen
        }
        defer { peer.stop() }
        let short = Self.transport(idle: .milliseconds(100))
        let long = Self.transport()
        _ = try await short.send(HTTPRequest(url: peer.url()))
        _ = try await long.send(HTTPRequest(url: peer.url()))
        #expect(await eventually(within: .seconds(2)) { short.openConnectionCount(to: peer.url()) == 0 })
        #expect(long.openConnectionCount(to: peer.url()) == 1)
        #expect(peer.connectionCount == 2)
    }

    @Test("connecting to a closed port is connectionFailed")
    func refused() async throws {
        let listener = try TCPListener(port: 0)
        let port = listener.port
        listener.close()
        _ = listener.accept()  // releases the descriptor
        await #expect {
            _ = try await Self.transport().send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        } throws: { error in
            if case .connectionFailed = error as? HTTPTransportError { return true }
            return false
        }
    }

    @Test("requests that cannot be written as HTTP/1.1 fail before any connection")
    func invalidRequests() async throws {
        let transport = Self.transport()
        let url = URL(string: "http://127.0.0.1:9/")!
        let injected = HTTPRequest(url: url, headers: [("x-a", "1\r\nx-b: 2")])
        await #expect(
            throws: HTTPTransportError.invalidRequest(reason: "the value of header x-a contains CR, LF or NUL")
        ) {
            _ = try await transport.send(injected)
        }
        await #expect(throws: HTTPTransportError.self) {
            _ = try await transport.send(HTTPRequest(method: "G T", url: url))
        }
        await #expect(throws: HTTPTransportError.unsupportedURL("ftp://127.0.0.1/x")) {
            _ = try await transport.send(HTTPRequest(url: URL(string: "ftp://127.0.0.1/x")!))
        }
    }

    @Test("the default transport is the built-in one on Linux, URLSession elsewhere")
    func defaultTransport() {
        #if os(Linux)
            #expect(APIClientConfiguration.defaultTransport is BuiltinHTTPTransport)
            #expect(APIClientConfiguration(clientProduct: "t").transport is BuiltinHTTPTransport)
        #else
            #expect(APIClientConfiguration.defaultTransport is URLSessionTransport)
        #endif
    }
}
