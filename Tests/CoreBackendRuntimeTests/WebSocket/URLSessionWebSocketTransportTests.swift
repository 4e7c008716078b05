import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `URLSessionWebSocketTask` stand-in: messages are pushed by the test, and it can be told to leave
/// sends, pings or the closing handshake unanswered.
private final class ScriptedTask: URLSessionWebSocketTaskDriving, @unchecked Sendable {
    struct State {
        var inbound: [WebSocketEvent] = []
        var failure: (any Error)?
        var waiter: CheckedContinuation<WebSocketEvent, any Error>?
        var endless = false
        var receives = 0
        var pings = 0
        var closes: [WebSocketCloseCode] = []
        var stalledSends: [CheckedContinuation<Void, any Error>] = []
    }

    struct Closed: Error {}

    let state = Locked(State())
    let answersPings: Bool
    let sendsStall: Bool
    let ignoresClose: Bool

    init(answersPings: Bool = true, sendsStall: Bool = false, ignoresClose: Bool = false) {
        (self.answersPings, self.sendsStall, self.ignoresClose) = (answersPings, sendsStall, ignoresClose)
    }

    func start() {}

    func push(_ event: WebSocketEvent) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.inbound.append(event)
                return nil as CheckedContinuation<WebSocketEvent, any Error>?
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: event)
    }

    /// Makes the pending and later receives throw.
    func fail(_ error: any Error = Closed()) {
        let (waiter, sends) = state.withLock { state in
            state.failure = error
            defer { (state.waiter, state.stalledSends) = (nil, []) }
            return (state.waiter, state.stalledSends)
        }
        waiter?.resume(throwing: error)
        for send in sends { send.resume(throwing: error) }
    }

    func receiveEvent() async throws -> WebSocketEvent {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<WebSocketEvent, any Error>? in
                state.receives += 1
                if let failure = state.failure { return .failure(failure) }
                if state.endless { return .success(.text("tick")) }
                if !state.inbound.isEmpty { return .success(state.inbound.removeFirst()) }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func sendText(_ text: String) async throws {
        guard sendsStall else { return }
        try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0.stalledSends.append(continuation) }
        }
    }

    func ping(_ pong: @escaping @Sendable ((any Error)?) -> Void) {
        state.withLock { $0.pings += 1 }
        if answersPings { pong(nil) }
    }

    func close(code: WebSocketCloseCode, reason: String) {
        state.withLock { $0.closes.append(code) }
        if !ignoresClose || code == .abnormalClosure { fail() }
    }
}

@Suite("URLSessionWebSocketTransport: the built-in transport's contract, over URLSession")
struct URLSessionWebSocketTransportTests {
    private static func options(
        messages: Int = 1024, writeTimeout: Duration? = .seconds(10), keepalive: WebSocketKeepalive? = nil,
        closeTimeout: Duration = .seconds(5)
    ) -> BuiltinWebSocketTransport.Configuration {
        .init(
            closeTimeout: closeTimeout, writeTimeout: writeTimeout, keepalive: keepalive,
            maximumBufferedMessages: messages)
    }

    private static func connection(
        _ task: ScriptedTask, _ options: BuiltinWebSocketTransport.Configuration = options()
    ) -> URLSessionWebSocketConnection<ScriptedTask> {
        let connection = URLSessionWebSocketConnection(task: task, options: options)
        connection.startReceiving()
        return connection
    }

    private static func collect(_ events: WebSocketEvents) async -> [WebSocketEvent] {
        var all: [WebSocketEvent] = []
        for await event in events { all.append(event) }
        return all
    }

    @Test("messages arrive in order; the events end with exactly one .closed, the peer's close frame")
    func orderAndOneClosed() async {
        let task = ScriptedTask()
        let connection = Self.connection(task)
        task.push(.text("a"))
        task.push(.binary([1, 2]))
        #expect(await eventually { connection.events.bufferedCount == 2 })
        connection.peerClosed(WebSocketCloseInfo(code: .normalClosure, reason: "bye", wasClean: true))
        task.fail()
        let events = await Self.collect(connection.events)
        #expect(
            events == [
                .text("a"), .binary([1, 2]), .closed(.init(code: .normalClosure, reason: "bye", wasClean: true)),
            ])
    }

    @Test("a failure without a close frame ends the events with 1006 naming it; later sends throw connectionClosed")
    func failureEndsWithAbnormal() async throws {
        let task = ScriptedTask()
        let connection = Self.connection(task)
        task.fail(URLError(.networkConnectionLost))
        let events = await Self.collect(connection.events)
        #expect(events.count == 1)
        guard case .closed(let info)? = events.first else { Issue.record("no .closed: \(events)"); return }
        #expect(info.code == .abnormalClosure && !info.wasClean)
        await #expect(throws: WebSocketError.connectionClosed) { try await connection.send(text: "late") }
    }

    @Test("the backlog is bounded: receiving stops at maximumBufferedMessages and resumes as they are taken")
    func backlogIsBounded() async throws {
        let task = ScriptedTask()
        task.state.withLock { $0.endless = true }
        let connection = Self.connection(task, Self.options(messages: 8))
        #expect(await eventually { connection.events.bufferedCount == 8 })
        try await Task.sleep(for: .milliseconds(60))  // a dozen back-pressure checks
        #expect(connection.events.bufferedCount == 8)
        #expect(task.state.withLock { $0.receives } == 8)
        var iterator = connection.events.makeAsyncIterator()
        for _ in 0..<4 { _ = await iterator.next() }
        #expect(await eventually { task.state.withLock { $0.receives } >= 12 })
        task.state.withLock { $0.endless = false }
        task.fail()
    }

    @Test("a send the server does not take within writeTimeout throws writeTimeout and ends the connection")
    func writeTimeout() async throws {
        let task = ScriptedTask(sendsStall: true)
        let connection = Self.connection(task, Self.options(writeTimeout: .milliseconds(50)))
        await #expect(throws: WebSocketError.writeTimeout(.milliseconds(50))) {
            try await connection.send(text: "stuck")
        }
        let events = await Self.collect(connection.events)
        #expect(events == [.closed(.abnormal("write timeout"))])
        #expect(task.state.withLock { $0.closes } == [.abnormalClosure])
    }

    @Test("keepalive: an answered ping keeps an idle connection; an unanswered one ends it with 1006")
    func keepalive() async throws {
        let policy = WebSocketKeepalive(idleInterval: .milliseconds(20), pongTimeout: .milliseconds(20))
        let answered = ScriptedTask(answersPings: true)
        let alive = Self.connection(answered, Self.options(keepalive: policy))
        let silent = ScriptedTask(answersPings: false)
        let dying = Self.connection(silent, Self.options(keepalive: policy))
        let events = await Self.collect(dying.events)
        #expect(events == [.closed(.abnormal("keepalive timeout"))])
        #expect(silent.state.withLock { $0.pings } == 1)
        #expect(await eventually { answered.state.withLock { $0.pings } >= 2 })
        #expect(answered.state.withLock { $0.failure == nil })  // still open
        await alive.close(code: .normalClosure, reason: "done")
    }

    @Test("close: a peer that answers ends the events cleanly; one that does not is dropped after closeTimeout")
    func closeIsBounded() async {
        let polite = ScriptedTask()
        let first = Self.connection(polite)
        await first.close(code: .normalClosure, reason: "bye")
        #expect(
            await Self.collect(first.events) == [.closed(.init(code: .normalClosure, reason: "bye", wasClean: true))])

        let deaf = ScriptedTask(ignoresClose: true)
        let second = Self.connection(deaf, Self.options(closeTimeout: .milliseconds(50)))
        await second.close(code: .normalClosure, reason: "bye")
        #expect(await Self.collect(second.events) == [.closed(.abnormal("close timeout"))])
        #expect(deaf.state.withLock { $0.closes } == [.normalClosure, .abnormalClosure])
    }

    @Test("an opening that fails maps to the built-in transport's errors")
    func openingErrors() {
        let url = URL(string: "wss://api.example/ws")
        let map = { (error: any Error, status: Int?) in
            WebSocketError.opening(failure: error, url: url, status: status, headers: ["Retry-After": "5"])
        }
        #expect(map(URLError(.badServerResponse), 403) == .handshakeFailed(status: 403, headers: ["retry-after": "5"]))
        #expect(map(URLError(.timedOut), nil) == .connectTimeout(.zero))
        guard case .hostResolutionFailed(host: "api.example", _) = map(URLError(.cannotFindHost), nil) else {
            Issue.record("cannotFindHost")
            return
        }
        guard case .tlsCertificateVerificationFailed = map(URLError(.serverCertificateUntrusted), nil) else {
            Issue.record("serverCertificateUntrusted")
            return
        }
        guard case .tlsFailed = map(URLError(.secureConnectionFailed), nil) else { Issue.record("tls"); return }
        guard case .connectionFailed(host: "api.example", _, _) = map(URLError(.cannotConnectToHost), nil) else {
            Issue.record("cannotConnectToHost")
            return
        }
    }

    #if os(Linux)
        @Test("on Linux the platform default is the built-in transport, and URLSession fails fast with a typed error")
        func linuxDefault() async throws {
            #expect(PlatformWebSocketTransport.self == BuiltinWebSocketTransport.self)
            let server = try WebSocketTestServer()
            defer { server.shutdown() }
            let url = try #require(URL(string: "ws://127.0.0.1:\(server.port)/"))
            let started = ContinuousClock.now
            await #expect {
                _ = try await URLSessionWebSocketTransport().connect(to: url, headers: [:], timeout: .seconds(5))
            } throws: { error in
                guard case WebSocketError.connectionFailed(_, _, let reason) = error else { return false }
                return reason.contains("libcurl")
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    #endif
}
