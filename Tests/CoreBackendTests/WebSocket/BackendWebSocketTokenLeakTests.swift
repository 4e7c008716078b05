import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Everything a failing `BackendWebSocketService` connection produces — the error `connect()` throws,
/// trace points, published connection states, errors reported to the messenger — is searched for the
/// bearer token, over the built-in transport and real loopback failures.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct BackendWebSocketTokenLeakTests {
    static let token = "SeCrEt-ToKeN-4711"

    /// What one failed attempt left behind, as text.
    final class Record: Sendable {
        let texts = Locked<[String]>([])
        let traces = Locked<[BackendWebSocketTraceRequest]>([])

        func add(_ value: Any) {
            var dumped = ""
            dump(value, to: &dumped)
            texts.withLock { $0 += [String(describing: value), String(reflecting: value), dumped] }
        }

        func expectNoToken(_ kind: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let all = texts.withLock { $0 }
            #expect(!all.isEmpty, sourceLocation: sourceLocation)
            for text in all {
                #expect(
                    !text.lowercased().contains(token.lowercased()), "\(kind): \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Runs one connection attempt against `url` and records everything it produced.
    private func attempt(_ url: String, timeout: Duration = .milliseconds(500)) async throws -> Record {
        let record = Record()
        let root = Messenger(namespace: Messenger.mockAnyNamespace) { error in record.add(error) }
        try root.registerActionHandler(AuthenticationController.GetBearerToken.self) { _ in Self.token }
        let messenger = try root.buildChild(
            namespace: BackendWebSocketService.name, actions: [AuthenticationController.GetBearerToken.self],
            events: [
                AuthenticationController.StateChange.self, KeyringController.Lock.self, KeyringController.Unlock.self,
            ])
        root.subscribe(BackendWebSocketServiceMessages.ConnectionStateChanged.self) { info in record.add(info) }
        let service = try BackendWebSocketService(
            messenger: messenger,
            options: .init(
                url: url, timeout: timeout, reconnectDelay: .seconds(60), maxReconnectDelay: .seconds(60),
                trace: { request in
                    record.traces.withLock { $0.append(request) }
                    record.add(request)
                }))
        do {
            try await service.connect()
            Issue.record("connected to \(url)")
        } catch {
            record.add(error)
            record.add(error.localizedDescription)
        }
        let start = ContinuousClock.now
        while !record.traces.withLock({ $0.contains { $0.name.hasSuffix("Disconnection") } }),
            ContinuousClock.now - start < .seconds(5)
        {
            try await Task.sleep(for: .milliseconds(5))
        }
        record.add(service.getConnectionInfo())
        service.destroy()
        return record
    }

    @Test func refusedConnection() async throws {
        // Also a configured URL that (wrongly) carries a token itself: published state shows it redacted.
        let listener = try TCPListener(host: "127.0.0.1")
        let port = listener.port
        listener.close()
        _ = listener.accept()
        let record = try await attempt("ws://127.0.0.1:\(port)/v1?token=\(Self.token)")
        record.expectNoToken("refused")
        #expect(record.traces.withLock { $0.contains { $0.name.hasSuffix("Disconnection") } })
    }

    @Test(arguments: [401, 500])
    func rejectedUpgrade(status: Int) async throws {
        let server = try WebSocketTestServer(
            configuration: .init(upgradeHandler: { request in
                .reject(status: status, body: "rejected \(request.query["token"] ?? "")")
            }))
        defer { server.shutdown() }
        try await attempt("ws://127.0.0.1:\(server.port)/v1").expectNoToken("HTTP \(status)")
    }

    @Test func timeout() async throws {
        let server = try WebSocketTestServer(configuration: .init(upgradeHandler: { _ in .ignore }))
        defer { server.shutdown() }
        try await attempt("ws://127.0.0.1:\(server.port)/v1", timeout: .milliseconds(200)).expectNoToken("timeout")
    }

    #if canImport(COpenSSL)
        @Test func tlsFailure() async throws {
            // wss:// to a plain-text server: the TLS handshake fails or times out, either way without the token.
            let server = try WebSocketTestServer()
            defer { server.shutdown() }
            try await attempt("wss://127.0.0.1:\(server.port)/v1", timeout: .milliseconds(200)).expectNoToken("TLS")
        }
    #endif

    @Test(arguments: ["0", "70000", "99999999999999999999"])
    func badPortIsRejectedAtConstruction(port: String) throws {
        // An invalid port is an error at construction (no silent 80/443), and its message carries no token.
        let messenger = Messenger(namespace: BackendWebSocketService.name)
        #expect {
            _ = try BackendWebSocketService(
                messenger: messenger, options: .init(url: "ws://127.0.0.1:\(port)/v1?token=\(Self.token)"))
        } throws: { error in
            guard case .invalidURL(let url) = error as? BackendWebSocketServiceError else { return false }
            return url == "ws://127.0.0.1:\(port)/v1?token=…" && !"\(error)".contains(Self.token)
        }
    }
}
