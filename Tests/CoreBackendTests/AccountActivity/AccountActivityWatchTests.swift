import CoreBackend
import CoreBackendTesting
import Testing

/// Explicit `subscribe(address:)` / `unsubscribe(address:)` for addresses beyond the selected group.
@Suite("AccountActivityService: watched addresses")
struct AccountActivityWatchTests {
    // A watched address is subscribed with the group and survives account switches and reconnects.
    @Test func watchedAddressPersists() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xa")])
        await harness.connect()
        try await harness.service.subscribe(address: "solana:0:WatchedSol")
        #expect(harness.socket.subscribeRequests.last?.channels == ["account-activity.v1.solana:0:WatchedSol"])
        #expect(harness.service.watchedAddresses == ["solana:0:WatchedSol"])

        harness.controllers.selectGroup([.evm("0xb")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe(sub-2)") == 0)
        #expect(harness.socket.subscribeRequests.last?.channels == ["account-activity.v1.eip155:0:0xb"])

        harness.disconnect()
        await harness.connect()
        #expect(
            harness.socket.subscribeRequests.last?.channels == [
                "account-activity.v1.eip155:0:0xb", "account-activity.v1.solana:0:WatchedSol",
            ])
    }

    // A bare 0x address means every EVM chain; unsubscribing removes its server subscription.
    @Test func bareAddressAndUnsubscribe() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        try await harness.service.subscribe(address: "0xWatched")
        #expect(harness.socket.subscribeRequests.map(\.channels) == [["account-activity.v1.eip155:0:0xWatched"]])
        try await harness.service.unsubscribe(address: "eip155:0:0xWatched")
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.service.watchedAddresses.isEmpty)
        #expect(harness.socket.count("subscribe") == 1)
    }

    // Unsubscribing an address that is also in the selected group keeps it subscribed.
    @Test func unsubscribeKeepsGroupAccounts() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xa")])
        await harness.connect()
        try await harness.service.subscribe(address: "eip155:0:0xa")
        try await harness.service.unsubscribe(address: "eip155:0:0xa")
        #expect(harness.socket.count("subscribe") == 1)
        #expect(harness.socket.count("unsubscribe") == 0)
    }

    // Watching while disconnected connects (like an account switch); unwatching never connects.
    @Test func unsubscribeNeverConnects() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        try await harness.service.unsubscribe(address: "0xnothing")
        #expect(harness.socket.count("connect") == 0)
    }

    // Malformed addresses are rejected.
    @Test(arguments: ["", "abc", "eip155:0x1", "eip155::0x1", "0x"])
    func invalidAddressThrows(address: String) async throws {
        let harness = try AccountActivityHarness()
        await #expect(throws: AccountActivityServiceError.invalidAddress(address)) {
            try await harness.service.subscribe(address: address)
        }
    }
}
