import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Account-activity notifications → `transactionUpdated` + `balanceUpdated` (§4.6, scenario 90),
/// and malformed or odd payloads → `subscriptionError` without breaking the subscription.
@Suite("AccountActivityService: notifications")
struct AccountActivityNotificationTests {
    typealias Events = AccountActivityServiceMessages

    private func subscribedHarness() async throws -> AccountActivityHarness {
        let harness = try AccountActivityHarness(accounts: [.evm(ActivityFixtures.address)])
        await harness.connect()
        return harness
    }

    // 90: one notification → transactionUpdated (the tx) then balanceUpdated {address, chain, updates}.
    @Test func notificationPublishesTransactionAndBalances() async throws {
        let harness = try await subscribedHarness()
        let order = Locked<[String]>([])
        harness.root.subscribe(Events.TransactionUpdated.self) { _ in order.withLock { $0.append("tx") } }
        harness.root.subscribe(Events.BalanceUpdated.self) { _ in order.withLock { $0.append("balance") } }
        harness.socket.push(ActivityFixtures.notification())
        #expect(harness.transactions.payloads == [ActivityFixtures.transaction])
        #expect(
            harness.balances.payloads == [
                .init(address: ActivityFixtures.address, chain: "eip155:8453", updates: ActivityFixtures.updates)
            ])
        #expect(order.withLock { $0 } == ["tx", "balance"])
        #expect(harness.errors.payloads.isEmpty)
    }

    // Both events are published even when `updates` is empty, null or missing.
    @Test(arguments: [JSONValue.array([]), .null, nil])
    func emptyUpdatesStillPublish(updates: JSONValue?) async throws {
        let harness = try await subscribedHarness()
        let data = ActivityFixtures.data(setting: ["updates"], to: updates)
        harness.socket.push(ActivityFixtures.notification(data))
        #expect(harness.transactions.payloads.count == 1)
        #expect(harness.balances.payloads.first?.updates == [])
    }

    // Missing or mistyped required fields → subscriptionError naming the field; later notifications still work.
    @Test(
        arguments: [
            (["tx", "chain"], nil, "tx.chain missing"),
            (["tx"], .null, "tx null"),
            (["address"], .number(5), "address not a String"),
            (["updates", "0", "asset", "decimals"], .string("six"), "updates.0.asset.decimals not a number: six"),
            (["updates", "0", "postBalance"], nil, "updates.0.postBalance missing"),
        ] as [([String], JSONValue?, String)])
    func malformedNotificationIsReported(path: [String], value: JSONValue?, detail: String) async throws {
        let harness = try await subscribedHarness()
        harness.socket.push(ActivityFixtures.notification(ActivityFixtures.data(setting: path, to: value)))
        #expect(harness.transactions.payloads.isEmpty)
        #expect(
            harness.errors.payloads == [
                .init(
                    addresses: ["eip155:8453:\(ActivityFixtures.address)"],
                    error: "Invalid account activity notification: \(detail)", operation: .notification)
            ])
        harness.socket.push(ActivityFixtures.notification())
        #expect(harness.transactions.payloads.count == 1)
    }

    // Non-object data (string, array, null) is reported, never a crash.
    @Test(arguments: [JSONValue.string("hello"), .array([1, 2]), .null, .object([:])])
    func nonObjectDataIsReported(data: JSONValue) async throws {
        let harness = try await subscribedHarness()
        harness.socket.push(ActivityFixtures.notification(data))
        #expect(harness.errors.payloads.map(\.operation) == [.notification])
        #expect(harness.balances.payloads.isEmpty)
    }

    // Unknown fields are ignored; unknown statuses decode to .unknown; lenient numbers and amounts.
    @Test func oddButValidPayloadDecodes() async throws {
        let harness = try await subscribedHarness()
        let data = ActivityFixtures.data(setting: ["extra"], to: ["nested": [1, 2, 3]])
        guard case .object(var object) = data, case .object(var tx) = object["tx"] else {
            Issue.record("fixture is not an object")
            return
        }
        tx["status"] = "reorged"
        tx["timestamp"] = "1760099871"
        tx["gasUsed"] = 21000
        object["tx"] = .object(tx)
        object["updates"] = [
            [
                "asset": [
                    "fungible": true, "type": "eip155:8453/slip44:60", "unit": "ETH", "decimals": "18", "logo": .null,
                ],
                "postBalance": ["amount": 1_000_000, "error": .null],
                "transfers": .null,
            ],
            [
                "asset": ["fungible": true, "type": "eip155:8453/erc20:0xabc", "unit": "X", "decimals": 6],
                "postBalance": ["amount": "0x0", "error": "balance unavailable"],
                "transfers": [["from": "0x1", "to": "0x2", "amount": 12.5]],
            ],
        ]
        harness.socket.push(ActivityFixtures.notification(.object(object)))
        #expect(harness.errors.payloads.isEmpty)
        let tx0 = try #require(harness.transactions.payloads.first)
        #expect(tx0.status == .unknown("reorged"))
        #expect(tx0.status.rawValue == "reorged")
        #expect(tx0.timestamp == 1_760_099_871)
        let updates = try #require(harness.balances.payloads.first?.updates)
        #expect(updates[0].asset.decimals == 18)
        #expect(updates[0].postBalance == .init(amount: "1000000"))
        #expect(updates[0].transfers == [])
        #expect(updates[1].postBalance.error == "balance unavailable")
        #expect(updates[1].transfers.first?.amount == "12.5")
    }

    // Known statuses decode to their cases and round-trip through Codable.
    @Test func transactionStatusAndCodableRoundTrip() throws {
        for status in ["confirmed", "completed", "dropped", "failed"] {
            #expect(AccountActivityMessage.Transaction.Status(rawValue: status).rawValue == status)
            if case .unknown = AccountActivityMessage.Transaction.Status(rawValue: status) {
                Issue.record("\(status) decoded as unknown")
            }
        }
        let message = try AccountActivityMessage(json: ActivityFixtures.data)
        let decoded = try JSONDecoder().decode(AccountActivityMessage.self, from: JSONEncoder().encode(message))
        #expect(decoded == message)
        #expect(message.tx == ActivityFixtures.transaction)
    }

    // A notification delivered after destroy publishes nothing.
    @Test func destroyedServiceIgnoresNotifications() async throws {
        let harness = try await subscribedHarness()
        harness.service.destroy()
        harness.socket.push(ActivityFixtures.notification())
        #expect(harness.transactions.payloads.isEmpty)
    }
}
