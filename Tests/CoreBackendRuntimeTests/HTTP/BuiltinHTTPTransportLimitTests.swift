import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// The built-in client against peers that send too much, too little, garbage, or take too long: the
/// same errors as ``URLSessionTransport`` for the size limit and timeout, typed errors for the rest.
@Suite("BuiltinHTTPTransport: limits, timeouts and hostile responses")
struct BuiltinHTTPTransportLimitTests {
    static func transport(limit: Int = 64 << 10, timeout: Duration = .seconds(5)) -> BuiltinHTTPTransport {
        BuiltinHTTPTransportTests.transport(limit: limit, timeout: timeout)
    }

    /// The error of one request to a peer that answers with `raw`.
    static func failure(answering raw: String, limit: Int = 64 << 10) async throws -> (any Error)? {
        let peer = try RawHTTPPeer { socket, _ in socket.transmit(raw) }
        defer { peer.stop() }
        return await HTTPTransportContractTests.failure(transport(limit: limit), peer.url)
    }

    @Test("a chunked body with extensions and trailers is assembled; a small Content-Length next to it is ignored")
    func chunked() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
            socket.transmit("5;name=value\r\nhello\r\n1\r\n \r\n0005\r\nworld\r\n0\r\nx-trailer: 1\r\n\r\n")
        }
        defer { peer.stop() }
        let response = try await Self.transport().send(HTTPRequest(url: peer.url))
        #expect(response.body == Data("hello world".utf8))
    }

    @Test("a body shorter than its Content-Length is connectionClosed, not a hang")
    func truncatedLength() async throws {
        let error = try await Self.failure(answering: "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nonly a little")
        #expect(error as? HTTPTransportError == .connectionClosed(reason: "4987 bytes of the body missing"))
    }

    @Test("a chunked body cut off mid-chunk is connectionClosed")
    func truncatedChunked() async throws {
        let error = try await Self.failure(
            answering: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort")
        guard case .connectionClosed = error as? HTTPTransportError else {
            Issue.record("expected connectionClosed, got \(String(describing: error))")
            return
        }
    }

    @Test("a body delimited by the close is read to the end")
    func untilClose() async throws {
        let peer = try RawHTTPPeer { socket, _ in socket.transmit("HTTP/1.1 200 OK\r\n\r\nall of it") }
        defer { peer.stop() }
        let response = try await Self.transport().send(HTTPRequest(url: peer.url))
        #expect(response.body == Data("all of it".utf8))
    }

    /// Responses that break HTTP/1.1 or a limit of the head, by name (the names keep test output short).
    static let malformedHeads: [String: String] = [
        "HTTP/2 status line": "HTTP/2 200 OK\r\n\r\n",
        "two-digit status": "HTTP/1.1 20 OK\r\n\r\n",
        "header without colon": "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "non-numeric Content-Length": "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
        "conflicting Content-Length": "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
        "overflowing Content-Length": "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "gzip transfer coding": "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "non-hex chunk size": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "overflowing chunk size": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
        "folded header": "HTTP/1.1 200 OK\r\n folded: value\r\n\r\n",
        "101 outside an upgrade": "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        "control character": "HTTP/1.1 200 OK\r\nx: a\u{1}b\r\n\r\n",
        "150 header fields": "HTTP/1.1 200 OK\r\n" + String(repeating: "x-h: v\r\n", count: 150) + "\r\n",
        "70 KB head": "HTTP/1.1 200 OK\r\nx-big: " + String(repeating: "v", count: 70_000) + "\r\n\r\n",
    ]

    @Test("malformed heads are malformedResponse", arguments: malformedHeads.keys.sorted())
    func malformed(name: String) async throws {
        let raw = try #require(Self.malformedHeads[name])
        let error = try await Self.failure(answering: raw, limit: 1 << 62)
        switch error as? HTTPTransportError {
        case .malformedResponse(let reason): #expect(!reason.contains("\u{1}"))
        default: Issue.record("expected malformedResponse, got \(String(describing: error))")
        }
    }

    @Test("a server that never answers ends in timedOut, and the connection is not reused")
    func silent() async throws {
        let peer = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 5) }
        defer { peer.stop() }
        let transport = Self.transport(timeout: .milliseconds(200))
        let error = await HTTPTransportContractTests.failure(transport, peer.url)
        #expect(error as? APIError == .timedOut(url: peer.url.absoluteString, timeout: .milliseconds(200)))
        #expect(await eventually(within: .seconds(2)) { transport.openConnectionCount(to: peer.url) == 0 })
    }

}
