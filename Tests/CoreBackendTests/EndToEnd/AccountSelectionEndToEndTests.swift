import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

// Account switches, feature flags and malformed payloads, over real loopback sockets.
// (Part of the serialized `RealtimeEndToEndTests` suite.)
extension RealtimeEndToEndTests {
    @Test(
        "account switch → old channel unsubscribed on the server, new one subscribed; only the new account's updates arrive"
    )
    func accountSwitch() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            let subscriber = BalanceSubscriber(stack.messenger)
            let oldChannel = Self.wildcardChannel(Self.address)
            let newChannel = Self.wildcardChannel(Self.otherAddress)
            try await stack.webSocket.connect()
            await waitForSubscription(backend, oldChannel)
            let oldSubscriptionId = try #require(
                backend.subscriptions.first { $0.channels == [oldChannel] }?.subscriptionId)

            try stack.controllers.selectAccountGroup(
                [MockControllers.evmAccount(Self.otherAddress)], groupId: "group-2")

            await waitForSubscription(backend, newChannel)
            #expect(
                await eventually {
                    !backend.subscriptions.contains { $0.channels.contains(oldChannel) }
                }, "the old channel to be unsubscribed on the server")
            #expect(backend.subscriptions.map(\.channels) == [[newChannel]])
            let unsubscribes = backend.receivedMessages.filter { $0["event"] == "unsubscribe" }
            #expect(unsubscribes.count == 1)
            #expect(unsubscribes.first?["data"]?["subscription"] == .string(oldSubscriptionId))
            #expect(unsubscribes.first?["data"]?["channels"] == [.string(oldChannel)])
            // The client stores the subscription when the server's reply arrives (just after the server registered it).
            #expect(
                await eventually {
                    stack.webSocket.findSubscriptionsByChannelPrefix("account-activity.v1").map(\.channels) == [
                        [newChannel]
                    ]
                }, "the client to store the new subscription only")

            // The server no longer routes the old account; even a stale server push with the old id is dropped.
            let stale = activityNotification(address: Self.address, amount: "0xdead")
            try #expect(backend.pushAccountActivity(channel: Self.notifiedChannel(Self.address), data: stale) == 0)
            let staleFrame = try JSONEncoder().encode(
                [
                    "event": "notification", "subscriptionId": .string(oldSubscriptionId),
                    "channel": .string(Self.notifiedChannel(Self.address)), "timestamp": 1760099872150, "data": stale,
                ] as JSONValue)
            try backend.pushRaw(String(decoding: staleFrame, as: UTF8.self))

            let fresh = activityNotification(address: Self.otherAddress, chain: "eip155:1", amount: "0xbeef")
            try #expect(
                backend.pushAccountActivity(
                    channel: Self.notifiedChannel(Self.otherAddress, chain: "eip155:1"), data: fresh) == 1)
            await log.wait(for: "balanceUpdated for the new account") { $0.contains { $0.name == "balanceUpdated" } }
            // Frames are processed in order, so the stale frame has been handled (and dropped) by now.
            #expect(log.named("balanceUpdated") == [expectedBalanceUpdate(fresh)])
            #expect(log.named("transactionUpdated") == [fresh["tx"]!])
            #expect(subscriber.all.map(\.address) == [Self.otherAddress])
            #expect(subscriber.all.first?.updates.first?.postBalance.amount == "0xbeef")
            #expect(!log.all.contains { $0.name == "subscriptionError" })
        }
    }

    @Test("enabling the Solana feature flag subscribes the group's Solana account")
    func featureFlagEnablesSolana() async throws {
        let solana = InternalAccount(
            id: "solana-1", address: Self.solanaAddress, type: "solana:data-account",
            scopes: ["solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"])
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address), solana]) {
            stack, backend, log in
            let evmChannel = Self.wildcardChannel(Self.address)
            let solanaChannel = Self.wildcardChannel(Self.solanaAddress, namespace: "solana")
            try await stack.webSocket.connect()
            await waitForSubscription(backend, evmChannel)
            #expect(backend.subscriptions.map(\.channels) == [[evmChannel]])

            // An unrelated flag does nothing; stage 0 does nothing.
            try stack.controllers.setFeatureFlags([
                "somethingElse": true, "networkAssetsSnapsMigrationSolana": ["stage": 0],
            ])
            try stack.controllers.setFeatureFlags(["networkAssetsSnapsMigrationSolana": ["stage": 1]])

            await waitForSubscription(backend, solanaChannel)
            #expect(backend.subscriptions.map(\.channels) == [[evmChannel], [solanaChannel]])
            #expect(backend.receivedMessages.filter { $0["event"] == "subscribe" }.count == 2)
            #expect(!backend.receivedMessages.contains { $0["event"] == "unsubscribe" })
            #expect(
                await eventually { stack.webSocket.channelHasSubscription(solanaChannel) },
                "the client to store the Solana subscription")

            let mainnet = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"
            let notification = activityNotification(address: Self.solanaAddress, chain: mainnet, amount: "1500000")
            try #expect(
                backend.pushAccountActivity(
                    channel: Self.notifiedChannel(Self.solanaAddress, chain: mainnet), data: notification) == 1)
            await log.wait(for: "balanceUpdated for the Solana account") { $0.contains { $0.name == "balanceUpdated" } }
            #expect(log.named("balanceUpdated") == [expectedBalanceUpdate(notification)])
        }
    }

    @Test("malformed notifications → subscriptionError; the next valid notification still arrives")
    func malformedNotification() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            let channel = Self.notifiedChannel(Self.address)
            try await stack.webSocket.connect()
            await waitForSubscription(backend, Self.wildcardChannel(Self.address))

            try backend.pushAccountActivity(channel: channel, data: "not an object")
            var missingTx = activityNotification(address: Self.address)
            if case .object(var object) = missingTx { object["tx"] = nil; missingTx = .object(object) }
            try backend.pushAccountActivity(channel: channel, data: missingTx)
            try backend.pushRaw("this is not JSON {")
            try backend.pushRaw(#"["an", "array"]"#)
            let valid = activityNotification(address: Self.address, amount: "0x7")
            try backend.pushAccountActivity(channel: channel, data: valid)

            await log.wait(for: "balanceUpdated after the malformed ones") {
                $0.contains { $0.name == "balanceUpdated" }
            }
            let errors = log.named("subscriptionError")
            #expect(errors.count == 2)
            for error in errors {
                #expect(error["operation"] == "notification")
                #expect(error["addresses"] == [.string("eip155:8453:\(Self.address)")])
            }
            #expect(errors.last?["error"]?.stringValue?.contains("tx") == true)
            #expect(log.named("balanceUpdated") == [expectedBalanceUpdate(valid)])
            #expect(log.named("transactionUpdated").count == 1)
            #expect(log.all.filter(\.isConnected).count == 1)
            #expect(!log.all.contains { $0.isDisconnected })
        }
    }
}
