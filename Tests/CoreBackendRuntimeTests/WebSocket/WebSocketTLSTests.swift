#if canImport(COpenSSL)
    import CoreBackendRuntime
    import CoreBackendRuntimeTesting
    import Foundation
    import Testing

    extension SocketTests {
        /// `wss://` through OpenSSL against Python's `websockets` over TLS with a CA made by the test.
        @Suite struct TLS {
            typealias Support = SocketTestSupport

            private func connect(
                host: String,
                port: Int,
                trusting caFile: String?
            ) async throws -> any WebSocketConnection {
                try await BuiltinWebSocketTransport(configuration: .init(additionalTrustedCAFile: caFile)).connect(
                    to: URL(string: "wss://\(host):\(port)/secure?token=x")!, headers: [:], timeout: .seconds(5))
            }

            @Test(arguments: ["127.0.0.1", "localhost"])
            func trustedCertificateWorks(host: String) async throws {
                // With the test CA trusted, the handshake verifies (IP SAN or DNS SAN with SNI) and 1 MiB crosses both ways.
                let certificates = try await TestCertificates.shared()
                let (peer, port) = try await PythonPeer.server(
                    certificate: certificates.serverCertificate, key: certificates.serverKey)
                defer { peer.stop() }
                let client = try await connect(host: host, port: port, trusting: certificates.caFile)
                var events = client.events.makeAsyncIterator()
                try await client.send(text: "cmd:send 1048576")
                #expect(await Support.nextText(&events)?.utf8.count == 1 << 20)
                let big = String(repeating: "z", count: 1 << 20)
                try await client.send(text: big)
                #expect(await Support.nextText(&events) == big)
                try await client.send(text: "cmd:close 4000 tls bye")
                var info: WebSocketCloseInfo?
                while let event = await events.next() { if case .closed(let closed) = event { info = closed } }
                #expect(info == WebSocketCloseInfo(code: .unknown(4000), reason: "tls bye", wasClean: true))
            }

            @Test func clientCloseOverTLS() async throws {
                // close() completes the closing handshake over TLS (close_notify included) without waiting for the timeout.
                let certificates = try await TestCertificates.shared()
                let (peer, port) = try await PythonPeer.server(
                    certificate: certificates.serverCertificate, key: certificates.serverKey)
                defer { peer.stop() }
                let client = try await connect(host: "127.0.0.1", port: port, trusting: certificates.caFile)
                let start = ContinuousClock.now
                await client.close(code: .normalClosure, reason: "done")
                #expect(ContinuousClock.now - start < .seconds(2))
                let info = try #require(await Support.closeInfo(client.events))
                #expect(info.code == .normalClosure && info.wasClean)
            }

            @Test func untrustedCertificateIsRejected() async throws {
                // Without the test CA, verification fails with OpenSSL's reason.
                let certificates = try await TestCertificates.shared()
                let (peer, port) = try await PythonPeer.server(
                    certificate: certificates.serverCertificate, key: certificates.serverKey)
                defer { peer.stop() }
                await #expect(
                    throws: WebSocketError.tlsCertificateVerificationFailed(
                        reason: "certificate verify failed: unable to get local issuer certificate")
                ) {
                    _ = try await connect(host: "127.0.0.1", port: port, trusting: nil)
                }
            }

            @Test(arguments: [("localhost", "hostname mismatch"), ("127.0.0.1", "IP address mismatch")])
            func hostnameMismatchIsRejected(host: String, reason: String) async throws {
                // A trusted certificate for another name fails with tlsHostnameMismatch.
                let certificates = try await TestCertificates.shared()
                let (peer, port) = try await PythonPeer.server(
                    certificate: certificates.otherCertificate, key: certificates.otherKey)
                defer { peer.stop() }
                await #expect(
                    throws: WebSocketError.tlsHostnameMismatch(
                        host: host, reason: "certificate verify failed: \(reason)")
                ) {
                    _ = try await connect(host: host, port: port, trusting: certificates.caFile)
                }
            }

            @Test func missingCAFileIsATLSFailure() async throws {
                // A CA file that cannot be loaded is reported before any handshake.
                let certificates = try await TestCertificates.shared()
                let (peer, port) = try await PythonPeer.server(
                    certificate: certificates.serverCertificate, key: certificates.serverKey)
                defer { peer.stop() }
                await #expect {
                    _ = try await connect(host: "127.0.0.1", port: port, trusting: "/nonexistent/ca.pem")
                } throws: { error in
                    guard case .tlsFailed(let reason) = error as? WebSocketError else { return false }
                    return reason.contains("/nonexistent/ca.pem")
                }
            }

            @Test func tlsHandshakeTimesOutAgainstASilentListener() async throws {
                // A listener that never speaks TLS fails with connectTimeout.
                let listener = try TCPListener()
                defer {
                    listener.close()
                    _ = listener.accept()
                }
                await #expect(throws: WebSocketError.connectTimeout(.milliseconds(200))) {
                    _ = try await BuiltinWebSocketTransport().connect(
                        to: URL(string: "wss://127.0.0.1:\(listener.port)/")!, headers: [:], timeout: .milliseconds(200)
                    )
                }
            }
        }
    }
#endif
