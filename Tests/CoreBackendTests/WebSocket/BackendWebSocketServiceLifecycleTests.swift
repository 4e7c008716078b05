import CoreBackend
import CoreBackendRuntime
import CoreBackendTesting
import Foundation
import Testing

/// Scenarios 64–72 of websocket.md §7.1 (external events, auth, feature gate, destroy, close texts) and the
/// fixes of §6.1 that the scenarios do not already cover.
@Suite("BackendWebSocketService scenarios 64–72 and §6.1 fixes")
struct BackendWebSocketServiceLifecycleTests {
    private func signIn(_ harness: WSHarness, _ signedIn: Bool) throws {
        try harness.root.publish(AuthenticationController.StateChange.self, .init(state: .init(isSignedIn: signedIn)))
    }

    // 64. Sign-in then sign-out leaves reconnectAttempts 0 (and disconnected).
    @Test func scenario64SignInSignOut() async throws {
        let harness = try WSHarness()
        try signIn(harness, true)
        await harness.until("connected") { harness.state == .connected }
        try signIn(harness, false)
        await harness.until("disconnected") { harness.state == .disconnected }
        #expect(harness.info.reconnectAttempts == 0)
    }

    // 65. KeyringController:unlock connects.
    // 66. KeyringController:lock (while connected) disconnects.
    @Test func scenario65and66UnlockLock() async throws {
        let harness = try WSHarness()
        try harness.root.publish(KeyringController.Unlock.self)
        await harness.until("connected") { harness.state == .connected }
        try harness.root.publish(KeyringController.Lock.self)
        await harness.until("disconnected") { harness.state == .disconnected }
        #expect(harness.transport.connections[0].closeRequests.first?.code == WebSocketCloseCode(4999))
    }

    // 67. Adjusted: getBearerToken rejecting → connect() throws that error, disconnected, token requested, attempts > 0.
    // 68. Adjusted: an empty token → "Authentication required: user not signed in", same outcome.
    @Test(arguments: [true, false])
    func scenario67and68TokenFailure(rejects: Bool) async throws {
        let harness = try WSHarness(
            random: 0.5,
            token: {
                if rejects { throw WSTestError("getBearerToken - unable to proceed, wallet is locked") }
                return ""
            })
        let message = await wsErrorMessage { try await harness.service.connect() }
        #expect(
            message
                == (rejects
                    ? "getBearerToken - unable to proceed, wallet is locked"
                    : "Authentication required: user not signed in"))
        #expect(
            harness.state == .disconnected && harness.info.reconnectAttempts > 0
                && harness.tokenCalls.withLock { $0 } == 1)
        #expect(harness.published.withLock { $0.isEmpty })
    }

    // 69. isEnabled → false: connect() returns, callback consulted, disconnected, attempts 0.
    @Test func scenario69Disabled() async throws {
        let harness = try WSHarness(isEnabled: { false })
        try await harness.service.connect()
        #expect(
            harness.isEnabledCalls.withLock { $0 } == 1 && harness.state == .disconnected
                && harness.info.reconnectAttempts == 0)
        #expect(harness.transport.attempts.isEmpty && harness.tokenCalls.withLock { $0 } == 0)
    }

    // 70. isEnabled true then false before the scheduled reconnect fires → consulted, attempts 0, disconnected.
    @Test func scenario70DisabledAtReconnect() async throws {
        let enabled = Locked(true)
        let harness = try WSHarness(random: 0.5, isEnabled: { enabled.withLock { $0 } })
        try await harness.connected().serverClose(code: .abnormalClosure)
        await harness.until("disconnected") { harness.state == .disconnected }
        enabled.withLock { $0 = false }
        await harness.advance(by: .milliseconds(70))
        await harness.until("reset") { harness.info.reconnectAttempts == 0 }
        #expect(harness.isEnabledCalls.withLock { $0 } == 2 && harness.transport.attempts.count == 1)
    }

    // 71. destroy() with a subscription and a pending request: the request fails with 4999; disconnected.
    @Test func scenario71Destroy() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        let connection = try await harness.connected()
        _ = try await harness.service.subscribe(.init(channels: ["c"], channelType: "t", callback: nil))
        harness.transport.respond { _, _ in }
        let request = Task { try await harness.service.sendRequest(.init(event: "x")) }
        await connection.waitForSent(2)
        harness.service.destroy()
        #expect(
            await wsErrorMessage { _ = try await request.value }
                == "WebSocket connection closed: 4999 Internal: Manual disconnect")
        #expect(harness.state == .disconnected && !harness.service.channelHasSubscription("c"))
    }

    // 72. Close-code texts for 1000–1015, 3500, 4500, 9999.
    @Test func scenario72CloseTexts() {
        let expected = [
            "Normal Closure", "Going Away", "Protocol Error", "Unsupported Data", "Reserved", "No Status Received",
            "Abnormal Closure", "Invalid frame payload data", "Policy Violation", "Message Too Big",
            "Mandatory Extension",
            "Internal Server Error", "Service Restart", "Try Again Later", "Bad Gateway", "TLS Handshake",
        ]
        for (offset, text) in expected.enumerated() {
            #expect(BackendWebSocketServiceError.closeReasonText(forCode: UInt16(1000 + offset)) == text)
        }
        #expect(BackendWebSocketServiceError.closeReasonText(forCode: 3500) == "Library/Framework Error")
        #expect(BackendWebSocketServiceError.closeReasonText(forCode: 4500) == "Application Error")
        #expect(BackendWebSocketServiceError.closeReasonText(forCode: 9999) == "Unknown")
    }

    // Fix 1: lock while the token is being fetched stops the attempt (no socket is opened afterwards).
    @Test func fix01LockDuringTokenFetch() async throws {
        let gate = AsyncStream.makeStream(of: String.self)
        let harness = try WSHarness(token: {
            var iterator = gate.stream.makeAsyncIterator()
            return await iterator.next() ?? ""
        })
        let call = Task { try await harness.service.connect() }
        await harness.until("token requested") { harness.tokenCalls.withLock { $0 } == 1 }
        try harness.root.publish(KeyringController.Lock.self)
        try await call.value
        gate.continuation.yield("late")
        await harness.settle()
        #expect(harness.transport.attempts.isEmpty && harness.state == .disconnected)
    }

    // Fix 1: an unsupported URL scheme is rejected at construction (upstream got stuck in connecting).
    @Test func fix01InvalidURL() {
        #expect(throws: BackendWebSocketServiceError.invalidURL("http://example.com")) {
            try WSHarness(url: "http://example.com")
        }
    }

    // Fix 2: an AuthenticationController update that keeps isSignedIn true does not reconnect after a manual disconnect.
    @Test func fix02SelectorOnlyOnTransition() async throws {
        let harness = try WSHarness()
        try signIn(harness, true)
        await harness.until("connected") { harness.state == .connected }
        harness.service.disconnect()
        await harness.until("disconnected") { harness.state == .disconnected }
        try signIn(harness, true)  // e.g. a session refresh
        await harness.settle()
        #expect(harness.transport.attempts.count == 1 && harness.state == .disconnected)
    }

    // Fix 5: the connected event carries the real connectedAt.
    @Test func fix05ConnectedAtInEvent() async throws {
        let harness = try WSHarness()
        try await harness.service.connect()
        let event = harness.published.withLock { $0.last }
        #expect(event?.connectedAt == 1_700_000_000_000 && harness.info.connectedAt == event?.connectedAt)
    }

    // Fix 6: a second pending request with the same id is rejected; the first still completes.
    @Test func fix06DuplicateRequestId() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let first = Task { try await harness.service.sendRequest(.init(event: "a", data: ["requestId": "dup"])) }
        await connection.waitForSent(1)
        #expect(
            await wsErrorMessage {
                _ = try await harness.service.sendRequest(.init(event: "b", data: ["requestId": "dup"]))
            }
                == "Duplicate request id: dup")
        connection.push(text: #"{"data":{"requestId":"dup","result":"ok"}}"#)
        #expect(try await first.value == ["requestId": "dup", "result": "ok"])
    }

    // Fix 6: a non-list `failed` settles the request instead of leaving it pending forever.
    @Test func fix06NonListFailed() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let request = Task { try await harness.service.sendRequest(.init(event: "a", data: ["requestId": "r"])) }
        await connection.waitForSent(1)
        connection.push(text: #"{"data":{"requestId":"r","failed":"boom"}}"#)
        #expect(await wsErrorMessage { _ = try await request.value } == "Request failed: boom")
    }

    // Fix 8: a second channel callback under the same name replaces the first.
    @Test func fix08ChannelCallbackReplaces() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let first = WSInbox(), second = WSInbox()
        harness.service.addChannelCallback(.init(channelName: "c", callback: first.handler))
        harness.service.addChannelCallback(.init(channelName: "c", callback: second.handler))
        connection.push(text: #"{"channel":"c","data":{}}"#)
        await harness.until("second") { second.count == 1 }
        #expect(first.count == 0)
    }

    // Fix 9: an error thrown by a callback reaches the messenger's captureException; routing continues.
    @Test func fix09CallbackErrorsCaptured() async throws {
        let harness = try WSHarness()
        let connection = try await harness.connected()
        let after = WSInbox()
        harness.service.addChannelCallback(
            .init(channelName: "bad") { _ in
                throw WSTestError("Invalid system notification data: missing chainIds or status")
            })
        harness.service.addChannelCallback(.init(channelName: "good", callback: after.handler))
        connection.push(text: #"{"channel":"bad","data":{}}"#)
        connection.push(text: #"{"channel":"good","data":{}}"#)
        await harness.until("good") { after.count == 1 }
        #expect(harness.captured.withLock { $0 } == ["Invalid system notification data: missing chainIds or status"])
        #expect(harness.state == .connected)
    }

    // Fix 11: after destroy(), unlock and sign-in no longer connect; connect() does nothing.
    @Test func fix11DestroyDetaches() async throws {
        let harness = try WSHarness()
        harness.service.destroy()
        try harness.root.publish(KeyringController.Unlock.self)
        try signIn(harness, true)
        try await harness.service.connect()
        await harness.settle()
        #expect(harness.transport.attempts.isEmpty && harness.tokenCalls.withLock { $0 } == 0)
    }

    // Fix 3: every concurrent caller gets the attempt's outcome.
    @Test func fix03SharedOutcome() async throws {
        let harness = try WSHarness(random: 0.5, token: { throw WSTestError("locked") })
        async let a: String? = wsErrorMessage { try await harness.service.connect() }
        async let b: String? = wsErrorMessage { try await harness.service.connect() }
        let results = await [a, b]
        #expect(results == ["locked", "locked"] && harness.tokenCalls.withLock { $0 } == 1)
    }

    /// The 13 actions are reachable through the root messenger (synchronous queries included).
    @Test func messengerActions() async throws {
        let harness = try WSHarness()
        harness.answerRequests()
        try await harness.root.call(BackendWebSocketServiceMessages.Connect.self)
        let info = try harness.root.callSynchronously(BackendWebSocketServiceMessages.GetConnectionInfo.self)
        #expect(info.state == .connected)
        let subscription = try await harness.root.call(
            BackendWebSocketServiceMessages.Subscribe.self, .init(channels: ["c"], channelType: "t", callback: nil))
        #expect(subscription.subscriptionId == "sub-123")
        #expect(try harness.root.callSynchronously(BackendWebSocketServiceMessages.ChannelHasSubscription.self, "c"))
        #expect(
            try harness.root.callSynchronously(BackendWebSocketServiceMessages.GetSubscriptionsByChannel.self, "c")
                .count == 1)
        #expect(
            try harness.root.callSynchronously(
                BackendWebSocketServiceMessages.FindSubscriptionsByChannelPrefix.self, ""
            ).count == 1)
        try harness.root.callSynchronously(
            BackendWebSocketServiceMessages.AddChannelCallback.self, .init(channelName: "x") { _ in })
        #expect(try harness.root.callSynchronously(BackendWebSocketServiceMessages.GetChannelCallbacks.self).count == 1)
        #expect(try harness.root.callSynchronously(BackendWebSocketServiceMessages.RemoveChannelCallback.self, "x"))
        let response = try await harness.root.call(
            BackendWebSocketServiceMessages.SendRequest.self, .init(event: "ping"))
        #expect(response["failed"] == .array([]))
        try await harness.root.call(BackendWebSocketServiceMessages.SendMessage.self, .init(event: "m"))
        try await harness.root.call(BackendWebSocketServiceMessages.ForceReconnection.self)
        try harness.root.callSynchronously(BackendWebSocketServiceMessages.Disconnect.self)
        #expect(harness.root.registeredActionTypes.filter { $0.hasPrefix("BackendWebSocketService:") }.count == 13)
    }
}
