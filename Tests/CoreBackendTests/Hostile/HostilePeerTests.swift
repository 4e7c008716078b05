import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 13, from outside: an independent hostile server (`hostile_server.py`, Python standard library)
/// serves each class of misbehaviour; the client ends with a typed error or keeps running as documented,
/// never crashes, stays within its bounds, reconnects where it should, and never shows the token or raw
/// control characters from the server in what it reports.
@Suite("Hostile peers: nothing a server sends crashes, hangs or bloats the client", .serialized)
struct HostilePeerTests {
    static let token = "SECRET-tok3n-4f9a"

    /// Text that may reach a log or a terminal: no token, no control character but newline and tab.
    static func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(token), "\(what) leaks the token: \(text)", sourceLocation: sourceLocation)
        let raw = text.unicodeScalars.first { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }
        #expect(
            raw == nil, "\(what) holds a raw control character: \(text.debugDescription)",
            sourceLocation: sourceLocation)
    }

    static func expectClean(_ error: any Error, sourceLocation: SourceLocation = #_sourceLocation) {
        expectClean(String(describing: error), "description", sourceLocation: sourceLocation)
        expectClean(String(reflecting: error), "debug description", sourceLocation: sourceLocation)
        expectClean(error.localizedDescription, "localizedDescription", sourceLocation: sourceLocation)
    }

    // MARK: - Handshake

    @Test(
        "a hostile upgrade answer is a typed error within the connect timeout, with server text escaped",
        arguments: ["/ws/bad-status", "/ws/subprotocol", "/ws/endless-head", "/ws/hang"])
    func hostileHandshake(path: String) async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let url = URL(string: server.url(path).absoluteString + "?token=\(Self.token)")!
        do {
            let connection = try await BuiltinWebSocketTransport().connect(
                to: url, headers: [:], timeout: .milliseconds(1500))
            await connection.close(code: .normalClosure, reason: "")
            Issue.record("\(path): the connection opened")
        } catch let error as WebSocketError {
            Self.expectClean(error)
            switch (path, error) {
            case ("/ws/bad-status", .handshakeFailed(let status, let headers)):
                #expect(status == 403)
                Self.expectClean(headers.description, "headers")
            case ("/ws/bad-status", .invalidHandshakeResponse):
                break  // control characters in the status line: refused by the head parser already
            case ("/ws/subprotocol", .invalidHandshakeResponse), ("/ws/endless-head", .invalidHandshakeResponse),
                ("/ws/hang", .connectTimeout):
                break
            default: Issue.record("\(path): unexpected \(error)")
            }
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    // MARK: - Frames

    @Test(
        "deeply nested frames and notification data are dropped; the connection stays up and delivers the next frame",
        arguments: [
            "/ws/deep?n=100000", "/ws/deep-decline?n=100000", "/ws/deep-data?n=100000", "/ws/deep?n=31",
            "/ws/deep-data?n=31",
        ])
    func deepFrames(path: String) async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        let stack = try RealtimeStack(url: server.url(path).absoluteString, token: Self.token)
        defer { stack.destroy() }
        let probe = AsyncStream.makeStream(of: JSONValue.self)
        let deepData = Locked<[JSONValue]>([])
        stack.webSocket.addChannelCallback(.init(channelName: "probe") { probe.continuation.yield($0.data) })
        stack.webSocket.addChannelCallback(
            .init(channelName: "account-activity.v1.eip155:0:0xabc") { message in
                deepData.withLock { $0.append(message.data) }  // read lazily
            })
        try await stack.webSocket.connect()
        let arrived = await withTimeout(.seconds(10)) { await probe.stream.first { _ in true } }
        #expect(arrived == .object(["alive": .bool(true)]), "\(path): no probe after the hostile frame")
        #expect(stack.webSocket.getConnectionInfo().state == .connected)
        let data = deepData.withLock { $0 }
        if path == "/ws/deep-data?n=31" {
            // 1 (the frame) + 31 levels: at the limit, so delivered, and `data` decodes in full.
            var depth = 0
            var value = try #require(data.first)
            while case .array(let items) = value {
                depth += 1
                value = items.first ?? .null
            }
            #expect(depth == 31)
        } else {
            #expect(data.isEmpty, "an over-deep frame is never routed")
        }
    }

    @Test("a frame announcing 2^40 bytes closes with 1009 before anything is buffered")
    func oversizedFrame() async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        let connection = try await BuiltinWebSocketTransport().connect(
            to: server.url("/ws/oversize"), headers: [:], timeout: .seconds(5))
        let closed = await withTimeout(.seconds(10)) { await Self.closeInfo(connection.events) }
        #expect(closed??.code == .messageTooBig)
    }

    @Test("a server that floods a consumer who does not read is held at the byte bound")
    func flood() async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        var configuration = BuiltinWebSocketTransport.Configuration()
        configuration.maximumBufferedBytes = 1 << 20
        let connection = try await BuiltinWebSocketTransport(configuration: configuration).connect(
            to: server.url("/ws/flood?size=65536"), headers: [:], timeout: .seconds(5))
        // Not consuming: the read loop must stop at the bound (plus at most one read), not grow without end.
        var peak = 0
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(25))
            peak = max(peak, connection.events.bufferedByteCount)
        }
        #expect(peak >= 1 << 20, "the flood should fill the backlog")
        #expect(peak <= (1 << 20) + (512 << 10) + 65536, "backlog of \(peak) bytes")
        // And then everything still flows.
        var received = 0
        for await event in connection.events {
            if case .text(let text) = event, text.utf8.count == 65536 { received += 1 }
            if received == 100 { break }
        }
        #expect(received == 100)
        await connection.close(code: .normalClosure, reason: "")
    }

    // MARK: - Liveness

    @Test("a server that stops reading ends the send with writeTimeout, and the connection closes")
    func serverThatNeverReads() async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        var configuration = BuiltinWebSocketTransport.Configuration()
        configuration.writeTimeout = .milliseconds(300)
        let connection = try await BuiltinWebSocketTransport(configuration: configuration).connect(
            to: server.url("/ws/noread"), headers: [:], timeout: .seconds(5))
        let message = String(repeating: "x", count: 256 << 10)
        let start = ContinuousClock.now
        var failure: (any Error)?
        for _ in 0..<400 {  // 100 MiB at most: far beyond what the socket buffers hold
            do { try await connection.send(text: message) } catch {
                failure = error
                break
            }
        }
        #expect(failure as? WebSocketError == .writeTimeout(.milliseconds(300)))
        #expect(ContinuousClock.now - start < .seconds(15))
        let closed = await withTimeout(.seconds(5)) { await Self.closeInfo(connection.events) }
        #expect(closed??.code == .abnormalClosure)
    }

    @Test("a silent server is detected by the keepalive: disconnected, then reconnected with backoff")
    func silentServerIsDetectedAndReconnected() async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        var transport = BuiltinWebSocketTransport.Configuration()
        transport.keepalive = WebSocketKeepalive(idleInterval: .milliseconds(100), pongTimeout: .milliseconds(100))
        let url = server.url("/ws/silent").absoluteString
        let stack = try RealtimeStack(
            url: url, token: Self.token,
            options: .init(
                url: url, reconnectDelay: .milliseconds(20), maxReconnectDelay: .milliseconds(50),
                transport: BuiltinWebSocketTransport(configuration: transport)))
        defer { stack.destroy() }
        let events = stack.events()
        try await stack.webSocket.connect()
        // connected → (keepalive fails) disconnected → connected again, twice over.
        let states = await withTimeout(.seconds(10)) { () -> [String] in
            var states: [String] = []
            for await event in events where event.name == "connectionStateChanged" {
                states.append(event.payload["state"]?.stringValue ?? "?")
                if states.filter({ $0 == "connected" }).count >= 2 { break }
            }
            return states
        }
        let seen = try #require(states, "no reconnect within 10 s")
        #expect(seen.contains("disconnected"), "\(seen)")
    }

    // MARK: - HTTP

    @Test(
        "hostile HTTP answers are typed errors within the limits, and the token appears in none of them",
        arguments: ["huge", "endless-chunked", "trickle", "lying-length", "deep"])
    func hostileHTTP(behaviour: String) async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        let base = server.url("/http/\(behaviour)", scheme: "http")
        let client = ApiPlatformClient(
            clientProduct: "hostile-tests", getBearerToken: { Self.token },
            baseURLs: APIBaseURLs(accounts: base, prices: base, token: base, tokens: base), retryPolicy: .never,
            transport: URLSessionTransport(maximumResponseSize: 1 << 20, timeout: .seconds(1)))
        let start = ContinuousClock.now
        do {
            _ = try await client.accounts.fetchV2SupportedNetworks()
            Issue.record("\(behaviour): the call succeeded")
        } catch {
            Self.expectClean(error)
            switch (behaviour, (error as? APIError)?.kind) {
            case ("huge", .responseTooLarge?), ("endless-chunked", .responseTooLarge?), ("trickle", .timedOut?),
                ("deep", .decoding?), ("lying-length", _):
                break
            default: Issue.record("\(behaviour): unexpected \(error)")
            }
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("a redirect to another origin does not carry the Authorization header")
    func crossOriginRedirect() async throws {
        let server = try await HostileServer()
        defer { server.stop() }
        let base = server.url("/http/redirect", scheme: "http")
        let client = ApiPlatformClient(
            clientProduct: "hostile-tests", getBearerToken: { Self.token },
            baseURLs: APIBaseURLs(accounts: base, prices: base, token: base, tokens: base), retryPolicy: .never)
        _ = try? await client.accounts.fetchV2SupportedNetworks()  // the other origin answers `{}`
        // A marker request, so reading the other origin's log cannot block if the redirect was never followed.
        _ = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(server.otherPort)/done")!)
        #expect(await server.process.readLine() == "OTHER /landing authorization=-")
        #expect(await server.process.readLine() == "OTHER /done authorization=-")
    }

    // MARK: - Support

    static func closeInfo(_ events: WebSocketEvents) async -> WebSocketCloseInfo? {
        for await event in events { if case .closed(let info) = event { return info } }
        return nil
    }
}

/// `body`'s result, or `nil` if it takes longer than `limit` (the body is then cancelled).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
