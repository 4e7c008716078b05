import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

@Suite("core-backend: call, watch and demo against the mock backend", .serialized)
struct CLICommandTests {
    @Test("call sends the operation through the SDK and prints the JSON response")
    func call() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let output = try await CLIProcess.run([
            "call", "accounts", "V2Balances", "address=0x1", "networks=1,137", "--base-url",
            backend.baseURL.absoluteString,
            "--token", "secret",
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(output.stdout.utf8))
        #expect(json["count"] == 6)
        let request = try #require(backend.requests.last)
        #expect(request.target == "/accounts/v2/accounts/0x1/balances?networks=1%2C137")
        #expect(request.header("Authorization") == "Bearer secret")
        #expect(request.header("x-metamask-clientproduct") == "core-backend-cli")
    }

    @Test("call accepts fetch-prefixed and case-insensitive names and JSON values")
    func callNames() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let output = try await CLIProcess.run([
            "call", "prices", "fetchv3spotprices", #"assetIds=["eip155:1/slip44:60"]"#, "--base-url",
            backend.baseURL.absoluteString,
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(
            backend.requests.last?.target.hasPrefix("/prices/v3/spot-prices?assetIds=eip155%3A1%2Fslip44%3A60") == true)
    }

    @Test("an invalid argument value fails with exit 1 before any request")
    func invalidValue() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        let output = try await CLIProcess.run([
            "call", "prices", "V1TokenPrices", "chainId=137", "tokenAddresses=0xa", "--base-url",
            backend.baseURL.absoluteString,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("V1TokenPrices: invalid value '137' for 'chainId'"), "stderr: \(output.stderr)")
        #expect(backend.requests.isEmpty)
    }

    @Test("a server error fails with exit 1 and the HTTP status")
    func serverError() async throws {
        let backend = try MockBackend()
        defer { backend.stop() }
        backend.override("accounts", "V1SupportedNetworks", with: .init(status: 404))
        let output = try await CLIProcess.run([
            "call", "accounts", "V1SupportedNetworks", "--base-url", backend.baseURL.absoluteString,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("HTTP 404: Not Found"))
    }

    @Test("watch --count prints pushed events as JSON lines and exits 0")
    func watch() async throws {
        let socket = try MockWebSocketBackend(configuration: .init(requiredToken: "t0k"))
        defer { socket.stop() }
        let address = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"
        let pusher = Task {
            await socket.waitForSubscription(matching: "account-activity.v1.eip155:0:\(address)")
            try socket.pushAccountActivity(
                channel: "account-activity.v1.eip155:10:\(address)",
                data: [
                    "address": .string(address),
                    "tx": [
                        "id": "0x01", "chain": "eip155:10", "status": "confirmed", "timestamp": 1760099871,
                        "from": "0x02", "to": .string(address),
                    ],
                    "updates": [
                        [
                            "asset": ["fungible": true, "type": "eip155:10/slip44:60", "unit": "ETH", "decimals": 18],
                            "postBalance": ["amount": "0x10"], "transfers": [],
                        ]
                    ],
                ])
        }
        defer { pusher.cancel() }
        // connecting, connected, transactionUpdated, balanceUpdated (statusChanged is debounced and may follow).
        let output = try await CLIProcess.run([
            "watch", "--url", socket.url.absoluteString, "--address", "eip155:0:\(address)", "--token", "t0k",
            "--count", "4",
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let events = try output.lines.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        #expect(
            events.compactMap { $0["event"]?.stringValue } == [
                "connectionStateChanged", "connectionStateChanged", "transactionUpdated", "balanceUpdated",
            ], "\(output.stdout)")
        #expect(events[1]["payload"]?["state"] == "connected")
        #expect(events[3]["payload"]?["chain"] == "eip155:10")
        #expect(events[3]["payload"]?["updates"]?[0]?["postBalance"]?["amount"] == "0x10")
        #expect(socket.tokens == ["t0k"])
    }

    @Test("watch reports why a connection failed on stderr and keeps retrying")
    func watchDiagnostics() async throws {
        let socket = try MockWebSocketBackend(configuration: .init(requiredToken: "right"))
        defer { socket.stop() }
        let output = try await CLIProcess.run(
            ["watch", "--url", socket.url.absoluteString, "--address", "0xabc", "--token", "wrong", "--count", "3"],
            timeout: .seconds(30))
        // connecting, disconnected, connecting: the rejected handshake is reported and retried.
        #expect(output.status == 0)
        #expect(output.stderr.contains("401"), "stderr: \(output.stderr)")
        #expect(output.lines.count == 3)
    }

    @Test("demo --json runs the whole flow offline")
    func demo() async throws {
        let output = try await CLIProcess.run(["demo", "--json"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let names = output.lines.compactMap {
            try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))["event"]?.stringValue
        }
        #expect(names.first == "backendStarted")
        #expect(names.contains("cacheHit") && names.contains("deduplication"))
        #expect(names.filter { $0 == "balanceUpdated" }.count == 4)
        #expect(names.contains("statusChanged"))
        #expect(names.last == "cacheStatistics")
    }
}
