import CoreBackendRuntimeTesting
import Foundation
import Testing

@testable import CoreBackendRuntime

extension SocketTests {
    /// The bearer token travels in the URL's query; whatever way a connection fails, no error text
    /// (`description`, `String(reflecting:)`, `localizedDescription`, a `dump` of its payload) contains it.
    @Suite struct TokenLeak {
        static let token = "SeCrEt-ToKeN-4711"

        /// Every text an error offers, including payloads that `description` leaves out.
        static func texts(of error: any Error) -> [String] {
            var dumped = ""
            dump(error, to: &dumped)
            return [
                "\(error)", String(describing: error), String(reflecting: error), error.localizedDescription, dumped,
            ]
        }

        static func expectNoToken(
            _ error: (any Error)?, _ kind: String, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            guard let error else {
                Issue.record("\(kind): the connection did not fail", sourceLocation: sourceLocation)
                return
            }
            for text in texts(of: error) {
                #expect(
                    !text.lowercased().contains(token.lowercased()), "\(kind): \(text)", sourceLocation: sourceLocation)
            }
        }

        private func failure(_ url: String, timeout: Duration = .seconds(3)) async -> (any Error)? {
            do {
                let connection = try await BuiltinWebSocketTransport().connect(
                    to: URL(string: url)!, headers: [:], timeout: timeout)
                await connection.close(code: .normalClosure, reason: "")
                return nil
            } catch {
                return error
            }
        }

        private var query: String { "/v1?token=\(Self.token)&client=ios" }

        @Test func badPorts() async {
            for port in ["0", "65536", "70000", "99999999999999999999"] {
                Self.expectNoToken(await failure("ws://127.0.0.1:\(port)\(query)"), "port \(port)")
            }
            Self.expectNoToken(await failure("http://u:\(Self.token)@127.0.0.1\(query)"), "scheme")
        }

        @Test func refusedConnection() async throws {
            let listener = try TCPListener(host: "127.0.0.1")
            let port = listener.port
            listener.close()
            _ = listener.accept()
            Self.expectNoToken(await failure("ws://127.0.0.1:\(port)\(query)"), "refused")
        }

        @Test(arguments: [401, 500])
        func rejectedUpgrade(status: Int) async throws {
            // The server echoes the request line (token included) in its reason phrase and in headers.
            let server = try ScriptedUpgradeServer { request in
                let line = request.split(separator: "\r\n").first.map(String.init) ?? ""
                return
                    "HTTP/1.1 \(status) \(line)\r\nX-Request: \(line)\r\nLocation: ws://u:p@h\(line.split(separator: " ")[1])\r\n"
                    + "Content-Length: 0\r\n\r\n"
            }
            defer { server.stop() }
            let error = await failure("ws://127.0.0.1:\(server.port)\(query)")
            Self.expectNoToken(error, "HTTP \(status)")
            guard case .handshakeFailed(status, let headers) = error as? WebSocketError else {
                Issue.record("expected handshakeFailed, got \(String(describing: error))")
                return
            }
            #expect(headers["x-request"] == "GET /v1?token=…&client=ios HTTP/1.1")
            #expect(server.requests.withLock { $0.first?.contains(Self.token) } == true)  // it did travel to the server
        }

        @Test func rejectedByTheTestServer() async throws {
            let server = try WebSocketTestServer(
                configuration: .init(upgradeHandler: { request in
                    .reject(status: 401, body: "bad token \(request.query["token"] ?? "")")
                }))
            defer { server.shutdown() }
            Self.expectNoToken(await failure("ws://127.0.0.1:\(server.port)\(query)"), "401 from the test server")
        }

        @Test func hostileStatusLine() async throws {
            // A status line with terminal escapes and the echoed token: escaped and redacted in the error.
            let server = try ScriptedUpgradeServer { request in
                let line = request.split(separator: "\r\n").first.map(String.init) ?? ""
                return "HTTP/1.1 1O1 \u{9B}2J\(line)\r\n\r\n"
            }
            defer { server.stop() }
            let error = await failure("ws://127.0.0.1:\(server.port)\(query)")
            Self.expectNoToken(error, "status line")
            for text in Self.texts(of: error ?? WebSocketError.connectionClosed) {
                #expect(!text.unicodeScalars.contains("\u{9B}"), "\(text)")
            }
        }

        @Test func timeout() async throws {
            let server = try WebSocketTestServer(configuration: .init(upgradeHandler: { _ in .ignore }))
            defer { server.shutdown() }
            Self.expectNoToken(
                await failure("ws://127.0.0.1:\(server.port)\(query)", timeout: .milliseconds(300)), "timeout")
        }

        #if canImport(COpenSSL)
            @Test func tlsFailure() async throws {
                // wss:// to a server that answers the ClientHello in plain HTTP: the TLS handshake fails
                // (by address and by name).
                let plain = try ScriptedUpgradeServer(waitForRequest: false) { _ in "HTTP/1.1 400 Bad Request\r\n\r\n" }
                defer { plain.stop() }
                for host in ["127.0.0.1", "localhost"] {
                    let error = await failure("wss://\(host):\(plain.port)\(query)")
                    Self.expectNoToken(error, "TLS to \(host)")
                    guard case .tlsFailed = error as? WebSocketError else {
                        Issue.record("expected tlsFailed, got \(String(describing: error))")
                        continue
                    }
                }
            }
        #endif
    }
}
