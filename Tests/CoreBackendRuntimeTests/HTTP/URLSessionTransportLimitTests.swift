import CoreBackendRuntime
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// URLSessionTransport against peers that lie about their length (the shared limits: HTTPTransportContractTests).
@Suite("URLSessionTransport: response size limit and overall timeout")
struct URLSessionTransportLimitTests {
    /// A transport with its own session (no pooled connection outlives a test's peer).
    static func transport(limit: Int = 64 << 10, timeout: Duration = .seconds(10)) -> URLSessionTransport {
        URLSessionTransport(configuration: .ephemeral, maximumResponseSize: limit, timeout: timeout)
    }

    @Test("a small Content-Length next to a chunked 32 MiB body does not get past the limit")
    func lyingContentLength() async throws {
        let peer = try RawHTTPPeer { socket, _ in
            socket.transmit("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n")
            HTTPTransportContractTests.stream({ socket.transmit($0) }, total: 32 << 20, chunked: true)
        }
        defer { peer.stop() }
        let error = await HTTPTransportContractTests.failure(Self.transport(), peer.url)
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
        let error = await HTTPTransportContractTests.failure(Self.transport(), peer.url)
        #expect(error is URLError, "\(String(describing: error))")
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
