import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Many watched addresses over one real socket to the mock backend: batches on the wire, a rejected
/// channel, routing to the last address, and the batched resubscription after the server drops us.
@Suite("AccountActivityService: many addresses end to end")
struct AccountActivityScaleEndToEndTests {
    static let count = 2_500

    static func address(_ index: Int) -> String { String(format: "0x%040x", index + 1) }

    @Test func batchesRejectionRoutingAndResubscription() async throws {
        let rejected = "account-activity.v1.eip155:0:\(Self.address(7))"
        let backend = try MockWebSocketBackend(
            configuration: .init(recordsReceivedMessages: true, failingChannels: [rejected]))
        defer { backend.stop() }
        let stack = try RealtimeStack(
            url: backend.url.absoluteString, token: "test-token",
            options: BackendWebSocketServiceOptions(
                url: backend.url.absoluteString, timeout: .seconds(5), reconnectDelay: .milliseconds(20),
                maxReconnectDelay: .milliseconds(200), requestTimeout: .seconds(5)))
        defer { stack.destroy() }
        let log = EventLog(stack.events())

        try await stack.webSocket.connect()
        await stack.accountActivity.waitUntilIdle()
        let addresses = (0..<Self.count).map(Self.address)
        let result = await stack.accountActivity.subscribe(addresses: addresses)
        #expect(result.failures.map(\.address) == ["eip155:0:\(Self.address(7))"])
        #expect(result.succeeded.count == Self.count - 1)
        // 1,000 channels per request: three requests, plus the retry of the first without the rejected one.
        #expect(subscribeRequestSizes(backend) == [1_000, 999, 1_000, 500])

        let last = Self.address(Self.count - 1)
        #expect(
            try backend.pushAccountActivity(
                channel: "account-activity.v1.eip155:8453:\(last)", data: activityNotification(address: last)) == 1)
        await log.wait(for: "balanceUpdated of the last address") { events in
            events.contains { $0.name == "balanceUpdated" && $0.payload["address"] == .string(last) }
        }

        await stack.accountActivity.waitUntilIdle()
        let before = subscribeRequestSizes(backend).count
        backend.dropConnections()
        await waitForSubscription(backend, "account-activity.v1.eip155:0:\(last)")
        let deadline = ContinuousClock.now + .seconds(10)
        while subscribeRequestSizes(backend).dropFirst(before).reduce(0, +) < Self.count,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(5))
        }
        // Everything watched comes back in three requests (the rejected address stays watched, so the
        // first is rejected again and retried without it).
        #expect(Array(subscribeRequestSizes(backend).dropFirst(before).prefix(4)) == [1_000, 999, 1_000, 500])
    }

    private func subscribeRequestSizes(_ backend: MockWebSocketBackend) -> [Int] {
        backend.receivedMessages.filter { $0["event"]?.stringValue == "subscribe" }.map {
            $0["data"]?["channels"]?.arrayValue?.count ?? 0
        }
    }
}
