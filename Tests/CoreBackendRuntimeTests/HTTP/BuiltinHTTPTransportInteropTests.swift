import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

/// The built-in client against Python's `http.server` (an independent implementation), plain and over TLS.
@Suite("BuiltinHTTPTransport: interop with Python's http.server")
struct BuiltinHTTPTransportInteropTests {
    /// Starts `http_peer.py` and returns it with its port.
    static func peer(certificates: TestCertificates? = nil) async throws -> (PythonPeer, Int) {
        let arguments = certificates.map { ["--cert", $0.serverCertificate, "--key", $0.serverKey] } ?? []
        let peer = try await PythonPeer(script: "http_peer", arguments: arguments)
        let line = try #require(await peer.readLine(), "http_peer.py did not start")
        let port = try #require(line.hasPrefix("PORT ") ? Int(line.dropFirst(5)) : nil, "unexpected output: \(line)")
        return (peer, port)
    }

    static func text(_ transport: BuiltinHTTPTransport, _ url: String) async throws -> String {
        String(decoding: try await transport.send(HTTPRequest(url: URL(string: url)!)).body, as: UTF8.self)
    }

    @Test("keep-alive, chunked bodies, POST echo and Connection: close")
    func plain() async throws {
        let (peer, port) = try await Self.peer()
        defer { peer.stop() }
        let base = "http://127.0.0.1:\(port)"
        let transport = BuiltinHTTPTransportTests.transport()
        for _ in 0..<10 { #expect(try await Self.text(transport, "\(base)/json") == #"{"ok":true}"#) }
        #expect(try await Self.text(transport, "\(base)/connections") == "1")
        let chunks = try await Self.text(transport, "\(base)/chunked?n=200")
        #expect(chunks == (0..<200).map { "chunk-\($0);" }.joined())
        let body = Data((0..<50_000).map { UInt8($0 % 251) })
        let echoed = try await transport.send(
            HTTPRequest(method: "POST", url: URL(string: "\(base)/echo")!, body: body))
        #expect(echoed.body == body)
        #expect(try await Self.text(transport, "\(base)/connections") == "1")
        #expect(try await Self.text(transport, "\(base)/close") == "bye")
        #expect(try await Self.text(transport, "\(base)/connections") == "2")
    }

    #if canImport(COpenSSL)
        @Test("https with the test CA trusted; untrusted is tlsFailed")
        func tls() async throws {
            let certificates = try await TestCertificates.shared()
            let (peer, port) = try await Self.peer(certificates: certificates)
            defer { peer.stop() }
            let trusting = BuiltinHTTPTransport(configuration: .init(additionalTrustedCAFile: certificates.caFile))
            for host in ["127.0.0.1", "localhost"] {
                #expect(try await Self.text(trusting, "https://\(host):\(port)/json") == #"{"ok":true}"#)
                #expect(
                    try await Self.text(trusting, "https://\(host):\(port)/chunked?n=3") == "chunk-0;chunk-1;chunk-2;")
            }
            #expect(try await Self.text(trusting, "https://127.0.0.1:\(port)/connections") == "2")
            await #expect {
                _ = try await BuiltinHTTPTransportTests.transport().send(
                    HTTPRequest(url: URL(string: "https://127.0.0.1:\(port)/json")!))
            } throws: { error in
                if case .tlsFailed = error as? HTTPTransportError { return true }
                return false
            }
        }
    #endif
}
