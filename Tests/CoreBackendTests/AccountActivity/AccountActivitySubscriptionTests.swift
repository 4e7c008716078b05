import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Testing

/// Which accounts get subscribed and when (websocket.md §4.3–§4.4, scenarios 85–100, plus the fixes).
@Suite("AccountActivityService: subscriptions")
struct AccountActivitySubscriptionTests {
    typealias Events = AccountActivityServiceMessages

    // 96: connected → one subscribe with exactly the group's channels and the namespace as type.
    @Test func connectedSubscribesSelectedGroup() async throws {
        let harness = try AccountActivityHarness()
        await harness.connect()
        let requests = harness.socket.subscribeRequests
        #expect(requests.count == 1)
        #expect(requests.first?.channels == ["account-activity.v1.eip155:0:0x123abc"])
        #expect(requests.first?.channelType == "account-activity.v1")
        #expect(requests.first?.callback != nil)
    }

    // A `connected` event whose synchronisation runs after the socket went down again (a manual disconnect
    // meanwhile) neither reconnects nor subscribes: connecting would undo the disconnect.
    @Test func staleConnectedEventDoesNotReconnect() async throws {
        let harness = try AccountActivityHarness()
        try harness.socket.root.publish(
            BackendWebSocketServiceMessages.ConnectionStateChanged.self, FakeBackendWebSocket.info(.connected))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("connect") == 0)
        #expect(harness.socket.subscribeRequests.isEmpty)
        #expect(harness.socket.count("forceReconnection") == 0)
        // The next real connection synchronises as usual.
        await harness.connect()
        #expect(harness.socket.subscribeRequests.map(\.channels) == [["account-activity.v1.eip155:0:0x123abc"]])
    }

    // 85: a group change with empty ids is processed without error.
    @Test func groupChangeWithEmptyIds() async throws {
        let harness = try AccountActivityHarness()
        try harness.root.publish(
            AccountTreeController.SelectedAccountGroupChange.self, .init(groupId: "", previousGroupId: ""))
        await harness.service.waitUntilIdle()
        #expect(harness.errors.payloads.isEmpty)
        #expect(harness.socket.count("subscribe") == 1)
    }

    // 86: accounts of unsupported namespaces are never subscribed.
    @Test func unsupportedScopesAreSkipped() async throws {
        let bitcoin = InternalAccount(
            id: "b", address: "bc1qxyz", type: "bip122:p2wpkh", scopes: ["bip122:000000000019d6689c085ae165831e93"])
        let harness = try AccountActivityHarness(accounts: [bitcoin])
        await harness.connect()
        #expect(harness.socket.count("subscribe") == 0)
    }

    // 87: Tron at stage 1: EVM and Tron accounts in one request, in group order.
    @Test func tronFlagEnablesTronChannels() async throws {
        let harness = try AccountActivityHarness(
            accounts: [.evm("0xevmaddress123abc", scopes: ["eip155:1"]), .tron("tronaddress123abc")],
            flags: ["networkAssetsSnapsMigrationTron": FakeControllers.stage(1)])
        await harness.connect()
        #expect(
            harness.socket.subscribeRequests.map(\.channels) == [
                ["account-activity.v1.eip155:0:0xevmaddress123abc", "account-activity.v1.tron:0:tronaddress123abc"]
            ])
    }

    // Every supported namespace, one channel per account (first enabled namespace wins).
    @Test func allNamespacesAndFirstEnabledPrefixWins() async throws {
        let stellar = InternalAccount(id: "s", address: "GSTELLAR", type: "stellar:account", scopes: ["stellar:pubnet"])
        let multi = InternalAccount(id: "m", address: "0xmulti", type: "eip155:eoa", scopes: ["solana:1", "eip155:1"])
        let harness = try AccountActivityHarness(
            accounts: [.solana("SolanaAddress123abc"), stellar, multi, .tron("TronAddr")],
            flags: [
                "networkAssetsSnapsMigrationSolana": FakeControllers.stage(1),
                "networkAssetsSnapsMigrationTron": FakeControllers.stage(2),
                "networkAssetsSnapsMigrationStellar": FakeControllers.stage(1),
            ])
        await harness.connect()
        #expect(
            harness.socket.subscribeRequests.first?.channels == [
                "account-activity.v1.solana:0:SolanaAddress123abc", "account-activity.v1.stellar:0:GSTELLAR",
                "account-activity.v1.eip155:0:0xmulti", "account-activity.v1.tron:0:TronAddr",
            ])
    }

    // 88: a failing subscribe publishes subscriptionError and forces a reconnection.
    @Test func subscribeFailureForcesReconnection() async throws {
        let harness = try AccountActivityHarness()
        harness.socket.behaviour.withLock { $0.subscribe = { _ in throw FakeError("Request failed: x") } }
        await harness.connect()
        #expect(harness.socket.count("forceReconnection") == 1)
        #expect(
            harness.errors.payloads == [
                .init(addresses: ["eip155:0:0x123abc"], error: "Request failed: x", operation: .subscribe)
            ])
    }

    // A failing connect is handled the same way.
    @Test func connectFailureForcesReconnection() async throws {
        let harness = try AccountActivityHarness()
        harness.socket.behaviour.withLock { $0.connect = { throw FakeError("connection failed") } }
        harness.controllers.selectGroup([.evm("0xabc")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 0)
        #expect(harness.socket.count("forceReconnection") == 1)
        #expect(harness.errors.payloads.first?.operation == .subscribe)
    }

    // 89: two EVM accounts → one request, group order.
    @Test func twoAccountsOneRequest() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xb"), .evm("0xa")])
        await harness.connect()
        #expect(
            harness.socket.subscribeRequests.map(\.channels) == [
                ["account-activity.v1.eip155:0:0xb", "account-activity.v1.eip155:0:0xa"]
            ])
    }

    // 91, 92: Solana without flag or at stage 0 is not subscribed.
    @Test(
        arguments: [
            [:], ["networkAssetsSnapsMigrationSolana": FakeControllers.stage(0)],
            ["networkAssetsSnapsMigrationSolana": [1]],
        ] as [[String: JSONValue]])
    func solanaNeedsStageOne(flags: [String: JSONValue]) async throws {
        let harness = try AccountActivityHarness(accounts: [.solana("SolanaAddress123abc")], flags: flags)
        await harness.connect()
        #expect(harness.socket.count("subscribe") == 0)
    }

    // 93: connected with an empty group reads the group exactly once and subscribes nothing.
    @Test func emptyGroupReadOnce() async throws {
        let harness = try AccountActivityHarness(accounts: [])
        await harness.connect()
        #expect(harness.controllers.accountReads == 1)
        #expect(harness.socket.count("subscribe") == 0)
    }

    // 94: channels already subscribed are not subscribed again.
    @Test func existingSubscriptionIsReused() async throws {
        let harness = try AccountActivityHarness()
        harness.socket.behaviour.withLock { $0.channelHasSubscription = { _ in true } }
        harness.controllers.selectGroup([.evm("0x123abc")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 0)
    }

    // 95 (fixed): an unsubscribe failure on account change is published and the new group is still subscribed.
    @Test func accountSwitchSubscribesEvenIfUnsubscribeFails() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xold")])
        await harness.connect()
        harness.socket.behaviour.withLock { $0.unsubscribe = { _ in throw FakeError("Unsubscribe failed") } }
        harness.controllers.selectGroup([.evm("0xnew")])
        await harness.service.waitUntilIdle()
        // Only the subscriptions of the account that left are looked up (no listing of all of them).
        #expect(harness.socket.count("getSubscriptionsByChannel(account-activity.v1.eip155:0:0xold)") == 1)
        #expect(harness.socket.count("findSubscriptionsByChannelPrefix") == 0)
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(
            harness.errors.payloads == [
                .init(addresses: ["eip155:0:0xold"], error: "Unsubscribe failed", operation: .unsubscribe)
            ])
        #expect(harness.socket.subscribeRequests.last?.channels == ["account-activity.v1.eip155:0:0xnew"])
    }

    // Account switch: the old group is unsubscribed, the new one subscribed; shared accounts stay.
    @Test func accountSwitchReconciles() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xa")])
        await harness.connect()
        harness.controllers.selectGroup([.evm("0xb")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.socket.subscribeRequests.map(\.channels).last == ["account-activity.v1.eip155:0:0xb"])
        harness.controllers.selectGroup([.evm("0xb"), .evm("0xc")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe(sub-2)") == 0)
        #expect(harness.socket.subscribeRequests.map(\.channels).last == ["account-activity.v1.eip155:0:0xc"])
    }

    // Account change while disconnected connects first (upstream), then subscribes.
    @Test func accountChangeConnects() async throws {
        let harness = try AccountActivityHarness()
        harness.controllers.selectGroup([.evm("0xabc")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("connect") >= 1)
        #expect(harness.socket.subscribeRequests.count == 1)
        #expect(harness.socket.subscribeRequests.first?.channels == ["account-activity.v1.eip155:0:0xabc"])
    }

    // Reconnect: the close dropped the subscriptions; `connected` subscribes the group again.
    @Test func reconnectResubscribes() async throws {
        let harness = try AccountActivityHarness()
        await harness.connect()
        harness.disconnect()
        await harness.connect()
        #expect(
            harness.socket.subscribeRequests.map(\.channels)
                == Array(repeating: ["account-activity.v1.eip155:0:0x123abc"], count: 2))
    }

    // Fixed: a connected socket at construction is used right away.
    @Test func alreadyConnectedAtConstructionSubscribes() async throws {
        let harness = try AccountActivityHarness(connected: true)
        await harness.service.waitUntilIdle()
        #expect(harness.socket.subscribeRequests.map(\.channels) == [["account-activity.v1.eip155:0:0x123abc"]])
    }

    // Fixed: concurrent triggers are serialised and never duplicate a subscription.
    @Test func concurrentTriggersDoNotDuplicate() async throws {
        let harness = try AccountActivityHarness()
        harness.socket.setConnectionState(.connected)
        harness.controllers.selectGroup([.evm("0x123abc")])
        try harness.root.publish(
            AccountTreeController.SelectedAccountGroupChange.self, .init(groupId: "g", previousGroupId: ""))
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 1)
    }

    // 97: a flag turning Solana on while connected subscribes the Solana account.
    @Test func flagChangeSubscribesNewNamespace() async throws {
        let harness = try AccountActivityHarness(
            accounts: [.solana("solanaaddress123abc")],
            flags: ["networkAssetsSnapsMigrationSolana": FakeControllers.stage(0)])
        await harness.connect()
        #expect(harness.socket.count("subscribe") == 0)
        harness.controllers.setFlags(["networkAssetsSnapsMigrationSolana": FakeControllers.stage(1)])
        await harness.service.waitUntilIdle()
        #expect(
            harness.socket.subscribeRequests.map(\.channels) == [["account-activity.v1.solana:0:solanaaddress123abc"]])
    }

    // A flag turning Solana off removes its subscription.
    @Test func flagChangeUnsubscribesDisabledNamespace() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xa"), .solana("sol")])
        await harness.connect()
        harness.controllers.setFlags([:])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("unsubscribe(sub-1)") == 1)
        #expect(harness.socket.subscribeRequests.map(\.channels).last == ["account-activity.v1.eip155:0:0xa"])
    }

    // 98: an unrelated flag change does nothing.
    @Test func unrelatedFlagChangeIsIgnored() async throws {
        let harness = try AccountActivityHarness()
        await harness.connect()
        let flags: [String: JSONValue] = ["networkAssetsSnapsMigrationSolana": FakeControllers.stage(1)]
        harness.controllers.setFlags(flags)
        await harness.service.waitUntilIdle()
        let finds = harness.socket.count("findSubscriptionsByChannelPrefix")
        let subscribes = harness.socket.count("subscribe")
        harness.controllers.setFlags(flags.merging(["somethingElse": true]) { $1 })
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("findSubscriptionsByChannelPrefix") == finds)
        #expect(harness.socket.count("subscribe") == subscribes)
    }

    // 99: a flag change while disconnected waits for the next connection.
    @Test func flagChangeWhileDisconnectedDoesNothing() async throws {
        let harness = try AccountActivityHarness(accounts: [.solana("sol")], flags: [:])
        harness.controllers.setFlags(["networkAssetsSnapsMigrationSolana": FakeControllers.stage(1)])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 0)
        #expect(harness.socket.count("findSubscriptionsByChannelPrefix") == 0)
    }

    // 100: getConnectionInfo throwing during a flag change is contained.
    @Test func flagChangeWithFailingConnectionInfo() async throws {
        let harness = try AccountActivityHarness(accounts: [.solana("sol")], flags: [:])
        harness.socket.behaviour.withLock { $0.getConnectionInfo = { throw FakeError("boom") } }
        harness.controllers.setFlags(["networkAssetsSnapsMigrationSolana": FakeControllers.stage(1)])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 0)
    }

    // Flags unreadable: EVM accounts are still subscribed.
    @Test func unreadableFlagsFallBackToEVM() async throws {
        let harness = try AccountActivityHarness(accounts: [.evm("0xa"), .solana("sol")])
        harness.controllers.state.withLock { $0.flagsError = "flags unavailable" }
        await harness.connect()
        #expect(harness.socket.subscribeRequests.map(\.channels) == [["account-activity.v1.eip155:0:0xa"]])
    }

    // A custom namespace prefixes the channels and the type.
    @Test func customNamespaceChannels() async throws {
        let harness = try AccountActivityHarness(subscriptionNamespace: "custom-activity.v2")
        await harness.connect()
        #expect(harness.socket.subscribeRequests.first?.channels == ["custom-activity.v2.eip155:0:0x123abc"])
        #expect(harness.socket.subscribeRequests.first?.channelType == "custom-activity.v2")
    }

    // destroy: no more reactions to messenger events; the system callback is removed.
    @Test func destroyStopsReacting() async throws {
        let harness = try AccountActivityHarness()
        harness.service.destroy()
        harness.service.destroy()
        await harness.connect()
        harness.controllers.selectGroup([.evm("0xabc")])
        await harness.service.waitUntilIdle()
        #expect(harness.socket.count("subscribe") == 0)
        #expect(harness.socket.count("removeChannelCallback(system-notifications.v1.account-activity.v1)") == 1)
        #expect(harness.socket.channelCallback("system-notifications.v1.account-activity.v1") == nil)
    }
}
