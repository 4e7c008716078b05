import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

// OHLCV bars over real loopback sockets. (Part of the serialized `RealtimeEndToEndTests` suite.)
extension RealtimeEndToEndTests {
    static let usdc = OHLCVSubscriptionOptions(
        assetId: "eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", interval: "1m", currency: "usd")
    static let usdcChannel = "market-data.v1.eip155:8453/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913.1m.usd"

    @Test("OHLCV: subscribe → server subscription → a pushed bar arrives as barUpdated with the exact bar")
    func ohlcvBars() async throws {
        try await withRealtimeStack(accounts: [], ohlcv: true) { stack, backend, log in
            let ohlcv = try #require(stack.ohlcv)

            await ohlcv.subscribe(Self.usdc)
            await waitForSubscription(backend, Self.usdcChannel)
            #expect(ohlcv.consumerCount(Self.usdc) == 1)
            let subscribe = try #require(backend.receivedMessages.first { $0["event"] == "subscribe" })
            #expect(subscribe["data"]?["channels"] == [.string(Self.usdcChannel)])

            let bars: [JSONValue] = [
                [
                    "timestamp": 1776364020, "open": 74.099, "high": 74.1, "low": 74.083, "close": 74.099,
                    "volume": 5806.43,
                ],
                ["timestamp": 1776364080, "open": 74.099, "high": 74.25, "low": 74.05, "close": 74.2, "volume": 120.5],
            ]
            for bar in bars {
                try #expect(backend.pushAccountActivity(channel: Self.usdcChannel, data: bar, event: "data") == 1)
            }
            // A bar for a channel nobody subscribed is not routed by the server.
            try #expect(
                backend.pushAccountActivity(
                    channel: "market-data.v1.eip155:1/slip44:60.1m.usd", data: bars[0], event: "data") == 0)
            await log.wait(for: "two barUpdated") { $0.filter { $0.name == "barUpdated" }.count >= 2 }
            #expect(log.named("barUpdated") == bars.map { ["channel": .string(Self.usdcChannel), "bar": $0] })

            // Market-data system notifications are forwarded at once with the message's timestamp.
            try backend.pushSystemNotification(chainIds: ["eip155:8453"], status: "down", namespace: "market-data.v1")
            await log.wait(for: "chainStatusChanged down") { $0.contains { $0.name == "chainStatusChanged" } }
            let status = try #require(log.named("chainStatusChanged").first)
            #expect(status["chainIds"] == ["eip155:8453"])
            #expect(status["status"] == "down")
            #expect(status["timestamp"]?.numberValue != nil)
            #expect(!log.all.contains { $0.name == "subscriptionError" })
        }
    }

    @Test("OHLCV: a server restart resubscribes the market-data channel and bars flow again")
    func ohlcvAcrossRestart() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)], ohlcv: true) {
            stack, backend, log in
            let ohlcv = try #require(stack.ohlcv)
            await ohlcv.subscribe(Self.usdc)
            await waitForSubscription(backend, Self.usdcChannel)
            await waitForSubscription(backend, Self.wildcardChannel(Self.address))

            try backend.restart()
            await log.wait(for: "reconnection") { $0.filter(\.isConnected).count >= 2 }
            await waitForSubscription(backend, Self.usdcChannel)
            await waitForSubscription(backend, Self.wildcardChannel(Self.address))

            let bar: JSONValue = [
                "timestamp": 1776364140, "open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 10,
            ]
            try #expect(backend.pushAccountActivity(channel: Self.usdcChannel, data: bar, event: "data") == 1)
            let activity = activityNotification(address: Self.address)
            try #expect(backend.pushAccountActivity(channel: Self.notifiedChannel(Self.address), data: activity) == 1)
            await log.wait(for: "bar and balance after the restart") { events in
                events.contains { $0.name == "barUpdated" } && events.contains { $0.name == "balanceUpdated" }
            }
            #expect(log.named("barUpdated") == [["channel": .string(Self.usdcChannel), "bar": bar]])
            #expect(log.named("balanceUpdated") == [expectedBalanceUpdate(activity)])
        }
    }
}
