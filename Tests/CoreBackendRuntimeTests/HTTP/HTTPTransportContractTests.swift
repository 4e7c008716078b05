import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The transports the SDK ships; the contract below holds for each.
enum TransportKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case urlSession, builtin

    var testDescription: String { rawValue }

    /// A transport with its own connections (no pooled connection outlives a test's peer).
    func make(limit: Int = 64 << 10, timeout: Duration = .seconds(10)) -> any HTTPTransport {
        switch self {
        case .urlSession:
            URLSessionTransport(configuration: .ephemeral, maximumResponseSize: limit, timeout: timeout)
        case .builtin:
            BuiltinHTTPTransport(configuration: .init(maximumResponseSize: limit, timeout: timeout))
        }
    }
}

/// What every transport guarantees, so a generated call classifies failures alike whichever is in use:
/// the response size limit, the overall timeout, cancellation, and `Authorization` on redirects.
@Suite("HTTP transports: size limit, timeout and redirects, for every transport")
struct HTTPTransportContractTests {
    static let token = "Bearer redirect-SECRET-7731"

    /// Sends a GET to `url` and returns the thrown error (or records an issue when it succeeds).
    static func failure(_ transport: any HTTPTransport, _ url: URL) async -> (any Error)? {
        do {
            let response = try await transport.send(HTTPRequest(url: url))
            Issue.record("expected an error, got status \(response.status) with \(response.body.count) bytes")
            return nil
        } catch {
            return error
        }
    }

    typealias TCPSocketWriter = (_ bytes: [UInt8]) -> Bool

    /// Writes `total` bytes of `x` in 64 KiB chunks until done or the client goes away.
    static func stream(_ socket: TCPSocketWriter, total: Int, chunked: Bool) {
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 65_536)
        var sent = 0
        while sent < total {
            let piece = chunked ? Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8) : chunk
            guard socket(piece) else { return }
            sent += chunk.count
        }
        if chunked { _ = socket(Array("0\r\n\r\n".utf8)) }
    }

    static func redirect(to location: String) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: 302, headers: [("Location", location)])
    }

    @Test("a body at the limit is accepted; one byte more is responseTooLarge", arguments: TransportKind.allCases)
    func exactLimit(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { socket, head in
            let size = head.contains("/over") ? 1_025 : 1_024
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n")
            socket.transmit([UInt8](repeating: 65, count: size))
        }
        defer { peer.stop() }
        let transport = kind.make(limit: 1_024)
        let response = try await transport.send(HTTPRequest(url: peer.url))
        #expect(response.status == 200 && response.body.count == 1_024)
        let error = await Self.failure(transport, URL(string: "http://127.0.0.1:\(peer.port)/over")!)
        #expect(error as? APIError == .responseTooLarge(url: "http://127.0.0.1:\(peer.port)/over", limit: 1_024))
    }

    @Test("a Content-Length of 1 GiB (32 MiB sent) fails before the body is read", arguments: TransportKind.allCases)
    func announcedTooLarge(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
            Self.stream({ socket.transmit($0) }, total: 32 << 20, chunked: false)
        }
        defer { peer.stop() }
        let error = await Self.failure(kind.make(), peer.url)
        #expect(error as? APIError == .responseTooLarge(url: peer.url.absoluteString, limit: 64 << 10))
    }

    @Test("a chunked body is counted as it arrives and cut off at the limit", arguments: TransportKind.allCases)
    func chunkedTooLarge(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            Self.stream({ socket.transmit($0) }, total: 32 << 20, chunked: true)
        }
        defer { peer.stop() }
        let error = await Self.failure(kind.make(), peer.url)
        #expect(error as? APIError == .responseTooLarge(url: peer.url.absoluteString, limit: 64 << 10))
    }

    @Test("a server that trickles its body slower than the timeout ends in timedOut", arguments: TransportKind.allCases)
    func trickle(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { socket, _ in
            guard socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") else { return }
            // One byte every 50 ms: never idle long enough for an idle timeout, done only after 5 s.
            for _ in 0..<100 {
                Thread.sleep(forTimeInterval: 0.05)
                guard socket.transmit("x") else { return }
            }
        }
        defer { peer.stop() }
        let error = await Self.failure(kind.make(timeout: .milliseconds(300)), peer.url)
        #expect(error as? APIError == .timedOut(url: peer.url.absoluteString, timeout: .milliseconds(300)))
    }

    @Test("a server that never answers ends in timedOut", arguments: TransportKind.allCases)
    func silent(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 5) }
        defer { peer.stop() }
        let error = await Self.failure(kind.make(timeout: .milliseconds(200)), peer.url)
        #expect(error as? APIError == .timedOut(url: peer.url.absoluteString, timeout: .milliseconds(200)))
    }

    @Test("cancelling the caller cancels the request", arguments: TransportKind.allCases)
    func cancellation(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 5) }
        defer { peer.stop() }
        let transport = kind.make()
        let task = Task { try await transport.send(HTTPRequest(url: peer.url)) }
        while peer.requestHeads.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("the transport keeps working after a failed request", arguments: TransportKind.allCases)
    func recovers(kind: TransportKind) async throws {
        let peer = try RawHTTPPeer { socket, head in
            if head.contains("/big") {
                socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n")
                Self.stream({ socket.transmit($0) }, total: 1 << 20, chunked: false)
            } else {
                socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            }
        }
        defer { peer.stop() }
        let transport = kind.make()
        _ = await Self.failure(transport, URL(string: "http://127.0.0.1:\(peer.port)/big")!)
        let response = try await transport.send(HTTPRequest(url: peer.url))
        #expect(response.body == Data("ok".utf8))
    }

    @Test("a redirect to another port reaches it without Authorization", arguments: TransportKind.allCases)
    func crossOrigin(kind: TransportKind) async throws {
        let second = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#) }
        defer { second.stop() }
        let first = try LoopbackHTTPServer { _ in Self.redirect(to: "\(second.baseURL.absoluteString)/landing") }
        defer { first.stop() }
        let request = HTTPRequest(
            url: first.baseURL.appendingPathComponent("start"), headers: [("Authorization", Self.token)])
        let response = try await kind.make().send(request)
        #expect(response.status == 200)
        #expect(first.requests.first?.header("Authorization") == Self.token)
        let landed = try #require(second.requests.first)
        #expect(landed.path == "/landing")
        #expect(!landed.headers.contains { $0.value.contains("SECRET") })
    }

    @Test("a same-origin redirect keeps Authorization", arguments: TransportKind.allCases)
    func sameOrigin(kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? Self.redirect(to: "/landing") : .json(#"{"ok":true}"#)
        }
        defer { server.stop() }
        let request = HTTPRequest(
            url: server.baseURL.appendingPathComponent("start"), headers: [("Authorization", Self.token)])
        #expect(try await kind.make().send(request).status == 200)
        #expect(server.requests.map(\.path) == ["/start", "/landing"])
        #expect(server.requests.map { $0.header("Authorization") } == [Self.token, Self.token])
    }

    @Test(
        "once dropped, Authorization stays dropped when a later redirect comes back to the origin",
        arguments: TransportKind.allCases)
    func bounceBack(kind: TransportKind) async throws {
        let origin = Locked<URL?>(nil)
        let other = try LoopbackHTTPServer { _ in Self.redirect(to: "\(origin.withLock { $0! }.absoluteString)/back") }
        defer { other.stop() }
        let first = try LoopbackHTTPServer { request in
            request.path == "/start" ? Self.redirect(to: "\(other.baseURL.absoluteString)/away") : .json("{}")
        }
        defer { first.stop() }
        origin.withLock { $0 = first.baseURL }
        let request = HTTPRequest(
            url: first.baseURL.appendingPathComponent("start"), headers: [("Authorization", Self.token)])
        #expect(try await kind.make().send(request).status == 200)
        #expect(first.requests.map(\.path) == ["/start", "/back"])
        #expect(first.requests.map { $0.header("Authorization") } == [Self.token, nil])
        #expect(other.requests.first?.header("Authorization") == nil)
    }
}
