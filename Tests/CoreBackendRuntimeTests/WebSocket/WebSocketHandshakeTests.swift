import CoreBackendRuntimeTesting
import Foundation
import Testing

@testable import CoreBackendRuntime

/// The opening handshake as pure functions: request building, response validation and request parsing.
struct WebSocketHandshakeTests {
    private func head(_ text: String) throws -> HTTPHead {
        try #require(try Array(text.utf8).withUnsafeBytes { try HTTPHead.parse($0) }?.0)
    }

    @Test func requestCarriesTargetHostAndHeaders() throws {
        // Path and query stay percent-encoded; the port appears only when not the default; custom headers follow.
        let target = try WebSocketURL(URL(string: "wss://example.com/v1/ws?token=a%20b&x=1")!)
        let request = WebSocketHandshake.request(for: target, key: "k", headers: ["X-Client": "ios", "Upgrade": "no"])
        #expect(request.startLine == "GET /v1/ws?token=a%20b&x=1 HTTP/1.1")
        #expect(request["Host"] == "example.com")
        #expect(request["Upgrade"] == "websocket")
        #expect(request["X-Client"] == "ios")
        #expect(try WebSocketURL(URL(string: "ws://[::1]:8080")!).hostHeader == "[::1]:8080")
        #expect(try WebSocketURL(URL(string: "ws://[::1]:8080")!).requestTarget == "/")
        #expect(throws: WebSocketError.invalidURL("http://example.com")) {
            try WebSocketURL(URL(string: "http://example.com")!)
        }
    }

    @Test func randomKeyUsesTheGivenGenerator() {
        // The same seed gives the same 16-byte key.
        var first = SplitMix64(seed: 1)
        var second = SplitMix64(seed: 1)
        let key = WebSocketHandshake.randomKey(using: &first)
        #expect(key == WebSocketHandshake.randomKey(using: &second))
        #expect(Data(base64Encoded: key)?.count == 16)
    }

    @Test func validResponseIsAccepted() throws {
        // RFC 6455's sample key and accept value; header names and tokens are case-insensitive.
        let response = try head(
            "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        try WebSocketHandshake.validateResponse(response, key: "dGhlIHNhbXBsZSBub25jZQ==")
    }

    @Test func nonUpgradeStatusReportsStatusAndHeaders() throws {
        // A 401 surfaces as handshakeFailed with the status and lower-cased headers.
        let response = try head("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\n\r\n")
        #expect(
            throws: WebSocketError.handshakeFailed(
                status: 401, headers: ["www-authenticate": "Bearer", "content-length": "0"])
        ) {
            try WebSocketHandshake.validateResponse(response, key: "x")
        }
    }

    @Test(arguments: [
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: wrong=\r\n\r\n",
        "HTTP/1.1 101 OK\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
        "SSH-2.0-OpenSSH\r\n\r\n",
    ])
    func invalidUpgradeResponsesAreRejected(text: String) throws {
        // Wrong accept, missing Upgrade/Connection, an unrequested extension or a non-HTTP status line.
        let response = try head(text)
        #expect {
            try WebSocketHandshake.validateResponse(response, key: "dGhlIHNhbXBsZSBub25jZQ==")
        } throws: { error in
            if case .invalidHandshakeResponse = error as? WebSocketError { return true }
            return false
        }
    }

    @Test func headParsingNeedsTheTerminatorAndHasALimit() throws {
        // No CRLFCRLF yet → nil; an endless head → tooLarge; the used length excludes following bytes.
        #expect(try Array("HTTP/1.1 101 OK\r\nA: b\r\n".utf8).withUnsafeBytes { try HTTPHead.parse($0) } == nil)
        #expect(throws: HTTPHeadError.tooLarge) {
            try [UInt8](repeating: 65, count: HTTPHead.maximumSize + 1).withUnsafeBytes { try HTTPHead.parse($0) }
        }
        let parsed = try Array("HTTP/1.1 101 OK\r\nA: b\r\n\r\n\u{81}".utf8).withUnsafeBytes { try HTTPHead.parse($0) }
        #expect(parsed?.1 == 25)
    }

    @Test func serverValidatesTheRequest() throws {
        // A proper request yields its key; a missing key is refused.
        let good = try head(
            "GET /v1?token=t HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        #expect(try WebSocketHandshake.validateRequest(good).get() == "dGhlIHNhbXBsZSBub25jZQ==")
        let bad = try head(
            "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
        #expect((try? WebSocketHandshake.validateRequest(bad).get()) == nil)
    }
}
