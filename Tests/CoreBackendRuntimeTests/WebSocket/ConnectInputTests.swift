import Foundation
import Testing

@testable import CoreBackendRuntime

/// What the connect path does with text it did not write: credentials in URLs, ports, server
/// status lines and headers. Pure functions, no sockets.
struct ConnectInputTests {
    private func head(_ text: String) throws -> HTTPHead {
        try #require(try Array(text.utf8).withUnsafeBytes { try HTTPHead.parse($0) }?.0)
    }

    private func parse(_ text: String) throws(HTTPHeadError) -> HTTPHead? {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBytes { try HTTPHead.parse($0) }?.0
        } catch let error as HTTPHeadError {
            throw error
        } catch {
            fatalError("unreachable")
        }
    }

    // MARK: - Untrusted text

    @Test func untrustedTextIsEscapedCappedAndRedacted() {
        // ESC, CR/LF, C1 and bidi overrides become visible escapes; long text is cut; tokens are redacted.
        #expect(
            UntrustedText.sanitize("a\u{1B}[2Jb\r\nc\u{9B}d\u{202E}e") == "a\\u{1B}[2Jb\\u{D}\\u{A}c\\u{9B}d\\u{202E}e")
        #expect(UntrustedText.sanitize(String(repeating: "x", count: 500), maximumLength: 10) == "xxxxxxxxxx…")
        #expect(UntrustedText.sanitize("see /?token=abc") == "see /?token=…")
        #expect(UntrustedText.sanitize("héllo wörld") == "héllo wörld")
    }

    // MARK: - Ports

    @Test(arguments: [
        "ws://h:0/?token=SECRET", "ws://h:65536/?token=SECRET", "ws://h:70000/?token=SECRET",
        "ws://h:99999999999999999999/?token=SECRET", "wss://[::1]:70000/?token=SECRET", "ws://u:p@h:0/?token=SECRET",
    ])
    func portsOutsideTheRangeAreATypedError(url: String) throws {
        // Never a silent 80/443 (URLComponents drops a port that overflows Int), never the token in the error.
        let parsed = try #require(URL(string: url))
        #expect {
            try WebSocketURL(parsed)
        } throws: { error in
            guard case .invalidPort(let carried) = error as? WebSocketError else { return false }
            return !carried.contains("SECRET") && !"\(error)".contains("SECRET") && carried.contains("token=…")
        }
    }

    @Test(arguments: [
        ("ws://h/", 80), ("wss://h/", 443), ("ws://h:/", 80), ("ws://h:1/", 1), ("ws://h:65535/", 65535),
        ("ws://h:080/", 80), ("wss://[::1]:8443/x", 8443), ("ws://u:p@h:9000/", 9000),
    ])
    func portsInTheRangeAreKept(url: String, port: Int) throws {
        #expect(try WebSocketURL(URL(string: url)!).port == port)
    }

    @Test func invalidURLCarriesNoToken() throws {
        let url = URL(string: "http://u:pw@h/?token=SECRET")!
        #expect(throws: WebSocketError.invalidURL("http://…@h/?token=…")) { try WebSocketURL(url) }
        #expect(!WebSocketError.invalidURL("ws://h/?token=SECRET").description.contains("SECRET"))
    }

    // MARK: - HTTP head limits

    @Test func headWithTooManyFieldsIsRejected() throws {
        // At the limit it parses; one more field is tooManyFields.
        let fields = { (count: Int) in (0..<count).map { "X-\($0): v\r\n" }.joined() }
        #expect(
            try parse("HTTP/1.1 101 OK\r\n\(fields(HTTPHead.maximumFieldCount))\r\n")?.fields.count
                == HTTPHead.maximumFieldCount)
        #expect(throws: HTTPHeadError.tooManyFields) {
            try parse("HTTP/1.1 101 OK\r\n\(fields(HTTPHead.maximumFieldCount + 1))\r\n")
        }
    }

    @Test(arguments: [
        "HTTP/1.1 101 OK\r\nBad Name: v\r\n\r\n",
        "HTTP/1.1 101 OK\r\n folded: v\r\n\r\n",
        "HTTP/1.1 101 OK\r\nX: a\u{1B}[31mb\r\n\r\n",
        "HTTP/1.1 101 OK\r\nX: a\rb\r\n\r\n",
        "HTTP/1.1 101 \u{1B}]0;pwned\u{07}\r\nX: a\r\n\r\n",
        "HTTP/1.1 101 OK\r\n: empty\r\n\r\n",
    ])
    func controlCharactersAndBadNamesAreMalformed(text: String) throws {
        // The message quotes the line with control characters escaped, so it is safe to print.
        #expect {
            try parse(text)
        } throws: { error in
            guard case .malformed(let reason) = error as? HTTPHeadError else { return false }
            return !reason.unicodeScalars.contains { UntrustedText.isUnsafe($0) }
        }
    }

    @Test func parsingCanResumeWhereTheLastSearchStopped() throws {
        // searchStart skips bytes already searched, but still finds a terminator that straddles two reads.
        let bytes = Array("HTTP/1.1 101 OK\r\nA: b\r\n\r\nrest".utf8)
        for start in [0, 20, 22, 23, 24] {
            let parsed = try bytes.withUnsafeBytes { try HTTPHead.parse($0, searchStart: start) }
            #expect(parsed?.1 == 25, "searchStart \(start)")
        }
    }

    // MARK: - Handshake response

    private let acceptingHead =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
    private let key = "dGhlIHNhbXBsZSBub25jZQ=="

    @Test func unrequestedSubprotocolFailsTheHandshake() throws {
        // RFC 6455 §4.1: a subprotocol the client did not offer fails; an offered one passes.
        let response = try head(acceptingHead + "Sec-WebSocket-Protocol: chat\r\n\r\n")
        #expect {
            try WebSocketHandshake.validateResponse(response, key: key)
        } throws: { error in
            guard case .invalidHandshakeResponse(let reason) = error as? WebSocketError else { return false }
            return reason.contains("subprotocol")
        }
        #expect(throws: WebSocketError.self) {
            try WebSocketHandshake.validateResponse(response, key: key, requestedProtocols: ["superchat"])
        }
        try WebSocketHandshake.validateResponse(response, key: key, requestedProtocols: ["superchat", "chat"])
        try WebSocketHandshake.validateResponse(
            try head(acceptingHead + "\r\n"), key: key, requestedProtocols: ["chat"])
    }

    @Test func offeredProtocolsComeFromTheRequest() throws {
        let target = try WebSocketURL(URL(string: "ws://h/")!)
        let request = WebSocketHandshake.request(for: target, key: key, headers: ["Sec-WebSocket-Protocol": "a, b ,c"])
        #expect(WebSocketHandshake.offeredProtocols(in: request) == ["a", "b", "c"])
        #expect(
            WebSocketHandshake.offeredProtocols(in: WebSocketHandshake.request(for: target, key: key, headers: [:]))
                == [])
    }

    @Test func rejectedUpgradeHeadersAreSanitised() throws {
        // A server echoing the request (token included) or sending huge values cannot reach an error raw.
        let long = String(repeating: "v", count: 5000)
        let response = try head(
            "HTTP/1.1 401 Unauthorized\r\nX-Echo: GET /v1?token=SECRET HTTP/1.1\r\nX-Long: \(long)\r\n\r\n")
        #expect {
            try WebSocketHandshake.validateResponse(response, key: key)
        } throws: { error in
            guard case .handshakeFailed(401, let headers) = error as? WebSocketError else { return false }
            return headers["x-echo"] == "GET /v1?token=… HTTP/1.1"
                && headers["x-long"]?.count == UntrustedText.defaultMaximumLength + 1
        }
    }

    @Test func malformedStatusLineIsQuotedSafely() throws {
        // The bad status line is quoted escaped, capped and redacted.
        let response = try head("HTTP/1.1 1O1 \u{9B}31m /x?token=SECRET \(String(repeating: "z", count: 300))\r\n\r\n")
        #expect {
            try WebSocketHandshake.validateResponse(response, key: key)
        } throws: { error in
            guard case .invalidHandshakeResponse(let reason) = error as? WebSocketError else { return false }
            return !reason.contains("SECRET") && reason.contains("\\u{9B}") && reason.count < 150
        }
        #expect(throws: WebSocketError.self) {
            try WebSocketHandshake.validateResponse(try head("HTTP/1.1 1010 OK\r\n\r\n"), key: key)
        }
    }

    #if canImport(COpenSSL)
        @Test func openSSLResultsOtherThanOneAbortTheConnection() throws {
            // The helper every setup call goes through: only 1 is success.
            try requireOpenSSLSuccess(1, "SSL_set1_host")
            for failure in [0, -1, 2] {
                #expect {
                    try requireOpenSSLSuccess(failure, "SSL_set1_host")
                } throws: { error in
                    guard case .tlsFailed(let reason) = error as? WebSocketError else { return false }
                    return reason.hasPrefix("SSL_set1_host failed")
                }
            }
        }
    #endif
}
