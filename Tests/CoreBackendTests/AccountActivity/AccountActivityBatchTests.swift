import CoreBackend
import CoreBackendTesting
import Testing

/// `subscribe(addresses:)` / `unsubscribe(addresses:)`: batching, per-address failures, batched
/// resubscription, and reconciliation that touches only what changed.
@Suite("AccountActivityService: batches")
struct AccountActivityBatchTests {
    static func addresses(_ count: Int) -> [String] { (0..<count).map { "0xa\($0)" } }
    static func channel(_ address: String) -> String { "account-activity.v1.eip155:0:\(address)" }

    // Channels go out in requests of at most maxChannelsPerRequest; invalid and repeated addresses are
    // reported or folded, not sent.
    @Test func batchIsSplitIntoRequests() async throws {
        let harness = try AccountActivityHarness(accounts: [], maxChannelsPerRequest: 3)
        let result = await harness.service.subscribe(addresses: Self.addresses(7) + ["bad", "0xa0"])
        #expect(
            harness.socket.subscribeRequests.map(\.channels) == [
                Self.addresses(7)[0..<3].map(Self.channel), Self.addresses(7)[3..<6].map(Self.channel),
                [Self.channel("0xa6")],
            ])
        #expect(result.succeeded == Self.addresses(7).map { "eip155:0:\($0)" })
        #expect(result.failures.map(\.address) == ["bad"])
        #expect(result.failures.first?.accountId == nil)
        #expect(harness.service.watchedAddresses == Self.addresses(7).map { "eip155:0:\($0)" })
        #expect(harness.socket.count("forceReconnection") == 0)
    }

    // A channel the server rejects fails only its address; the rest of the request is subscribed again
    // without it, and nothing forces a reconnection.
    @Test func rejectedChannelFailsOnlyItsAddress() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        await harness.connect()
        let rejected = Self.channel("0xa1")
        harness.socket.behaviour.withLock {
            $0.subscribe = { request in
                if request.channels.contains(rejected) {
                    throw BackendWebSocketServiceError.requestFailed(failed: [rejected])
                }
            }
        }
        let result = await harness.service.subscribe(addresses: Self.addresses(3))
        #expect(result.succeeded == ["eip155:0:0xa0", "eip155:0:0xa2"])
        #expect(
            result.failures == [
                .init(address: "eip155:0:0xa1", accountId: "eip155:0:0xa1", error: "Request failed: \(rejected)")
            ])
        #expect(harness.socket.subscribeRequests.last?.channels == [Self.channel("0xa0"), Self.channel("0xa2")])
        #expect(harness.errors.payloads.map(\.addresses) == [["eip155:0:0xa1"]])
        #expect(harness.socket.count("forceReconnection") == 0)
        #expect(harness.service.watchedAddresses.count == 3)
    }

    // Any other error fails every address not yet subscribed and forces a reconnection.
    @Test func connectionErrorFailsTheRest() async throws {
        let harness = try AccountActivityHarness(accounts: [], maxChannelsPerRequest: 2)
        let calls = Locked(0)
        harness.socket.behaviour.withLock {
            $0.subscribe = { _ in
                let call = calls.withLock { count -> Int in
                    count += 1
                    return count
                }
                if call == 2 { throw FakeError("WebSocket connection closed: 1006 Abnormal Closure") }
            }
        }
        let result = await harness.service.subscribe(addresses: Self.addresses(5))
        #expect(result.succeeded == ["eip155:0:0xa0", "eip155:0:0xa1"])
        #expect(result.failures.map(\.address) == ["eip155:0:0xa2", "eip155:0:0xa3", "eip155:0:0xa4"])
        #expect(harness.socket.count("forceReconnection") == 1)
    }

    // After a reconnection the group and every watched address come back in batches.
    @Test func reconnectResubscribesInBatches() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xgroup")], maxChannelsPerRequest: 2)
        await harness.connect()
        _ = await harness.service.subscribe(addresses: Self.addresses(3))
        harness.disconnect()
        let before = harness.socket.subscribeRequests.count
        await harness.connect()
        let after = harness.socket.subscribeRequests.dropFirst(before).map(\.channels)
        #expect(
            after == [
                [Self.channel("0xgroup"), Self.channel("0xa0")], [Self.channel("0xa1"), Self.channel("0xa2")],
            ])
    }

    // Unsubscribing one address of a batch replaces the batch's subscription by one for the others.
    @Test func unsubscribeFromBatchKeepsTheOthers() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        _ = await harness.service.subscribe(addresses: Self.addresses(3))
        let result = await harness.service.unsubscribe(addresses: ["0xa1", "nope"])
        #expect(result.succeeded == ["eip155:0:0xa1"])
        #expect(result.failures.map(\.address) == ["nope"])
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.socket.subscribeRequests.last?.channels == [Self.channel("0xa0"), Self.channel("0xa2")])
        #expect(harness.service.watchedAddresses == ["eip155:0:0xa0", "eip155:0:0xa2"])
    }

    // A failed unsubscribe is reported for the addresses it concerned; they are no longer watched.
    @Test func failedUnsubscribeIsReported() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        _ = await harness.service.subscribe(addresses: ["0xa0"])
        harness.socket.behaviour.withLock { $0.unsubscribe = { _ in throw FakeError("Unsubscribe failed") } }
        let result = await harness.service.unsubscribe(addresses: ["0xa0"])
        #expect(
            result.failures == [
                .init(address: "eip155:0:0xa0", accountId: "eip155:0:0xa0", error: "Unsubscribe failed")
            ])
        #expect(harness.errors.payloads.last?.operation == .unsubscribe)
        #expect(harness.service.watchedAddresses.isEmpty)
    }

    // One address at a time: each call checks only its own channel, however many are watched.
    @Test func subscribingOneAddressChecksOnlyIt() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        await harness.connect()
        for address in Self.addresses(20) { try await harness.service.subscribe(address: address) }
        #expect(harness.socket.count("channelHasSubscription") == 20)
        #expect(harness.socket.count("findSubscriptionsByChannelPrefix") == 0)
        #expect(harness.socket.subscribeRequests.count == 20)
    }

    // An account switch looks at the group only, not at the watched addresses.
    @Test func accountSwitchTouchesOnlyTheGroup() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xold")])
        await harness.connect()
        _ = await harness.service.subscribe(addresses: Self.addresses(10))
        let checks = harness.socket.count("channelHasSubscription")
        harness.controllers.selectGroup([.evm("0xnew")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("channelHasSubscription") - checks == 1)
        #expect(harness.socket.count("getSubscriptionsByChannel") == 1)
        #expect(harness.socket.subscribeRequests.last?.channels == ["account-activity.v1.eip155:0:0xnew"])
    }
}
