import CoreBackendRuntimeTesting
import Foundation
import Testing

@testable import CoreBackendRuntime

/// A listener on 127.0.0.1 whose accept queue is full, so a new connection attempt never completes:
/// a silent address without leaving the machine.
final class SilentListener: Sendable {
    let listener: TCPListener
    private let fillers: [TCPSocket]

    init() throws {
        listener = try TCPListener(host: "127.0.0.1", backlog: 0)
        var fillers: [TCPSocket] = []
        // Connect until one attempt stays pending: from then on the queue is full.
        for _ in 0..<8 {
            do {
                fillers.append(
                    try TCPSocket.connect(
                        host: "127.0.0.1", port: listener.port, deadline: .now + .milliseconds(100),
                        timeout: .milliseconds(100)))
            } catch {
                break
            }
        }
        self.fillers = fillers
    }

    var port: Int { listener.port }

    func stop() {
        for socket in fillers { socket.close() }
        listener.close()
        _ = listener.accept()  // returns nil at once and releases the descriptors
    }
}

/// A scripted peer on 127.0.0.1: reads each request head, records it, and answers with whatever
/// `respond` returns (nil: never answer), then keeps the connection until it is stopped. With
/// `waitForRequest` false it answers `respond("")` as soon as it accepts (a server that does not speak TLS).
final class ScriptedUpgradeServer: Sendable {
    let listener: TCPListener
    let requests = Locked<[String]>([])
    private let sockets = Locked<[TCPSocket]>([])

    init(waitForRequest: Bool = true, respond: @escaping @Sendable (String) -> String?) throws {
        listener = try TCPListener(host: "127.0.0.1")
        let (listener, requests, sockets) = (listener, requests, sockets)
        DedicatedThread.start(name: "scripted upgrade server") {
            while let socket = listener.accept() {
                sockets.withLock { $0.append(socket) }
                DedicatedThread.start(name: "scripted upgrade connection") {
                    var received: [UInt8] = []
                    var chunk = [UInt8](repeating: 0, count: 4096)
                    let deadline = ContinuousClock.now + .seconds(5)
                    while waitForRequest, !Self.hasHeadEnd(received) {
                        guard
                            let count = try? chunk.withUnsafeMutableBytes({
                                try socket.read(into: $0, deadline: deadline)
                            }),
                            count > 0
                        else { return }
                        received += chunk.prefix(count)
                    }
                    let request = String(decoding: received, as: UTF8.self)
                    requests.withLock { $0.append(request) }
                    if let response = respond(request) { try? socket.write(Array(response.utf8)) }
                }
            }
        }
    }

    var port: Int { listener.port }

    private static func hasHeadEnd(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && (0...(bytes.count - 4)).contains { bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
    }

    func stop() {
        listener.close()
        for socket in sockets.withLock({ $0 }) { socket.shutdown() }
    }
}

extension SocketTests {
    /// Resolution, address order and the overall deadline of `TCPSocket.connect`, TLS set-up checks.
    @Suite struct ConnectPath {
        @Test func localhostReachesAnIPv4OnlyServer() async throws {
            // `localhost` resolves through getaddrinfo; a server on 127.0.0.1 only is reached.
            let server = try WebSocketTestServer()
            defer { server.shutdown() }
            let client = try await BuiltinWebSocketTransport().connect(
                to: URL(string: "ws://localhost:\(server.port)/")!, headers: [:], timeout: .seconds(5))
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func everyAddressIsTriedInOrder() throws {
            // ::1 first (nothing listens there: refused), then 127.0.0.1, where the server is.
            let listener = try TCPListener(host: "127.0.0.1")
            defer {
                listener.close()
                _ = listener.accept()
            }
            let tried = Locked<[String]>([])
            let addresses = ["::1", "127.0.0.1"].compactMap {
                TCPSocket.numericAddresses(host: $0, port: listener.port)?.first
            }
            #expect(addresses.map(\.description) == ["::1", "127.0.0.1"])
            let socket = try TCPSocket.connect(
                host: "dual.test", port: listener.port, deadline: .now + .seconds(5), timeout: .seconds(5)
            ) { host, _ in
                tried.withLock { $0.append(host) }
                return addresses
            }
            socket.close()
            #expect(tried.withLock { $0 } == ["dual.test"])
        }

        @Test func allAddressesFailingNamesEachOne() throws {
            // Two refused addresses: connectionFailed lists both, not only the last.
            let listener = try TCPListener(host: "127.0.0.1")
            let port = listener.port
            listener.close()
            _ = listener.accept()
            let addresses = ["::1", "127.0.0.1"].compactMap { TCPSocket.numericAddresses(host: $0, port: port)?.first }
            #expect {
                try TCPSocket.connect(host: "gone.test", port: port, deadline: .now + .seconds(5), timeout: .seconds(5))
                {
                    _, _ in addresses
                }
            } throws: { error in
                guard case .connectionFailed(_, _, let reason) = error as? WebSocketError else { return false }
                return reason.contains("::1: connect failed") && reason.contains("127.0.0.1: connect failed")
            }
        }

        @Test func aSilentFirstAddressLeavesTimeForTheNext() throws {
            // The first address never answers (full accept queue); it gets a share of the deadline, not all of it,
            // so the second one still connects within the same overall timeout.
            let silent = try SilentListener()
            defer { silent.stop() }
            let listener = try TCPListener(host: "127.0.0.1")
            defer {
                listener.close()
                _ = listener.accept()
            }
            let addresses = [
                try #require(TCPSocket.numericAddresses(host: "127.0.0.1", port: silent.port)?.first),
                try #require(TCPSocket.numericAddresses(host: "127.0.0.1", port: listener.port)?.first),
            ]
            let socket = try TCPSocket.connect(
                host: "two.test", port: 0, deadline: .now + .milliseconds(600), timeout: .milliseconds(600)
            ) { _, _ in addresses }
            socket.close()
        }

        @Test func aSilentAddressEndsAtTheDeadline() throws {
            // One silent address: connectTimeout once the overall deadline passes (bounded, never a hang).
            let silent = try SilentListener()
            defer { silent.stop() }
            let start = ContinuousClock.now
            #expect(throws: WebSocketError.connectTimeout(.milliseconds(200))) {
                try TCPSocket.connect(
                    host: "127.0.0.1", port: silent.port, deadline: .now + .milliseconds(200),
                    timeout: .milliseconds(200))
            }
            #expect(ContinuousClock.now - start < .seconds(3))
        }

        @Test func slowResolutionCountsAgainstTheDeadline() throws {
            // A resolver stuck for up to 3 s: connect gives up at its 150 ms deadline with connectTimeout
            // (before this fix it waited for getaddrinfo, then reported the resolver's late error).
            let release = DispatchSemaphore(value: 0)
            defer { release.signal() }
            #expect(throws: WebSocketError.connectTimeout(.milliseconds(150))) {
                try TCPSocket.connect(
                    host: "slow.test", port: 1, deadline: .now + .milliseconds(150), timeout: .milliseconds(150)
                ) { host, _ throws(WebSocketError) in
                    _ = release.wait(timeout: .now() + .seconds(3))
                    throw .hostResolutionFailed(host: host, reason: "answered too late")
                }
            }
        }

        @Test func resolutionErrorsAreReported() {
            #expect(throws: WebSocketError.hostResolutionFailed(host: "x.test", reason: "no such host")) {
                try TCPSocket.connect(host: "x.test", port: 1, deadline: .now + .seconds(2), timeout: .seconds(2)) {
                    host, _ throws(WebSocketError) in throw .hostResolutionFailed(host: host, reason: "no such host")
                }
            }
            #expect(throws: WebSocketError.hostResolutionFailed(host: "none.test", reason: "no IPv4 or IPv6 address")) {
                try TCPSocket.connect(host: "none.test", port: 1, deadline: .now + .seconds(2), timeout: .seconds(2)) {
                    _, _ in []
                }
            }
        }

        @Test func aServerThatNeverAnswersTheUpgradeTimesOut() async throws {
            // TCP connects, the 101 never comes: connectTimeout at the overall deadline.
            let server = try WebSocketTestServer(configuration: .init(upgradeHandler: { _ in .ignore }))
            defer { server.shutdown() }
            await #expect(throws: WebSocketError.connectTimeout(.milliseconds(300))) {
                _ = try await BuiltinWebSocketTransport().connect(
                    to: URL(string: "ws://127.0.0.1:\(server.port)/")!, headers: [:], timeout: .milliseconds(300))
            }
        }

        @Test func unrequestedSubprotocolFailsTheConnection() async throws {
            // A real 101 with a correct accept value but a subprotocol nobody asked for.
            let server = try ScriptedUpgradeServer { request in
                let key =
                    request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }
                    .map { $0.dropFirst("sec-websocket-key:".count).trimmingCharacters(in: .whitespaces) } ?? ""
                return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: \(WebSocketHandshake.acceptValue(forKey: key))\r\n"
                    + "Sec-WebSocket-Protocol: surprise\r\n\r\n"
            }
            defer { server.stop() }
            await #expect {
                _ = try await BuiltinWebSocketTransport().connect(
                    to: URL(string: "ws://127.0.0.1:\(server.port)/")!, headers: [:], timeout: .seconds(5))
            } throws: { error in
                guard case .invalidHandshakeResponse(let reason) = error as? WebSocketError else { return false }
                return reason.contains("subprotocol")
            }
        }

        #if canImport(COpenSSL)
            @Test func aHostNameTLSCannotUseAbortsBeforeConnecting() async throws {
                // SNI allows at most 255 bytes: setting it fails, and the connection stops with tlsFailed
                // before any resolution or socket (the `.invalid` name never resolves anyway).
                let host = (0..<5).map { _ in String(repeating: "a", count: 60) }.joined(separator: ".") + ".invalid"
                await #expect {
                    _ = try await BuiltinWebSocketTransport().connect(
                        to: URL(string: "wss://\(host)/?token=SECRET")!, headers: [:], timeout: .seconds(2))
                } throws: { error in
                    guard case .tlsFailed(let reason) = error as? WebSocketError else { return false }
                    return reason.hasPrefix("SSL_set_tlsext_host_name failed")
                }
            }
        #endif
    }
}
