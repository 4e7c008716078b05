import CoreBackend
import CoreBackendTesting
import Foundation
import Testing

// System notifications, server restarts and connection faults, over real loopback sockets.
// (Part of the serialized `RealtimeEndToEndTests` suite.)
extension RealtimeEndToEndTests {
    @Test("a system notification `down` from the server → statusChanged down, then up again")
    func systemNotificationDownAndUp() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            try await connectAndWaitUntilUp(stack, backend, log, channel: Self.wildcardChannel(Self.address))

            try backend.pushSystemNotification(chainIds: ["eip155:137"], status: "down")
            await log.wait(for: "statusChanged down") {
                $0.contains { $0.name == "statusChanged" && $0.payload["status"] == "down" }
            }
            let down = try #require(log.named("statusChanged").first { $0["status"] == "down" })
            // A debounced flush carries no timestamp (only the disconnect event does).
            #expect(down == ["chainIds": ["eip155:137"], "status": "down"])

            try backend.pushSystemNotification(chainIds: ["eip155:137"], status: "up")
            await log.wait(for: "statusChanged up again") { $0.filter { $0.name == "statusChanged" }.count >= 3 }
            #expect(log.named("statusChanged").last == ["chainIds": ["eip155:137"], "status": "up"])
            #expect(!log.all.contains { $0.isDisconnected })
        }
    }

    @Test("server restart → all chains down at once → reconnect → resubscribe → up → updates flow again")
    func serverRestart() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            let subscriber = BalanceSubscriber(stack.messenger)
            let channel = Self.wildcardChannel(Self.address)
            try await connectAndWaitUntilUp(stack, backend, log, channel: channel)
            let before = activityNotification(address: Self.address, amount: "0x1111")
            try #expect(backend.pushAccountActivity(channel: Self.notifiedChannel(Self.address), data: before) == 1)
            await log.wait(for: "balanceUpdated before the restart") { $0.contains { $0.name == "balanceUpdated" } }
            let eventsBeforeRestart = log.all.count

            try backend.restart()

            // Disconnect → every tracked chain reported down immediately (with a timestamp), before any reconnection.
            await log.wait(for: "statusChanged down on disconnect") {
                $0.dropFirst(eventsBeforeRestart).contains {
                    $0.name == "statusChanged" && $0.payload["status"] == "down"
                }
            }
            let afterRestart = Array(log.all.dropFirst(eventsBeforeRestart))
            let downIndex = try #require(afterRestart.firstIndex { $0.name == "statusChanged" })
            let down = afterRestart[downIndex].payload
            #expect(down["status"] == "down")
            #expect(down["chainIds"] == Self.trackedChains)
            #expect(down["timestamp"]?.numberValue != nil)
            #expect(afterRestart.contains { $0.isDisconnected })
            if let reconnected = afterRestart.firstIndex(where: \.isConnected) { #expect(downIndex < reconnected) }

            // Automatic reconnection on the same port, then resubscription, then the gateway's `up`.
            await waitForSubscription(backend, channel)
            #expect(backend.tokens == ["test-token", "test-token"])
            await log.wait(for: "statusChanged up after the restart") { events in
                events.dropFirst(eventsBeforeRestart).contains {
                    $0.name == "statusChanged" && $0.payload["status"] == "up"
                }
            }
            let up = try #require(log.named("statusChanged").last)
            #expect(up == ["chainIds": Self.trackedChains, "status": "up"])
            #expect(afterRestart.filter(\.isDisconnected).count == 1)

            // A balance update pushed after the restart arrives with the exact payload.
            let after = activityNotification(address: Self.address, chain: "eip155:137", amount: "0x2222")
            try #expect(
                backend.pushAccountActivity(
                    channel: Self.notifiedChannel(Self.address, chain: "eip155:137"), data: after) == 1)
            await log.wait(for: "balanceUpdated after the restart") {
                $0.filter { $0.name == "balanceUpdated" }.count >= 2
            }
            #expect(log.named("balanceUpdated") == [expectedBalanceUpdate(before), expectedBalanceUpdate(after)])
            #expect(log.named("transactionUpdated").last == after["tx"])
            let typed = subscriber.all
            #expect(typed.count == 2)
            #expect(typed.last?.chain == "eip155:137")
            #expect(typed.last?.updates.first?.postBalance.amount == "0x2222")
            #expect(
                typed.last?.updates.first?.asset.type == "eip155:137/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913")
            #expect(stack.webSocket.getConnectionInfo().state == .connected)
            #expect(stack.webSocket.getSubscriptionsByChannel(channel).count == 1)
        }
    }

    @Test("server closes with 1011, drops, stalls then restarts → the client reconnects and resubscribes each time")
    func serverFaults() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            let channel = Self.wildcardChannel(Self.address)
            try await stack.webSocket.connect()
            await waitForSubscription(backend, channel)

            var amounts: [String] = []
            func roundTrip(_ amount: String, _ what: String) async throws {
                amounts.append(amount)
                let count = amounts.count
                try backend.pushAccountActivity(
                    channel: Self.notifiedChannel(Self.address),
                    data: activityNotification(address: Self.address, amount: amount))
                await log.wait(for: "balanceUpdated \(amount) after \(what)") {
                    $0.filter { $0.name == "balanceUpdated" }.count >= count
                }
            }
            func reconnected(_ times: Int, after what: String) async {
                await log.wait(for: "reconnection #\(times) after \(what)") {
                    $0.filter(\.isConnected).count >= times + 1
                }
                await waitForSubscription(backend, channel)
            }

            try await roundTrip("0x1", "connecting")

            await backend.closeConnections(code: .internalServerError, reason: "boom")
            await reconnected(1, after: "1011")
            try await roundTrip("0x2", "1011")

            backend.dropConnections()
            await reconnected(2, after: "drop")
            try await roundTrip("0x3", "drop")

            backend.stallConnections()
            try backend.restart()
            await reconnected(3, after: "stall + restart")
            try await roundTrip("0x4", "stall + restart")

            #expect(
                log.named("balanceUpdated").compactMap { $0["updates"]?[0]?["postBalance"]?["amount"]?.stringValue }
                    == amounts)
            #expect(log.all.filter(\.isDisconnected).count == 3)
            #expect(backend.tokens.count == 4)
            #expect(backend.connectionCount == 1)
            #expect(stack.webSocket.getSubscriptionsByChannel(channel).count == 1)
        }
    }

    @Test("a manual disconnect stays down: no reconnection attempts reach the server")
    func manualDisconnectStaysDown() async throws {
        try await withRealtimeStack(accounts: [MockControllers.evmAccount(Self.address)]) { stack, backend, log in
            try await stack.webSocket.connect()
            await waitForSubscription(backend, Self.wildcardChannel(Self.address))

            stack.webSocket.disconnect()
            await log.wait(for: "disconnected") { $0.contains(where: \.isDisconnected) }
            #expect(await eventually { backend.connectionCount == 0 }, "the server to see the connection close")
            // A bounded wait well past the longest reconnect delay (200 ms): nothing may come back.
            try await Task.sleep(for: .milliseconds(500))
            #expect(backend.tokens.count == 1)
            #expect(backend.connectionCount == 0)
            #expect(stack.webSocket.getConnectionInfo().state == .disconnected)
            #expect(stack.webSocket.getConnectionInfo().reconnectAttempts == 0)
            #expect(log.all.filter(\.isConnected).count == 1)
            try #expect(
                backend.pushAccountActivity(
                    channel: Self.notifiedChannel(Self.address), data: activityNotification(address: Self.address)) == 0
            )
        }
    }
}
