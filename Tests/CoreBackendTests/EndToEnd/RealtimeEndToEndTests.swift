import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// A realistic account-activity notification: one transaction, two balance updates.
func activityNotification(address: String, chain: String = "eip155:8453", amount: String = "0xc350") -> JSONValue {
    [
        "address": .string(address),
        "tx": [
            "id": "0x1cde4f0a7b3e9d2c8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", "chain": .string(chain),
            "status": "confirmed", "timestamp": 1760099871, "from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8",
            "to": .string(address),
        ],
        "updates": [
            [
                "asset": [
                    "fungible": true, "type": .string("\(chain)/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"),
                    "unit": "USDC", "decimals": 6,
                ],
                "postBalance": ["amount": .string(amount)],
                "transfers": [
                    ["from": "0x7b07f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", "to": .string(address), "amount": "0x2710"]
                ],
            ],
            [
                "asset": ["fungible": true, "type": .string("\(chain)/slip44:60"), "unit": "ETH", "decimals": 18],
                "postBalance": ["amount": "0xde0b6b3a7640000"],
                "transfers": [],
            ],
        ],
    ]
}

/// Collects a stack's events and lets a test wait for one.
final class EventLog: Sendable {
    private let events = Locked<[RealtimeStack.Event]>([])
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<RealtimeStack.Event>) {
        let events = events
        task = Task { for await event in stream { events.withLock { $0.append(event) } } }
    }

    deinit { task.cancel() }

    var all: [RealtimeStack.Event] { events.withLock { $0 } }

    func named(_ name: String) -> [JSONValue] { all.filter { $0.name == name }.map(\.payload) }

    /// Waits (up to 10 s of wall time) until `condition` holds for the events so far.
    func wait(
        for what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: ([RealtimeStack.Event]) -> Bool
    ) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if condition(all) { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("timed out waiting for \(what); events: \(all.map(\.name))", sourceLocation: sourceLocation)
    }
}

@Suite("Real-time flow end to end over real sockets", .serialized)
struct RealtimeEndToEndTests {
    static let address = "0xd14b52362b5b777ffa754c666ddec6722aaeee08"

    @Test("a subscriber receives balanceUpdated and transactionUpdated with the exact payload")
    func balanceAndTransaction() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            try await stack.webSocket.connect()
            await backend.waitForSubscription(matching: "account-activity.v1.eip155:0:\(Self.address)")
            #expect(backend.tokens == ["test-token"])
            let channel = "account-activity.v1.eip155:8453:\(Self.address)"
            await log.wait(for: "status up") { $0.contains { $0.name == "statusChanged" } }
            try backend.pushAccountActivity(channel: channel, data: activityNotification(address: Self.address))
            await log.wait(for: "balanceUpdated") { $0.contains { $0.name == "balanceUpdated" } }
            let balance = try #require(log.named("balanceUpdated").first)
            #expect(balance["address"] == .string(Self.address))
            #expect(balance["chain"] == "eip155:8453")
            #expect(balance["updates"]?[0]?["postBalance"]?["amount"] == "0xc350")
            #expect(balance["updates"]?[0]?["asset"]?["unit"] == "USDC")
            #expect(balance["updates"]?[0]?["transfers"]?[0]?["amount"] == "0x2710")
            #expect(balance["updates"]?[1]?["asset"]?["type"] == "eip155:8453/slip44:60")
            let transaction = try #require(log.named("transactionUpdated").first)
            #expect(transaction["chain"] == "eip155:8453")
            #expect(transaction["status"] == "confirmed")
            #expect(transaction["to"] == .string(Self.address))
            let up = try #require(log.named("statusChanged").first)
            #expect(up["status"] == "up")
            #expect(up["chainIds"] == ["eip155:1", "eip155:137", "eip155:8453"])
        }
    }
}
