import CoreBackendRuntime
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The default transport against peers that send too much, lie about it, or take too long.
@Suite("URLSessionTransport: response size limit and overall timeout")
struct URLSessionTransportLimitTests {
    /// A transport with its own session (no pooled connection outlives a test's peer).
    static func transport(limit: Int = 64 << 10, timeout: Duration = .seconds(10)) -> URLSessionTransport {
        URLSessionTransport(configuration: .ephemeral, maximumResponseSize: limit, timeout: timeout)
    }

    /// Sends a GET to `url` and returns the thrown error (or records an issue when it succeeds).
    static func failure(_ transport: URLSessionTransport, _ url: URL) async -> (any Error)? {
        do {
            let response = try await transport.send(HTTPRequest(url: url))
            Issue.record("expected an error, got status \(response.status) with \(response.body.count) bytes")
            return nil
        } catch {
            return error
        }
    }

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

    typealias TCPSocketWriter = (_ bytes: [UInt8]) -> Bool

    @Test("a body at the limit is accepted; one byte more is responseTooLarge")
    func exactLimit() async throws {
        let peer = try RawHTTPPeer { socket, head in
            let size = head.contains("/over") ? 1_025 : 1_024
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n")
            socket.transmit([UInt8](repeating: 65, count: size))
        }
        defer { peer.stop() }
        let transport = Self.transport(limit: 1_024)
        let response = try await transport.send(HTTPRequest(url: peer.url))
        #expect(response.status == 200 && response.body.count == 1_024)
        let error = await Self.failure(transport, URL(string: "http://127.0.0.1:\(peer.port)/over")!)
        #expect(error as? APIError == .responseTooLarge(url: "http://127.0.0.1:\(peer.port)/over", limit: 1_024))
    }

    @Test("a Content-Length of 1 GiB (32 MiB sent) fails before the body is read")
    func announcedTooLarge() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
            Self.stream({ socket.transmit($0) }, total: 32 << 20, chunked: false)
        }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(), peer.url)
        #expect(error as? APIError == .responseTooLarge(url: peer.url.absoluteString, limit: 64 << 10))
    }

    @Test("a chunked body without a length is counted as it arrives and cut off at the limit")
    func chunkedTooLarge() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            Self.stream({ socket.transmit($0) }, total: 32 << 20, chunked: true)
        }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(), peer.url)
        #expect(error as? APIError == .responseTooLarge(url: peer.url.absoluteString, limit: 64 << 10))
    }

    @Test("a small Content-Length next to a chunked 32 MiB body does not get past the limit")
    func lyingContentLength() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n")
            Self.stream({ socket.transmit($0) }, total: 32 << 20, chunked: true)
        }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(), peer.url)
        // Either the transfer is refused as malformed or cut off at the limit; never 1 GiB buffered.
        if let apiError = error as? APIError {
            #expect(apiError == .responseTooLarge(url: peer.url.absoluteString, limit: 64 << 10))
        } else {
            #expect(error is URLError, "\(String(describing: error))")
        }
    }

    @Test("a Content-Length larger than the body that follows is a transport error, not a hang")
    func shortBody() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nonly a little")
        }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(), peer.url)
        #expect(error is URLError, "\(String(describing: error))")
    }

    @Test("a server that trickles its body slower than the timeout ends in timedOut")
    func trickle() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            guard socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") else { return }
            // One byte every 50 ms: never idle long enough for an idle timeout, done only after 5 s.
            for _ in 0..<100 {
                Thread.sleep(forTimeInterval: 0.05)
                guard socket.transmit("x") else { return }
            }
        }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(timeout: .milliseconds(300)), peer.url)
        #expect(error as? APIError == .timedOut(url: peer.url.absoluteString, timeout: .milliseconds(300)))
    }

    @Test("a server that never answers ends in timedOut")
    func silent() async throws {
        let peer = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 5) }
        defer { peer.stop() }
        let error = await Self.failure(Self.transport(timeout: .milliseconds(200)), peer.url)
        #expect(error as? APIError == .timedOut(url: peer.url.absoluteString, timeout: .milliseconds(200)))
    }

    @Test("cancelling the caller cancels the request")
    func cancellation() async throws {
        let peer = try RawHTTPPeer { _, _ in Thread.sleep(forTimeInterval: 5) }
        defer { peer.stop() }
        let transport = Self.transport()
        let task = Task { try await transport.send(HTTPRequest(url: peer.url)) }
        while peer.requestHeads.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("the transport keeps working after a failed request")
    func recovers() async throws {
        let peer = try RawHTTPPeer { socket, head in
            if head.contains("/big") {
                socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n")
                Self.stream({ socket.transmit($0) }, total: 1 << 20, chunked: false)
            } else {
                socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            }
        }
        defer { peer.stop() }
        let transport = Self.transport()
        _ = await Self.failure(transport, URL(string: "http://127.0.0.1:\(peer.port)/big")!)
        let response = try await transport.send(HTTPRequest(url: peer.url))
        #expect(response.body == Data("ok".utf8))
    }

    @Test("response size limits and timeouts are retried as documented")
    func retryPolicy() {
        #expect(!RetryPolicy.isRetryable(APIError.responseTooLarge(url: "u", limit: 1)))
        #expect(RetryPolicy.isRetryable(APIError.timedOut(url: "u", timeout: .seconds(1))))
    }

    @Test("defaults: 8 MiB and 30 seconds")
    func defaults() {
        let transport = URLSessionTransport()
        #expect(transport.maximumResponseSize == 8 << 20)
        #expect(transport.timeout == .seconds(30))
    }
}
