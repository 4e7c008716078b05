import CoreBackendRuntime
import CoreBackendRuntimeTesting
import Foundation
import Testing

extension SocketTests {
    /// The built-in client (and the test server) against Python's `websockets`, an independent implementation.
    @Suite struct Interop {
        typealias Support = SocketTestSupport

        /// The text ws_peer.py sends for "cmd:send n".
        private static func payload(_ size: Int) -> String {
            let pattern = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size + pattern.count)
            while bytes.count < size { bytes += pattern }
            bytes.removeLast(bytes.count - size)
            return String(decoding: bytes, as: UTF8.self)
        }

        private func withPeer(
            _ body: (any WebSocketConnection, inout WebSocketEvents.AsyncIterator) async throws -> Void
        ) async throws {
            let (peer, port) = try await PythonPeer.server()
            defer { peer.stop() }
            // Messages of up to 16 MiB (+ 2 bytes echoed back) are tested: above the 8 MiB default limit.
            let transport = BuiltinWebSocketTransport(configuration: .init(maximumMessageSize: 32 << 20))
            let client = try await transport.connect(
                to: URL(string: "ws://127.0.0.1:\(port)/v1?token=t0k")!, headers: ["X-Client": "swift"],
                timeout: .seconds(5))
            var events = client.events.makeAsyncIterator()
            try await body(client, &events)
            await client.close(code: .normalClosure, reason: "")
        }

        @Test func textMessagesFromEmptyTo16MiBBothWays() async throws {
            // Every size arrives intact from the server, and echoes back intact from the client.
            try await withPeer { client, events in
                for size in [0, 1, 125, 126, 127, 65535, 65536, 300_000, 16 << 20] {
                    try await client.send(text: "cmd:send \(size)")
                    let received = await Support.nextText(&events)
                    let expected = Self.payload(size)
                    #expect(received?.utf8.count == size)
                    #expect(received == expected, "server → client, \(size) bytes")
                    let sent = expected + "ü"
                    try await client.send(text: sent)
                    #expect(await Support.nextText(&events) == sent, "client → server → client, \(size) bytes")
                }
            }
        }

        @Test func fragmentedMessageFromServer() async throws {
            // websockets sends an iterable as fragments; the client joins them.
            try await withPeer { client, events in
                try await client.send(text: "cmd:frag 7 1000")
                #expect(await Support.nextText(&events) == String(repeating: Self.payload(1000), count: 7))
            }
        }

        @Test func serverPingIsAnswered() async throws {
            // The server only reports "pong received" after our automatic pong.
            try await withPeer { client, events in
                try await client.send(text: "cmd:ping")
                #expect(await Support.nextText(&events) == "pong received")
            }
        }

        @Test func upgradeRequestCarriesPathQueryAndHeaders() async throws {
            // The request target and custom headers reach the server unchanged.
            try await withPeer { client, events in
                try await client.send(text: "cmd:request")
                let reply = try #require(await Support.nextText(&events))
                #expect(reply.hasPrefix("/v1?token=t0k "))
                #expect(reply.contains("\"x-client\": \"swift\""))
                #expect(reply.contains("\"sec-websocket-version\": \"13\""))
            }
        }

        @Test(arguments: [1000, 1001, 1011, 4000] as [UInt16])
        func serverCloseCodesAreSurfaced(code: UInt16) async throws {
            // The server's code and reason arrive as a clean close.
            try await withPeer { client, events in
                try await client.send(text: "cmd:close \(code) going \(code)")
                var info: WebSocketCloseInfo?
                while let event = await events.next() { if case .closed(let closed) = event { info = closed } }
                #expect(
                    info == WebSocketCloseInfo(code: WebSocketCloseCode(code), reason: "going \(code)", wasClean: true))
            }
        }

        @Test func abruptDropIs1006() async throws {
            // A TCP abort without a close frame ends the events with an unclean 1006.
            try await withPeer { client, events in
                try await client.send(text: "cmd:drop")
                var info: WebSocketCloseInfo?
                while let event = await events.next() { if case .closed(let closed) = event { info = closed } }
                #expect(info == .abnormal())
            }
        }

        @Test func clientCloseIsClean() async throws {
            // Our close handshake completes against websockets: code echoed, wasClean true.
            let (peer, port) = try await PythonPeer.server()
            defer { peer.stop() }
            let client = try await BuiltinWebSocketTransport().connect(
                to: URL(string: "ws://127.0.0.1:\(port)/")!, headers: [:], timeout: .seconds(5))
            await client.close(code: .goingAway, reason: "bye")
            let info = try #require(await Support.closeInfo(client.events))
            #expect(info.code == .goingAway && info.wasClean)
        }

        @Test func pythonClientAgainstTestServer() async throws {
            // An independent client completes the handshake, exchanges messages (one of 1 MiB) and closes cleanly.
            let server = try WebSocketTestServer()
            defer { server.shutdown() }
            let peer = try await PythonPeer(
                script: "ws_client", arguments: ["ws://127.0.0.1:\(server.port)/feed?token=py"])
            defer { peer.stop() }
            var connections = server.connections.makeAsyncIterator()
            let connection = try #require(await connections.next())
            #expect(connection.request.query["token"] == "py")
            var events = connection.events.makeAsyncIterator()
            try connection.send(text: "hello")
            #expect(await Support.nextText(&events) == "echo:hello")
            try connection.send(text: "bye")
            #expect(await Support.nextText(&events)?.utf8.count == 1 << 20)
            #expect(
                await events.next()
                    == .closed(WebSocketCloseInfo(code: .normalClosure, reason: "client done", wasClean: true)))
            #expect(await peer.readLine() == "CLOSED 1000")
        }
    }
}
